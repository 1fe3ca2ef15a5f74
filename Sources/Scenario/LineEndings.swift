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
