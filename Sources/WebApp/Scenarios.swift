import Foundation
import GRDB
import Reports
import Scenario

/// Scenario versions: every save is kept with who, when, the text and what changed.
enum Scenarios {
    /// Largest scenario text accepted from a form.
    static let maxText = 4 * 1_048_576

    /// Reads bytes through the one shared path (`ScenarioLoader.read`), as the CLI does.
    static func read(_ data: Data, name: String) -> ScenarioReading {
        ScenarioLoader.read(data: data, name: name)
    }

    /// A workbook that does not read as a scenario: nothing was stored.
    struct UnreadableWorkbook: Error, CustomStringConvertible {
        /// Each problem with its sheet and cell.
        var issues: [ScenarioIssue]
        var description: String { issues.map(\.description).joined(separator: "\n") }
    }

    /// Creates a scenario with its first version. A workbook (.xlsx) is kept as the YAML text
    /// `langplan convert` writes (versions are text, edited in the browser); a workbook with
    /// problems is refused, since there is no text to show them beside.
    /// - Returns: the new scenario's id.
    /// - Throws: `UnreadableWorkbook` for a workbook with problems (each by sheet and cell).
    static func create(store: Store, name: String, data: Data, file: String, by user: User) async throws -> Int64 {
        let given = read(data, name: file)
        if given.format == .workbook && given.scenario == nil { throw UnreadableWorkbook(issues: given.issues) }
        let text = given.format == .workbook && given.scenario != nil
            ? "# \(given.scenario!.name): converted from \(file) by langplan serve\n" + given.scenario!.canonicalYAML  // safe: checked non-nil
            : String(decoding: data, as: UTF8.self)
        let reading = given.format == .workbook ? read(Data(text.utf8), name: file) : given
        let id = try await store.db.write { db -> Int64 in
            var s = ScenarioRecord(id: nil, name: name, createdBy: user.id!, createdAt: Date())
            try s.insert(db)
            var v = VersionRecord(id: nil, scenarioId: s.id!, number: 1, authorId: user.id!, createdAt: Date(), text: text,
                                  changes: "Phiên bản đầu (\(file))", changesEn: "First version (\(file))",
                                  issueCount: reading.issues.count)
            try v.insert(db)
            return s.id!
        }
        await store.audit(user, "scenario.create", "scenario \(id)")
        return id
    }

    /// Saves `text` as the next version of scenario `id`, with the inputs diff against the
    /// previous version when both are valid.
    /// - Returns: the new version's number.
    static func save(store: Store, id: Int64, text: String, by user: User) async throws -> Int {
        let prev = try await latest(store: store, id: id)
        let file = "scenario-\(id).yaml"
        let new = read(Data(text.utf8), name: file)
        let old = prev.map { read(Data($0.text.utf8), name: file) }
        let (vi, en) = describe(old: old?.scenario, new: new.scenario, issues: new.issues.count)
        let number = (prev?.number ?? 0) + 1
        try await store.db.write { db in
            var v = VersionRecord(id: nil, scenarioId: id, number: number, authorId: user.id!, createdAt: Date(), text: text,
                                  changes: vi, changesEn: en, issueCount: new.issues.count)
            try v.insert(db)
        }
        await store.audit(user, "scenario.save", "scenario \(id) version \(number)")
        return number
    }

    /// What changed in plain words: `compare`'s inputs diff (Reports) in both languages.
    static func describe(old: Scenario?, new: Scenario?, issues: Int) -> (String, String) {
        guard let new else { return ("Có \(issues) lỗi cần sửa", "\(issues) issues to fix") }
        guard let old else { return ("Bản hợp lệ (bản trước có lỗi)", "Valid (the previous version had issues)") }
        func text(_ l: Language) -> String {
            let sections = ScenarioDiff(old, new, language: l).sections()
            if sections.isEmpty { return l == .vi ? "Không đổi dữ liệu đầu vào" : "No change to the inputs" }
            return sections.map { "\($0.title): " + $0.lines.joined(separator: "; ") }.joined(separator: "\n")
        }
        return (text(.vi), text(.en))
    }

    static func latest(store: Store, id: Int64) async throws -> VersionRecord? {
        try await store.db.read { db in
            try VersionRecord.filter(Column("scenarioId") == id).order(Column("number").desc).fetchOne(db)
        }
    }

    static func version(store: Store, id: Int64, number: Int) async throws -> VersionRecord? {
        try await store.db.read { db in
            try VersionRecord.filter(Column("scenarioId") == id && Column("number") == number).fetchOne(db)
        }
    }
}
