import Foundation
import Testing

/// `template` and `convert` as a user runs them, and every scenario command taking the workbook.
@Suite(.serialized) struct WorkbookCommandTests {
    /// The checksum `validate` prints for a file.
    static func checksum(_ path: String) throws -> String? {
        let v = try langplan("validate", path)
        guard v.status == 0, let r = v.stdout.range(of: "(checksum ") else { return nil }
        return String(v.stdout[r.upperBound...].prefix(16))
    }

    /// tiny.yaml → workbook → YAML: `validate` prints one checksum for all three; a second
    /// convert onto an existing file is refused without --force and leaves it byte for byte.
    @Test func convertRoundTripAndNoOverwrite() throws {
        let dir = temporaryDirectory("convert")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = try #require(try Self.checksum("scenarios/tiny.yaml"))
        let xlsx = dir + "/tiny.xlsx", yaml = dir + "/tiny.yaml"
        #expect(try langplan("convert", "scenarios/tiny.yaml", xlsx).status == 0)
        #expect(try langplan("convert", xlsx, yaml).status == 0)
        #expect(try Self.checksum(xlsx) == original)
        #expect(try Self.checksum(yaml) == original)
        let before = try Data(contentsOf: URL(fileURLWithPath: xlsx))
        let again = try langplan("convert", "scenarios/duong-minh-chau.yaml", xlsx)
        #expect(again.status == 1 && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: xlsx)) == before)
        #expect(try langplan("convert", "scenarios/duong-minh-chau.yaml", xlsx, "--force").status == 0)
        #expect(try Self.checksum(xlsx) == (try Self.checksum("scenarios/duong-minh-chau.yaml")))
        let bad = try langplan("convert", "scenarios/tiny.yaml", dir + "/tiny.txt")
        #expect(bad.status != 0 && bad.stderr.contains(".xlsx, .yaml or .yml"), "\(bad.stderr)")
    }

    /// The empty template, English headers: `validate` names each thing to fill in at its cell;
    /// `plan` on the workbook refuses with the same list (every command reads workbooks).
    @Test func emptyTemplateTellsWhatToFillIn() throws {
        let dir = temporaryDirectory("template")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let xlsx = dir + "/s.xlsx"
        #expect(try langplan("template", "--xlsx", xlsx, "--lang", "en").status == 0)
        let v = try langplan("validate", xlsx)
        #expect(v.status == 1)
        #expect(v.stdout.contains("s.xlsx:Horizon!B2: name: missing required field name"), "\(v.stdout)")
        #expect(v.stdout.contains("s.xlsx:Segments!A1: segments: found an empty list"), "\(v.stdout)")
        let plan = try langplan("plan", xlsx, "--out", dir + "/plan")
        #expect(plan.status == 1 && plan.stderr.contains("Horizon!B2"), "\(plan.stderr)")
        let refused = try langplan("template", "--xlsx", xlsx)
        #expect(refused.status == 1 && refused.stderr.contains("--force"))
    }

    /// A roster into a workbook scenario: tiny's one segment is replaced by the three groups of
    /// three CBCC staff (1990 B2 leader → level 4, under 40; 1980 level 3; 1970 commune level 3),
    /// written as a workbook that `validate` reads: 3 people, two at level 3 and one at level 4.
    @Test func rosterIntoWorkbookScenario() throws {
        let dir = temporaryDirectory("roster-into")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let roster = dir + "/staff.csv", book = dir + "/tiny.xlsx", into = dir + "/new.xlsx"
        try """
            id,name,unit,category,commune,leader,birth_year,level,certificate
            E1,Anh Nguyen,A,CBCC,no,yes,1990,,B2
            E2,Binh Tran,A,CBCC,no,no,1980,3,
            E3,Cuong Le,B,cbcc,yes,no,1970,3,

            """.write(toFile: roster, atomically: true, encoding: .utf8)
        #expect(try langplan("convert", "scenarios/tiny.yaml", book).status == 0)
        let run = try langplan("import-roster", roster, "--into", into, "--scenario", book, "--as-of", "2026")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let v = try langplan("validate", into)
        #expect(v.status == 0, "\(v.stdout)")
        #expect(v.stdout.contains("segments    3, 3 people; by level 0..6: 0 / 0 / 0 / 2 / 1 / 0 / 0"), "\(v.stdout)")
        // The temporary folder's random name may hold "E1"; look only at what langplan itself said.
        let said = (run.stdout + run.stderr + v.stdout).replacingOccurrences(of: dir, with: "<dir>")
        for personal in ["E1", "Anh Nguyen", "Binh", "Cuong"] { #expect(!said.contains(personal)) }
        let again = try langplan("import-roster", roster, "--into", into, "--scenario", book, "--as-of", "2026")
        #expect(again.status == 1 && again.stderr.contains("--force"))
    }
}
