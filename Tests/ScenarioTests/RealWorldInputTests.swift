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
                let kindSaid = h.id.count > 100 ? "expected an id" : "cannot be \(k.kind == "institution" ? "an" : "a") \(k.kind) id"
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
        #expect(text.contains("hcm.yaml:\(line):\(column + 6): institutions[0].id: found \"../../escaped\", which cannot be an institution id: it contains a path separator \"/\"; an id may hold letters, digits"), "\(text)")
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
        // Found by a fresh-user trial: a fee with a decimal comma after dot-grouped thousands.
        ("fee_per_candidate_vnd: 1_800_000", "fee_per_candidate_vnd: 1.000.000,5", "exams.fee_per_candidate_vnd",
         "found 1.000.000,5, digits grouped with dots and a decimal comma (1000000.5), but this field takes whole numbers only: write 1000000 or 1000001 (expected"),
        ("fee_per_candidate_vnd: 1_800_000", "fee_per_candidate_vnd: 1.800.000,00", "exams.fee_per_candidate_vnd",
         "found 1.800.000,00, digits grouped with dots and a decimal comma; write 1800000 (expected"),
    ] as [(String, String, String, String)])
    func dotGroupedThousands(_ old: String, _ new: String, _ path: String, _ says: String) {
        let (yaml, line, _) = edited(old, new)
        let found = issues(yaml)
        #expect(found.contains { $0.path == path && $0.line == line && $0.message.contains(says) }, "\(found.map(\.description))")
    }

    /// A budget year written with dots is reported once, where it stands, and not again as a
    /// year "missing" from the horizon (it is there, only unreadable).
    @Test func dotGroupedBudgetYearIsNotAlsoMissing() {
        let (yaml, _, _) = edited("{2026: 500_000_000,", "{2026: 1.234.567,")
        let found = issues(yaml)
        #expect(found.contains { $0.path == "budgets[0].years.2026" })
        #expect(!found.contains { $0.message.contains("missing year") }, "\(found.map(\.description))")
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

/// Issue 11 item 5: certificates as people write them, score tables a province can replace.
@Suite struct CertificateTests {
    @Test(arguments: [
        // The issue's examples and other Vietnamese wordings of the 6-level framework and VSTEP.
        ("VSTEP bậc 3", 3), ("Bậc 3/6", 3), ("bậc 3 (B1)", 3), ("B1 VSTEP", 3), ("Khung 6 bậc: bậc 4", 4),
        ("VSTEP B2", 4), ("bậc4", 4), ("Bậc 5/6 (C1)", 5), ("cấp độ 2", 2), ("Trình độ B1", 3), ("CEFR-B2", 4),
        ("Chứng chỉ B", 2), ("Trình độ C", 3), ("Tiếng Anh A", 1), ("VSTEP 5,5", 3), ("VSTEP 6.0", 4),
        // NFD text (macOS, some HR systems) reads as NFC.
        ("bậc 3".decomposedStringWithCanonicalMapping, 3),
        // Score tables (Circular 23/2021 for levels 3-4; test owners' CEFR mappings beyond).
        ("IELTS 4.0", 3), ("IELTS 5.0", 3), ("IELTS 5.5", 4), ("IELTS 6,5", 4), ("IELTS 7.0", 5), ("IELTS 2.5", 1),
        ("TOEFL iBT 30", 3), ("TOEFL iBT 45", 3), ("TOEFL iBT 46", 4), ("TOEFL iBT 93", 4), ("TOEFL iBT 94", 5),
        ("TOEFL iBT 29", 0), ("TOEFL-iBT: 61", 4), ("TOEFL 80", 4),
        ("TOEFL ITP 450", 3), ("TOEFL ITP 499", 3), ("TOEFL ITP 500", 4), ("TOEFL 520", 4), ("TOEFL ITP 400", 2),
        ("TOEIC 550", 3), ("TOEIC 785", 4), ("TOEIC 650 điểm", 3), ("PET", 3), ("Cambridge FCE", 4),
    ] as [(String, Int)])
    func wordings(_ text: String, _ level: Int) {
        #expect(Roster.level(from: text) == level, "\(text)")
    }

    @Test func unknownCertificatesNameTheNearestForm() {
        let cases: [(String, String)] = [
            ("VSTEP B", "the nearest known form is \"VSTEP B1\""),
            ("IELTS", "the nearest known form is \"IELTS 6.5\""),
            ("bậc 7", "the nearest known form is \"bậc 1 … bậc 6\""),
            ("IELTS 12", "an IELTS score outside 0…9"),
            ("TOEFL ITP 700", "a TOEFL ITP score outside 310…677"),
            ("bậc 3 (B2)", "names two different levels (bậc 3 and bậc 4); write one"),
        ]
        for (cell, says) in cases {
            let p = Roster.aggregate(csv: roster(row: 2, "EMP-1001,x,u,CBCC,no,yes,1990,,\(cell)"), asOf: 2026).problems
            #expect(p.count == 1 && p[0].column == "certificate" && p[0].message.contains(says), "\(cell): \(p)")
            // The cell's value is never repeated (personal data policy), except as a known form.
            #expect(!p.description.contains("\"\(cell)\""), "\(p)")
        }
    }

    static func write(_ text: String, _ ext: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cert-\(UUID().uuidString).\(ext)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aProvinceTableReplacesTheBandsOfTheTestsItNames() throws {
        // A province asking IELTS 5.0 for level 4 and TOEIC 450 for level 3 (and nothing else changed).
        for (text, ext) in [("IELTS: {4.0: 3, 5.0: 4, 7.0: 5}\nTOEIC: {450: 3, 600: 4}\n", "yaml"),
                            ("test,min_score,level\r\nIELTS,4.0,3\r\nIELTS,5.0,4\r\nIELTS,7.0,5\r\nTOEIC,450,3\r\nTOEIC,600,4\r\n", "csv")] {
            let path = try Self.write(text, ext)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let t = try CertificateTable.load(path: path)
            #expect(Roster.level(from: "IELTS 5.0", table: t) == 4)
            #expect(Roster.level(from: "IELTS 3.5", table: t) == 0)   // below the province's lowest band
            #expect(Roster.level(from: "TOEIC 500", table: t) == 3)
            #expect(Roster.level(from: "TOEIC 990", table: t) == 4)
            #expect(Roster.level(from: "TOEFL iBT 50", table: t) == 4)  // untouched default
            // VC under 40 at level 4 by this table: EMP-1004 (IELTS 5.0), EMP-1006 (TOEIC 600, level 3 by
            // default) and EMP-1007 (bậc 4); EMP-1005 is over 40.
            #expect(Roster.aggregate(csv: roster(row: 5, "EMP-1004,x,u,VC,no,no,1995,,IELTS 5.0"), asOf: 2026, certificates: t)
                .segments.first { $0.id == "vc-u40" }?.headcount[4] == 3)
            #expect(Roster.aggregate(csv: roster(row: 5, "EMP-1004,x,u,VC,no,no,1995,,IELTS 5.0"), asOf: 2026)
                .segments.first { $0.id == "vc-u40" }?.headcount[4] == 1)
        }
    }

    @Test func aBadProvinceTableIsReportedByLineAndColumn() throws {
        let yaml = "IELTS: {4.0: 3, 5.5: 2}\nTOEFL ibt: {30: 3}\nTOIEC: {450: 3}\nVSTEP: {4,0: 3, 11: 4}\n"
        let path = try Self.write(yaml, "yaml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try CertificateTable.load(path: path)
            Issue.record("accepted")
        } catch {
            let text = error.description
            #expect(text.contains("\(path):1:17: IELTS.5.5: IELTS 5.5 gives level 2, below level 3 at the lower score 4; levels must not fall as scores rise"), "\(text)")
            #expect(text.contains("\(path):3:1: TOIEC: found \"TOIEC\", expected a test: IELTS, TOEIC, TOEFL iBT, TOEFL ITP, VSTEP; did you mean TOEIC?"), "\(text)")
            #expect(text.contains("\(path):4:9: VSTEP.4: found no level after 4; write {minimum score: level}, and a score with a decimal point"), "\(text)")
            #expect(text.contains("\(path):4:17: VSTEP.11: found \"11\", expected a VSTEP score 0…10"), "\(text)")
            #expect(error.issues.count == 4, "\(text)")
        }
    }
}

