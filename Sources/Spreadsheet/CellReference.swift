/// A cell's place in a sheet, as a spreadsheet names it ("C12"): shared by the writer
/// (`Workbook.columnName`) and the reader.
public struct CellReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based row number, as shown at the left of the sheet.
    public var row: Int
    /// 0-based column index (0 = "A").
    public var column: Int

    /// - Parameters:
    ///   - row: 1-based row number.
    ///   - column: 0-based column index.
    public init(row: Int, column: Int) { self.row = row; self.column = column }

    /// Parses "C12" or "$C$12" (letters then digits; at most column XFD, row 1,048,576).
    /// - Parameter text: an A1-style reference.
    /// - Returns: the reference, or nil when `text` is not one.
    public init?(_ text: String) {
        var col = 0, row = 0, letters = 0, digits = 0
        for u in text.unicodeScalars where u != "$" {
            switch u.value {
            case 65...90, 97...122:
                guard digits == 0, letters < 3 else { return nil }
                col = col * 26 + Int((u.value & ~0x20) - 64); letters += 1
            case 48...57:
                guard letters > 0, digits < 7 else { return nil }
                row = row * 10 + Int(u.value - 48); digits += 1
            default: return nil
            }
        }
        guard letters > 0, digits > 0, row >= 1, row <= 1_048_576, col <= 16_384 else { return nil }
        self.row = row; self.column = col - 1
    }

    /// "C12".
    public var description: String { Workbook.columnName(column) + String(row) }

    public static func < (a: Self, b: Self) -> Bool { (a.row, a.column) < (b.row, b.column) }
}
