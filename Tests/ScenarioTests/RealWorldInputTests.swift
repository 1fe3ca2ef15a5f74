import Foundation
import Testing
@testable import Scenario

/// `baseYAML` with the first occurrence of `old` replaced by `new`, and the (line, column) where `new` starts.
func edited(_ old: String, _ new: String, in yaml: String = baseYAML) -> (yaml: String, line: Int, column: Int) {
    guard let r = yaml.range(of: old) else { Issue.record("\(old) not in the base scenario"); return (yaml, 0, 0) }
    let out = yaml.replacingCharacters(in: r, with: new)
    let before = out[..<r.lowerBound]
    let line = before.filter { $0 == "\n" }.count + 1
    let lineStart = before.lastIndex(of: "\n").map { out.index(after: $0) } ?? out.startIndex
    return (out, line, out.unicodeScalars.distance(from: lineStart, to: r.lowerBound) + 1)
}

/// Issue 11 item 1: ids become file names, so `validate` refuses what cannot be a portable file name.
@Suite struct HostileIDTests {
    /// Every kind of id in the base scenario, as written there (the text to replace).
    static let kinds: [(kind: String, old: String, path: String)] = [
        ("institution", "- id: school", "institutions[0].id"),
        ("room group", "{id: hall,", "institutions[0].rooms[0].id"),
        ("teacher group", "{id: t,", "institutions[0].teachers[0].id"),
        ("segment", "- id: old", "segments[1].id"),
        ("course", "- id: a1", "courses[0].id"),
        ("payer", "{id: learner,", "payers[1].id"),
        ("target", "- id: young\n    filter", "targets[1].id"),
        ("period", "{id: morning,", "calendar.periods[0].id"),
    ]
    /// Ids a file system would read as paths, devices or hidden files, and why each is refused.
    static let hostile: [(id: String, why: String)] = [
        ("../../escaped", "a path separator \"/\""), ("vnuhcm/ussh", "a path separator \"/\""),
        ("a\\b", "a path separator \"\\\""), ("..", "starts with \".\""), (".hidden", "starts with \".\""),
        ("con", "CON is a name Windows reserves"), ("LPT1.txt", "LPT1 is a name Windows reserves"),
        ("a:b", "the character \":\""), ("a*b", "the character \"*\""), ("x.", "ends with \".\""),
        (String(repeating: "x", count: 101), "1 to 100 characters"),
    ]

    @Test func everyKindOfIDRefusesEveryHostileID() {
        for k in Self.kinds {
            for h in Self.hostile {
                // Double-quoted in YAML so that the text reaches the checks as written.
                let quoted = "\"" + h.id.replacingOccurrences(of: "\\", with: "\\\\") + "\""
                let word = k.old.components(separatedBy: "id: ")[1].prefix { $0 != "," && $0 != "\n" }
                let (yaml, line, _) = edited(k.old, k.old.replacingOccurrences(of: "id: \(word)", with: "id: \(quoted)"))
                let found = issues(yaml).filter { $0.path == k.path }
                // Over-long ids are refused by the reader already ("1 to 100 characters").
                let kindSaid = h.id.count > 100 ? "expected an id" : "cannot be a \(k.kind) id"
                #expect(found.contains { $0.line == line && $0.message.contains(kindSaid) && $0.message.contains(h.why) },
                        "\(k.kind) \(h.id): \(issues(yaml).map(\.description))")
            }
        }
    }

    @Test func theIssuesExampleNamesFileLineColumnAndWhatIsAllowed() {
        let (yaml, line, column) = edited("- id: school", "- id: ../../escaped")
        let all = issues(yaml, file: "hcm.yaml")
        let text = all.map(\.description).joined(separator: "\n")
        // "- " is 2 characters: the value starts 4 columns after the "-".
        #expect(text.contains("hcm.yaml:\(line):\(column + 6): institutions[0].id: found \"../../escaped\", which cannot be a institution id: it contains a path separator \"/\"; an id may hold letters, digits"), "\(text)")
    }

    @Test func vietnameseLettersAreAllowed() {
        #expect(FileNames.problem(withID: "đhqg-hcm") == nil)
        #expect(FileNames.problem(withID: "trường_chính_trị.2") == nil)
    }
}

