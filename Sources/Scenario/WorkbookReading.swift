import Foundation
import Spreadsheet
import Yams

/// Workbook → scenario. The cells are turned into the same tree a YAML file composes to, and
/// that tree goes through the same decoder and checks (`ScenarioLoader.decodeCollecting`), so
/// every rule and message is the YAML one; only the place differs (`Sheet!C12`).
struct WorkbookScenarioReader {
    /// The tree built from cells; `loc` indexes `places`.
    indirect enum Tree {
        case scalar(String, quoted: Bool, loc: Int)
        case mapping(keys: [String], values: [Tree], loc: Int)
        case seq([Tree], loc: Int)

        static func map(_ pairs: [(String, Tree)], loc: Int) -> Tree {
            .mapping(keys: pairs.map(\.0), values: pairs.map(\.1), loc: loc)
        }
    }

    let file: String
    let sheets: [SheetData]
    /// Every cell a tree node or issue points at; a node's mark line is its index + 1.
    var places: [Place] = []
    var placeIndex: [Place: Int] = [:]
    var sheetNames: [String] = []
    var sheetIndex: [String: Int] = [:]

    /// A cell by sheet number, row and column (named as text only when an issue needs it).
    struct Place: Hashable { var sheet: Int; var row: Int; var column: Int }
    /// The cell of each field path (also for empty cells, so "missing" issues point at the right cell).
    var pathCells: [String: Int] = [:]
    /// Workbook advice appended to the decoder's message for a field path (thousands separators, errors).
    var hints: [String: String] = [:]
    /// Issues found while reading cells (sheets, headers, references between sheets).
    var own: [(loc: Int, issue: ScenarioIssue)] = []
    /// Paths already reported here; the decoder's issue for the same path is dropped.
    var reported: Set<String> = []

    init(file: String, sheets: [SheetData]) { self.file = file; self.sheets = sheets }

    // MARK: Places and issues

    static func quote(_ sheet: String) -> String {
        sheet.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
    }

    mutating func place(_ sheet: String, _ row: Int, _ column: Int) -> Int {
        let s: Int
        if let i = sheetIndex[sheet] { s = i } else {
            s = sheetNames.count
            sheetNames.append(sheet)
            sheetIndex[sheet] = s
        }
        let key = Place(sheet: s, row: row, column: column)
        if let i = placeIndex[key] { return i }
        places.append(key)
        placeIndex[key] = places.count - 1
        return places.count - 1
    }

    /// "Segments!C12", "'Course modes'!C2".
    func cellName(_ loc: Int) -> String {
        let p = places[loc]
        return "\(Self.quote(sheetNames[p.sheet]))!\(CellReference(row: p.row, column: p.column))"
    }

    /// Records an issue at a cell; with `suppress`, the decoder's own issue for the same path
    /// (e.g. "missing required field segments" when the sheet is missing) is dropped.
    mutating func issue(_ loc: Int?, _ path: String, _ message: String, suppress: Bool = false) {
        if suppress { reported.insert(path) }
        own.append((loc.map { $0 + 1 } ?? 0, ScenarioIssue(file: file, line: 0, column: 0, path: path, message: message,
                                                            cell: loc.map { cellName($0) })))
    }

    // MARK: Finding sheets and columns

