import Foundation
import GRDB
import Hummingbird
import Planner
import Reports
import ZIPFoundation

extension WebApp {
    func addRunRoutes(_ router: Router<BasicRequestContext>) {
        router.post("/scenarios/:id/runs") { request, context in
            let v = try await self.signedIn(request)
            let id = try WebApp.int64(context, "id")
            let form = try await request.form()
            try v.checkCSRF(form)
            let run = try await self.startRun(v, scenario: id, kind: form["kind"], timeLimit: form["timeLimit"], lang: form["lang"], planRun: form["planRun"])
            return Headers.redirect("/runs/\(run.id)")
        }
        router.get("/runs") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.readRuns)
            let rows = try await self.runRows(v, limit: 200)
            let plans = rows.filter { ["plan", "size-budget", "replan"].contains($0["kind"] as? String ?? "") && $0["status"] as? String == "done" }
            return v.page("runs", title: v.t("runs"), ["runs": rows, "plans": plans])
        }
        // Two finished runs side by side, as `langplan compare DIR DIR` shows them.
        router.get("/compare") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.readRuns)
            let q = request.uri.queryParameters
            var dirs: [(String, URL)] = []
            for key in ["a", "b"] {
                guard let id = q.get(key), let dir = self.queue.folder(id),
                      let run = try await self.store.db.read({ db in try RunRecord.fetchOne(db, key: id) }),
                      run.status == .done, run.kind == .plan || run.kind == .sizeBudget || run.kind == .replan else { throw HTTPError(.notFound) }
                dirs.append((id, dir.appendingPathComponent("out")))
            }
            var c: Comparison
            do { c = try Comparison.run(dirs[0].1.path, dirs[1].1.path, options: PlannerOptions(), language: v.lang) } catch {
                throw HTTPError(.unprocessableContent, message: "these runs cannot be compared: \(error)")
            }
            // Runs are named by id, never by their folder on the server.
            c.pathA = "\(v.t("run")) \(dirs[0].0)"; c.pathB = "\(v.t("run")) \(dirs[1].0)"
            await self.store.audit(v.user, "compare", "runs \(dirs[0].0) \(dirs[1].0)")
            var headers = Headers.runFile
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: c.html(v.lang))))
        }
        router.get("/runs/:run") { request, context in
            let v = try await self.signedIn(request)
            let run = try await self.visibleRun(v, context)
            return try await self.runPage(v, run)
        }
        router.get("/runs/:run/events") { request, context in
            let v = try await self.signedIn(request)
            let run = try await self.visibleRun(v, context)
            return self.events(run.id, lang: v.lang)
        }
        router.post("/runs/:run/cancel") { request, context in
            let v = try await self.signedIn(request)
            let run = try await self.visibleRun(v, context)
            try v.require(.cancelRun)
            let form = try await request.form()
            try v.checkCSRF(form)
            _ = await self.queue.cancel(run.id)
            await self.store.audit(v.user, "run.cancel", "run \(run.id)")
            return Headers.redirect("/runs/\(run.id)")
        }
        router.post("/runs/:run/rerun") { request, context in
            let v = try await self.signedIn(request)
            let run = try await self.visibleRun(v, context)
            let form = try await request.form()
            try v.checkCSRF(form)
            let again = try await self.startRun(v, scenario: run.scenarioId, kind: run.kind.rawValue, timeLimit: String(run.timeLimit),
                                                lang: run.lang, planRun: run.planRun, version: run.versionId)
            return Headers.redirect("/runs/\(again.id)")
        }
        router.get("/runs/:run/files/**") { request, context in
            let v = try await self.signedIn(request)
            let path = context.parameters.getCatchAll().joined(separator: "/")
            return try await self.runFile(v, context, path: path)
        }
        router.get("/runs/:run/zip") { request, context in
            let v = try await self.signedIn(request)
            let run = try await self.visibleRun(v, context)
            try v.require(.readRuns)
            guard run.status == .done || run.status == .failed, let dir = self.queue.folder(run.id) else { throw HTTPError(.notFound) }
            let zip = dir.appendingPathComponent("results.zip")
            if !FileManager.default.fileExists(atPath: zip.path) {
                // Made once per run; two requests at once each write their own part file and
                // the first rename wins.
                let tmp = dir.appendingPathComponent("results-\(Token.hex(6)).zip.part")
                try FileManager.default.zipItem(at: dir.appendingPathComponent("out"), to: tmp, shouldKeepParent: false)
                if (try? FileManager.default.moveItem(at: tmp, to: zip)) == nil { try? FileManager.default.removeItem(at: tmp) }
            }
            await self.store.audit(v.user, "download", "run \(run.id) results.zip")
            var headers = Headers.runFile
            headers[.contentType] = "application/zip"
            headers[.contentDisposition] = "attachment; filename=\"langplan-\(run.id).zip\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try Data(contentsOf: zip))))
        }
    }

    /// Queues a run of the scenario's latest (or given) version.
    /// - Throws: 403 when the role may not start this kind; 404 for an unknown scenario or
    ///   plan run; 422 when the version has issues or a needed plan run is missing.
    func startRun(_ v: Viewer, scenario id: Int64, kind: String?, timeLimit: String?, lang: String?, planRun: String?,
                  version: Int64? = nil) async throws -> RunRecord {
        guard let kind = RunKind(rawValue: kind ?? "") else { throw HTTPError(.badRequest, message: "kind must be one of \(RunKind.allCases.map(\.rawValue))") }
        try v.require(.start(kind))
        let ver = try await store.db.read { db -> VersionRecord? in
            if let version { return try VersionRecord.fetchOne(db, key: version) }
            return try VersionRecord.filter(Column("scenarioId") == id).order(Column("number").desc).fetchOne(db)
        }
        guard let ver, ver.scenarioId == id else { throw HTTPError(.notFound, message: "no such scenario") }
        guard let sc = Scenarios.read(Data(ver.text.utf8), name: "scenario.yaml").scenario else {
            throw HTTPError(.unprocessableContent, message: "the scenario has issues; fix them first")
        }
        let limit = Double(timeLimit ?? "") ?? 30
        guard limit >= 1, limit <= 3600 else { throw HTTPError(.badRequest, message: "time limit must be 1…3600 seconds") }
        let language = Language(rawValue: lang ?? "vi") ?? .vi
        var plan: String? = nil
        if kind.needsPlan {
            guard let p = planRun, !p.isEmpty, queue.folder(p) != nil,
                  let pr = try await store.db.read({ db in try RunRecord.fetchOne(db, key: p) }),
                  pr.kind == .plan, pr.status == .done, pr.scenarioId == id else {
                throw HTTPError(.unprocessableContent, message: "\(kind.rawValue) needs a finished plan run of this scenario")
            }
            plan = pr.id
        }
        var survey: String? = nil
        var asOf: Int? = nil
        if kind == .replan {
            guard let merged = try await Surveys.merged(store: store, asOf: nil), !merged.segments.isEmpty else {
                throw HTTPError(.unprocessableContent, message: "replan needs agencies' surveys; none submitted")
            }
            survey = Surveys.surveyYAML(merged, scenario: sc)
            asOf = merged.asOf
        }
        let run = RunRecord(id: Token.hex(8), scenarioId: id, versionId: ver.id!, kind: kind, timeLimit: limit, lang: language.rawValue,
                            planRun: plan, surveyAsOf: asOf, status: .queued, createdBy: v.user!.id!, createdAt: Date(),
                            startedAt: nil, finishedAt: nil, progress: "", gap: nil, exitCode: nil)
        guard let dir = queue.folder(run.id) else { throw HTTPError(.internalServerError) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(ver.text.utf8).write(to: dir.appendingPathComponent("scenario.yaml"))
        if let survey { try Data(survey.utf8).write(to: dir.appendingPathComponent("survey.yaml")) }
        try await store.db.write { db in try run.insert(db) }
        await store.audit(v.user, "run.start", "run \(run.id) \(kind.rawValue) scenario \(id) version \(ver.number)")
        await queue.kick()
        return run
    }

    /// The run named in the route, when the viewer may see it (else 404: an object that is not
    /// the viewer's does not exist for them).
    func visibleRun(_ v: Viewer, _ context: BasicRequestContext) async throws -> RunRecord {
        guard let id = context.parameters.get("run"), queue.folder(id) != nil,
              let run = try await store.db.read({ db in try RunRecord.fetchOne(db, key: id) }) else { throw HTTPError(.notFound) }
        guard v.may(.readRuns) else { throw HTTPError(.notFound) }
        return run
    }

    func runRows(_ v: Viewer, limit: Int) async throws -> [[String: Any]] {
        let rows = try await store.rows("""
            SELECT r.*, s.name AS scenarioName FROM run r LEFT JOIN scenario s ON s.id = r.scenarioId
            ORDER BY r.createdAt DESC LIMIT ?
            """, [limit.databaseValue])
        return rows.map { r in
            let status: String = r["status"] ?? ""
            return ["id": (r["id"] as String?) ?? "", "kind": (r["kind"] as String?) ?? "", "scenario": (r["scenarioName"] as String?) ?? "",
                    "status": status, "statusName": v.t(status), "gap": ProgressText.value((r["gap"] as String?) ?? "", v.lang),
                    "created": Format.date(r["createdAt"], v.lang)]
        }
    }

    func runPage(_ v: Viewer, _ run: RunRecord) async throws -> Response {
        let (name, number) = try await store.db.read { db -> (String, Int) in
            let s = try ScenarioRecord.fetchOne(db, key: run.scenarioId)
            let ver = try VersionRecord.fetchOne(db, key: run.versionId)
            return (s?.name ?? "", ver?.number ?? 0)
        }
        let files = runFiles(run.id).map { f -> [String: Any] in
            ["name": f.path, "href": "/runs/\(run.id)/files/\(f.path)", "size": Format.bytes(f.size, v.lang)]
        }
        let report = runFiles(run.id).first { $0.path == "report.html" || $0.path == "sweep.html" || $0.path.hasSuffix("/report.html") }
        let data: [String: Any] = [
            "id": run.id, "kind": run.kind.rawValue, "scenarioId": run.scenarioId, "scenario": name, "version": number,
            "status": run.status.rawValue, "statusName": v.t(run.status.rawValue), "gap": ProgressText.value(run.gap ?? "", v.lang), "progress": ProgressText.text(run.progress, v.lang),
            "started": Format.date(run.startedAt, v.lang), "finished": Format.date(run.finishedAt, v.lang),
            "live": !run.status.finished, "canCancel": !run.status.finished && v.may(.cancelRun),
            "canRerun": run.status.finished && run.status != .done && v.may(.start(run.kind)),
            "files": run.status.finished ? files : [], "report": report.map { "/runs/\(run.id)/files/\($0.path)" } ?? "",
        ]
        return v.page("run", title: "\(v.t("run")) \(run.id)", data)
    }

    /// Server-sent events: the run's status, gap and progress line whenever they change, until
    /// it finishes (checked twice a second in the store, so every server process agrees).
    func events(_ id: String, lang: Language) -> Response {
        let store = self.store
        let body = ResponseBody { writer in
            var last = ""
            for tick in 0..<(4 * 3600 * 2) {
                if Task.isCancelled { break }
                guard let r = try await store.db.read({ db in try RunRecord.fetchOne(db, key: id) }) else { break }
                let payload: [String: Any] = ["status": r.status.rawValue, "statusName": Strings.table(lang)[r.status.rawValue] ?? r.status.rawValue,
                                              "gap": ProgressText.value(r.gap ?? "", lang), "progress": ProgressText.text(r.progress, lang), "finished": r.status.finished]
                let json = String(decoding: try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]), as: UTF8.self)
                if json != last {
                    try await writer.write(ByteBuffer(string: "data: \(json)\n\n"))
                    last = json
                } else if tick % 20 == 19 {
                    // A comment every 10 s: a closed page is noticed (the write fails) and the loop ends.
                    try await writer.write(ByteBuffer(string: ": ping\n\n"))
                }
                if r.status.finished { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    /// Every regular file a run wrote under `out/`, by relative path.
    func runFiles(_ id: String) -> [(path: String, size: Int)] {
        guard let dir = queue.folder(id)?.appendingPathComponent("out") else { return [] }
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .isSymbolicLinkKey]) else { return [] }
        var out: [(String, Int)] = []
        let base = dir.standardizedFileURL.path + "/"
        for case let url as URL in e {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .isSymbolicLinkKey])
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            let p = url.standardizedFileURL.path
            guard p.hasPrefix(base) else { continue }
            let rel = String(p.dropFirst(base.count))
            if rel.hasPrefix(".") || rel.contains("/.") { continue }
            out.append((rel, values?.fileSize ?? 0))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// One file of a run. The requested path is only ever compared with the run's own listing,
    /// so no user text becomes a path. An institution user sees only its own institution's
    /// folder of timetabling runs; anything else is 404.
    func runFile(_ v: Viewer, _ context: BasicRequestContext, path: String) async throws -> Response {
        guard let id = context.parameters.get("run"), queue.folder(id) != nil,
              let run = try await store.db.read({ db in try RunRecord.fetchOne(db, key: id) }) else { throw HTTPError(.notFound) }
        if !v.may(.readRuns) {
            guard v.may(.institutionFiles), run.kind == .timetable, let inst = v.user?.institution, !inst.isEmpty,
                  path.hasPrefix(inst + "/") else { throw HTTPError(.notFound) }
        }
        guard let f = runFiles(run.id).first(where: { $0.path == path }), let dir = queue.folder(run.id) else { throw HTTPError(.notFound) }
        let data = try Data(contentsOf: dir.appendingPathComponent("out").appendingPathComponent(f.path))
        await store.audit(v.user, "download", "run \(run.id) \(f.path)")
        var headers = Headers.runFile
        let ext = (f.path as NSString).pathExtension.lowercased()
        headers[.contentType] = WebApp.mediaType(ext)
        if !["html", "csv", "txt", "json", "svg", "ics"].contains(ext) {
            headers[.contentDisposition] = "attachment; filename=\"\((f.path as NSString).lastPathComponent)\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func mediaType(_ ext: String) -> String {
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "txt", "yaml": return "text/plain; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "ics": return "text/calendar; charset=utf-8"
        case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        default: return "application/octet-stream"
        }
    }
}
