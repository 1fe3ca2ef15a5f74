import Foundation
import TestSupport
import Planner
import Reports
import Scenario
import Spreadsheet
import Testing
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads workbooks back with Python's openpyxl (check_xlsx.py), a reader we did not write.
enum OpenPyXL {
    /// python3 as found on PATH (the one `python3 -m pip install openpyxl` installs into).
    static let python: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin")
        .split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether python3 and openpyxl are both there (the tests skip with a message if not).
    static let available: Bool = {
        guard let python, let r = try? run(python, ["-c", "import openpyxl"]) else { return false }
        return r.status == 0
    }()

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("check_xlsx.py").path

    static func run(_ exe: String, _ args: [String]) throws -> (status: Int32, out: Data, err: String) {
        let r = try runChild(exe, args, directory: FileManager.default.currentDirectoryPath)
        return (r.status, r.stdout, String(decoding: r.stderr, as: UTF8.self))
    }

    struct Sheet { var name: String; var rows: [[Any?]]; var boldHeader: Bool; var formats: [String]; var filter: String? }

    /// The sheets of `path` as openpyxl reads them.
    static func read(_ path: String) throws -> [Sheet] {
        let r = try run(python!, [script, path])
        guard r.status == 0 else { throw Failure(message: "check_xlsx.py exited \(r.status): \(r.err)") }
        guard let obj = try JSONSerialization.jsonObject(with: r.out) as? [String: Any],
              let sheets = obj["sheets"] as? [[String: Any]] else { throw Failure(message: "bad JSON from check_xlsx.py") }
        return sheets.map { s in
            Sheet(name: s["name"] as? String ?? "",
                  rows: (s["rows"] as? [[Any]] ?? []).map { $0.map { $0 is NSNull ? nil : $0 } },
                  boldHeader: s["bold_header"] as? Bool ?? false, formats: s["formats"] as? [String] ?? [],
                  filter: s["filter"] as? String)
        }
    }

