import Foundation
import TestSupport
import Spreadsheet
import Testing
@testable import Scenario

/// Programs the workbook tests drive: python3 with openpyxl (make_workbooks.py), LibreOffice.
enum Tools {
    static func find(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let python = find("python3")
    static let soffice = find("soffice")
    static let openpyxl: Bool = python.map { (try? run($0, ["-c", "import openpyxl.cell.rich_text"]))?.status == 0 } ?? false
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("make_workbooks.py").path

    @discardableResult
    static func run(_ exe: String, _ args: [String], in dir: String? = nil) throws -> (status: Int32, out: String) {
        // LibreOffice needs a profile of its own per run so that parallel tests do not share one.
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = dir ?? NSTemporaryDirectory()
        let r = try runChild(exe, args, directory: dir ?? FileManager.default.currentDirectoryPath, environment: env)
        return (r.status, String(decoding: r.stdout, as: UTF8.self))
    }

    /// The workbooks make_workbooks.py writes, made once per test run.
    static let made: String? = {
        guard openpyxl, let python else { return nil }
        let dir = NSTemporaryDirectory() + "langplan-wb-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard (try? run(python, [script, dir]))?.status == 0 else { return nil }
        return dir
    }()

    /// `soffice --headless --convert-to FORMAT` of `path` into a new folder; the converted file's path.
    static func libreOffice(_ path: String, to format: String, infilter: String? = nil) throws -> String {
        let out = NSTemporaryDirectory() + "langplan-lo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let r = try run(soffice!, ["--headless", "--norestore", "-env:UserInstallation=file://\(out)/profile"]
                        + (infilter.map { ["--infilter=\($0)"] } ?? []) + ["--convert-to", format, "--outdir", out, path], in: out)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + "." + (format.split(separator: ":").first.map(String.init) ?? format)
        let converted = out + "/" + name
        guard r.status == 0, FileManager.default.fileExists(atPath: converted) else {
            throw Failure(message: "soffice could not convert \(path) to \(format)")
        }
        return converted
    }

    struct Failure: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

/// A workbook's bytes as `Workbook.write` puts them on disk.
func workbookData(_ book: Workbook) throws -> Data {
    let path = NSTemporaryDirectory() + "langplan-\(UUID().uuidString).xlsx"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try book.write(to: path)
    return try Data(contentsOf: URL(fileURLWithPath: path))
}

/// tiny.yaml with the second teacher group the openpyxl workbook adds (make_workbooks.py):
/// count 1, max level 6, 120 periods a term, 500,000 VND a period, the default session limits.
func tinyPlusSenior() throws -> Scenario {
    var s = try ScenarioLoader.load(path: shipped("tiny.yaml"))
    s.institutions[0].teachers.append(TeacherGroup(id: "senior", count: 1, maxLevel: 6, hoursPerTerm: 120, payPerPeriod: 500_000,
                                                   maxSessionsPerWeek: 12, maxSessionsPerDay: 2, unavailable: []))
    return s
}

@Suite struct WorkbookScenarioTests {
    static let shippedNames = ["tiny.yaml", "duong-minh-chau.yaml", "labour-confederation.yaml", "hcmc-2026.yaml"]

    /// YAML → workbook (Vietnamese and English headers) → scenario: the same scenario, field for
    /// field, hence the same checksum; and workbook → canonical YAML → scenario keeps it too.
    @Test(arguments: shippedNames)
    func shippedScenarioRoundTrips(_ name: String) throws {
        let original = try ScenarioLoader.load(path: shipped(name))
        for language in [ScenarioWorkbook.Language.vi, .en] {
            let data = try workbookData(ScenarioWorkbook.workbook(original, language: language))
            let reading = ScenarioLoader.read(data: data, name: "x.xlsx")
            #expect(reading.format == .workbook)
            #expect(reading.issues.isEmpty, "\(reading.issues.prefix(3))")
            let back = try #require(reading.scenario)
            #expect(back == original)
            #expect(back.checksum == original.checksum)
            let yaml = try ScenarioLoader.parse(yaml: back.canonicalYAML, file: "back.yaml")
            #expect(yaml.checksum == original.checksum)
        }
    }

