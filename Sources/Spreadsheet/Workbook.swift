import Foundation
import ZIPFoundation

/// One cell of a worksheet.
public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case integer(Int64)
    /// A whole number shown without thousands separators (years, codes).
    case plain(Int64)
    case empty
}

/// Problems writing a workbook.
public enum WorkbookError: Error, Sendable, CustomStringConvertible {
    case noSheets
    case cannotWrite(String, String)
    public var description: String {
        switch self {
        case .noSheets: return "a workbook needs at least one sheet"
        case .cannotWrite(let p, let why): return "cannot write \(p): \(why)"
        }
    }
}

/// A minimal Office Open XML (.xlsx) workbook: sheets of a bold header row and rows of
/// text, numbers and whole numbers. Strings are written inline (`t="inlineStr"`), XML-escaped;
/// whole numbers get the thousands-separated format `#,##0`, other numbers `#,##0.0###`,
/// `.plain` whole numbers (years) the General format.
/// Non-finite numbers (NaN, ±∞), which a spreadsheet cannot hold, are written as empty cells.
public struct Workbook: Sendable {
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var header: [String]
        public var rows: [[Cell]]
        /// Drop-down lists offered (and enforced) in ranges of the sheet.
        public var validations: [DataValidation] = []
    }

    /// A drop-down list on a range of cells (`<dataValidation type="list">`).
    public struct DataValidation: Sendable, Equatable {
        /// The cells, e.g. "B2:B1000".
        public var range: String
        /// The list: literal choices (at most 255 characters joined), or a range such as `'Payers'!$A$2:$A$500`.
        public var choices: [String]
        public var source: String?
        /// A short explanation shown in the error message when a value is not in the list.
        public var message: String
        /// - Parameters:
        ///   - range: the cells, e.g. "B2:B500".
        ///   - choices: literal choices (when `source` is nil).
        ///   - source: a range holding the choices, e.g. `'Payers'!$A$2:$A$1000`.
        ///   - message: shown when a typed value is not in the list.
        public init(range: String, choices: [String] = [], source: String? = nil, message: String) {
            self.range = range; self.choices = choices; self.source = source; self.message = message
        }
    }

    public private(set) var sheets: [Sheet] = []

    public init() {}

    /// Adds a sheet; `name` is made a valid, unique sheet name (see `sheetName(_:existing:)`).
    /// - Parameters:
    ///   - name: the sheet's name, made valid and unique.
    ///   - header: the bold, frozen first row.
    ///   - rows: the data rows below it.
    ///   - validations: drop-down lists on ranges of the sheet.
    public mutating func addSheet(name: String, header: [String], rows: [[Cell]], validations: [DataValidation] = []) {
        let valid = Self.sheetName(name, existing: sheets.map(\.name))
        sheets.append(Sheet(name: valid, header: header, rows: rows, validations: validations))
    }

    /// A valid sheet name: the characters `[]:*?/\` become `_`, control characters are
    /// dropped, leading and trailing apostrophes are removed, at most 31 characters (UTF-16
    /// units, as Excel counts), not empty, not "History" (reserved), and unique among
    /// `existing` ignoring case (" (2)", " (3)"… is appended, shortening the name to fit).
    public static func sheetName(_ name: String, existing: [String]) -> String {
        var s = String(name.unicodeScalars.compactMap { u -> Character? in
            if "[]:*?/\\".unicodeScalars.contains(u) { return "_" }
            if u.value < 0x20 || (0x7F...0x9F).contains(u.value) { return nil }
            return Character(u)
        })
        while s.hasPrefix("'") { s.removeFirst() }
        while s.hasSuffix("'") { s.removeLast() }
        if s.trimmingCharacters(in: .whitespaces).isEmpty { s = "Sheet" }
        if s.lowercased() == "history" { s = "History_" }
        s = truncated(s, to: 31)
        let taken = Set(existing.map { $0.lowercased() })
        guard taken.contains(s.lowercased()) else { return s }
        var n = 2
        while true {
            let suffix = " (\(n))"
            let candidate = truncated(s, to: 31 - suffix.utf16.count) + suffix
            if !taken.contains(candidate.lowercased()) { return candidate }
            n += 1
        }
    }

    /// At most `units` UTF-16 units, never splitting a character.
    static func truncated(_ s: String, to units: Int) -> String {
        var out = ""
        var used = 0
        for c in s {
            let n = c.utf16.count
            if used + n > units { break }
            out.append(c); used += n
        }
        return out
    }

    // MARK: - Parts

    /// Every part of the package: (path inside the zip, content).
    public func parts() -> [(path: String, content: String)] {
        var p: [(String, String)] = []
        p.append(("[Content_Types].xml", contentTypes()))
        p.append(("_rels/.rels", """
            \(Self.xmlHeader)<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """))
        p.append(("docProps/core.xml", """
            \(Self.xmlHeader)<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>langplan</dc:creator></cp:coreProperties>
            """))
        p.append(("docProps/app.xml", """
            \(Self.xmlHeader)<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
            <Application>langplan</Application></Properties>
            """))
        p.append(("xl/workbook.xml", workbookXML()))
        p.append(("xl/_rels/workbook.xml.rels", workbookRels()))
        p.append(("xl/styles.xml", Self.styles))
        for (i, sheet) in sheets.enumerated() {
            p.append(("xl/worksheets/sheet\(i + 1).xml", sheetXML(sheet)))
        }
        return p
    }

    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    func contentTypes() -> String {
        var s = Self.xmlHeader + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        s += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        s += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        s += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        for i in sheets.indices {
            s += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return s + "</Types>"
    }

    func workbookXML() -> String {
        var s = Self.xmlHeader + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        s += "<bookViews><workbookView/></bookViews><sheets>"
        for (i, sheet) in sheets.enumerated() {
            s += "<sheet name=\"\(Self.escape(sheet.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        s += "</sheets>"
        // The header filters, named as Excel names them itself.
        let filtered = sheets.enumerated().compactMap { i, sheet in filterRange(sheet).map { (i, sheet.name, $0) } }
        if !filtered.isEmpty {
            s += "<definedNames>"
            for (i, name, range) in filtered {
                let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
                s += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">\(Self.escape(quoted))!\(range)</definedName>"
            }
            s += "</definedNames>"
        }
        return s + "</workbook>"
    }

    func workbookRels() -> String {
        var s = Self.xmlHeader + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in sheets.indices {
            s += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return s + "</Relationships>"
    }

    /// Cell styles: 0 default, 1 bold header, 2 whole numbers `#,##0`, 3 numbers `#,##0.0###`.
    static let styles = xmlHeader + """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.0###"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    /// "A", "B", … "Z", "AA", … for the 0-based column.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// "$A$1:$D$21" for a sheet with a header (which gets a filter), nil otherwise.
    func filterRange(_ sheet: Sheet) -> String? {
        let width = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        guard width > 0, !sheet.header.isEmpty else { return nil }
        return "$A$1:$\(Self.columnName(width - 1))$\(sheet.rows.count + 1)"
    }

    func sheetXML(_ sheet: Sheet) -> String {
        let width = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        let lastRow = sheet.rows.count + 1
        var s = Self.xmlHeader + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        if width > 0 { s += "<dimension ref=\"A1:\(Self.columnName(width - 1))\(lastRow)\"/>" }
        // Header row frozen.
        s += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        s += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if width > 0 {
            s += "<cols>"
            for c in 0..<width {
                var chars = c < sheet.header.count ? sheet.header[c].count : 0
                for row in sheet.rows.prefix(1000) where c < row.count {
                    switch row[c] {
                    case .text(let t): chars = max(chars, t.count)
                    case .integer(let v): chars = max(chars, String(v).count * 4 / 3 + 1)
                    case .plain(let v): chars = max(chars, String(v).count)
                    case .number(let v): chars = max(chars, min(16, String(v).count + 2))
                    case .empty: break
                    }
                }
                let w = min(60, max(8, chars + 2))
                s += "<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
            }
            s += "</cols>"
        }
        s += "<sheetData>"
        s += "<row r=\"1\">"
        for (c, h) in sheet.header.enumerated() {
            s += "<c r=\"\(Self.columnName(c))1\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Self.escape(h))</t></is></c>"
        }
        s += "</row>"
        for (i, row) in sheet.rows.enumerated() {
            let r = i + 2
            s += "<row r=\"\(r)\">"
            for (c, cell) in row.enumerated() {
                let ref = "\(Self.columnName(c))\(r)"
                switch cell {
                case .text(let t):
                    s += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Self.escape(Self.truncated(t, to: 32767)))</t></is></c>"
                case .integer(let v):
                    s += "<c r=\"\(ref)\" s=\"2\"><v>\(v)</v></c>"
                case .plain(let v):
                    s += "<c r=\"\(ref)\"><v>\(v)</v></c>"
                case .number(let v):
                    if v.isFinite { s += "<c r=\"\(ref)\" s=\"3\"><v>\(Self.number(v))</v></c>" }
                case .empty:
                    break
                }
            }
            s += "</row>"
        }
        s += "</sheetData>"
        if filterRange(sheet) != nil {
            s += "<autoFilter ref=\"A1:\(Self.columnName(width - 1))\(lastRow)\"/>"
        }
        if !sheet.validations.isEmpty {
            s += "<dataValidations count=\"\(sheet.validations.count)\">"
            for v in sheet.validations {
                let formula = v.source ?? "\"" + v.choices.joined(separator: ",") + "\""
                s += "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" "
                s += "error=\"\(Self.escape(v.message))\" sqref=\"\(v.range)\"><formula1>\(Self.escape(formula))</formula1></dataValidation>"
            }
            s += "</dataValidations>"
        }
        return s + "</worksheet>"
    }

    /// Shortest text that reads back as the same Double ("0.4", "1e-05", "250000000").
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// XML text and attribute escaping; characters XML 1.0 cannot hold are dropped.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                let v = u.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    // MARK: - Writing

    /// Writes the workbook to `path` atomically: the zip is built in a temporary file in the
    /// same directory, then renamed over `path`; on any failure `path` is left as it was.
    public func write(to path: String) throws(WorkbookError) {
        guard !sheets.isEmpty else { throw .noSheets }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try buildArchive(at: temp)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw .cannotWrite(path, "\(error)")
        }
        if rename(temp.path, url.path) != 0 {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw .cannotWrite(path, why)
        }
    }

    /// The archive is closed when this returns (the `Archive` is released).
    private func buildArchive(at url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for part in parts() {
            let data = Data(part.content.utf8)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<min(data.count, Int(position) + size))
            }
        }
    }
}
