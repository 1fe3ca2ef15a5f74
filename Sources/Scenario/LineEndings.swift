/// Line ends as Windows (CRLF), old Mac (CR) and Unix (LF) editors write them. Text that is
/// edited line by line is read as LF and written back with the ends it came with.
public enum LineEnding: String, Sendable {
    case lf = "\n"
    case crlf = "\r\n"
    case cr = "\r"

    /// The line end `text` uses (its first one); LF when it has none.
    /// - Parameter text: any text.
    /// - Returns: the first line end found.
    public static func of(_ text: String) -> LineEnding {
        for u in text.unicodeScalars.indices {
            let c = text.unicodeScalars[u]
            if c == "\n" { return .lf }
            if c == "\r" {
                let next = text.unicodeScalars.index(after: u)
                return next < text.unicodeScalars.endIndex && text.unicodeScalars[next] == "\n" ? .crlf : .cr
            }
        }
        return .lf
    }

    /// `text` with every CRLF and CR made LF.
    public static func normalized(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for u in text.unicodeScalars {
            if u == "\r" { out.append("\n"); previousCR = true; continue }
            if u == "\n" && previousCR { previousCR = false; continue }
            previousCR = false
            out.append(u)
        }
        return String(out)
    }

    /// `text` (with LF ends) with this line end instead of every LF.
    public func applied(to text: String) -> String {
        self == .lf ? text : text.replacingOccurrences(of: "\n", with: rawValue)
    }
}

/// Text as editors save it besides UTF-8: UTF-16 with a byte order mark (Excel's "Unicode
/// Text", Notepad's "Unicode"). One decoder for scenarios and rosters.
enum UTF16Text {
    /// Whether `bytes` start with a UTF-16 byte order mark.
    static func hasBOM(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) }

    /// The text of UTF-16 `bytes` after their byte order mark; nil when they are not valid
    /// UTF-16 (an odd length, unpaired surrogates) or hold a NUL character.
    static func decode(_ bytes: [UInt8]) -> String? {
        guard hasBOM(bytes), bytes.count % 2 == 0 else { return nil }
        let little = bytes[0] == 0xFF
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        guard let text = String(validating: units, as: UTF16.self), !text.unicodeScalars.contains("\0") else { return nil }
        return text
    }
}
