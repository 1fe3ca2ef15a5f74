import Foundation
import GRDB
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
@testable import WebApp

/// A web app on a temporary data folder with one user of each role, a scenario and a finished
/// timetabling run whose output holds two institutions' folders (fixtures for authorisation).
struct Harness {
    let app: WebApp
    let dir: URL
    var sessions: [String: SessionRecord] = [:]
    var users: [String: User] = [:]
    let scenarioId: Int64
    let timetableRun: String
    /// The feed token of institution user inst-a.
    var feedToken: String { users["inst-a"]!.feedToken! }
    static let password = "correct horse battery"

    /// The repository root (Tests/WebAppTests/ → ../..).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The debug `langplan` binary `swift build --build-tests` made beside the test bundle.
    static var langplan: URL {
        let bundle = Bundle.main.bundleURL
        for dir in [bundle.deletingLastPathComponent(), bundle, root.appendingPathComponent(".build/debug")] {
            let u = dir.appendingPathComponent("langplan")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return root.appendingPathComponent(".build/debug/langplan")
    }

    init(executable: URL = URL(fileURLWithPath: "/bin/false"), workers: Int = 1) async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("langplan-web-\(UUID().uuidString)")
        var quiet = Logger(label: "langplan.web.test")
        quiet.logLevel = .warning
        app = try await WebApp(config: WebAppConfig(dataDir: dir, executable: executable, workers: workers, adminPassword: Harness.password),
                               logger: quiet)
        let hash = Bcrypt.hash(Harness.password, cost: 4)
        let specs: [(String, Role, String?, String?)] = [
            ("planner", .planner, nil, nil), ("finance", .finance, nil, nil), ("inst-a", .institution, "inst-a", nil),
            ("inst-b", .institution, "inst-b", nil), ("agency-1", .agency, nil, "unit-1"), ("agency-2", .agency, nil, "unit-2"),
        ]
        let store = app.store
        users["admin"] = try await store.db.read { db in try User.filter(Column("username") == "admin").fetchOne(db) }
        for (name, role, inst, unit) in specs {
            let u0 = User(id: nil, username: name, passwordHash: hash, role: role, institution: inst, unit: unit,
                         feedToken: role == .institution ? Token.hex(24) : nil, createdAt: Date())
            users[name] = try await store.db.write { db in var u = u0; try u.insert(db); return u }
        }
        for (name, u) in users { sessions[name] = try await app.auth.open(for: u) }
        let tiny = try Data(contentsOf: Harness.root.appendingPathComponent("scenarios/tiny.yaml"))
        scenarioId = try await Scenarios.create(store: store, name: "tiny", data: tiny, file: "tiny.yaml", by: users["planner"]!)
        // A finished timetabling run with two institutions' files.
        let id = Token.hex(8)
        let out = dir.appendingPathComponent("runs/\(id)/out")
        for inst in ["inst-a", "inst-b"] {
            try FileManager.default.createDirectory(at: out.appendingPathComponent("\(inst)/ics"), withIntermediateDirectories: true)
            try Data("<p>\(inst) timetable</p>".utf8).write(to: out.appendingPathComponent("\(inst)/timetable.html"))
            let ics = """
                BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:\(inst)-c1-1@test\r\nDTSTAMP:20260101T000000Z\r
                DTSTART:20260105T003000Z\r\nDTEND:20260105T040000Z\r\nSUMMARY:\(inst) c1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
                """
            try Data(ics.utf8).write(to: out.appendingPathComponent("\(inst)/ics/class-c1.ics"))
        }
        let ver = try await Scenarios.latest(store: store, id: scenarioId)!
        let run = RunRecord(id: id, scenarioId: scenarioId, versionId: ver.id!, kind: .timetable, timeLimit: 10, lang: "vi", planRun: nil,
                            surveyAsOf: nil, status: .done, createdBy: users["planner"]!.id!, createdAt: Date(), startedAt: Date(),
                            finishedAt: Date(), progress: "", gap: nil, exitCode: 0)
        try await store.db.write { db in try run.insert(db) }
        timetableRun = id
    }

    func cookie(_ user: String?) -> HTTPFields {
        guard let user, let s = sessions[user] else { return [:] }
        return [.cookie: "\(Auth.cookie)=\(s.token)"]
    }

    func csrf(_ user: String) -> String { sessions[user]!.csrf }

    func basic(_ user: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(Harness.password)".utf8).base64EncodedString()]
    }

    func application() -> some ApplicationProtocol { Application(router: app.router()) }

    func cleanUp() { try? FileManager.default.removeItem(at: dir) }
}

extension TestClientProtocol {
    /// A URL-encoded form POST.
    func form(_ uri: String, _ fields: [String: String], headers: HTTPFields = [:]) async throws -> TestResponse {
        var h = headers
        h[.contentType] = "application/x-www-form-urlencoded"
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: body))
    }
}