/// Issue 11 item 1, second line of defence: whatever an id holds, the file name is safe and unique.
@Suite struct FileNameTests {
    static let ids = ["school", "School", "SCHOOL", "../../escaped", "..", ".", "", "vnuhcm/ussh", "vnuhcm_ussh",
                      "vnuhcm\\ussh", "con", "CON", "a:b", "a_b", "Trường", "Trường".decomposedStringWithCanonicalMapping,
                      "x~0000000000000000", String(repeating: "é", count: 300), "\u{0}", "a\nb", "cohorts.csv"]

    @Test func componentsAreSafeAndNeverShared() {
        var seen: [String: String] = [:]
        for id in Self.ids {
            let c = FileNames.component(id)
            #expect(!c.isEmpty && c != "." && c != ".." && !c.contains("/") && !c.contains("\\") && !c.contains("\0"), "\(id) → \(c)")
            #expect(c.utf8.count <= 82, "\(c)")
            #expect(c.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 }, "\(c)")
            // Two ids never share a name, even where case is ignored (macOS, Windows).
            if let other = seen[c.lowercased()] { Issue.record("\(other) and \(id) both map to \(c)") }
            seen[c.lowercased()] = id
        }
        // Plain lower-case ids (all shipped scenarios use them) keep their names.
        #expect(FileNames.component("cbcc-city-leader-u40") == "cbcc-city-leader-u40")
        #expect(FileNames.component("cohorts.csv", avoiding: ["cohorts.csv"]) != "cohorts.csv")
    }

    @Test func joinRefusesToLeaveTheFolder() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("fn-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        #expect(try FileNames.join(base, "a", "b.csv") == "\(base)/a/b.csv")
        for bad in [["..", "x"], ["../x"], ["a/../../x"], [""], ["."], ["a\\b"]] {
            #expect(throws: FileNames.Escape.self, "\(bad)") { try FileNames.join(base, bad) }
        }
        // A symbolic link inside the folder that points out of it is not followed.
        try FileManager.default.createSymbolicLink(atPath: "\(base)/link", withDestinationPath: "/tmp")
        #expect(throws: FileNames.Escape.self) { try FileNames.join(base, "link", "x.csv") }
    }
}

/// Issue 11 item 2: numbers in Vietnamese writing are refused with how to write them.
@Suite struct VietnameseNumberTests {
    @Test(arguments: [
        ("pay_per_period_vnd: 450_000", "pay_per_period_vnd: 400.000", "institutions[0].teachers[0].pay_per_period_vnd",
         "found 400.000, which YAML reads as 400 (a dot is a decimal point there); if you mean 400000, write 400000 or 400_000"),
        ("headcount: [10, 20, 30, 40, 0, 0, 0]", "headcount: [10, 2.000, 30, 40, 0, 0, 0]", "segments[0].headcount[1]",
         "found 2.000, which YAML reads as 2 (a dot is a decimal point there); if you mean 2000, write 2000 or 2_000"),
        ("{2026: 500_000_000,", "{2026: 250.000,", "budgets[0].years.2026", "if you mean 250000, write 250000 or 250_000"),
        ("{2026: 500_000_000,", "{2026: 1.234.567,", "budgets[0].years.2026",
         "found 1.234.567 (digits grouped with dots); if you mean 1234567, write 1234567 or 1_234_567"),
        ("fee_per_candidate_vnd: 1_800_000", "fee_per_candidate_vnd: 1,800,000", "exams.fee_per_candidate_vnd",
         "if you mean 1800000, write 1800000 or 1_800_000, without commas"),
        ("cost_per_learner_vnd: 3_000_000", "cost_per_learner_vnd: 3 000 000", "courses[2].modes[0].cost_per_learner_vnd",
         "if you mean 3000000, write 3000000 or 3_000_000, without spaces"),
        ("seats_per_term: 500", "seats_per_term: 1.500", "exams.seats_per_term", "write 1500 or 1_500"),
        ("recruits_per_year: 5", "recruits_per_year: 1.710", "segments[0].demography.recruits_per_year", "write 1710 or 1_710"),
        ("headcount: {0: 50, 3: 50}", "headcount: {0: 50, 3: 12.000}", "segments[1].headcount[3]", "write 12000 or 12_000"),
    ] as [(String, String, String, String)])
    func dotGroupedThousands(_ old: String, _ new: String, _ path: String, _ says: String) {
        let (yaml, line, _) = edited(old, new)
        let found = issues(yaml)
        #expect(found.contains { $0.path == path && $0.line == line && $0.message.contains(says) }, "\(found.map(\.description))")
    }

