import Foundation
import Spreadsheet

/// A roster read from a workbook sheet: the counts, and where each problem is.
public struct WorkbookRosterImport: Sendable {
    /// The counts and problems, as from a CSV roster; a problem's `column` names the column
    /// letter and header ("E (birth_year)"), never a cell's value.
    public var result: RosterImport
    /// The sheet read.
    public var sheet: String
}

extension Roster {
    /// Reads an HR roster from a workbook: the first visible sheet (or `sheet`), header in its
    /// first non-empty row, the same columns and rules as a CSV roster.
    /// - Parameters:
    ///   - data: the .xlsx file's bytes.
    ///   - sheet: the sheet's name (case ignored); nil for the first visible sheet.
    ///   - asOf: the year ages are counted in.
    ///   - certificates: the score table for certificate cells (default: the Vietnamese conversion).
    /// - Returns: the counts with problems placed by sheet, row and column letter.
    /// - Throws: `WorkbookReadError` when the file is not a readable workbook or the sheet is missing.
    public static func aggregate(workbook data: Data, sheet: String?, asOf: Int,
                                 certificates: CertificateTable = .vietnam) throws(WorkbookReadError) -> WorkbookRosterImport {
        let sheets = try WorkbookReader.read(data: data)
        let chosen: SheetData?
        if let sheet {
            chosen = sheets.first { $0.name.lowercased() == sheet.lowercased() }
            if chosen == nil {
                throw WorkbookReadError("no sheet \"\(sheet)\"; the workbook has \(sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))")
            }
        } else {
            chosen = sheets.first { !$0.hidden } ?? sheets.first
        }
        guard let s = chosen else { throw WorkbookReadError("the workbook has no sheet with cells") }
        let width = s.lastColumn + 1
        let records: [(row: Int, fields: [String])] = s.rowNumbers.map { r in
            (r, (0..<max(width, 0)).map { c in s[r, c].map { text($0.value) } ?? "" })
        }.filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        var result = aggregate(records: records, asOf: asOf, certificates: certificates)
        // Name the column by letter as well: the header text is what the CSV message uses.
        if let header = records.first {
            let letters = Dictionary(header.fields.enumerated().map { (normalize($0.element), Workbook.columnName($0.offset)) },
                                     uniquingKeysWith: { a, _ in a })
            result.problems = result.problems.map { p in
                var q = p
                if let letter = letters[p.column] { q.column = "\(letter) (\(p.column))" }
                return q
            }
        }
        return WorkbookRosterImport(result: result, sheet: s.name)
    }

    /// A header cell as the CSV reader matches it (lower case, "-" and spaces as "_", aliases).
    static func normalize(_ raw: String) -> String {
        let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        return aliases[name] ?? name
    }

    /// A cell as the text a CSV export would hold: numbers as stored ("1985"), dates as ISO.
    static func text(_ v: CellValue) -> String {
        switch v {
        case .text(let s): return s
        case .number(_, let raw): return raw
        case .bool(let b): return b ? "yes" : "no"
        case .date(let d): return d.iso
        case .error(let e): return e
        case .uncomputedFormula: return ""
        }
    }
}