    /// Fields no shipped scenario sets (an open budget, `any` filters, a name with quotes and
    /// commas, absent optional names and limits, a holiday range) survive the workbook too.
    @Test func rarerFieldsRoundTrip() throws {
        var s = try ScenarioLoader.load(path: shipped("hcmc-2026.yaml"))
        s.name = "Kế hoạch \"thử\": 2026–2030, bản 1"
        s.description = nil
        s.budgets[0].open = true
        s.budgets[0].amounts = [:]
        let tag = try #require(s.segments[0].tags.first)
        s.targets[0].filter.any = [tag]
        s.payers[0].funds.any = [tag]
        s.calendar.holidays.append("2027-02-01..2027-02-05")
        s.exams.seatsPerTerm = nil
        s.segments[0].name = nil
        s.segments[0].maxShareInTraining = 0.15
        s.courses[0].name = nil
        try #require(validate(s).isEmpty, "\(validate(s).prefix(3))")
        for language in [ScenarioWorkbook.Language.vi, .en] {
            let back = ScenarioLoader.read(data: try workbookData(ScenarioWorkbook.workbook(s, language: language)), name: "r.xlsx")
            #expect(back.issues.isEmpty, "\(back.issues.prefix(3))")
            #expect(back.scenario == s)
        }
    }

    /// A workbook typed in openpyxl the way a planner might (see make_workbooks.py: English
    /// headers in another order, a title row, 1904 dates, time cells, rich text, numbers as
    /// text, booleans, a percent format, merged cells, a hidden sheet, empty styled rows) reads
    /// as tiny.yaml plus the one teacher group it adds.
    @Test(.enabled(if: Tools.openpyxl, "python3 with openpyxl 3.1 is needed (make test-deps)"))
    func openpyxlWorkbookReadsAsTyped() throws {
        let dir = try #require(Tools.made)
        let s = try ScenarioLoader.load(path: dir + "/openpyxl-tiny.xlsx")
        #expect(s == (try tinyPlusSenior()))
    }

    /// Formulas: openpyxl saves none of their results, and each such cell is named; once
    /// LibreOffice has opened and saved the file (computing =40+60, =1/2, =2*125000000), the
    /// saved results are read and the scenario is the one typed as numbers.
    @Test(.enabled(if: Tools.openpyxl && Tools.soffice != nil, "openpyxl and LibreOffice are needed (make test-deps)"))
    func formulasReadThroughTheirSavedResults() throws {
        let dir = try #require(Tools.made)
        do {
            _ = try ScenarioLoader.load(path: dir + "/formulas.xlsx")
            Issue.record("a workbook with uncomputed formulas was accepted")
        } catch {
            let cells = Set(error.issues.filter { $0.message.contains("formula whose result was never saved") }.compactMap(\.cell))
            #expect(cells == ["Horizon!B10", "Segments!A4", "Budgets!C2"])
            // Nothing more: not the "missing headcount" or "missing years" those cells imply.
            #expect(error.issues.count == 3, "\(error.issues)")
        }
        let computed = try Tools.libreOffice(dir + "/formulas.xlsx", to: "xlsx")
        #expect(try ScenarioLoader.load(path: computed) == (try tinyPlusSenior()))
    }

    /// LibreOffice re-saving langplan's workbook (shared strings, its own styles and parts)
    /// changes nothing the reader sees.
    @Test(.enabled(if: Tools.soffice != nil, "LibreOffice is needed (make test-deps)"))
    func libreOfficeResavedWorkbookKeepsTheChecksum() throws {
        let original = try ScenarioLoader.load(path: shipped("duong-minh-chau.yaml"))
        let path = NSTemporaryDirectory() + "duong-\(UUID().uuidString).xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ScenarioWorkbook.workbook(original).write(to: path)
        let resaved = try Tools.libreOffice(path, to: "xlsx")
        #expect(try ScenarioLoader.load(path: resaved).checksum == original.checksum)
    }

