import Foundation
import GRDB
import Hummingbird
import Reports
import Scenario

extension WebApp {
    func addPageRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/login") { request, _ in
            let v = try await self.viewer(request)
            return self.loginPage(v, error: nil)
        }
        router.post("/login") { request, _ in
            let v = try await self.viewer(request)
            let form = try await request.form()
            // Login CSRF: the form's token must match the cookie set with the login page.
            guard let t = form["csrf"], t.count == 32, request.cookies["lp_login"]?.value == t else {
                return self.loginPage(v, error: v.t("bad_login"), status: .forbidden)
            }
            guard let user = try await self.auth.check(username: form["username"] ?? "", password: form["password"] ?? "") else {
                await self.store.audit(nil, "login.failed", "")
                return self.loginPage(v, error: v.t("bad_login"), status: .unauthorized)
            }
            let s = try await self.auth.open(for: user)
            await self.store.audit(user, "login", "")
            var r = Headers.redirect("/")
            r.setCookie(Auth.sessionCookie(s.token))
            return r
        }
        router.post("/logout") { request, _ in
            let v = try await self.viewer(request)
            if let s = v.session {
                let form = try await request.form()
                try v.checkCSRF(form)
                _ = try await self.store.db.write { db in try SessionRecord.deleteOne(db, key: s.token) }
            }
            var r = Headers.redirect("/login")
            r.setCookie(Auth.sessionCookie("", maxAge: 0))
            return r
        }
        router.get("/lang") { request, _ in
            let to = Language(rawValue: request.uri.queryParameters.get("to") ?? "") ?? .vi
            let back = request.uri.queryParameters.get("back") ?? "/"
            // Only a path on this site: never an open redirect.
            let safe = back.hasPrefix("/") && !back.hasPrefix("//") && !back.contains("\\") ? back : "/"
            var r = Headers.redirect(safe)
            r.setCookie(Cookie(name: WebApp.langCookie, value: to.rawValue, maxAge: 365 * 86400, path: "/", httpOnly: true, sameSite: .lax))
            return r
        }
        router.get("/") { request, _ in
            let v = try await self.signedIn(request)
            let user = v.user!
            var data: [String: Any] = ["username": user.username, "roleName": v.t("role_\(user.role.rawValue)"),
                                       "nav": v.nav, "institution": user.institution ?? "", "unit": user.unit ?? ""]
            if v.may(.readRuns) { data["runs"] = try await self.runRows(v, limit: 10) }
            return v.page("home", title: v.t("home"), data)
        }

        router.get("/scenarios") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.readScenarios)
            return try await self.scenariosPage(v, uploadIssues: [])
        }
        router.post("/scenarios") { request, _ in
            let v = try await self.signedIn(request)
            try v.require(.editScenarios)
            let form = try await request.form(limit: Limits.upload)
            try v.checkCSRF(form)
            guard let file = form.files["file"], !file.data.isEmpty else { throw HTTPError(.badRequest, message: "choose a scenario file") }
            let name = WebApp.displayName(form["name"], fallback: file.filename)
            let id: Int64
            do {
                id = try await Scenarios.create(store: self.store, name: name, data: file.data, file: WebApp.displayName(file.filename, fallback: "scenario.yaml"), by: v.user!)
            } catch let e as Scenarios.UnreadableWorkbook {
                // Nothing is stored: the list again, with each problem by sheet and cell.
                return try await self.scenariosPage(v, uploadIssues: e.issues, status: .unprocessableContent)
            }
            return Headers.redirect("/scenarios/\(id)")
        }
        router.get("/scenarios/:id") { request, context in
            let v = try await self.signedIn(request)
            try v.require(.readScenarios)
            let id = try WebApp.int64(context, "id")
            let number = request.uri.queryParameters.get("v").flatMap(Int.init)
            return try await self.scenarioPage(v, id: id, number: number, draft: nil, saved: nil)
        }
        router.post("/scenarios/:id") { request, context in
            let v = try await self.signedIn(request)
            try v.require(.editScenarios)
            let id = try WebApp.int64(context, "id")
            let form = try await request.form(limit: Limits.upload)
            try v.checkCSRF(form)
            guard try await Scenarios.latest(store: self.store, id: id) != nil else { throw HTTPError(.notFound) }
            let text = (form["text"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            guard text.utf8.count <= Scenarios.maxText else { throw HTTPError(.contentTooLarge) }
            if form["do"] == "save" {
                let n = try await Scenarios.save(store: self.store, id: id, text: text, by: v.user!)
                return try await self.scenarioPage(v, id: id, number: n, draft: nil, saved: n)
            }
            return try await self.scenarioPage(v, id: id, number: nil, draft: text, saved: nil)
        }
        router.get("/scenarios/:id/compare") { request, context in
            let v = try await self.signedIn(request)
            try v.require(.readScenarios)
            let id = try WebApp.int64(context, "id")
            let q = request.uri.queryParameters
            guard let a = q.get("a").flatMap(Int.init), let b = q.get("b").flatMap(Int.init),
                  let va = try await Scenarios.version(store: self.store, id: id, number: a),
                  let vb = try await Scenarios.version(store: self.store, id: id, number: b) else { throw HTTPError(.notFound) }
            let file = "scenario-\(id).yaml"
            guard let sa = Scenarios.read(Data(va.text.utf8), name: file).scenario,
                  let sb = Scenarios.read(Data(vb.text.utf8), name: file).scenario else {
                return v.page("message", title: v.t("compare"), ["heading": v.t("compare"), "message": v.t("issues")], status: .unprocessableContent)
            }
            let sections = ScenarioDiff(sa, sb, language: v.lang).sections().map { ["title": $0.title, "lines": $0.lines] as [String: Any] }
            return v.page("compare", title: v.t("compare"), ["title": "\(v.t("version")) \(a) ↔ \(b)", "sections": sections])
        }
    }

    func loginPage(_ v: Viewer, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let token = Token.hex(16)
        var r = v.page("login", title: v.t("login"), ["error": error ?? "", "loginToken": token], status: status)
        r.setCookie(Cookie(name: "lp_login", value: token, maxAge: 3600, path: "/login", httpOnly: true, sameSite: .strict))
        return r
    }

    /// The scenario page: issues beside the lines they name, the summary, the editor, the
    /// versions and the run form.
    func scenarioPage(_ v: Viewer, id: Int64, number: Int?, draft: String?, saved: Int?) async throws -> Response {
        let (scenario, version) = try await store.db.read { db -> (ScenarioRecord?, VersionRecord?) in
            let s = try ScenarioRecord.fetchOne(db, key: id)
            let q = VersionRecord.filter(Column("scenarioId") == id)
            let ver = try (number.map { q.filter(Column("number") == $0) } ?? q.order(Column("number").desc)).fetchOne(db)
            return (s, ver)
        }
        let versions = try await store.rows("""
            SELECT v.number, v.createdAt, v.changes, v.changesEn, u.username FROM version v LEFT JOIN user u ON u.id = v.authorId
            WHERE v.scenarioId = ? ORDER BY v.number DESC LIMIT 50
            """, [id.databaseValue])
        guard let scenario, let version else { throw HTTPError(.notFound) }
        let text = draft ?? version.text
        let file = "\(scenario.name).yaml"
        let reading = Scenarios.read(Data(text.utf8), name: file)
        var byLine: [Int: [String]] = [:]
        for i in reading.issues { byLine[i.line, default: []].append((i.path.isEmpty ? "" : i.path + ": ") + i.message) }
        let lines: [[String: Any]] = text.components(separatedBy: "\n").enumerated().map { (i, l) in
            let msgs = byLine[i + 1] ?? []
            return ["n": i + 1, "text": l, "bad": !msgs.isEmpty, "msgs": msgs]
        }
        let issues: [[String: Any]] = reading.issues.map {
            ["line": $0.line, "where": $0.cell.map { "\($0)" } ?? "\(v.t("line")) \($0.line):\($0.column)", "path": $0.path, "message": $0.message]
        }
        let kinds = RunKind.allCases.filter { v.may(.start($0)) }.map(\.rawValue)
        let planRuns = try await store.db.read { db in
            try RunRecord.filter(Column("scenarioId") == id && Column("kind") == RunKind.plan.rawValue && Column("status") == RunStatus.done.rawValue)
                .order(Column("createdAt").desc).limit(20).fetchAll(db)
        }
        let data: [String: Any] = [
            "id": id, "name": scenario.name, "version": version.number, "prev": max(1, version.number - 1),
            "issues": issues, "summary": reading.scenario?.summary(v.lang == .vi ? .vi : .en) ?? "", "lines": lines, "text": text,
            "valid": reading.scenario != nil && draft == nil, "canEdit": v.may(.editScenarios), "canRun": !kinds.isEmpty,
            "kinds": kinds, "saved": saved.map(String.init) ?? "",
            "planRuns": planRuns.map { ["id": $0.id, "created": Format.date($0.createdAt, v.lang)] },
            "versions": versions.map { r -> [String: Any] in
                ["scenarioId": id, "number": (r["number"] as Int?) ?? 0, "author": (r["username"] as String?) ?? "",
                 "when": Format.date(r["createdAt"], v.lang), "changes": ((v.lang == .vi ? r["changes"] : r["changesEn"]) as String?) ?? ""]
            },
        ]
        return v.page("scenario", title: scenario.name, data)
    }

    /// A name shown in pages, from user text: printable, at most 100 characters. Never a path.
    static func displayName(_ s: String?, fallback: String) -> String {
        let cleaned = String((s ?? "").unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "/" && $0 != "\\" }
            .prefix(100).map(Character.init)).trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty ? fallback : cleaned
    }

    static func int64(_ context: BasicRequestContext, _ name: String) throws -> Int64 {
        guard let s = context.parameters.get(name), let n = Int64(s), n > 0 else { throw HTTPError(.notFound) }
        return n
    }

    /// The scenarios list; `uploadIssues` are a refused workbook's problems (sheet!cell: field: what).
    func scenariosPage(_ v: Viewer, uploadIssues: [ScenarioIssue], status: HTTPResponse.Status = .ok) async throws -> Response {
        let rows = try await store.rows("""
            SELECT s.id, s.name, s.createdAt, COUNT(v.id) AS n,
              (SELECT issueCount FROM version WHERE scenarioId = s.id ORDER BY number DESC LIMIT 1) AS issues
            FROM scenario s LEFT JOIN version v ON v.scenarioId = s.id GROUP BY s.id ORDER BY s.name
            """)
        let list: [[String: Any]] = rows.map { r in
            let issues: Int = r["issues"] ?? 0
            return ["id": (r["id"] as Int64?) ?? 0, "name": (r["name"] as String?) ?? "", "versions": (r["n"] as Int?) ?? 0,
                    "valid": issues == 0, "issues": issues, "created": Format.date(r["createdAt"], v.lang)]
        }
        return v.page("scenarios", title: v.t("scenarios"), ["scenarios": list, "canEdit": v.may(.editScenarios),
                                                             "uploadIssues": uploadIssues.map(\.description)], status: status)
    }
}