    struct Failure: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

func tempDir() -> String {
    let d = NSTemporaryDirectory() + "langplan-xlsx-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

/// A cell as openpyxl gives it, compared with what we wrote.
func same(_ got: Any?, _ want: Cell) -> Bool {
    switch want {
    case .empty: return got == nil
    case .text(let s): return (got as? String) == s
    case .integer(let v), .plain(let v): return (got as? NSNumber).map { $0.int64Value == v && $0.doubleValue == Double(v) } ?? false
    case .number(let v): return (got as? NSNumber).map { $0.doubleValue == v } ?? false
    }
}

@Suite struct SpreadsheetTests {
    @Test func columnNames() {
        #expect(Workbook.columnName(0) == "A")
        #expect(Workbook.columnName(25) == "Z")
        #expect(Workbook.columnName(26) == "AA")
        #expect(Workbook.columnName(701) == "ZZ")
        #expect(Workbook.columnName(702) == "AAA")
    }

    @Test func sheetNamesAreSanitised() {
        #expect(Workbook.sheetName("budget/2026: [draft]*?\\", existing: []) == "budget_2026_ _draft____")
        #expect(Workbook.sheetName("'quoted'", existing: []) == "quoted")
        #expect(Workbook.sheetName("", existing: []) == "Sheet")
        #expect(Workbook.sheetName("history", existing: []) == "History_")
        let long = String(repeating: "Kinh phí ", count: 6)
        #expect(Workbook.sheetName(long, existing: []).utf16.count == 31)
        #expect(Workbook.sheetName("Budget", existing: ["budget"]) == "Budget (2)")
        #expect(Workbook.sheetName("Budget", existing: ["budget", "Budget (2)"]) == "Budget (3)")
        let dup = Workbook.sheetName(long, existing: [Workbook.sheetName(long, existing: [])])
        #expect(dup.utf16.count <= 31 && dup.hasSuffix(" (2)"))
    }

    @Test func escaping() {
        #expect(Workbook.escape("a & b < c > \"d\" 'e'") == "a &amp; b &lt; c &gt; &quot;d&quot; &apos;e&apos;")
        #expect(Workbook.escape("x\u{1}y\u{0}z\tw") == "xyz\tw")
        #expect(Workbook.escape("Đặng Thị Ánh") == "Đặng Thị Ánh")
    }

    @Test func emptyWorkbookIsRefused() {
        let path = tempDir() + "/empty.xlsx"
        #expect(throws: WorkbookError.self) { try Workbook().write(to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func writeToMissingDirectoryFailsCleanly() {
        var wb = Workbook()
        wb.addSheet(name: "a", header: ["x"], rows: [[.integer(1)]])
        #expect(throws: WorkbookError.self) { try wb.write(to: "/nonexistent-dir-\(UUID().uuidString)/a.xlsx") }
    }

    /// Without any outside reader: the zip holds every part, each well-formed XML.
    @Test func packagePartsAreWellFormed() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var wb = Workbook()
        wb.addSheet(name: "a&b<c>", header: ["x & y", "Đạt"], rows: Self.rows)
        wb.addSheet(name: "it's", header: ["h"], rows: [[.plain(2026)]])
        try wb.write(to: dir + "/w.xlsx")
        let archive = try Archive(url: URL(fileURLWithPath: dir + "/w.xlsx"), accessMode: .read)
        let names = Set(archive.map(\.path))
        #expect(names == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
                          "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(entry.path) is not well-formed: \(String(describing: parser.parserError))")
            if entry.path == "xl/workbook.xml" {
                let text = String(decoding: data, as: UTF8.self)
                #expect(text.contains("name=\"a&amp;b&lt;c&gt;\""))
                #expect(text.contains("&apos;it&apos;&apos;s&apos;!$A$1:$A$2"))
            }
        }
    }

    static let rows: [[Cell]] = [
        [.text("Sở Nội vụ & Sở Tài chính <Hà Nội>"), .integer(250_000_000), .number(0.4), .empty, .text("có"), .plain(2026)],
        [.text("Đặng Thị Ánh — \"trưởng phòng\""), .integer(-3), .number(1e-5), .number(1_234_567.5), .text("  spaces  ")],
        [.text("a\u{1}b"), .integer(Int64(9_007_199_254_740_000)), .number(2.0 / 3.0), .number(.nan), .text("")],
    ]

    @Test(.enabled(if: OpenPyXL.available, "python3 with openpyxl is needed: python3 -m pip install openpyxl"))
    func openpyxlReadsWhatWasWritten() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var wb = Workbook()
        wb.addSheet(name: "Kinh phí [2026]", header: ["Năm", "Nguồn <kinh phí> & chi", "Tỷ lệ", "P10", "Đạt"], rows: Self.rows)
        wb.addSheet(name: "kinh phí _2026_", header: ["x"], rows: [])
        wb.addSheet(name: String(repeating: "x", count: 40), header: [], rows: [[.integer(7)]])
        let path = dir + "/t.xlsx"
        try wb.write(to: path)
        // Nothing but the workbook is left in the directory (the temporary file was renamed).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t.xlsx"])

        let sheets = try OpenPyXL.read(path)
        #expect(sheets.map(\.name) == ["Kinh phí _2026_", "kinh phí _2026_ (2)", String(repeating: "x", count: 31)])
        let s = sheets[0]
        #expect(s.boldHeader)
        #expect(s.rows.first?.compactMap { $0 as? String } == ["Năm", "Nguồn <kinh phí> & chi", "Tỷ lệ", "P10", "Đạt"])
        #expect(s.rows.count == 1 + Self.rows.count)
        for (i, want) in Self.rows.enumerated() {
            let got = s.rows[i + 1]
            for (j, cell) in want.enumerated() {
                var expected = cell
                if case .text(let t) = cell, t.contains("\u{1}") { expected = .text("ab") }  // control characters dropped
                if case .number(let v) = cell, !v.isFinite { expected = .empty }           // NaN: empty cell
                #expect(same(j < got.count ? got[j] : nil, expected), "row \(i + 1) column \(j): \(String(describing: got[j])) vs \(cell)")
            }
        }
        #expect(s.formats.count >= 6 && s.formats[1] == "#,##0" && s.formats[2] == "#,##0.0###" && s.formats[5] == "General")
        #expect(s.filter == "A1:F4" && sheets[1].filter == "A1:A1" && sheets[2].filter == nil)
        #expect(sheets[1].rows.count == 1)
        #expect(sheets[2].rows.count == 2 && (sheets[2].rows[1][0] as? NSNumber)?.intValue == 7)

        // Rewriting replaces the file whole.
        var small = Workbook()
        small.addSheet(name: "only", header: ["h"], rows: [[.text("v")]])
        try small.write(to: path)
        #expect(try OpenPyXL.read(path).map(\.name) == ["only"])
    }

    // MARK: - plan.xlsx against the CSV files

    static func tinyPath() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/tiny.yaml").path
    }

    /// Splits RFC 4180 CSV (as `csvLine` writes it) into rows of fields.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var it = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() { if n == "\"" { field.append("\"") } else { quoted = false; pending = n } } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\n" { row.append(field); rows.append(row); row = []; field = ""
            } else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    func planTiny(budget: Int64? = nil) throws -> PlanResult {
        var sc = try ScenarioLoader.load(path: Self.tinyPath())
        if let budget { sc.budgets[0].amounts[2026] = budget }
        var o = PlannerOptions()
        o.timeLimit = 30
        o.monteCarloRuns = 20
        return try StrategicPlanner.plan(sc, options: o)
    }

    @Test(.enabled(if: OpenPyXL.available, "python3 with openpyxl is needed: python3 -m pip install openpyxl"))
    func planWorkbookHoldsTheCSVNumbers() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let report = PlanReport(result: try planTiny(), language: .vi)
        try report.write(to: try OutputDirectory(dir, force: false))
        let sheets = try OpenPyXL.read(dir + "/plan.xlsx")
        #expect(sheets.map(\.name) == ["kinh phí", "mức đạt", "số lớp"], "sheet names in the report language")
        #expect(sheets.allSatisfy { $0.boldHeader })
        #expect(sheets[0].formats == ["General", "General", "#,##0", "#,##0"])  // years without separators, VND with

        // Vietnamese headers by default.
        #expect(sheets[0].rows[0].compactMap { $0 as? String } == ["Năm", "Nguồn kinh phí", "Chi (đồng)", "Hạn mức (đồng)"])
        #expect(sheets[1].rows[0].compactMap { $0 as? String }
                == ["Chỉ tiêu", "Mốc", "Tỷ lệ chỉ tiêu", "Tỷ lệ dự báo", "P10", "P50", "P90", "Xác suất đạt chỉ tiêu", "Đạt"])
        #expect(sheets[2].rows[0].compactMap { $0 as? String }
                == ["Học kỳ", "Cơ sở đào tạo", "Khóa học", "Hình thức", "Nguồn kinh phí", "Số lớp", "Học viên"])

        func csv(_ name: String) throws -> [[String]] {
            Array(Self.parseCSV(try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8)).dropFirst())
        }
        func num(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }

        // budget: year, payer, spent, limit — equal to budget.csv.
        let budget = try csv("budget.csv")
        #expect(budget.count == sheets[0].rows.count - 1 && !budget.isEmpty)
        for (c, x) in zip(budget, sheets[0].rows.dropFirst()) {
            #expect(num(x[0]) == Double(c[0]))
            #expect(x[1] as? String == c[1])
            #expect(num(x[2]) == Double(c[2]))
            #expect(c[3].isEmpty ? x[3] == nil : num(x[3]) == Double(c[3]))
        }
        #expect(num(sheets[0].rows[1][3]) == 250_000_000)

        // attainment: equal to attainment.csv (which rounds to 6 significant digits).
        let att = try csv("attainment.csv")
        #expect(att.count == sheets[1].rows.count - 1 && !att.isEmpty)
        for (c, x) in zip(att, sheets[1].rows.dropFirst()) {
            #expect(x[0] as? String == c[0])
            #expect(num(x[1]) == Double(c[1]))
            for j in 2...7 {
                if c[j].isEmpty { #expect(x[j] == nil) } else {
                    let a = num(x[j]) ?? .nan, b = Double(c[j]) ?? .nan
                    #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "column \(j): \(a) vs \(b)")
                }
            }
            #expect(x[8] as? String == (c[8] == "yes" ? "có" : "không"))
        }
        #expect(abs((num(sheets[1].rows[1][3]) ?? 0) - 0.504) < 1e-12)  // tiny, full budget: 63 whole learners × 0.8 = 50.4 of 100, the 50% target met

        // classes: equal to classes.csv.
        let classes = try csv("classes.csv")
        #expect(classes.count == sheets[2].rows.count - 1 && !classes.isEmpty)
        for (c, x) in zip(classes, sheets[2].rows.dropFirst()) {
            for j in 0..<5 { #expect(x[j] as? String == c[j]) }
            #expect(num(x[5]) == Double(c[5]))
            #expect(num(x[6]) == Double(c[6]))
        }
    }

    @Test(.enabled(if: OpenPyXL.available, "python3 with openpyxl is needed: python3 -m pip install openpyxl"))
    func englishHeaders() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let report = PlanReport(result: try planTiny(), language: .en)
        try report.writeWorkbook(to: dir + "/plan.xlsx")
        let sheets = try OpenPyXL.read(dir + "/plan.xlsx")
        #expect(sheets[0].rows[0].compactMap { $0 as? String } == ["Year", "Payer", "Spent (VND)", "Limit (VND)"])
        #expect(sheets[1].rows[1].last as? String == "yes")
    }
}