    @Test(arguments: [
        ("max_share_in_training: 0.3", "max_share_in_training: 0,3", "policy.max_share_in_training", "found 0,3, a decimal comma; write 0.3 (or 30%) with a decimal point"),
        ("pass_rate: 0.8,", "pass_rate: 0,8,", "courses[0].modes[0].pass_rate", "found 0,8, a decimal comma; write 0.8 with a decimal point (expected a number); inside { } a comma separates fields, so this was read as pass_rate: 0 and a field \"8\""),
        ("attrition: 0.02", "attrition: 0,02", "segments[0].demography.attrition", "write 0.02 (or 2%)"),
        ("{2027: 0.3}", "{2027: \"0,3\"}", "targets[0].milestones.2027", "a decimal comma; write 0.3"),
        ("share: 0.05}", "share: 2,5%}", "segments[0].demography.transfers[0].share", "write 2.5% with a decimal point"),
    ] as [(String, String, String, String)])
    func decimalCommas(_ old: String, _ new: String, _ path: String, _ says: String) {
        let (yaml, line, _) = edited(old, new)
        let found = issues(yaml)
        #expect(found.contains { $0.path == path && $0.line == line && $0.message.contains(says) }, "\(found.map(\.description))")
    }

    @Test func ordinaryNumbersStillRead() {
        // Shares with a decimal point, integral floats and underscores are not mistaken for thousands.
        for (old, new) in [("pay_per_period_vnd: 450_000", "pay_per_period_vnd: 450000.0"),
                           ("max_share_in_training: 0.3", "max_share_in_training: 0.300"),
                           ("seats_per_term: 500", "seats_per_term: 1e3")] {
            #expect(issues(edited(old, new).yaml).isEmpty, "\(new)")
        }
    }
}

/// Issue 11 item 8: a tab is named as a tab, where it is.
@Suite struct TabTests {
    @Test(arguments: [
        ("  terms_per_year: 2", "\tterms_per_year: 2", 1),
        ("    tags: [cbcc]", "  \ttags: [cbcc]", 3),
        ("  - id: school", "\t- id: school", 1),
    ] as [(String, String, Int)])
    func tabIsNamedWithLineAndColumn(_ old: String, _ new: String, _ column: Int) {
        for ending in ["\n", "\r\n"] {
            let (yaml, line, _) = edited(old, new)
            let found = issues(yaml.replacingOccurrences(of: "\n", with: ending), file: "t.yaml")
            #expect(found.count == 1 && found[0].line == line && found[0].column == column
                    && found[0].message.contains("a tab character at line \(line), column \(column)")
                    && found[0].message.contains("replace the tab with spaces"), "\(found.map(\.description))")
        }
    }
}

