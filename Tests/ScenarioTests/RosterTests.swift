import Foundation
import Testing
@testable import Scenario

let goodRoster = """
id,name,unit,category,commune,leader,birth_year,level,certificate
EMP-1001,Nguyễn Văn An,Sở Nội vụ,CBCC,no,yes,1990,,B2
EMP-1002,"Trần Thị, Bình",Sở Nội vụ,CBCC,no,no,1980,3,
EMP-1003,Lê Văn Cường,Phường 1,cbcc,yes,no,1970,,
EMP-1004,Phạm Thị Dung,Bệnh viện A,VC,no,no,1995,,IELTS 6.5
EMP-1005,Hoàng Văn Em,Bệnh viện A,VC,no,yes,1980,,VSTEP B1
EMP-1006,Võ Thị Giang,Trường B,VC,no,no,1999,,TOEIC 600
EMP-1007,Đỗ Văn Hùng,Trường B,VC,no,no,1987,,bậc 4

"""

/// Names and ids in `goodRoster`, which must never appear in any output.
let personalData = ["EMP-1001", "EMP-1002", "EMP-1003", "EMP-1004", "EMP-1005", "EMP-1006", "EMP-1007",
                    "Nguyễn Văn An", "Bình", "Cường", "Dung", "Hoàng", "Giang", "Hùng"]

/// `goodRoster` with row `n` (the header is row 1) replaced.
func roster(row n: Int, _ text: String) -> String {
    var lines = goodRoster.components(separatedBy: "\n")
    lines[n - 1] = text
    return lines.joined(separator: "\n")
}

