import Foundation
import GRDB
import Hummingbird
import Scenario

extension WebApp {
    func addPeopleRoutes(_ router: Router<BasicRequestContext>) {
        // Institution: its own timetables and the private calendar feed.
        router.get("/institution") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.institutionFiles)
            let inst = v.user?.institution ?? ""
            let runs = try await self.store.db.read { db in
                try RunRecord.filter(Column("kind") == RunKind.timetable.rawValue && Column("status") == RunStatus.done.rawValue)
                    .order(Column("createdAt").desc).limit(10).fetchAll(db)
            }
            let mine: [[String: Any]] = runs.compactMap { r in
                let files = self.runFiles(r.id).filter { !inst.isEmpty && $0.path.hasPrefix(inst + "/") && !$0.path.contains("/ics/") }
                guard !files.isEmpty else { return nil }
                return ["id": r.id, "created": Format.date(r.createdAt, v.lang),
                        "files": files.map { ["name": String($0.path.dropFirst(inst.count + 1)), "href": "/runs/\(r.id)/files/\($0.path)"] }]
            }
            let host = request.head.authority ?? "\(self.config.host):\(self.config.port)"
            let feed = v.user?.feedToken.map { "http://\(host)/feed/\($0).ics" } ?? ""
            return v.page("institution", title: v.t("my_timetables"), ["institution": inst, "runs": mine, "feedURL": feed])
        }
        router.post("/institution/feed") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.institutionFiles)
            let form = try await request.form()
            try v.checkCSRF(form)
            let token = Token.hex(24)
            try await self.store.db.write { db in
                try db.execute(sql: "UPDATE user SET feedToken = ? WHERE id = ?", arguments: [token, v.user!.id!])
            }
            await self.store.audit(v.user, "feed.new", "institution \(v.user?.institution ?? "")")
            return Headers.redirect("/institution")
        }
        // The feed: no session (calendar apps have none); the secret token is the key.
        router.get("/feed/:token") { request, context in
            let raw = context.parameters.get("token") ?? ""
            let token = raw.hasSuffix(".ics") ? String(raw.dropLast(4)) : raw
            guard token.count == 48, token.allSatisfy(\.isHexDigit),
                  let user = try await self.store.db.read({ db in try User.filter(Column("feedToken") == token).fetchOne(db) }),
                  user.role == .institution, let inst = user.institution else { throw HTTPError(.notFound) }
            let text = try await self.calendar(institution: inst)
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }

        // Agency: its own unit's yearly survey.
        router.get("/survey") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.submitSurvey)
            return try await self.surveyPage(v, result: nil)
        }
        router.post("/survey") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.submitSurvey)
            guard let unit = v.user?.unit, !unit.isEmpty else { throw HTTPError(.forbidden, message: "this account has no unit") }
            let form = try await request.form(limit: Limits.upload)
            try v.checkCSRF(form)
            guard let asOf = Int(form["asOf"] ?? ""), (2000...2100).contains(asOf) else { throw HTTPError(.badRequest, message: "asOf must be a year") }
            guard let file = form.files["file"] else { throw HTTPError(.badRequest, message: "choose the roster CSV") }
            // The roster is counted here and never stored or logged.
            let (counts, people, problems) = Surveys.count(csv: String(decoding: file.data, as: UTF8.self), asOf: asOf)
            let record = SurveyRecord(id: nil, unit: unit, asOf: asOf, submittedBy: v.user!.id!, submittedAt: Date(), people: people,
                                      counts: String(decoding: try JSONEncoder().encode(counts), as: UTF8.self), problems: problems.count)
            if people > 0 { try await self.store.db.write { db in var r = record; try r.insert(db) } }
            await self.store.audit(v.user, "survey.submit", "unit \(unit) year \(asOf): \(people) people")
            let message = people > 0
                ? "\(v.t("submitted")): \(v.lang.number(Double(people))) \(v.t("people")); \(v.t("problems")): \(problems.count)"
                : problems.prefix(5).map(\.description).joined(separator: "; ")
            return try await self.surveyPage(v, result: message)
        }
        router.get("/surveys") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.readSurveys)
            return try await self.surveysPage(v, result: nil)
        }
        router.post("/surveys/merge") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.mergeSurveys)
            let form = try await request.form()
            try v.checkCSRF(form)
            guard let id = Int64(form["scenario"] ?? ""), let latest = try await Scenarios.latest(store: self.store, id: id) else { throw HTTPError(.notFound) }
            guard let merged = try await Surveys.merged(store: self.store, asOf: Int(form["asOf"] ?? "")) else {
                return try await self.surveysPage(v, result: v.t("none"))
            }
            let text: String
            do { text = try Surveys.splice(merged, into: latest.text, file: "scenario-\(id).yaml") } catch {
                throw HTTPError(.unprocessableContent, message: (error as? ScenarioError)?.description ?? "\(error)")
            }
            let n = try await Scenarios.save(store: self.store, id: id, text: text, by: v.user!)
            await self.store.audit(v.user, "survey.merge", "scenario \(id) version \(n) from \(merged.units) units")
            return Headers.redirect("/scenarios/\(id)?v=\(n)")
        }

        // Admin: users and roles, audit log.
        router.get("/admin/users") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.manageUsers)
            return try await self.usersPage(v, result: nil)
        }
        router.post("/admin/users") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.manageUsers)
            let form = try await request.form()
            try v.checkCSRF(form)
            let name = form["username"] ?? "", pw = form["password"] ?? ""
            guard name.count >= 2, name.count <= 40, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                throw HTTPError(.badRequest, message: "username: 2–40 letters, digits, . _ -")
            }
            guard pw.count >= 10 else { throw HTTPError(.badRequest, message: "password: at least 10 characters") }
            guard let role = Role(rawValue: form["role"] ?? "") else { throw HTTPError(.badRequest, message: "unknown role") }
            let inst = (form["institution"] ?? "").trimmingCharacters(in: .whitespaces)
            let unit = (form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
            if role == .institution && inst.isEmpty { throw HTTPError(.badRequest, message: "an institution user needs an institution id") }
            if role == .agency && unit.isEmpty { throw HTTPError(.badRequest, message: "an agency user needs a unit") }
            let hash = try await Auth.hash(pw)
            let u = User(id: nil, username: name, passwordHash: hash, role: role, institution: role == .institution ? inst : nil,
                         unit: role == .agency ? unit : nil, feedToken: role == .institution ? Token.hex(24) : nil, createdAt: Date())
            let uid: Int64
            do { uid = try await self.store.db.write { db in var x = u; try x.insert(db); return x.id! } } catch {
                throw HTTPError(.conflict, message: "that username exists")
            }
            await self.store.audit(v.user, "user.create", "user \(uid) role \(role.rawValue)")
            return try await self.usersPage(v, result: "\(v.t("create_user")): \(name)")
        }
        router.get("/admin/audit") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.readAudit)
            let rows = try await self.store.rows("SELECT a.*, u.username FROM audit a LEFT JOIN user u ON u.id = a.userId ORDER BY a.id DESC LIMIT 500")
            let entries: [[String: Any]] = rows.map {
                ["when": Format.date($0["at"], v.lang), "user": ($0["username"] as String?) ?? "—",
                 "action": ($0["action"] as String?) ?? "", "object": ($0["object"] as String?) ?? ""]
            }
            return v.page("audit", title: v.t("audit"), ["entries": entries])
        }
    }

    /// The institution's calendar: every class calendar of its latest timetabling run, joined
    /// (each session belongs to exactly one class, so no event appears twice).
    func calendar(institution inst: String) async throws -> String {
        let runs = try await store.db.read { db in
            try RunRecord.filter(Column("kind") == RunKind.timetable.rawValue && Column("status") == RunStatus.done.rawValue)
                .order(Column("createdAt").desc).fetchAll(db)
        }
        var events: [String] = []
        var header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//langplan//feed//EN\r\nCALSCALE:GREGORIAN\r\n"
        for r in runs {
            let files = runFiles(r.id).filter { $0.path.hasPrefix(inst + "/ics/class-") && $0.path.hasSuffix(".ics") }
            guard !files.isEmpty, let dir = queue.folder(r.id)?.appendingPathComponent("out") else { continue }
            for f in files {
                let text = (try? String(contentsOf: dir.appendingPathComponent(f.path), encoding: .utf8)) ?? ""
                if events.isEmpty, let tz = WebApp.blocks(text, "VTIMEZONE").first { header += tz }
                events += WebApp.blocks(text, "VEVENT")
            }
            break
        }
        return header + "X-WR-CALNAME:\(inst)\r\n" + events.joined() + "END:VCALENDAR\r\n"
    }

    /// The `BEGIN:name … END:name` blocks of an iCalendar text, with CRLF line ends.
    static func blocks(_ text: String, _ name: String) -> [String] {
        var out: [String] = []
        var current: [String]? = nil
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "BEGIN:\(name)" { current = [] }
            if current != nil { current!.append(String(line)) }
            if line == "END:\(name)", let c = current { out.append(c.joined(separator: "\r\n") + "\r\n"); current = nil }
        }
        return out
    }

    func surveyPage(_ v: Viewer, result: String?) async throws -> Response {
        let unit = v.user?.unit ?? ""
        let mine = try await store.db.read { db in
            try SurveyRecord.filter(Column("unit") == unit).order(Column("submittedAt").desc).fetchAll(db)
        }
        let rows: [[String: Any]] = mine.map {
            ["asOf": $0.asOf, "when": Format.date($0.submittedAt, v.lang), "people": v.lang.number(Double($0.people)), "problems": $0.problems]
        }
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        return v.page("survey", title: v.t("my_survey"), ["unit": unit, "surveys": rows, "result": result ?? "", "year": year])
    }

    func surveysPage(_ v: Viewer, result: String?) async throws -> Response {
        let (all, units, scenarios) = try await store.db.read { db in
            (try SurveyRecord.order(Column("submittedAt").desc).fetchAll(db),
             try String.fetchAll(db, sql: "SELECT DISTINCT unit FROM user WHERE role = 'agency' AND unit IS NOT NULL ORDER BY unit"),
             try ScenarioRecord.order(Column("name")).fetchAll(db))
        }
        let year = all.map(\.asOf).max() ?? Calendar(identifier: .gregorian).component(.year, from: Date())
        let submitted = Set(all.filter { $0.asOf == year }.map(\.unit))
        let rows: [[String: Any]] = all.map {
            ["unit": $0.unit, "asOf": $0.asOf, "when": Format.date($0.submittedAt, v.lang), "people": v.lang.number(Double($0.people)), "problems": $0.problems]
        }
        return v.page("surveys", title: v.t("surveys"), [
            "surveys": rows, "missing": units.filter { !submitted.contains($0) }, "year": year, "result": result ?? "",
            "canMerge": v.may(.mergeSurveys), "scenarios": scenarios.map { ["id": $0.id!, "name": $0.name] as [String: Any] },
        ])
    }

    func usersPage(_ v: Viewer, result: String?) async throws -> Response {
        let users = try await store.db.read { db in try User.order(Column("username")).fetchAll(db) }
        return v.page("users", title: v.t("users"), [
            "users": users.map {
                ["id": $0.id!, "username": $0.username, "role": $0.role.rawValue, "institution": $0.institution ?? "", "unit": $0.unit ?? "",
                 "disabled": $0.disabled, "statusName": v.t($0.disabled ? "disabled" : "enabled")] as [String: Any]
            },
            "roles": Role.allCases.map(\.rawValue), "result": result ?? "",
        ])
    }
}
