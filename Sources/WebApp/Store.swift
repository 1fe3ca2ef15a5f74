import Foundation
import GRDB

/// A role: what a user may do (see `Access`).
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, planner, finance, institution, agency
}

/// A user account. `institution` binds an institution user to one institution id; `unit` binds
/// an agency user to one employing unit. `feedToken` is the secret of the institution's feed.
struct User: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "user"
    var id: Int64?
    var username: String
    var passwordHash: String
    var role: Role
    var institution: String?
    var unit: String?
    var feedToken: String?
    var createdAt: Date
    /// Set by an admin: the account cannot sign in and has no open session.
    var disabled: Bool = false
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A login session: the cookie holds `token` (32 random bytes); `csrf` goes into every form.
struct SessionRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "session"
    var token: String
    var userId: Int64
    var csrf: String
    var expiresAt: Date
}

/// A named scenario; its text lives in versions.
struct ScenarioRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "scenario"
    var id: Int64?
    var name: String
    var createdBy: Int64
    var createdAt: Date
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One saved version of a scenario: who, when, the YAML text, what changed in plain words.
struct VersionRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "version"
    var id: Int64?
    var scenarioId: Int64
    var number: Int
    var authorId: Int64
    var createdAt: Date
    var text: String
    /// What changed since the previous version, in Vietnamese and in English.
    var changes: String
    var changesEn: String
    var issueCount: Int
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The state of a run in the queue.
enum RunStatus: String, Codable, Sendable {
    case queued, running, done, failed, cancelled, interrupted
    var finished: Bool { self != .queued && self != .running }
}

/// The kinds of run, one per solving CLI command.
enum RunKind: String, Codable, Sendable, CaseIterable {
    case plan, sizeBudget = "size-budget", sweep, timetable, replan
    /// Kinds that read a finished plan run's folder (`--plan`).
    var needsPlan: Bool { self == .timetable || self == .replan }
}

/// A run: one child `langplan` process over one scenario version. `id` is generated (hex),
/// never taken from user text, and names the folder `runs/<id>/`.
struct RunRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "run"
    var id: String
    var scenarioId: Int64
    var versionId: Int64
    var kind: RunKind
    var timeLimit: Double
    var lang: String
    var planRun: String?
    var surveyAsOf: Int?
    var status: RunStatus
    var createdBy: Int64
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var progress: String
    var gap: String?
    var exitCode: Int?
}

/// An agency's yearly survey, counted into segments on upload (the roster itself is discarded).
struct SurveyRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "survey"
    var id: Int64?
    var unit: String
    var asOf: Int
    var submittedBy: Int64
    var submittedAt: Date
    var people: Int
    /// JSON: segment id → headcount by level 0...6.
    var counts: String
    var problems: Int
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Who ran, changed or downloaded what.
struct AuditRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "audit"
    var id: Int64?
    var at: Date
    var userId: Int64?
    var action: String
    var object: String
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The SQLite store `DATA/langplan.sqlite` (WAL, so a killed server leaves it consistent).
final class Store: Sendable {
    let db: DatabasePool

    /// Opens (creating when missing) the store and applies every migration.
    /// - Parameter path: the SQLite file.
    /// - Throws: GRDB's error when the file cannot be opened or migrated.
    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        db = try DatabasePool(path: path, configuration: config)
        try Store.migrator.migrate(db)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("username", .text).notNull().unique()
                t.column("passwordHash", .text).notNull()
                t.column("role", .text).notNull()
                t.column("institution", .text)
                t.column("unit", .text)
                t.column("feedToken", .text).unique()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "session") { t in
                t.primaryKey("token", .text)
                t.column("userId", .integer).notNull().references("user", onDelete: .cascade)
                t.column("csrf", .text).notNull()
                t.column("expiresAt", .datetime).notNull()
            }
            try db.create(table: "scenario") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("createdBy", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "version") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("scenarioId", .integer).notNull().references("scenario", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("authorId", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("text", .text).notNull()
                t.column("changes", .text).notNull()
                t.column("changesEn", .text).notNull()
                t.column("issueCount", .integer).notNull()
                t.uniqueKey(["scenarioId", "number"])
            }
            try db.create(table: "run") { t in
                t.primaryKey("id", .text)
                t.column("scenarioId", .integer).notNull()
                t.column("versionId", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("timeLimit", .double).notNull()
                t.column("lang", .text).notNull()
                t.column("planRun", .text)
                t.column("surveyAsOf", .integer)
                t.column("status", .text).notNull().indexed()
                t.column("createdBy", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("startedAt", .datetime)
                t.column("finishedAt", .datetime)
                t.column("progress", .text).notNull()
                t.column("gap", .text)
                t.column("exitCode", .integer)
            }
            try db.create(table: "survey") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("unit", .text).notNull().indexed()
                t.column("asOf", .integer).notNull()
                t.column("submittedBy", .integer).notNull()
                t.column("submittedAt", .datetime).notNull()
                t.column("people", .integer).notNull()
                t.column("counts", .text).notNull()
                t.column("problems", .integer).notNull()
            }
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("userId", .integer)
                t.column("action", .text).notNull()
                t.column("object", .text).notNull()
            }
        }
        // Accounts an admin has disabled (kept for the audit log, never signed in).
        m.registerMigration("v2-user-disabled") { db in
            try db.alter(table: "user") { t in t.add(column: "disabled", .boolean).notNull().defaults(to: false) }
        }
        return m
    }

    /// Records who did what (ids and file names only: never personal data).
    /// (Async only: a blocking GRDB call on one of the few cooperative threads can starve the
    /// async reads that hold the pool's readers, and the server stops answering.)
    func audit(_ user: User?, _ action: String, _ object: String) async {
        let a = AuditRecord(id: nil, at: Date(), userId: user?.id, action: action, object: object)
        _ = try? await db.write { db in var r = a; try r.insert(db) }
    }
}

/// Random tokens for sessions, CSRF, run ids and feed secrets.
enum Token {
    /// - Parameter bytes: entropy in bytes.
    /// - Returns: lowercase hex, 2 × `bytes` characters.
    static func hex(_ bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }
}

/// One result row as Sendable values: GRDB's `Row` is not Sendable, so an async read cannot
/// return it (and the blocking overload would be chosen instead: see `Store.audit`).
struct Fetched: Sendable {
    let values: [String: DatabaseValue]
    subscript<T: DatabaseValueConvertible>(_ column: String) -> T? { values[column].flatMap { T.fromDatabaseValue($0) } }
}

extension Store {
    /// Runs a query without blocking a cooperative thread.
    /// - Returns: every row, columns by name.
    func rows(_ sql: String, _ arguments: [DatabaseValue] = []) async throws -> [Fetched] {
        try await db.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                Fetched(values: Dictionary(zip(row.columnNames, row.databaseValues), uniquingKeysWith: { a, _ in a }))
            }
        }
    }
}