/// Issue 11 item 4: every reader takes CRLF (Windows) and CR-only line ends as it takes LF.
@Suite struct LineEndingTests {
    @Test(arguments: ["\r\n", "\r"])
    func scenarioReadsTheSameWithAnyLineEnds(_ ending: String) throws {
        let lf = try ScenarioLoader.parse(yaml: baseYAML, file: "t.yaml")
        #expect(try ScenarioLoader.parse(yaml: baseYAML.replacingOccurrences(of: "\n", with: ending), file: "t.yaml") == lf)
        // Problems are reported on the same line and column.
        let (broken, line, column) = edited("seats_per_term: 500", "seats_per_term: -5")
        let found = issues(broken.replacingOccurrences(of: "\n", with: ending))
        #expect(found.map(\.line) == [line] && found.map(\.column) == [column + 16], "\(found)")
    }

    @Test(arguments: ["\r\n", "\r"])
    func certificateTablesRead(_ ending: String) throws {
        let table = "test,min_score,level\nIELTS,5.0,4\n".replacingOccurrences(of: "\n", with: ending)
        let t = try CertificateTable.parse(table, file: "t.csv", csv: true)
        #expect(Roster.level(from: "IELTS 5.0", table: t) == 4)
        let yamlTable = "IELTS:\n  5.0: 4\nTOEIC: {500: 3}\n".replacingOccurrences(of: "\n", with: ending)
        let y = try CertificateTable.parse(yamlTable, file: "t.yaml", csv: false)
        #expect(Roster.level(from: "IELTS 5.0", table: y) == 4 && Roster.level(from: "TOEIC 500", table: y) == 3)
    }
}

/// Issue 11 item 3 for scenarios: Notepad's "Unicode" (UTF-16 with a byte order mark) reads as the same scenario.
@Suite struct ScenarioEncodingTests {
    @Test(arguments: [true, false])
    func utf16ScenarioReads(littleEndian: Bool) throws {
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for u in baseYAML.replacingOccurrences(of: "\n", with: "\r\n").utf16 {
            bytes += littleEndian ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)]
        }
        let reading = ScenarioLoader.read(data: Data(bytes), name: "u16.yaml")
        #expect(reading.issues.isEmpty, "\(reading.issues)")
        #expect(reading.scenario == (try ScenarioLoader.parse(yaml: baseYAML, file: "t.yaml")))
    }

    @Test func windows1258IsRefusedWithHowToSave() {
        let bytes = Array("name: Nguy".utf8) + [0xEA, 0xDE] + Array("n\n".utf8)
        let issues = ScenarioLoader.read(data: Data(bytes), name: "w.yaml").issues
        #expect(issues.map(\.description) == ["w.yaml:1:1: file is not UTF-8 text (binary, or saved in another encoding such as Windows-1258), expected YAML text in UTF-8; save it as UTF-8 (in Notepad: Save As › Encoding: UTF-8)"])
    }
}