    /// The empty template as LibreOffice saves it, read by openpyxl: the Vietnamese sheet names
    /// and headers, and the drop-down lists (modes, levels, có/không, payers from their sheet).
    @Test(.enabled(if: Tools.openpyxl && Tools.soffice != nil, "openpyxl and LibreOffice are needed (make test-deps)"))
    func templateSurvivesLibreOffice() throws {
        let path = NSTemporaryDirectory() + "template-\(UUID().uuidString).xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ScenarioWorkbook.workbook(nil).write(to: path)
        let resaved = try Tools.libreOffice(path, to: "xlsx")
        let json = try Tools.run(Tools.python!, [Tools.script, "inspect", resaved]).out
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let byName = Dictionary(sheets.map { ($0["name"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(sheets.map { $0["name"] as! String } == ["Kế hoạch", "Học kỳ", "Ca học", "Ngày nghỉ", "Nhóm cán bộ", "Biến động",
            "Luân chuyển", "Khóa học", "Hình thức học", "Cơ sở đào tạo", "Phòng học", "Giáo viên", "Nguồn kinh phí",
            "Ngân sách", "Mục tiêu", "Kết quả trước", "Hướng dẫn"])
        #expect((byName["Nhóm cán bộ"]?["header"] as? [String])?.prefix(4) == ["Mã nhóm", "Tên nhóm", "Nhãn", "Số người bậc 0"])
        #expect((byName["Ngân sách"]?["header"] as? [Any])?.count == 7)  // payer, open, 2026…2030
        func lists(_ sheet: String) -> [String: String] {
            Dictionary(((byName[sheet]?["lists"] as? [[String: String]]) ?? []).map { ($0["range"]!, $0["formula"]!) },
                       uniquingKeysWith: { a, _ in a })
        }
        #expect(lists("Hình thức học")["B2:B500"] == "\"in_person,online,self_study,abroad\"")
        #expect(lists("Khóa học")["C2:C500"] == "\"0,1,2,3,4,5,6\"")
        #expect(lists("Khóa học")["G2:G500"] == "\"có,không\"")
        #expect(lists("Ngân sách")["A2:A500"]?.contains("Nguồn kinh phí") == true)
        #expect(lists("Kế hoạch")["B9"] == "\"có,không\"")
        let notes = try #require(byName["Hướng dẫn"]?["header"] as? [String])
        #expect(notes == ["Trang", "Cột", "Trường YAML", "Ý nghĩa và đơn vị"])
    }

    /// The broken corpus: one problem per workbook, each reported at its sheet and cell with
    /// the field path and what was expected, all at once and nothing else crashing.
    @Test(.enabled(if: Tools.openpyxl, "python3 with openpyxl 3.1 is needed (make test-deps)"), arguments: [
        ("money-dots", "Teachers!F2", "institutions[0].teachers[0].pay_per_period_vnd",
         "if you mean 400000, write 400000 or 400_000, without dots (expected an amount in VND (whole number)); in the workbook, type the digits alone"),
        ("decimal-comma", "'Course modes'!C2", "courses[0].modes[0].pass_rate",
         "found 0,8, a decimal comma; write 0.8 (or 80%) with a decimal point (expected a share 0...1); in the workbook, type it with a decimal point"),
        ("text-in-number", "Segments!A4", "segments[0].headcount[3]", "found text \"about a hundred\", expected a whole number of people"),
        ("share-out-of-range", "'Course modes'!C2", "courses[0].modes[0].pass_rate", "pass rate 1.4 is outside 0...1"),
        ("bool-word", "Courses!G2", "courses[0].exam", "found text \"maybe\", expected true or false"),
        ("unknown-column", "Segments!C3", "segments", "unknown column \"Tagz\"; did you mean \"Tags\"?"),
        ("unknown-parent", "Rooms!A2", "institutions", "found \"schol\", which is not an id on sheet \"Institutions\"; did you mean school?"),
        ("date-in-money", "Budgets!C2", "budgets[0].years.2026", "the cell is formatted as a date"),
        ("error-cell", "Segments!A4", "segments[0].headcount[3]", "spreadsheet error #DIV/0!"),
        ("missing-sheet", "Budgets!A2", "budgets[0].payer", "unknown payer \"state\""),
        ("missing-field", "Horizon!B5", "horizon.end_year", "missing required field end_year"),
        ("year-outside", "Targets!E2", "targets[0].milestones.2031", "year 2031 is outside the horizon 2026...2026"),
        ("date-text", "Holidays!A2", "calendar.holidays[0]", "found \"30/04/2026\", expected a date \"YYYY-MM-DD\""),
        ("two-sheets", "'Nhóm cán bộ'!A1", "segments", "sheets \"Segments\" and \"Nhóm cán bộ\" both hold segments"),
        ("second-row", "Demography!A3", "segments[0].demography", "a second row for segment staff"),
    ])
    func brokenWorkbookNamesTheCell(_ name: String, _ cell: String, _ path: String, _ fragment: String) throws {
        let dir = try #require(Tools.made)
        let reading = ScenarioLoader.read(data: try Data(contentsOf: URL(fileURLWithPath: "\(dir)/broken-\(name).xlsx")), name: "b.xlsx")
        #expect(reading.scenario == nil)
        let hit = reading.issues.first { $0.cell == cell && $0.path == path && $0.message.contains(fragment) }
        #expect(hit != nil, "\(reading.issues.map(\.description))")
        #expect(hit?.description.hasPrefix("b.xlsx:\(cell): \(path): ") == true)
    }

    /// A hidden sheet is part of the workbook: hiding Payers changes nothing.
    @Test(.enabled(if: Tools.openpyxl, "python3 with openpyxl 3.1 is needed (make test-deps)"))
    func hiddenSheetIsRead() throws {
        let dir = try #require(Tools.made)
        #expect(try ScenarioLoader.load(path: dir + "/fine-hidden-payers.xlsx") == (try tinyPlusSenior()))
    }

    /// A missing sheet is named with the sheets the workbook has, instead of a bare "missing field".
    @Test(.enabled(if: Tools.openpyxl, "python3 with openpyxl 3.1 is needed (make test-deps)"))
    func missingSheetIsNamed() throws {
        let dir = try #require(Tools.made)
        let reading = ScenarioLoader.read(data: try Data(contentsOf: URL(fileURLWithPath: "\(dir)/broken-missing-sheet.xlsx")), name: "b.xlsx")
        #expect(reading.issues.contains { $0.path == "payers" && $0.message.hasPrefix("no sheet \"Nguồn kinh phí\" (or \"Payers\")") })
        #expect(!reading.issues.contains { $0.message.contains("missing required field payers") })
    }

    /// Not a workbook, or a damaged one: one clear issue, no crash.
    @Test func damagedWorkbookIsOneClearIssue() throws {
        var data = try workbookData(ScenarioWorkbook.workbook(try ScenarioLoader.load(path: shipped("tiny.yaml"))))
        data = data.prefix(data.count / 2)
        let reading = ScenarioLoader.read(data: data, name: "half.xlsx")
        #expect(reading.scenario == nil && reading.issues.count == 1)
        #expect(reading.issues.first?.description.hasPrefix("half.xlsx: ") == true)
        #expect(reading.issues.first?.message.contains("damaged") == true)
    }

    /// A roster workbook: counted like the CSV, problems by sheet, row and column letter,
    /// never a cell's value (the names and ids are personal data).
    @Test(.enabled(if: Tools.openpyxl, "python3 with openpyxl 3.1 is needed (make test-deps)"))
    func rosterWorkbookProblemsByRowAndLetter() throws {
        let dir = try #require(Tools.made)
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/roster.xlsx"))
        let read = try Roster.aggregate(workbook: data, sheet: nil, asOf: 2026)
        #expect(read.sheet == "Nhân sự")
        #expect(read.result.problems.map(\.description) == ["row 5, column G (birth_year): expected a year of birth between 1946 and 2011 (as of 2026)"])
        // Rows 2-4 are counted: 1990 B2 (under 40, leader) → level 4; 1980 level 3; 1970 commune, no level.
        #expect(read.result.people == 3)
        let text = read.result.problems.map(\.description).joined()
        #expect(!["EMP-4", "Dung", "nineteen"].contains { text.contains($0) })
        #expect(throws: WorkbookReadError.self) { try Roster.aggregate(workbook: data, sheet: "Sheet9", asOf: 2026) }
    }

    /// A CSV roster made into a workbook by LibreOffice counts exactly as the CSV does, for
    /// `import-roster` and for `replan --survey`.
    @Test(.enabled(if: Tools.soffice != nil, "LibreOffice is needed (make test-deps)"))
    func libreOfficeRosterCountsAsTheCSV() throws {
        let csvPath = NSTemporaryDirectory() + "roster-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: csvPath) }
        try goodRoster.write(toFile: csvPath, atomically: true, encoding: .utf8)
        // CSV options: comma, double quote, UTF-8 (76), from line 1.
        let xlsx = try Tools.libreOffice(csvPath, to: "xlsx", infilter: "CSV:44,34,76,1")
        let fromWorkbook = try Roster.aggregate(workbook: try Data(contentsOf: URL(fileURLWithPath: xlsx)), sheet: nil, asOf: 2026)
        let fromCSV = Roster.aggregate(csv: goodRoster, asOf: 2026)
        #expect(fromWorkbook.result.problems.isEmpty)
        #expect(fromWorkbook.result.segments == fromCSV.segments)
        #expect(fromWorkbook.result.people == 7)
        // `replan --survey roster.xlsx`: the survey from the workbook is the CSV's, segment for segment.
        var scenario = try ScenarioLoader.load(path: shipped("tiny.yaml"))
        scenario.segments = fromCSV.segments
        let surveyCSV = try Survey.fromRoster(path: csvPath, asOf: 2026, scenario: scenario)
        #expect(try Survey.fromRoster(path: xlsx, asOf: 2026, scenario: scenario) == surveyCSV)
        #expect(surveyCSV.headcount.values.map { $0.reduce(0, +) }.reduce(0, +) == 7)
    }
}

@Suite struct WorkbookCellProperties {
    /// Headers match without regard to case, spacing, Vietnamese diacritics (đ too), a trailing
    /// ":" or "*", in either language or as the YAML key; a different word does not.
    @Test func headersMatchAsPeopleTypeThem() {
        let segments = WorkbookLayout.table("segments").columns
        let id = segments.first { $0.key == "id" }!, level3 = segments.first { $0.key == "level_3" }!
        for h in ["Mã nhóm", "ma  NHOM", "Mã nhóm:", "Mã nhóm *", "Id", "ID", "id"] { #expect(WorkbookLayout.matches(h, id), "\(h)") }
        for h in ["Số người bậc 3", "so nguoi bac 3", "People at level 3", "level_3", "LEVEL 3"] { #expect(WorkbookLayout.matches(h, level3), "\(h)") }
        for h in ["Mã nhóm 2", "Tên nhóm", "level_4", "Số người bậc"] { #expect(!WorkbookLayout.matches(h, id) && !WorkbookLayout.matches(h, level3), "\(h)") }
        let budget = WorkbookLayout.table("payers").columns.first { $0.key == "id" }!
        #expect(WorkbookLayout.matches("Ma nguon", budget) && WorkbookLayout.matches("MÃ NGUỒN", budget))
        #expect(WorkbookLayout.fold("Đến nhóm") == "den nhom")
    }

    /// The empty template names what must be filled in, each at its cell: the name and years
    /// on the field sheet (B2, B4, B5) and the required sheets, which have no rows (A1).
    @Test func emptyTemplateListsWhatToFillIn() throws {
        let reading = ScenarioLoader.read(data: try workbookData(ScenarioWorkbook.workbook(nil)), name: "t.xlsx")
        #expect(reading.scenario == nil)
        #expect(reading.issues.map { "\($0.cell ?? "-") \($0.path)" } == [
            "'Kế hoạch'!B2 name", "'Kế hoạch'!B4 horizon.start_year", "'Kế hoạch'!B5 horizon.end_year",
            "'Nhóm cán bộ'!A1 segments", "'Khóa học'!A1 courses", "'Cơ sở đào tạo'!A1 institutions",
            "'Nguồn kinh phí'!A1 payers", "'Ngân sách'!A1 budgets", "'Mục tiêu'!A1 targets",
        ])
    }

    /// Every numeric cell of hcmc-2026's workbook (first row of each sheet, every field of the
    /// field sheet), replaced in turn by the text "abc", is reported at exactly that cell; the
    /// rest of the workbook still reads (no other cell is blamed for a type error).
    @Test func wordsInAnyNumericCellAreReportedThere() throws {
        let scenario = try ScenarioLoader.load(path: shipped("hcmc-2026.yaml"))
        let book = ScenarioWorkbook.workbook(scenario, language: .en)
        let specs = [WorkbookLayout.fieldSheet] + WorkbookLayout.tables
        var checked = 0
        for (s, sheet) in book.sheets.enumerated() where s < specs.count {
            let spec = specs[s]
            // (row index in `rows`, column) of each numeric cell to break.
            var targets: [(Int, Int)] = []
            if spec.key == "horizon" {
                for (r, c) in spec.columns.enumerated() where [.int, .money, .number, .intList].contains(c.kind) { targets.append((r, 1)) }
            } else if !sheet.rows.isEmpty {
                for (c, h) in sheet.header.enumerated() {
                    let kind = spec.columns.first { WorkbookLayout.matches(h, $0) }?.kind ?? spec.yearColumns
                    if let kind, [.int, .money, .number].contains(kind), sheet.rows[0][c] != .empty { targets.append((0, c)) }
                }
            }
            for (r, c) in targets {
                var broken = Workbook()
                for (t, other) in book.sheets.enumerated() {
                    var rows = other.rows
                    if t == s { rows[r][c] = .text("abc") }
                    broken.addSheet(name: other.name, header: other.header, rows: rows)
                }
                let reading = ScenarioLoader.read(data: try workbookData(broken), name: "h.xlsx")
                let cell = WorkbookScenarioReader.quote(sheet.name) + "!" + CellReference(row: r + 2, column: c).description
                let typeIssues = reading.issues.filter { $0.message.contains("found text \"abc\"") }
                #expect(typeIssues.count == 1 && typeIssues.first?.cell == cell, "\(cell): \(reading.issues.prefix(3))")
                checked += 1
            }
        }
        #expect(checked > 40)
    }
}
