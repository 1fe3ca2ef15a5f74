import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// How a number format shows a number: as a date, a time of day, both, or not as a date.
enum DateFormatKind: Sendable, Equatable { case date, time, dateTime }

/// A streaming XML pass with element names stripped of their namespace prefix (`x:c` → `c`),
/// as some writers prefix SpreadsheetML elements.
class PartParser: NSObject, XMLParserDelegate {
    let name: String
    var failure: String?
    /// Elements open; not 0 at the end means the part was cut off (Linux's XMLParser does not say so itself).
    private var depth = 0
    init(name: String) { self.name = name }

    func run(_ data: Data) throws(WorkbookReadError) {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        if !parser.parse() || failure != nil || depth != 0 {
            let line = parser.lineNumber
            throw WorkbookReadError(failure ?? "part \(name) is not well-formed XML (line \(line)); the file is damaged")
        }
    }

    static func local(_ qualified: String) -> String {
        qualified.lastIndex(of: ":").map { String(qualified[qualified.index(after: $0)...]) } ?? qualified
    }

    func start(_ element: String, _ attributes: [String: String]) {}
    func end(_ element: String) {}
    func text(_ string: String) {}

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        depth += 1
        start(Self.local(elementName), attributeDict)
        if failure != nil { parser.abortParsing() }
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        depth -= 1
        end(Self.local(elementName))
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }
}

/// One relationship of a `.rels` part, its target resolved against the part's folder.
struct Relationship { var id: String; var type: String; var target: String }

final class Relationships: PartParser {
    let base: String
    var list: [Relationship] = []
    init(base: String, name: String) { self.base = base; super.init(name: name) }

    static func parse(_ data: Data, base: String, name: String) throws(WorkbookReadError) -> [Relationship] {
        let p = Relationships(base: base, name: name)
        try p.run(data)
        return p.list
    }

    override func start(_ element: String, _ a: [String: String]) {
        guard element == "Relationship", let id = a["Id"], let target = a["Target"], a["TargetMode"] != "External" else { return }
        list.append(Relationship(id: id, type: a["Type"] ?? "", target: Self.resolve(target, base: base)))
    }

    /// "worksheets/sheet1.xml" against "xl" → "xl/worksheets/sheet1.xml"; "/xl/x.xml" → "xl/x.xml"; ".." handled.
    static func resolve(_ target: String, base: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
        for piece in target.split(separator: "/") {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(piece) }
        }
        return parts.joined(separator: "/").removingPercentEncoding ?? parts.joined(separator: "/")
    }
}

/// `xl/workbook.xml`: the sheets in order, with their relationship ids and visibility, and the date system.
final class WorkbookPart: PartParser {
    struct SheetEntry { var name: String; var relationshipID: String; var hidden: Bool }
    var sheets: [SheetEntry] = []
    var date1904 = false

    static func parse(_ data: Data, name: String) throws(WorkbookReadError) -> WorkbookPart {
        let p = WorkbookPart(name: name)
        try p.run(data)
        return p
    }

