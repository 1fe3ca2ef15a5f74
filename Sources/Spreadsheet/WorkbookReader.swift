import Foundation
import ZIPFoundation

/// What a cell holds once read: the value a spreadsheet shows (a formula's cached value).
public enum CellValue: Sendable, Equatable {
    /// Text from the shared strings (rich text runs joined), an inline string or a formula's text result.
    case text(String)
    /// A number; `raw` is the text stored in the file (exact for whole numbers beyond 2^53).
    case number(Double, raw: String)
    case bool(Bool)
    /// A number shown with a date or time format, converted with the workbook's date system.
    case date(SheetDate)
    /// A cell showing an error such as `#DIV/0!` or `#REF!`.
    case error(String)
    /// A formula whose result was never saved (written by a program that does not compute,
    /// such as openpyxl): there is no value to read.
    case uncomputedFormula
}

/// A date and/or time of day read from a cell.
public struct SheetDate: Sendable, Equatable {
    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int
    /// False for a time of day alone (a serial number below 1).
    public var hasDate: Bool
    /// True when the format shows hours, minutes or seconds.
    public var hasTime: Bool

    /// "2026-04-30", "07:30" or "2026-04-30 07:30".
    public var iso: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let d = "\(year)-\(two(month))-\(two(day))"
        let t = "\(two(hour)):\(two(minute))" + (second != 0 ? ":\(two(second))" : "")
        if !hasDate { return t }
        return hasTime && (hour, minute, second) != (0, 0, 0) ? d + " " + t : d
    }
}

/// One non-empty cell.
public struct SheetCell: Sendable, Equatable {
    public var reference: CellReference
    public var value: CellValue
    /// The cell holds a formula; `value` is the result the program that saved it computed.
    public var formula: Bool
    /// For a cell inside a merged range (not its top-left cell), the top-left cell its value was copied from.
    public var mergedFrom: CellReference?
    /// The value was copied from the top-left cell of a merged range this cell belongs to.
    public var fromMerge: Bool { mergedFrom != nil }
}

/// A worksheet as read: its name, visibility and non-empty cells.
public struct SheetData: Sendable {
    public var name: String
    /// Hidden (`state="hidden"` or `"veryHidden"`) in the workbook.
    public var hidden: Bool
    /// Non-empty cells by reference; every cell of a merged range carries the range's value.
    public var cells: [CellReference: SheetCell]
    /// Merged ranges (top-left, bottom-right).
    public var merged: [(from: CellReference, to: CellReference)]

    /// Row numbers that hold at least one cell, in order.
    public var rowNumbers: [Int] { Set(cells.keys.map(\.row)).sorted() }
    /// The cell at `row` (1-based), `column` (0-based), if not empty.
    public subscript(row: Int, column: Int) -> SheetCell? { cells[CellReference(row: row, column: column)] }
    /// Highest 0-based column with a cell, or -1.
    public var lastColumn: Int { cells.keys.map(\.column).max() ?? -1 }
}

/// Why a workbook could not be read.
public struct WorkbookReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads .xlsx workbooks (Office Open XML spreadsheets) written by Excel, LibreOffice, openpyxl
/// or `Workbook`: sheets are found through `xl/workbook.xml` and its relationships, never by
/// file name. Parsing uses Foundation's `XMLParser` (libxml2 underneath on Linux): a streaming
/// parser that needs no model types, reads large sheets without building a tree, and does not
/// expand external entities.
public enum WorkbookReader {
    /// Bounds that keep a hostile archive (a "zip bomb") from exhausting memory.
    public struct Limits: Sendable {
        /// Most entries the archive may list.
        public var entries = 2_000
        /// Most bytes one part may expand to.
        public var partBytes = 64 * 1_048_576
        /// Most bytes all parts read may expand to together.
        public var totalBytes = 128 * 1_048_576
        /// Most non-empty cells over all sheets.
        public var cells = 2_000_000
        public init() {}
    }

