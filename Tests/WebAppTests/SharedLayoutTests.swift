import Foundation
import TestSupport
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WebApp

/// Runs the built `langplan` as a user does; returns its exit status, stdout and stderr.
func runLangplan(_ args: [String], in dir: URL) throws -> (status: Int32, out: String, err: String) {
    let r = try runChild(Harness.langplan.path, args, directory: dir.path)
    return (r.status, String(decoding: r.stdout, as: UTF8.self), String(decoding: r.stderr, as: UTF8.self))
}

/// The pages the CLI writes (report.html, timetable.html, compare.html) and the app's pages
/// share one layout: read by Python's html.parser (not by our code), each has the same inline
/// stylesheet, the same skeleton outside <main> (head with meta, title and style; body with
/// header, main and footer), its language, and no external reference.
@Suite struct SharedLayoutTests {
    struct Skeleton: Decodable { let lang: String?; let outside: [String]; let style: String; let external: [String] }

    @Test func cliPagesAndAppPagesShareTheLayout() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let tiny = Harness.root.appendingPathComponent("scenarios/tiny.yaml").path
        let d = h.dir
        let plan = try runLangplan(["plan", tiny, "--out", "plan", "--time-limit", "10"], in: d)
        try #require(plan.status == 0, "\(plan.err)")
        let tt = try runLangplan(["timetable", tiny, "--plan", "plan", "--out", "tt", "--time-limit", "10", "--lang", "en"], in: d)
        try #require(tt.status == 0, "\(tt.err)")
        let cmp = try runLangplan(["compare", "plan", "plan", "--html", "compare.html"], in: d)
        try #require(cmp.status == 0, "\(cmp.err)")
        var pages = ["plan/report.html", "compare.html"]
        let inst = try #require(FileManager.default.contentsOfDirectory(atPath: d.appendingPathComponent("tt").path)
            .first { FileManager.default.fileExists(atPath: d.appendingPathComponent("tt/\($0)/timetable.html").path) })
        pages.append("tt/\(inst)/timetable.html")
        // App pages: the login page (nobody signed in) and the admin's users page.
        try await h.application().test(.router) { client in
            let login = try await client.execute(uri: "/login", method: .get)
            try Data(login.body.readableBytesView).write(to: d.appendingPathComponent("login.html"))
            let users = try await client.execute(uri: "/admin/users", method: .get, headers: h.cookie("admin"))
            try Data(users.body.readableBytesView).write(to: d.appendingPathComponent("users.html"))
        }
        pages += ["login.html", "users.html"]
        let r = try runChild("/usr/bin/env", ["python3", Harness.root.appendingPathComponent("Tests/WebAppTests/skeleton.py").path] + pages,
                             directory: d.path)
        try #require(r.status == 0, "\(String(decoding: r.stderr, as: UTF8.self))")
        let parsed = try String(decoding: r.stdout, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Skeleton.self, from: Data($0.utf8))
        }
        try #require(parsed.count == pages.count)
        let report = parsed[0]
        #expect(report.style.count > 1000, "the stylesheet is inline")
        #expect(report.outside == ["html", "  head", "    meta", "    meta", "    title", "    style", "  body", "    header", "    main", "    footer"],
                "\(report.outside)")
        for (page, s) in zip(pages, parsed) {
            #expect(s.style == report.style, "\(page): another stylesheet")
            #expect(s.external.isEmpty, "\(page) fetches \(s.external)")
        }
        // The same skeleton, except the app's header menu (links and forms are not listed).
        for (page, s) in zip(pages, parsed).dropFirst() { #expect(s.outside == report.outside, "\(page): \(s.outside)") }
        #expect(parsed.map(\.lang) == ["vi", "vi", "en", "vi", "vi"])
    }
}