    override func start(_ element: String, _ a: [String: String]) {
        switch element {
        case "workbookPr":
            date1904 = ["1", "true"].contains(a["date1904"]?.lowercased() ?? "")
        case "sheet":
            // The relationship id attribute is `r:id` under whatever prefix the writer chose.
            let rid = a.first { $0.key != "id" && PartParser.local($0.key) == "id" }?.value ?? a["id"] ?? ""
            let state = a["state"] ?? "visible"
            sheets.append(SheetEntry(name: a["name"] ?? "Sheet\(sheets.count + 1)", relationshipID: rid,
                                     hidden: state == "hidden" || state == "veryHidden"))
        default: break
        }
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is plain (`<t>`) or rich text (runs `<r><t>`), whose
/// runs are joined; phonetic guides (`<rPh>`) are not part of the text.
final class SharedStringsPart: PartParser {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    static func parse(_ data: Data, name: String) throws(WorkbookReadError) -> [String] {
        let p = SharedStringsPart(name: name)
        try p.run(data)
        return p.strings
    }

    override func start(_ element: String, _ a: [String: String]) {
        switch element {
        case "si": current = ""
        case "rPh": phonetic += 1
        case "t": inText = phonetic == 0
        default: break
        }
    }
    override func end(_ element: String) {
        switch element {
        case "si": strings.append(current)
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }
    override func text(_ string: String) { if inText { current += string } }
}

/// `xl/styles.xml`: which cell formats (`cellXfs`, by index) show numbers as dates or times.
struct StylesPart {
    var kinds: [DateFormatKind?] = []

    static func parse(_ data: Data, name: String) throws(WorkbookReadError) -> StylesPart {
        final class P: PartParser {
            var custom: [Int: String] = [:]
            var xfFormats: [Int] = []
            var inCellXfs = false
            override func start(_ element: String, _ a: [String: String]) {
                switch element {
                case "numFmt":
                    if let id = a["numFmtId"].flatMap(Int.init) { custom[id] = a["formatCode"] ?? "" }
                case "cellXfs": inCellXfs = true
                case "xf" where inCellXfs: xfFormats.append(a["numFmtId"].flatMap(Int.init) ?? 0)
                default: break
                }
            }
            override func end(_ element: String) { if element == "cellXfs" { inCellXfs = false } }
        }
        let p = P(name: name)
        try p.run(data)
        return StylesPart(kinds: p.xfFormats.map { id in
            if let code = p.custom[id] { return kind(ofFormat: code) }
            return builtinKind(id)
        })
    }

    /// The built-in formats that show dates and times (ECMA-376 §18.8.30, and the East Asian ids Excel uses).
    static func builtinKind(_ id: Int) -> DateFormatKind? {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: return .date
        case 18...21, 32, 33, 45...47: return .time
        case 22: return .dateTime
        default: return nil
        }
    }

    /// Reads a format code: quoted text, `\x` escapes, `_x`/`*x` padding and `[...]` colours or
    /// locales are skipped; `[h]`, `[mm]`, `[ss]` (elapsed time) count as time.
    static func kind(ofFormat code: String) -> DateFormatKind? {
        // Only the first section (positive numbers) decides.
        var hasDate = false, hasTime = false
        var chars = Array(code.lowercased())
        if let semi = chars.firstIndex(of: ";") { chars = Array(chars[..<semi]) }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\"":
                i += 1
                while i < chars.count, chars[i] != "\"" { i += 1 }
            case "\\", "_", "*": i += 1
            case "[":
                var j = i + 1
                var inner = ""
                while j < chars.count, chars[j] != "]" { inner.append(chars[j]); j += 1 }
                if !inner.isEmpty, inner.allSatisfy({ "hms".contains($0) }) { hasTime = true }
                i = j
            case "y", "d": hasDate = true
            case "h", "s": hasTime = true
            case "m": hasDate = true  // months; "m" beside h or s is minutes, which still means a time below
            case "g" where chars[i...].starts(with: Array("general")): i += 6
            default: break
            }
            i += 1
        }
        // "h:mm" contains m: a format with h or s and no y or d is a time of day.
        let dateLetters = chars.contains("y") || chars.contains("d")
        if hasTime && !dateLetters { return .time }
        if hasDate && hasTime { return .dateTime }
        if hasDate { return .date }
        return nil
    }
}

/// One worksheet part: cells with their types and styles, and merged ranges.
final class SheetPart: PartParser {
    let shared: [String]
    let styles: StylesPart
    let date1904: Bool
    let cellLimit: Int
    var sheet: SheetData

    private var row = 0
    private var nextColumn = 0
    private var ref: CellReference?
    private var type = ""
    private var style = 0
    private var hasFormula = false
    private var value = ""
    private var inline = ""
    private var collecting: Collect = .none
    private var phonetic = 0
    private enum Collect { case none, value, inline }

    init(name: String, shared: [String], styles: StylesPart, date1904: Bool, cellLimit: Int) {
        self.shared = shared; self.styles = styles; self.date1904 = date1904; self.cellLimit = cellLimit
        sheet = SheetData(name: name, hidden: false, cells: [:], merged: [])
        super.init(name: "sheet \(name)")
    }

    static func parse(_ data: Data, name: String, shared: [String], styles: StylesPart, date1904: Bool,
                      cellLimit: Int) throws(WorkbookReadError) -> SheetData {
        let p = SheetPart(name: name, shared: shared, styles: styles, date1904: date1904, cellLimit: cellLimit)
        try p.run(data)
        try p.fillMerged()
        return p.sheet
    }

