import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WebApp

/// Sign-in, scenarios, surveys and the calendar feed through the routes.
@Suite struct PageTests {
    /// The value of `name="csrf"` in a page (the login form's token).
    static func hidden(_ html: String) -> String? {
        guard let r = html.range(of: #"name="csrf" value="([0-9a-f]+)""#, options: .regularExpression) else { return nil }
        return String(html[r].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    @Test func loginSetsAStrictHttpOnlyCookieAndIsRateLimited() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        try await h.application().test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            let html = String(buffer: page.body)
            #expect(html.contains("Đăng nhập"))  // Vietnamese by default
            let token = try #require(Self.hidden(html))
            #expect(page.headers[values: .setCookie].contains { $0.hasPrefix("lp_login=\(token)") })
            let loginCookie: HTTPFields = [.cookie: "lp_login=\(token)"]
            // No token → refused, even with the right password.
            let noToken = try await client.form("/login", ["username": "planner", "password": Harness.password], headers: [:])
            #expect(noToken.status == .forbidden)
            let ok = try await client.form("/login", ["username": "planner", "password": Harness.password, "csrf": token], headers: loginCookie)
            #expect(ok.status == .seeOther)
            let set = try #require(ok.headers[values: .setCookie].first { $0.hasPrefix("lp_session=") })
            #expect(set.contains("HttpOnly") && set.contains("SameSite=Strict"))
            // Five wrong passwords, then even the right one is refused for a while.
            for _ in 0..<5 {
                let bad = try await client.form("/login", ["username": "finance", "password": "wrong", "csrf": token], headers: loginCookie)
                #expect(bad.status == .unauthorized)
            }
            let limited = try await client.form("/login", ["username": "finance", "password": Harness.password, "csrf": token], headers: loginCookie)
            #expect(limited.status == .tooManyRequests)
            // Another user is not affected.
            let other = try await client.form("/login", ["username": "admin", "password": Harness.password, "csrf": token], headers: loginCookie)
            #expect(other.status == .seeOther)
        }
    }

    @Test func uploadShowsIssuesBesideTheirLinesAndKeepsEveryVersion() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let tiny = try String(contentsOf: Harness.root.appendingPathComponent("scenarios/tiny.yaml"), encoding: .utf8)
        try await h.application().test(.router) { client in
            // A browser's multipart upload, byte for byte.
            let boundary = "----WebKitFormBoundaryX3"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(h.csrf("planner"))\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nTiny copy\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tiny.yaml\"\r\nContent-Type: application/x-yaml\r\n\r\n\(tiny)\r\n"
                + "--\(boundary)--\r\n"
            var headers = h.cookie("planner")
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let up = try await client.execute(uri: "/scenarios", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(up.status == .seeOther)
            let location = try #require(up.headers[.location])
            let id = try #require(Int64(location.split(separator: "/").last!))
            let stored = try await h.app.store.db.read { db in try VersionRecord.filter(Column("scenarioId") == id).fetchOne(db) }
            #expect(stored?.text == tiny)  // the upload arrived whole
            let name = try await h.app.store.db.read { db in try ScenarioRecord.fetchOne(db, key: id)?.name }
            #expect(name == "Tiny copy")

            // Version 2 breaks line 16 (milestones outside the horizon): the issue names that line.
            var lines = tiny.components(separatedBy: "\n")
            let at = try #require(lines.firstIndex { $0.hasPrefix("  milestones:") })
            lines[at] = "  milestones: [2031]"
            let broken = lines.joined(separator: "\n")
            let save = try await client.form("/scenarios/\(id)", ["text": broken, "do": "save", "csrf": h.csrf("planner")], headers: h.cookie("planner"))
            #expect(save.status == .ok)
            let page = String(buffer: save.body)
            #expect(page.contains("id=\"L\(at + 1)\" class=\"bad\""))
            // Version 3 fixes it and halves the budget: the change is said in plain words.
            let halved = tiny.replacingOccurrences(of: "2026: 250_000_000", with: "2026: 125_000_000")
            _ = try await client.form("/scenarios/\(id)", ["text": broken, "do": "save", "csrf": h.csrf("planner")], headers: h.cookie("planner"))
            let fixed = try await client.form("/scenarios/\(id)", ["text": halved, "do": "save", "csrf": h.csrf("planner")], headers: h.cookie("planner"))
            #expect(fixed.status == .ok)
            let versions = try await h.app.store.db.read { db in
                try VersionRecord.filter(Column("scenarioId") == id).order(Column("number")).fetchAll(db)
            }
            #expect(versions.map(\.number) == [1, 2, 3, 4])
            #expect(versions[0].issueCount == 0 && versions[1].issueCount > 0 && versions[2].issueCount > 0 && versions[3].issueCount == 0)
            #expect(versions[3].authorId == h.users["planner"]!.id)
            // Compare versions 1 and 4: only the 2026 budget differs, 250 → 125 million (vi: "250,0 … → 125,0 …").
            let cmp = try await client.execute(uri: "/scenarios/\(id)/compare?a=1&b=4", method: .get, headers: h.cookie("planner"))
            let text = String(buffer: cmp.body)
            #expect(text.contains("250,0") && text.contains("125,0") && text.contains("state 2026"))
            #expect(versions[1].changes.hasPrefix("Có ") && versions[3].changes == "Bản hợp lệ (bản trước có lỗi)")
            // Too large an upload is refused with 413, not read.
            let huge = String(repeating: "x", count: Limits.upload + 10)
            let big = try await client.execute(uri: "/scenarios", method: .post, headers: headers, body: ByteBuffer(string: huge))
            #expect(big.status == .contentTooLarge)
        }
    }

    @Test func surveysAreCountedAndNoPersonalDataIsKept() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        // Three CBCC people of unit-1 at level 3 (B1): one leader under 40 in 2027, two over 40.
        let roster = """
            id,name,unit,category,commune,leader,birth_year,level,certificate
            EMP-9001,Nguyễn Văn Thử,unit-1,CBCC,no,yes,1990,3,
            EMP-9002,Trần Thị Mẫu,unit-1,CBCC,no,no,1980,3,
            EMP-9003,Lê Văn Kiểm,unit-1,CBCC,no,no,1975,,VSTEP B1

            """
        try await h.application().test(.router) { client in
            let boundary = "b0und4ry"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(h.csrf("agency-1"))\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"asOf\"\r\n\r\n2027\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"staff.csv\"\r\n\r\n\(roster)\r\n--\(boundary)--\r\n"
            var headers = h.cookie("agency-1")
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let res = try await client.execute(uri: "/survey", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(res.status == .ok)
            let surveys = try await h.app.store.db.read { db in try SurveyRecord.fetchAll(db) }
            #expect(surveys.count == 1 && surveys[0].unit == "unit-1" && surveys[0].people == 3 && surveys[0].asOf == 2027)
            // The planner sees unit-2 has not submitted.
            let list = try await client.execute(uri: "/surveys", method: .get, headers: h.cookie("planner"))
            #expect(String(buffer: list.body).contains("<strong>unit-2</strong>"))
            // Merged into tiny: its segments become the three counted people.
            let merge = try await client.form("/surveys/merge", ["scenario": "\(h.scenarioId)", "asOf": "2027", "csrf": h.csrf("planner")],
                                              headers: h.cookie("planner"))
            #expect(merge.status == .seeOther)
            let latest = try #require(try await Scenarios.latest(store: h.app.store, id: h.scenarioId))
            #expect(latest.number == 2)
            let segs = Scenarios.read(Data(latest.text.utf8), name: "m.yaml")
            let total = (segs.scenario?.segments ?? []).reduce(0) { $0 + $1.total }
            #expect(segs.issues.isEmpty && total == 3)
            let byId = Dictionary((segs.scenario?.segments ?? []).map { ($0.id, $0.headcount) }, uniquingKeysWith: { a, _ in a })
            #expect(byId["cbcc-leader-u40"] == [0, 0, 0, 1, 0, 0, 0] && byId["cbcc-40plus"] == [0, 0, 0, 2, 0, 0, 0])
        }
        // Nothing personal anywhere in the store (WAL included) or the data folder.
        for file in try FileManager.default.subpathsOfDirectory(atPath: h.dir.path) {
            guard let data = FileManager.default.contents(atPath: h.dir.appendingPathComponent(file).path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for p in ["EMP-9001", "EMP-9002", "EMP-9003", "Thử", "Mẫu", "Kiểm"] { #expect(!text.contains(p), "\(p) in \(file)") }
        }
    }

    @Test func englishByASwitchAndNoOpenRedirect() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        try await h.application().test(.router) { client in
            let vi = try await client.execute(uri: "/scenarios", method: .get, headers: h.cookie("planner"))
            #expect(String(buffer: vi.body).contains("<h1>Kịch bản</h1>") && String(buffer: vi.body).contains("lang=\"vi\""))
            let sw = try await client.execute(uri: "/lang?to=en&back=/scenarios", method: .get)
            #expect(sw.status == .seeOther && sw.headers[.location] == "/scenarios")
            let cookie = try #require(sw.headers[values: .setCookie].first { $0.hasPrefix("lp_lang=en") })
            _ = cookie
            var headers = h.cookie("planner")
            headers[.cookie] = headers[.cookie]! + "; lp_lang=en"
            let en = try await client.execute(uri: "/scenarios", method: .get, headers: headers)
            #expect(String(buffer: en.body).contains("<h1>Scenarios</h1>") && String(buffer: en.body).contains("lang=\"en\""))
            for evil in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
                let r = try await client.execute(uri: "/lang?to=en&back=\(evil.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", method: .get)
                #expect(r.headers[.location] == "/", "back=\(evil)")
            }
        }
    }

    @Test func feedServesOnlyTheOwnInstitutionAndCanBeRevoked() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        try await h.application().test(.router) { client in
            let feed = try await client.execute(uri: "/feed/\(h.feedToken).ics", method: .get)
            #expect(feed.status == .ok)
            let ics = String(buffer: feed.body)
            #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.hasSuffix("END:VCALENDAR\r\n"))
            #expect(ics.contains("UID:inst-a-c1-1@test") && !ics.contains("inst-b"))
            #expect(try await client.execute(uri: "/feed/\(String(repeating: "0", count: 48)).ics", method: .get).status == .notFound)
            // A new address revokes the old one.
            let renew = try await client.form("/institution/feed", ["csrf": h.csrf("inst-a")], headers: h.cookie("inst-a"))
            #expect(renew.status == .seeOther)
            #expect(try await client.execute(uri: "/feed/\(h.feedToken).ics", method: .get).status == .notFound)
        }
    }
}