    /// Reads every sheet of the workbook in `data`.
    /// - Parameters:
    ///   - data: the bytes of an .xlsx file.
    ///   - limits: size bounds; exceeding one is an error naming the bound.
    /// - Returns: the sheets in workbook order (hidden ones included, marked `hidden`).
    /// - Throws: `WorkbookReadError` saying what is wrong with the file.
    public static func read(data: Data, limits: Limits = Limits()) throws(WorkbookReadError) -> [SheetData] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw WorkbookReadError("not a readable .xlsx workbook (the ZIP archive is damaged)")
        }
        var count = 0
        var entries: [String: Entry] = [:]
        for entry in archive {
            count += 1
            if count > limits.entries {
                throw WorkbookReadError("the archive lists more than \(limits.entries) parts; refused (not a workbook, or a zip bomb)")
            }
            var path = entry.path
            if path.hasPrefix("/") { path.removeFirst() }
            entries[path.lowercased()] = entry
        }
        var budget = limits.totalBytes
        func part(_ path: String) throws(WorkbookReadError) -> Data? {
            guard let entry = entries[path.lowercased()] else { return nil }
            if entry.uncompressedSize > UInt64(limits.partBytes) {
                throw WorkbookReadError("part \(path) expands to \(entry.uncompressedSize / 1_048_576) MB, more than the \(limits.partBytes / 1_048_576) MB allowed; refused")
            }
            var out = Data()
            var over = false
            let cap = min(limits.partBytes, budget)
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    if out.count + chunk.count > cap { over = true; throw CancellationError() }
                    out.append(chunk)
                }
            } catch {
                if over {
                    throw WorkbookReadError("part \(path) expands beyond the \(cap / 1_048_576) MB allowed; refused (a zip bomb?)")
                }
                throw WorkbookReadError("part \(path) cannot be unpacked (the file is damaged)")
            }
            budget -= out.count
            return out
        }

        // The main part, by the package relationships (xl/workbook.xml by convention only).
        var mainPath = "xl/workbook.xml"
        if let rels = try part("_rels/.rels") {
            let list = try Relationships.parse(rels, base: "", name: "_rels/.rels")
            if let main = list.first(where: { $0.type.hasSuffix("/officeDocument") }) { mainPath = main.target }
        }
        guard let workbookXML = try part(mainPath) else {
            throw WorkbookReadError("not an .xlsx workbook: it has no workbook part (\(mainPath)); is it a .docx, .ods or another ZIP file?")
        }
        let book = try WorkbookPart.parse(workbookXML, name: mainPath)
        let base = mainPath.contains("/") ? String(mainPath[..<mainPath.lastIndex(of: "/")!]) : ""
        let relsPath = (base.isEmpty ? "" : base + "/") + "_rels/" + (mainPath.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        guard let relsXML = try part(relsPath) else { throw WorkbookReadError("not a complete workbook: \(relsPath) is missing") }
        let rels = try Relationships.parse(relsXML, base: base, name: relsPath)
        let byID = Dictionary(rels.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        var shared: [String] = []
        if let ss = rels.first(where: { $0.type.hasSuffix("/sharedStrings") }), let d = try part(ss.target) {
            shared = try SharedStringsPart.parse(d, name: ss.target)
        }
        var styles = StylesPart()
        if let st = rels.first(where: { $0.type.hasSuffix("/styles") }), let d = try part(st.target) {
            styles = try StylesPart.parse(d, name: st.target)
        }

        var sheets: [SheetData] = []
        var cellsLeft = limits.cells
        for s in book.sheets {
            guard let rel = byID[s.relationshipID] else {
                throw WorkbookReadError("sheet \(s.name) has no relationship \(s.relationshipID) in \(relsPath)")
            }
            // Chart sheets and dialog sheets hold no cells.
            guard rel.type.hasSuffix("/worksheet") else { continue }
            guard let d = try part(rel.target) else {
                throw WorkbookReadError("sheet \(s.name): its part \(rel.target) is missing")
            }
            var sheet = try SheetPart.parse(d, name: s.name, shared: shared, styles: styles, date1904: book.date1904,
                                            cellLimit: cellsLeft)
            sheet.hidden = s.hidden
            cellsLeft -= sheet.cells.count
            sheets.append(sheet)
        }
        return sheets
    }
}

// MARK: - Dates

/// Civil (proleptic Gregorian) dates as day numbers, after H. Hinnant: the one date
/// arithmetic of the package (Scenario's `LocalDate` uses it too).
public enum SerialDate {
    /// Days from 1970-01-01 to the civil date.
    /// - Parameters: y, m (1...12), d (1...31).
    /// - Returns: the day number (negative before 1970).
    public static func days(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of day number `z0` (days from 1970-01-01).
    /// - Returns: (year, month 1...12, day 1...31).
    public static func civil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The date of a serial number. In the 1900 system serial 1 is 1900-01-01 and serial 60
    /// is the 29 February 1900 that Lotus 1-2-3 invented and Excel kept (shown as such);
    /// in the 1904 system serial 0 is 1904-01-01. A format that shows only a time, or serial 0
    /// in the 1900 system ("1900-01-00"), gives a time of day alone.
    static func date(serial: Double, date1904: Bool, format: DateFormatKind) -> SheetDate? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        var whole = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(whole)) * 86_400).rounded())
        if seconds >= 86_400 { whole += 1; seconds -= 86_400 }
        let (h, mi, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        let hasTime = format != .date
        if format == .time || (!date1904 && whole == 0) {
            return SheetDate(year: 0, month: 0, day: 0, hour: h, minute: mi, second: s, hasDate: false, hasTime: true)
        }
        let ymd: (Int, Int, Int)
        if date1904 {
            ymd = civil(days(1904, 1, 1) + whole)
        } else if whole == 60 {
            ymd = (1900, 2, 29)
        } else {
            ymd = civil(days(1899, 12, whole < 60 ? 31 : 30) + whole)
        }
        return SheetDate(year: ymd.0, month: ymd.1, day: ymd.2, hour: h, minute: mi, second: s, hasDate: true, hasTime: hasTime)
    }
}