    override func start(_ element: String, _ a: [String: String]) {
        switch element {
        case "row":
            row = a["r"].flatMap(Int.init) ?? row + 1
            nextColumn = 0
        case "c":
            ref = a["r"].flatMap(CellReference.init) ?? CellReference(row: max(row, 1), column: nextColumn)
            if let r = ref { nextColumn = r.column + 1 }
            type = a["t"] ?? "n"
            style = a["s"].flatMap(Int.init) ?? 0
            hasFormula = false; value = ""; inline = ""
        case "f": hasFormula = true
        case "v": collecting = .value
        case "rPh": phonetic += 1
        case "t" where phonetic == 0 && ref != nil: collecting = .inline
        case "mergeCell":
            if let r = a["ref"] {
                let ends = r.split(separator: ":").compactMap { CellReference(String($0)) }
                if ends.count == 2 { sheet.merged.append((ends[0], ends[1])) }
            }
        default: break
        }
    }

    override func end(_ element: String) {
        switch element {
        case "v", "t": collecting = .none
        case "rPh": phonetic -= 1
        case "c":
            defer { ref = nil }
            guard let r = ref, let v = cellValue() else { return }
            if sheet.cells.count >= cellLimit {
                failure = "sheet \(sheet.name) holds more than \(cellLimit) cells; refused"
                return
            }
            sheet.cells[r] = SheetCell(reference: r, value: v, formula: hasFormula, mergedFrom: nil)
        default: break
        }
    }

    override func text(_ string: String) {
        switch collecting {
        case .value: value += string
        case .inline: inline += string
        case .none: break
        }
    }

    private func cellValue() -> CellValue? {
        if hasFormula && value.isEmpty && inline.isEmpty { return .uncomputedFormula }
        switch type {
        case "s":
            guard let i = Int(value.trimmingCharacters(in: .whitespaces)), shared.indices.contains(i) else {
                return value.isEmpty ? nil : .error("#REF!")  // an index past the shared strings: a damaged file
            }
            return shared[i].isEmpty ? nil : .text(shared[i])
        case "inlineStr": return inline.isEmpty ? nil : .text(inline)
        case "str": return value.isEmpty ? nil : .text(value)
        case "b": return value.isEmpty ? nil : .bool(value.trimmingCharacters(in: .whitespaces) == "1")
        case "e": return .error(value.isEmpty ? "#N/A" : value)
        case "d":
            // ISO 8601 text (strict OOXML and some writers).
            return isoDate(value).map(CellValue.date) ?? (value.isEmpty ? nil : .text(value))
        default:
            let raw = value.trimmingCharacters(in: .whitespaces)
            guard !raw.isEmpty else { return nil }
            guard let d = Double(raw) else { return .text(raw) }
            if styles.kinds.indices.contains(style), let kind = styles.kinds[style],
               let date = SerialDate.date(serial: d, date1904: date1904, format: kind) {
                return .date(date)
            }
            return .number(d, raw: raw)
        }
    }

    private func isoDate(_ s: String) -> SheetDate? {
        let parts = s.split(separator: "T", maxSplits: 1)
        guard let first = parts.first else { return nil }
        let ymd = first.split(separator: "-").compactMap { Int($0) }
        guard ymd.count == 3 else { return nil }
        var h = 0, m = 0, sec = 0
        if parts.count == 2 {
            let hms = parts[1].prefix(8).split(separator: ":").compactMap { Int($0) }
            if hms.count >= 2 { h = hms[0]; m = hms[1]; sec = hms.count > 2 ? hms[2] : 0 }
        }
        return SheetDate(year: ymd[0], month: ymd[1], day: ymd[2], hour: h, minute: m, second: sec, hasDate: true,
                         hasTime: (h, m, sec) != (0, 0, 0))
    }

    /// Every cell of a merged range shows the top-left cell's value (a label merged down a
    /// column applies to each row it spans).
    private func fillMerged() throws(WorkbookReadError) {
        for (from, to) in sheet.merged {
            guard let top = sheet.cells[from], (to.row - from.row + 1) * (to.column - from.column + 1) <= 10_000 else { continue }
            for r in from.row...max(from.row, to.row) {
                for c in from.column...max(from.column, to.column) where (r, c) != (from.row, from.column) {
                    let ref = CellReference(row: r, column: c)
                    if sheet.cells[ref] == nil {
                        if sheet.cells.count >= cellLimit {
                            throw WorkbookReadError("sheet \(sheet.name) holds more than \(cellLimit) cells once merged ranges are filled; refused")
                        }
                        sheet.cells[ref] = SheetCell(reference: ref, value: top.value, formula: top.formula, mergedFrom: from)
                    }
                }
            }
        }
    }
}
