import Foundation

/// Why a roster file could not be read as text; the message speaks of a CSV roster.
public struct RosterFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as given.
    public var file: String
    /// Line of the problem (1-based), 0 for the whole file.
    public var line: Int
    public var message: String
    public var description: String { "\(file)\(line > 0 ? ":\(line)" : ""): \(message)" }
}

/// Reading a roster file as Excel and HR systems save it: UTF-8 with or without a BOM
/// ("CSV UTF-8"), UTF-16 with a BOM ("Unicode Text", tab-separated), line ends LF, CRLF or CR.
/// Anything else is named (a workbook, a Windows code page, binary) with how to save it.
extension Roster {
    /// Largest roster read: about a million people at 100 bytes a row.
    public static let maxFileBytes = 100 * 1024 * 1024

    /// How to save a roster so that it can be read, for messages.
    public static let howToSave = "in Excel use File › Save As › \"CSV UTF-8 (Comma delimited) (*.csv)\" (or \"Unicode Text (*.txt)\")"

    /// The text of the roster file at `path`.
    /// - Parameter path: the roster file.
    /// - Returns: its text, without a byte order mark, line ends as written.
    /// - Throws: `RosterFileError` naming the file and what it is instead of a CSV roster.
    public static func readText(path: String) throws(RosterFileError) -> String {
        try text(of: try readData(path: path), file: path)
    }

    /// The bytes of the roster file at `path` after the checks every roster reader makes
    /// (exists, is a file, no larger than `maxFileBytes`, checked before reading).
    /// - Throws: `RosterFileError` naming the file.
    public static func readData(path: String) throws(RosterFileError) -> Data {
        func fail(_ m: String) -> RosterFileError { RosterFileError(file: path, line: 0, message: m) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("no such file, expected a CSV roster") }
        if isDirectory.boolValue { throw fail("is a folder, expected a CSV roster file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.int64Value > Int64(maxFileBytes) {
            throw fail("file is \(size.int64Value / 1_048_576) MB, larger than the \(maxFileBytes / 1_048_576) MB a CSV roster may have; refused without reading it")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot be opened for reading") }
        return data
    }

    /// The text of roster bytes (see `readText(path:)`).
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: the name shown in messages.
    /// - Returns: the text without a byte order mark.
    /// - Throws: `RosterFileError` when the bytes are not a text roster in UTF-8 or UTF-16.
    public static func text(of data: Data, file: String) throws(RosterFileError) -> String {
        func fail(_ line: Int, _ m: String) -> RosterFileError { RosterFileError(file: file, line: line, message: m) }
        let bytes = [UInt8](data)
        if bytes.isEmpty { throw fail(0, "file is empty, expected a CSV roster with a header row") }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw fail(0, "is an Excel workbook (.xlsx), not a CSV roster; \(howToSave)")
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw fail(0, "is an old Excel workbook (.xls), not a CSV roster; \(howToSave)")
        }
        if UTF16Text.hasBOM(bytes) {
            guard let text = UTF16Text.decode(bytes) else {
                throw fail(0, "starts like UTF-16 text but is cut short, holds invalid characters or NUL; \(howToSave)")
            }
            return text
        }
        // UTF-16 without a byte order mark: every other byte of ASCII text is 0.
        if bytes.count >= 4 {
            let sample = bytes.prefix(400)
            let evenZeros = stride(from: 0, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            let oddZeros = stride(from: 1, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            if max(evenZeros, oddZeros) * 2 > sample.count / 2 {
                throw fail(0, "looks like UTF-16 text without a byte order mark; \(howToSave)")
            }
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw fail(bytes[..<nul].filter { $0 == 10 }.count + 1, "file is binary (a NUL byte at offset \(nul)), expected a CSV roster; \(howToSave)")
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        // Where the first byte that is not UTF-8 lies, and what it likely is.
        var line = 1
        var start = body.startIndex
        for i in body.indices where body[i] == 10 {
            if String(validating: body[start..<i], as: UTF8.self) == nil { break }
            line += 1
            start = i + 1
        }
        throw fail(line, "the CSV roster is not UTF-8: it looks saved in a Windows code page (Windows-1258 Vietnamese, Windows-1252) or a legacy Vietnamese encoding (TCVN3, VNI), where accented letters would be misread; \(howToSave)")
    }
}
