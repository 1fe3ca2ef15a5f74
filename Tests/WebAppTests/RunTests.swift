import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import ZIPFoundation
@testable import WebApp

/// Runs solved by real `langplan` child processes (the debug binary `swift build` made).
@Suite(.serialized) struct RunTests {
    /// Polls the API until the run finishes.
    static func wait(_ client: some TestClientProtocol, _ h: Harness, _ id: String, seconds: Double = 90,
                     until: (String, String) -> Bool = { status, _ in !["queued", "running"].contains(status) }) async throws -> [String: Any] {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            let r = try await client.execute(uri: "/api/runs/\(id)", method: .get, headers: h.basic("planner"))
            let json = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any] ?? [:]
            if until(json["status"] as? String ?? "", json["progress"] as? String ?? "") { return json }
            try await Task.sleep(for: .milliseconds(200))
        }
        return [:]
    }

    /// tiny.yaml by hand (its header): 3 classes reach the 50% target; the plan is optimal.
    @Test func planTinyThroughTheAPIAndDownloadItsFiles() async throws {
        let h = try await Harness(executable: Harness.langplan)
        defer { h.cleanUp() }
        try await h.application().test(.router) { client in
            var headers = h.basic("planner")
            headers[.contentType] = "application/json"
            let start = try await client.execute(uri: "/api/scenarios/\(h.scenarioId)/runs", method: .post, headers: headers,
                                                 body: ByteBuffer(string: #"{"kind":"plan","timeLimit":20,"lang":"en"}"#))
            #expect(start.status == .accepted)
            let id = try #require((try JSONSerialization.jsonObject(with: Data(buffer: start.body)) as? [String: Any])?["id"] as? String)
            let done = try await Self.wait(client, h, id)
            #expect(done["status"] as? String == "done")
            #expect(done["gap"] as? String == "0.000%")
            #expect((done["progress"] as? String ?? "").contains("3 classes"))
            let files = done["files"] as? [String] ?? []
            #expect(files.contains("plan.xlsx") && files.contains("report.html") && files.contains("classes.csv"))
            // The report is served sandboxed.
            let report = try await client.execute(uri: "/runs/\(id)/files/report.html", method: .get, headers: h.cookie("finance"))
            #expect(report.status == .ok)
            #expect(report.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true)
            // classes.csv: classes by term; their sum is the 3 classes.
            let classes = try await client.execute(uri: "/api/runs/\(id)/files/classes.csv", method: .get, headers: h.basic("finance"))
            let rows = String(buffer: classes.body).split(separator: "\n").map { $0.split(separator: ",") }
            let col = try #require(rows.first?.firstIndex(of: "classes"))
            #expect(rows.dropFirst().reduce(0) { $0 + (Int($1[col]) ?? 0) } == 3)
            // The zip holds every file.
            let zip = try await client.execute(uri: "/runs/\(id)/zip", method: .get, headers: h.cookie("finance"))
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            let archive = try Archive(data: Data(buffer: zip.body), accessMode: .read)
            #expect(Set(archive.map(\.path)).isSuperset(of: ["plan.xlsx", "report.html", "classes.csv"]))
            // Every run start and download is in the audit log.
            let actions = try await h.app.store.db.read { db in try String.fetchAll(db, sql: "SELECT action || ' ' || object FROM audit") }
            #expect(actions.contains { $0.hasPrefix("run.start run \(id) plan") })
            #expect(actions.contains("download run \(id) results.zip"))
            // Compare the run with itself: the CLI's comparison page, every Δ zero, runs named by id only.
            let cmp = try await client.execute(uri: "/compare?a=\(id)&b=\(id)", method: .get, headers: h.cookie("finance"))
            let page = String(buffer: cmp.body)
            #expect(cmp.status == .ok && page.contains("So sánh hai kế hoạch") && page.contains("\(id)"))
            #expect(!page.contains(h.dir.path))
            // Live progress: the event stream of a finished run says so in one event.
            let events = try await client.execute(uri: "/runs/\(id)/events", method: .get, headers: h.cookie("planner"))
            let body = String(buffer: events.body)
            #expect(events.headers[.contentType] == "text/event-stream")
            #expect(body.hasPrefix("data: {") && body.contains(#""finished":true"#) && body.contains(#""status":"done""#))
        }
    }

    /// The yearly cycle: an agency submits its roster, the planner merges it into tiny's
    /// segments, plans, and re-plans from the merged survey (`langplan replan` as a child).
    @Test func agencySurveyMergedPlannedAndReplanned() async throws {
        let h = try await Harness(executable: Harness.langplan)
        defer { h.cleanUp() }
        // tiny over two years (a re-plan needs a year left after the survey's).
        let tiny = try String(contentsOf: Harness.root.appendingPathComponent("scenarios/tiny.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "end_year: 2026", with: "end_year: 2027")
            .replacingOccurrences(of: "years: {2026: 250_000_000}", with: "years: {2026: 250_000_000, 2027: 250_000_000}")
            .replacingOccurrences(of: "milestones: [2026]", with: "milestones: [2026, 2027]")
            .replacingOccurrences(of: "milestones: {2026: 0.5}", with: "milestones: {2026: 0.5, 2027: 0.6}")
        let sid = try await Scenarios.create(store: h.app.store, name: "tiny2", data: Data(tiny.utf8), file: "tiny2.yaml", by: h.users["planner"]!)
        #expect(try await Scenarios.latest(store: h.app.store, id: sid)?.issueCount == 0)
        // Three CBCC people at level 3 in 2027: one leader under 40, two over 40.
        let roster = "id,unit,category,commune,leader,birth_year,level\nA1,unit-1,CBCC,no,yes,1990,3\nA2,unit-1,CBCC,no,no,1980,3\nA3,unit-1,CBCC,no,no,1975,3\n"
        try await h.application().test(.router) { client in
            let boundary = "xYz"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(h.csrf("agency-1"))\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"asOf\"\r\n\r\n2027\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\r\n\(roster)\r\n--\(boundary)--\r\n"
            var headers = h.cookie("agency-1")
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            #expect(try await client.execute(uri: "/survey", method: .post, headers: headers, body: ByteBuffer(string: body)).status == .ok)
            let merge = try await client.form("/surveys/merge", ["scenario": "\(sid)", "asOf": "2027", "csrf": h.csrf("planner")],
                                              headers: h.cookie("planner"))
            #expect(merge.status == .seeOther)
            let plan = try await client.form("/scenarios/\(sid)/runs", ["kind": "plan", "timeLimit": "20", "csrf": h.csrf("planner")],
                                             headers: h.cookie("planner"))
            let planID = try #require(plan.headers[.location]?.split(separator: "/").last.map(String.init))
            #expect(try await Self.wait(client, h, planID)["status"] as? String == "done")
            let replan = try await client.form("/scenarios/\(sid)/runs",
                                               ["kind": "replan", "timeLimit": "20", "planRun": planID, "csrf": h.csrf("planner")],
                                               headers: h.cookie("planner"))
            let replanID = try #require(replan.headers[.location]?.split(separator: "/").last.map(String.init))
            let done = try await Self.wait(client, h, replanID)
            #expect(done["status"] as? String == "done", "\(done["progress"] ?? "")")
            #expect((done["files"] as? [String] ?? []).contains("replan-vs-plan.csv"))
            let survey = try String(contentsOf: h.app.queue.folder(replanID)!.appendingPathComponent("survey.yaml"), encoding: .utf8)
            #expect(survey.contains("as_of: 2027") && survey.contains("cbcc-leader-u40: [0, 0, 0, 1, 0, 0, 0]")
                    && survey.contains("cbcc-40plus: [0, 0, 0, 2, 0, 0, 0]"))
        }
    }

    /// A long plan (hcmc-2026, 60 s limit) is cancelled while it solves: the child is
    /// terminated and the run reads cancelled within seconds.
    @Test func cancelTerminatesTheSolvingChild() async throws {
        let h = try await Harness(executable: Harness.langplan)
        defer { h.cleanUp() }
        let hcmc = try Data(contentsOf: Harness.root.appendingPathComponent("scenarios/hcmc-2026.yaml"))
        let sid = try await Scenarios.create(store: h.app.store, name: "hcmc", data: hcmc, file: "hcmc-2026.yaml", by: h.users["planner"]!)
        try await h.application().test(.router) { client in
            let start = try await client.form("/scenarios/\(sid)/runs", ["kind": "plan", "timeLimit": "60", "csrf": h.csrf("planner")],
                                              headers: h.cookie("planner"))
            let id = try #require(start.headers[.location]?.split(separator: "/").last.map(String.init))
            // Wait for a progress line from the child (it is solving).
            let solving = try await Self.wait(client, h, id, seconds: 60) { s, p in s == "running" && p.hasPrefix("[") }
            #expect(solving["status"] as? String == "running")
            let began = Date()
            let cancel = try await client.form("/runs/\(id)/cancel", ["csrf": h.csrf("planner")], headers: h.cookie("planner"))
            #expect(cancel.status == .seeOther)
            let end = try await Self.wait(client, h, id, seconds: 20)
            #expect(end["status"] as? String == "cancelled")
            #expect(Date().timeIntervalSince(began) < 10)
        }
    }

    /// A restart: a run left `running` reads interrupted (re-runnable); a queued one starts.
    @Test func restartMarksRunningInterruptedAndStartsQueued() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let ver = try #require(try await Scenarios.latest(store: h.app.store, id: h.scenarioId))
        func run(_ status: RunStatus) -> RunRecord {
            RunRecord(id: Token.hex(8), scenarioId: h.scenarioId, versionId: ver.id!, kind: .plan, timeLimit: 5, lang: "vi", planRun: nil,
                      surveyAsOf: nil, status: status, createdBy: h.users["planner"]!.id!, createdAt: Date(), startedAt: nil,
                      finishedAt: nil, progress: "", gap: nil, exitCode: nil)
        }
        let running = run(.running), queued = run(.queued)
        for r in [running, queued] {
            try FileManager.default.createDirectory(at: h.app.queue.folder(r.id)!, withIntermediateDirectories: true)
            try await h.app.store.db.write { db in try r.insert(db) }
        }
        // A second server on the same data folder (the first one "died"); its children are /bin/false.
        var quiet = Logger(label: "langplan.web.test")
        quiet.logLevel = .warning
        let again = try await WebApp(config: WebAppConfig(dataDir: h.dir, executable: URL(fileURLWithPath: "/bin/false"), workers: 1),
                                     logger: quiet)
        let after = try await again.store.db.read { db in try RunRecord.fetchOne(db, key: running.id) }
        #expect(after?.status == .interrupted)
        var q: RunRecord? = nil
        for _ in 0..<50 {
            q = try await again.store.db.read { db in try RunRecord.fetchOne(db, key: queued.id) }
            if q?.status.finished == true { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(q?.status == .failed && q?.exitCode == 1)  // started again: /bin/false ran and exited 1
    }
}
