import Foundation

/// The one place where ids and labels become file names, and file names become paths under an
/// output folder. Every writer (timetables, reports) goes through it, whatever the id holds:
/// `validate` already refuses ids that are not portable file names (`FileNames.problem`), and
/// these functions are the second line of defence for scenarios built in code or plans read
/// from CSV files.
public enum FileNames {
    /// Longest id, in characters, that `validate` accepts.
    public static let maxIDLength = 100

    /// Names Windows refuses as files, with or without an extension (`con.txt` too).
    static let windowsReserved: Set<String> = {
        var s: Set<String> = ["con", "prn", "aux", "nul"]
        for i in 1...9 { s.insert("com\(i)"); s.insert("lpt\(i)") }
        return s
    }()

    /// Characters (besides letters and digits) an id may hold.
    static let idPunctuation: Set<Character> = ["-", "_", "."]

    /// Why `id` cannot be a portable file name, or nil when it can. What is allowed: letters
    /// (Vietnamese too), digits, "-", "_" and "."; not starting with "." nor ending with "." ;
    /// not a name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9); 1 to 100 characters.
    /// - Parameter id: an id as written in a scenario.
    /// - Returns: what is wrong, worded to follow "found \"…\", " in a message; nil when fine.
    public static func problem(withID id: String) -> String? {
        if id.isEmpty { return "an id is empty" }
        if id.count > maxIDLength { return "it has \(id.count) characters, more than \(maxIDLength)" }
        if let bad = id.first(where: { !($0.isLetter || $0.isNumber || idPunctuation.contains($0)) }) {
            let what: String
            switch bad {
            case "/", "\\": what = "a path separator \(NodeReader.quoted(String(bad)))"
            case _ where bad.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }): what = "a control character"
            case _ where bad.isWhitespace: what = "a space"
            default: what = "the character \(NodeReader.quoted(String(bad)))"
            }
            return "it contains \(what)"
        }
        if id.hasPrefix(".") { return "it starts with \".\" (a hidden file, or a path step like \"..\")" }
        if id.hasSuffix(".") { return "it ends with \".\" (Windows drops it)" }
        let stem = id.split(separator: ".", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        if windowsReserved.contains(stem) { return "\(stem.uppercased()) is a name Windows reserves for a device" }
        return nil
    }

    /// What an id may hold, for messages.
    public static let allowed = "letters, digits, \"-\", \"_\" and \".\" (not first or last), at most \(maxIDLength) characters, not CON/PRN/AUX/NUL/COM1-9/LPT1-9"

    /// A file name for `id` that is safe on Linux, macOS and Windows and unique: two different
    /// ids never get the same name, even on a case-insensitive or normalising file system.
    /// Ids of lower-case ASCII letters, digits, "-", "_" and "." (as every shipped scenario
    /// uses) are kept as they are; any other id becomes a readable ASCII form followed by "~"
    /// and 16 hex digits of a hash of its exact UTF-8 bytes. Kept ids never hold "~", so the
    /// two forms never meet.
    /// - Parameters:
    ///   - id: any text (an id, a label, a teacher's name).
    ///   - avoiding: names that are taken in the same folder (compared without case); an id
    ///     equal to one of them gets the hashed form.
    /// - Returns: one path component, 1 to 82 characters, never "." or "..".
    public static func component(_ id: String, avoiding: Set<String> = []) -> String {
        let plain = !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d || $0 == 0x5f || $0 == 0x2e }
            && problem(withID: id) == nil
            && !avoiding.contains { $0.lowercased() == id }
        if plain { return id }
        var readable = ""
        let folded = id.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        for u in folded.unicodeScalars.prefix(64) {
            switch u.value {
            case 0x61...0x7a, 0x30...0x39, 0x2d, 0x5f: readable.unicodeScalars.append(u)
            case 0x41...0x5a: readable.unicodeScalars.append(Unicode.Scalar(u.value + 32)!)
            default: readable += "_"
            }
        }
        return (readable.isEmpty ? "id" : readable) + "~" + hash(id)
    }

    /// FNV-1a 64-bit of the UTF-8 bytes, 16 hex digits: the same on every machine and run
    /// (unlike Swift's `Hasher`), so names and calendar UIDs made from it are stable.
    /// - Parameter s: any text.
    /// - Returns: 16 lower-case hex digits.
    public static func hash(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Why a path could not be made under an output folder.
    public struct Escape: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// `base` joined with `parts`, each one path component (a fixed name or the result of
    /// `component`), after checking that the result stays inside `base`: no part may be
    /// empty, ".", "..", or hold "/" or "\\" or NUL, and once symbolic links in the existing
    /// part of the path are resolved the result must still lie under `base`.
    /// - Parameters:
    ///   - base: the output folder (relative or absolute).
    ///   - parts: path components below it, outermost first.
    /// - Returns: the joined path (`base/part/…`).
    /// - Throws: `Escape` naming the part and the folder when the path would leave `base`.
    public static func join(_ base: String, _ parts: String...) throws(Escape) -> String {
        try join(base, parts)
    }

    /// `join(_:_:)` with the parts as an array.
    public static func join(_ base: String, _ parts: [String]) throws(Escape) -> String {
        var path = base
        for p in parts {
            if p.isEmpty || p == "." || p == ".." || p.contains("/") || p.contains("\\") || p.contains("\0") {
                throw Escape(message: "refused to write \(NodeReader.quoted(p)) in \(base): not a plain file name; nothing is written outside the output folder")
            }
            path = (path as NSString).appendingPathComponent(p)
        }
        let root = resolved(base)
        let full = resolved(path)
        guard full == root || full.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw Escape(message: "refused to write \(path): it resolves to \(full), outside the output folder \(root)")
        }
        return path
    }

    /// Absolute, standardised `path`, with symbolic links resolved in the part that exists.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        var existing = (absolute as NSString).standardizingPath
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing), existing != "/" {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        var real = existing
        if let r = realpath(existing, nil) { real = String(cString: r); free(r) }
        for p in rest { real = (real as NSString).appendingPathComponent(p) }
        return real
    }
}