    /// The sheet for a part, by its Vietnamese or English name (case and diacritics ignored).
    mutating func sheet(_ spec: WorkbookLayout.Sheet) -> SheetData? {
        let found = sheets.filter { s in [spec.vi, spec.en, spec.key].contains { WorkbookLayout.fold($0) == WorkbookLayout.fold(s.name) } }
        if found.count > 1 {
            issue(place(found[1].name, 1, 0), spec.key, "sheets \(found.map { "\"\($0.name)\"" }.joined(separator: " and ")) both hold \(spec.en.lowercased()); keep one")
        }
        return found.first
    }

    /// A table's header row and the column of each field (and each year column).
    struct Header {
        var row: Int
        var columns: [String: Int] = [:]
        var years: [(year: Int, column: Int)] = []
    }

    static func text(_ v: CellValue) -> String? {
        switch v {
        case .text(let s): return s.trimmingCharacters(in: .whitespacesAndNewlines)
        case .number(_, let raw): return raw
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return d.iso
        case .error(let e): return e
        case .uncomputedFormula: return nil
        }
    }

    /// The header is the first row naming at least one known column (title rows above it are skipped).
    mutating func header(_ sheet: SheetData, _ spec: WorkbookLayout.Sheet) -> Header? {
        let rows = sheet.rowNumbers
        // The header is looked for in the first 20 rows that hold cells (title rows, notes above it).
        guard let row = rows.prefix(20).first(where: { r in
            (0...max(0, sheet.lastColumn)).contains { c in
                sheet[r, c].flatMap { Self.text($0.value) }.map { h in spec.columns.contains { WorkbookLayout.matches(h, $0) } } ?? false
            }
        }) else {
            if !rows.isEmpty {
                let expected = spec.columns.prefix(4).map(\.vi).joined(separator: ", ")
                issue(place(sheet.name, rows[0], 0), spec.key, "found no header row, expected column headers such as \(expected) (or \(spec.columns.prefix(4).map(\.en).joined(separator: ", ")))")
            }
            return nil
        }
        var h = Header(row: row)
        for c in 0...max(0, sheet.lastColumn) {
            guard let cell = sheet[row, c], let text = Self.text(cell.value), !text.isEmpty, !cell.fromMerge else { continue }
            let loc = place(sheet.name, row, c)
            if let column = spec.columns.first(where: { WorkbookLayout.matches(text, $0) }) {
                if h.columns[column.key] != nil {
                    issue(loc, spec.key, "column \"\(text)\" appears twice; keep one")
                } else {
                    h.columns[column.key] = c
                }
            } else if spec.yearColumns != nil, let d = NodeReader.parseDouble(text), d == d.rounded(), (1900...2200).contains(d) {
                let y = Int(d)
                if h.years.contains(where: { $0.year == y }) { issue(loc, spec.key, "year column \(y) appears twice; keep one") }
                else { h.years.append((y, c)) }
            } else if WorkbookLayout.remarkHeaders.contains(WorkbookLayout.fold(text)) {
                continue  // the planner's own remarks
            } else {
                let names = spec.columns.map { $0.vi } + spec.columns.map { $0.en }
                let hint = didYouMean(text, among: names).map { "; did you mean \"\($0)\"?" }
                    ?? "; expected one of \(spec.columns.map(\.vi).joined(separator: ", "))\(spec.yearColumns != nil ? " or a year" : "")"
                issue(loc, spec.key, "unknown column \(NodeReader.quoted(text))\(hint)")
            }
        }
        return h
    }

    /// One data row: the cells of its known columns.
    struct Row {
        var number: Int
        var cells: [String: SheetCell] = [:]
        var years: [(Int, SheetCell)] = []
    }

    /// Rows below the header with at least one cell in a known column; empty rows are skipped.
    func rows(_ sheet: SheetData, _ h: Header) -> [Row] {
        sheet.rowNumbers.filter { $0 > h.row }.compactMap { r in
            var row = Row(number: r)
            // A merged range's value counts down its own column (an id merged over several
            // rows), never across into the next field's column.
            for (key, c) in h.columns {
                if let cell = sheet[r, c], cell.mergedFrom.map({ $0.column == c }) ?? true { row.cells[key] = cell }
            }
            for (y, c) in h.years { if let cell = sheet[r, c] { row.years.append((y, cell)) } }
            let blank = row.cells.values.allSatisfy { if case .text(let t) = $0.value { return t.allSatisfy(\.isWhitespace) }; return false }
                && row.years.isEmpty
            return blank ? nil : row
        }
    }

    // MARK: Cells → nodes

    /// The node for one cell of a column of `kind`, or nil for an empty cell.
    mutating func node(_ cell: SheetCell, _ kind: WorkbookLayout.Kind, sheet: String, path: String) -> Tree? {
        let loc = place(sheet, cell.reference.row, cell.reference.column)
        pathCells[path] = loc
        func plain(_ s: String) -> Tree { .scalar(s, quoted: false, loc: loc) }
        func quoted(_ s: String) -> Tree { .scalar(s, quoted: true, loc: loc) }
        if case .uncomputedFormula = cell.value {
            issue(loc, path, "found a formula whose result was never saved (the file was written by a program that does not compute formulas); open and save it in Excel or LibreOffice, or type the value")
            return nil
        }
        if case .error(let e) = cell.value {
            hints[path] = "the cell shows the spreadsheet error \(e)\(cell.formula ? " (its formula failed)" : ""); fix it or type the value"
            if kind == .text || kind == .id || kind == .list {
                issue(loc, path, "found the spreadsheet error \(e)\(cell.formula ? " from a formula" : ""), expected a value")
            }
            return quoted(e)
        }
        switch kind {
        case .text, .id:
            guard let s = Self.text(cell.value), !s.isEmpty else { return nil }
            return quoted(s)
        case .int, .money, .number:
            switch cell.value {
            case .number(_, let raw): return plain(raw)
            case .bool(let b): return plain(b ? "true" : "false")
            case .date(let d):
                hints[path] = "the cell is formatted as a date; format it as a number"
                return quoted(d.iso)
            case .text(let raw):
                let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if s.isEmpty { return nil }
                // "400.000" and "0,8" get the YAML message (NumberWriting, one rule for both) and a word on cells.
                if kind != .number, NumberWriting.groupedThousands(s, what: "") != nil {
                    hints[path] = "in the workbook, type the digits alone or make the cell a number"
                    return plain(s)
                }
                if NumberWriting.decimalComma(s, what: "") != nil {
                    hints[path] = "in the workbook, type it with a decimal point or make the cell a number"
                    return plain(s)
                }
                // A number typed as text is read as the number, as it would be in YAML.
                return NodeReader.parseDouble(s) != nil ? plain(s) : quoted(s)
            case .error, .uncomputedFormula: return nil
            }
        case .bool:
            switch cell.value {
            case .bool(let b): return plain(b ? "true" : "false")
            case .text(let raw):
                let s = WorkbookLayout.fold(raw)
                if ["co", "yes", "true", "x", "1"].contains(s) { return plain("true") }
                if ["khong", "no", "false", "0"].contains(s) { return plain("false") }
                if s.isEmpty { return nil }
                hints[path] = "write có or không (yes or no)"
                return quoted(raw)
            case .number(_, let raw): return plain(raw)
            default: return quoted(Self.text(cell.value) ?? "")
            }
        case .list, .intList:
            guard let s = Self.text(cell.value), !s.isEmpty else { return nil }
            let items = s.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return .seq(items.map { kind == .intList ? plain($0) : quoted($0) }, loc: loc)
        case .monthDay, .date, .time:
            if case .date(let d) = cell.value {
                func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
                switch kind {
                case .monthDay: return quoted(two(d.month) + "-" + two(d.day))
                case .time: return quoted(two(d.hour) + ":" + two(d.minute))
                default: return quoted(d.iso)
                }
            }
            guard let s = Self.text(cell.value), !s.isEmpty else { return nil }
            return quoted(s)
        }
    }

    /// A row's fields as mapping entries; every known column registers its cell under `path.key`.
    mutating func fields(_ row: Row, _ spec: WorkbookLayout.Sheet, _ h: Header, sheet: String, path: String,
                         skip: Set<String> = []) -> [(String, Tree)] {
        var out: [(String, Tree)] = []
        for column in spec.columns where !skip.contains(column.key) {
            let sub = "\(path).\(column.key)"
            if let c = h.columns[column.key] { pathCells[sub] = place(sheet, row.number, c) }
            guard let cell = row.cells[column.key], let n = node(cell, column.kind, sheet: sheet, path: sub) else { continue }
            out.append((column.key, n))
        }
        return out
    }

    /// `{level: value}` from the level columns `prefix0…prefix6`, nil when all are empty.
    mutating func levelMap(_ row: Row, _ prefix: String, _ kind: WorkbookLayout.Kind, _ h: Header, sheet: String, path: String) -> Tree? {
        var pairs: [(String, Tree)] = []
        var first: Int?
        for l in 0...6 {
            let key = "\(prefix)\(l)"
            if let c = h.columns[key] {
                let loc = place(sheet, row.number, c)
                pathCells["\(path)[\(l)]"] = loc
                if first == nil { first = loc; pathCells[path] = loc }
            }
            if let cell = row.cells[key], let n = node(cell, kind, sheet: sheet, path: "\(path)[\(l)]") {
                pairs.append((String(l), n))
            }
        }
        guard !pairs.isEmpty, let first else { return nil }
        return .map(pairs, loc: first)
    }

    /// `{all, any, none}` from three list columns, nil when all are empty.
    mutating func filter(_ row: Row, _ prefix: String, _ h: Header, sheet: String, path: String) -> Tree? {
        var pairs: [(String, Tree)] = []
        var first: Int?
        for part in ["all", "any", "none"] {
            let sub = "\(path).\(part)"
            if let c = h.columns["\(prefix)_\(part)"] { let l = place(sheet, row.number, c); pathCells[sub] = l; first = first ?? l }
            if let cell = row.cells["\(prefix)_\(part)"], let n = node(cell, .list, sheet: sheet, path: sub) { pairs.append((part, n)) }
        }
        guard !pairs.isEmpty, let first else { return nil }
        return .map(pairs, loc: first)
    }
}