@Suite struct RosterImportTests {
    @Test func countsBySegmentAndLevel() {
        let r = Roster.aggregate(csv: goodRoster, asOf: 2026)
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.people == 7 && r.units == 4)
        let byID = Dictionary(uniqueKeysWithValues: r.segments.map { ($0.id, $0) })
        #expect(byID["cbcc-leader-u40"]?.headcount == [0, 0, 0, 0, 1, 0, 0])
        #expect(byID["cbcc-40plus"]?.headcount == [0, 0, 0, 1, 0, 0, 0])
        #expect(byID["cbcc-commune-40plus"]?.headcount == [1, 0, 0, 0, 0, 0, 0])
        #expect(byID["vc-u40"]?.headcount == [0, 0, 0, 1, 2, 0, 0])       // TOEIC 600 → 3, IELTS 6.5 → 4, bậc 4 (aged 39)
        #expect(byID["vc-leader-40plus"]?.headcount == [0, 0, 0, 1, 0, 0, 0])
        #expect(byID["vc-u40"]?.tags == ["vc", "under40"])
        #expect(byID["cbcc-commune-40plus"]?.tags == ["cbcc", "commune"])
        // One of the three under-40 VC is 39: a third ages out each year.
        #expect(byID["vc-u40"]?.demography.transfers == [Transfer(to: "vc-40plus", share: 0.333)])
        #expect(byID["vc-40plus"]?.headcount == [0, 0, 0, 0, 0, 0, 0])
        #expect(r.segments.reduce(0) { $0 + $1.total } == 7)
    }

    @Test func asOfMovesPeopleAcrossForty() {
        let early = Roster.aggregate(csv: goodRoster, asOf: 2020)
        #expect(early.segments.first { $0.id == "cbcc-u40" } == nil)   // born 1980: 40 in 2020, so not under 40
        let r2020 = Dictionary(uniqueKeysWithValues: early.segments.map { ($0.id, $0.total) })
        #expect(r2020["cbcc-40plus"] == 1 && r2020["vc-leader-40plus"] == 1 && r2020["vc-u40"] == 3)
        let r2035 = Dictionary(uniqueKeysWithValues: Roster.aggregate(csv: goodRoster, asOf: 2035).segments.map { ($0.id, $0.total) })
        #expect(r2035["cbcc-leader-40plus"] == 1 && r2035["vc-u40"] == 1 && r2035["vc-40plus"] == 2)
    }

    @Test(arguments: [
        ("B1", 3), ("b2", 4), ("VSTEP B2", 4), ("VSTEP 6.0", 4), ("vstep 5,5", 3), ("VSTEP 8.5", 5), ("A2", 2), ("C2", 6),
        ("IELTS 6.0", 4), ("IELTS 7.5", 5), ("IELTS 4.5", 3), ("IELTS 3.0", 2), ("TOEIC 800", 4), ("TOEIC 550", 3),
        ("TOEFL iBT 80", 4), ("bậc 3", 3), ("Bac 5", 5), ("level 2", 2), ("5", 5), ("", 0), ("none", 0), ("Cambridge C1", 5),
    ])
    func certificateLevels(_ text: String, _ level: Int) {
        #expect(Roster.level(from: text) == level, "\(text)")
    }

    @Test(arguments: ["7", "-1", "IELTS 12", "TOEIC 5000", "Z9", "fluent"])
    func unknownCertificates(_ text: String) { #expect(Roster.level(from: text) == nil) }

    func problems(_ csv: String) -> [RosterProblem] { Roster.aggregate(csv: csv, asOf: 2026).problems }

    @Test func badLevel() {
        let p = problems(roster(row: 3, "EMP-1002,Trần Bình,Sở Nội vụ,CBCC,no,no,1980,9,"))
        #expect(p == [RosterProblem(row: 3, column: "level", message: p.first?.message ?? "")] && p[0].message.contains("expected a level 0...6"), "\(p)")
    }

    @Test func unknownCertificate() {
        let p = problems(roster(row: 5, "EMP-1004,Phạm Dung,Bệnh viện A,VC,no,no,1995,,DELF B1x"))
        #expect(p.count == 1 && p[0].row == 5 && p[0].column == "certificate", "\(p)")
    }

    @Test func unknownCategory() {
        let p = problems(roster(row: 2, "EMP-1001,Nguyễn An,Sở Nội vụ,contractor,no,yes,1990,,B2"))
        #expect(p.count == 1 && p[0].row == 2 && p[0].column == "category" && p[0].message.contains("CBCC or VC"), "\(p)")
    }

    @Test func badYesNo() {
        let p = problems(roster(row: 4, "EMP-1003,Lê Cường,Phường 1,CBCC,maybe,no,1970,,"))
        #expect(p.count == 1 && p[0].row == 4 && p[0].column == "commune", "\(p)")
    }

    @Test(arguments: ["19x0", "1890", "2020", ""])
    func badYear(_ year: String) {
        let p = problems(roster(row: 6, "EMP-1005,Hoàng Em,Bệnh viện A,VC,no,yes,\(year),,VSTEP B1"))
        #expect(p.count == 1 && p[0].row == 6 && p[0].column == "birth_year", "\(p)")
    }

    @Test func duplicateID() {
        let p = problems(roster(row: 7, "EMP-1002,Võ Giang,Trường B,VC,no,no,1999,,TOEIC 600"))
        #expect(p.count == 1 && p[0].row == 7 && p[0].column == "id" && p[0].message == "the same id as row 3", "\(p)")
    }

    @Test func missingColumn() {
        let csv = goodRoster.replacingOccurrences(of: "birth_year", with: "birthday")
        let p = problems(csv)
        #expect(p.count == 1 && p[0].row == 1 && p[0].column == "birth_year" && p[0].message.hasPrefix("missing column"), "\(p)")
        let noLevel = problems("id,category,commune,leader,birth_year\n1,CBCC,no,no,1990\n")
        #expect(noLevel.map(\.column) == ["level (or certificate)"])
    }

    @Test func wrongFieldCount() {
        let p = problems(roster(row: 3, "EMP-1002,Trần Bình,Sở Nội vụ,CBCC,no,no,1980,3"))
        #expect(p.count == 1 && p[0].row == 3 && p[0].column == "" && p[0].message == "has 8 fields, the header has 9", "\(p)")
    }

    @Test func unclosedQuote() {
        let p = problems(roster(row: 4, "EMP-1003,\"Lê Cường,Phường 1,CBCC,yes,no,1970,,"))
        #expect(p.count == 1 && p[0].row == 4 && p[0].message.contains("not closed"), "\(p)")
    }

    @Test func emptyRoster() {
        #expect(problems("").first?.message.contains("empty") == true)
        #expect(problems("\n\n").first?.message.contains("empty") == true)
    }

    @Test func quotedFieldsWithNewlinesAndSemicolons() {
        let csv = "id;name;category;commune;leader;birth_year;level\r\n1;\"Anh\r\nhai dòng\";VC;no;no;1990;4\r\n2;\"Bé \"\"Ba\"\"\";VC;no;no;1991;B1\r\n"
        let r = Roster.aggregate(csv: csv, asOf: 2026)
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.segments.first?.headcount == [0, 0, 0, 1, 1, 0, 0])
        let bad = Roster.aggregate(csv: csv + "3;x;VC;no;no;1990;9\r\n", asOf: 2026)
        #expect(bad.problems.first?.row == 5, "rows count records, and a quoted line break stays in its record: \(bad.problems)")
    }

    @Test func problemsNeverShowPersonalData() {
        let broken = goodRoster
            .replacingOccurrences(of: "EMP-1002,\"Trần Thị, Bình\",Sở Nội vụ,CBCC,no,no,1980,3,", with: "EMP-1002,\"Trần Thị, Bình\",Sở Nội vụ,Bình,no,no,19x0,9,")
            .replacingOccurrences(of: "EMP-1006,Võ Thị Giang", with: "EMP-1001,Võ Thị Giang")
            + "EMP-1007,Đỗ Văn Hùng,Trường B,Hùng,Hùng,Hùng,Hùng,Hùng\n"
        let r = Roster.aggregate(csv: broken, asOf: 2026)
        #expect(r.problems.count >= 5)
        let text = r.problems.map(\.description).joined(separator: "\n")
        for word in personalData { #expect(!text.contains(word), "\(word) leaked into: \(text)") }
    }

    @Test func writtenFilesHoldOnlyCounts() throws {
        let r = Roster.aggregate(csv: goodRoster, asOf: 2026)
        let text = Roster.segmentsFile(r)
        for word in personalData + ["Sở Nội vụ", "Bệnh viện A"] { #expect(!text.contains(word), "\(word)") }
        // The segments file is valid YAML of segments: splice it into tiny.yaml's place and load it.
        let template = try String(contentsOfFile: shipped("tiny.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "funds: {all: [cbcc]}", with: "funds: {}")
            .replacingOccurrences(of: "filter: {all: [cbcc]}", with: "filter: {all: [cbcc], none: [commune]}")
        let spliced = try Roster.splice(r, into: template, file: "tiny.yaml")
        #expect(spliced.contains("# tiny.yaml: a hand-checkable scenario"), "comments outside segments are kept")
        for word in personalData { #expect(!spliced.contains(word)) }
        let s = try ScenarioLoader.parse(yaml: spliced.replacingOccurrences(of: "from_level: 3", with: "from_level: 0").replacingOccurrences(of: "to_level: 4", with: "to_level: 5").replacingOccurrences(of: "level: 4\n", with: "level: 1\n"), file: "spliced.yaml")
        #expect(s.segments.map(\.id) == r.segments.map(\.id))
        #expect(s.segments.reduce(0) { $0 + $1.total } == 7)
    }

    @Test func spliceKeepsTemplateSegmentSettings() throws {
        let r = Roster.aggregate(csv: goodRoster, asOf: 2026)
        let template = """
            name: t
            segments:
              - id: vc-u40
                name: Young VC
                tags: [vc, under40, hospital]
                headcount: [1, 0, 0, 0, 0, 0, 0]
                priority: 2
                preferred_windows: [sat]
            # courses follow
            courses: []
            """
        let out = try Roster.splice(r, into: template, file: "t.yaml")
        #expect(out.contains("    name: Young VC\n    tags: [vc, under40, hospital]\n    headcount: [0, 0, 0, 1, 2, 0, 0]\n    demography:\n      transfers:\n        - {to: vc-40plus, share: 0.333}\n"), "\(out)")
        #expect(out.contains("    priority: 2\n    preferred_windows: [sat]"))
        #expect(out.contains("# courses follow\ncourses: []"))
        #expect(!out.contains("[1, 0, 0, 0, 0, 0, 0]\n    priority"))
    }

    @Test func refusesToOverwriteWithoutForce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("segments.yaml").path
        try "keep me\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RosterWriteError.self) { try Roster.write("new\n", to: path, force: false) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")
        try Roster.write("new\n", to: path, force: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        let fresh = dir.appendingPathComponent("fresh.yaml").path
        try Roster.write("x\n", to: fresh, force: false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["fresh.yaml", "segments.yaml"], "no temporary file is left behind")
        #expect(throws: RosterWriteError.self) { try Roster.write("x\n", to: dir.appendingPathComponent("no/such/dir.yaml").path, force: true) }
    }
}

@Suite struct RosterSpliceEdges {
    @Test func flowStyleTemplateIsRefusedCleanly() {
        let r = Roster.aggregate(csv: goodRoster, asOf: 2026)
        #expect(throws: ScenarioError.self) { try Roster.splice(r, into: "{name: t, segments: [], courses: []}", file: "t.yaml") }
        // CR-only line ends (old Mac editors) are spliced like LF ones and kept (issue 11 item 4).
        let cr = try? Roster.splice(r, into: "name: t\rsegments: []\rcourses: []\r", file: "t.yaml")
        #expect(cr?.hasPrefix("name: t\rsegments:\r  - id: ") == true && cr?.contains("\n") == false && cr?.hasSuffix("courses: []\r") == true)
        #expect(throws: ScenarioError.self) { try Roster.splice(r, into: "- a\n", file: "t.yaml") }
        let appended = try? Roster.splice(r, into: "name: t\ncourses: []", file: "t.yaml")
        #expect(appended?.hasPrefix("name: t\ncourses: []\nsegments:\n") == true)
    }
}