/// Issue 11 items 3 and 4: rosters as Excel saves them, with any line ends.
@Suite struct RosterFileTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `goodRoster` as Excel's "Unicode Text": UTF-16 with a byte order mark, tab-separated, CRLF.
    static var unicodeText: String {
        goodRoster.split(separator: "\n").map { line in
            Roster.records(String(line)).rows[0].fields.joined(separator: "\t")
        }.joined(separator: "\r\n") + "\r\n"
    }

    @Test(arguments: [true, false])
    func excelUnicodeTextIsRead(littleEndian: Bool) throws {
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for u in Self.unicodeText.utf16 { bytes += littleEndian ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)] }
        let path = try Self.file(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try Roster.readText(path: path)
        // The same counts as the comma-separated UTF-8 roster: 7 people, Vietnamese names intact.
        let r = Roster.aggregate(csv: text, asOf: 2026)
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r == Roster.aggregate(csv: goodRoster, asOf: 2026))
        #expect(text.contains("Nguyễn Văn An"))
    }

    @Test func otherFilesAreNamedWithHowToSaveThem() throws {
        // "Nguyễn" in Windows-1258: N g u y (ê=0xEA) (combining tilde 0xDE) n.
        let cp1258: [UInt8] = Array("id,name,category,commune,leader,birth_year,level\n1,Nguy".utf8) + [0xEA, 0xDE] + Array("n,CBCC,no,no,1980,3\n".utf8)
        let cases: [([UInt8], Int, String)] = [
            (cp1258, 2, "the CSV roster is not UTF-8: it looks saved in a Windows code page (Windows-1258 Vietnamese, Windows-1252)"),
            ([0x50, 0x4B, 0x03, 0x04, 0, 0, 1, 2], 0, "is an Excel workbook (.xlsx), not a CSV roster; in Excel use File › Save As › \"CSV UTF-8 (Comma delimited) (*.csv)\""),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1], 0, "is an old Excel workbook (.xls), not a CSV roster"),
            (Array("id,name".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }), 0, "looks like UTF-16 text without a byte order mark"),
            ([], 0, "file is empty, expected a CSV roster"),
        ]
        for (bytes, line, says) in cases {
            let path = try Self.file(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try Roster.readText(path: path)
                Issue.record("read \(says)")
            } catch {
                #expect(error.line == line && error.message.contains(says), "\(error)")
                #expect(error.description.hasPrefix(path) && !error.description.contains("YAML"), "\(error)")
            }
        }
    }

    @Test(arguments: ["\r\n", "\r"])
    func rosterLineEnds(_ ending: String) {
        let text = goodRoster.replacingOccurrences(of: "\n", with: ending)
        #expect(Roster.aggregate(csv: text, asOf: 2026) == Roster.aggregate(csv: goodRoster, asOf: 2026))
        // Row numbers still count lines: row 3's bad level is reported at row 3.
        let bad = roster(row: 3, "EMP-1002,x,u,CBCC,no,no,1980,9,").replacingOccurrences(of: "\n", with: ending)
        #expect(Roster.aggregate(csv: bad, asOf: 2026).problems.map(\.row) == [3])
    }

    @Test(arguments: ["1.985", "1,985", "1 985"])
    func groupedBirthYear(_ year: String) {
        let problems = Roster.aggregate(csv: roster(row: 2, "EMP-1001,x,u,CBCC,no,yes,\"\(year)\",,B2"), asOf: 2026).problems
        #expect(problems.map(\.description) == ["row 2, column birth_year: a year written with a dot, comma or space between its digits; write the four digits alone (as 1985)"])
    }

    @Test(arguments: ["\r\n", "\r", "\n"])
    func spliceKeepsTheTemplatesLineEnds(_ ending: String) throws {
        let template = baseYAML.replacingOccurrences(of: "\n", with: ending)
        let r = Roster.aggregate(csv: goodRoster, asOf: 2026)
        let out = try Roster.splice(r, into: template, file: "t.yaml")
        // Every line end is the template's: no bare LF in a CRLF file, no LF at all in a CR file.
        let lf = out.unicodeScalars.enumerated().filter { $0.element == "\n" }.map(\.offset)
        let scalars = Array(out.unicodeScalars)
        switch ending {
        case "\r\n": #expect(!lf.isEmpty && lf.allSatisfy { $0 > 0 && scalars[$0 - 1] == "\r" })
        case "\r": #expect(lf.isEmpty)
        default: #expect(!out.unicodeScalars.contains("\r"))
        }
        // The spliced scenario has the roster's segments and is sound (its targets now name them).
        let spliced = try ScenarioLoader.parse(yaml: LineEnding.normalized(out), file: "t.yaml")
        #expect(spliced.segments.map(\.id) == r.segments.map(\.id))
        #expect(spliced.segments.map(\.total).reduce(0, +) == 7)
    }
}
