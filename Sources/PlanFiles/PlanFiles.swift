import CSV
import Foundation

/// One row of a file in the plan directory. The coding keys are the file's columns, in
/// the order they are written; other tools (Excel, the timetabler, `compare`) read them by
/// these names, so renaming a key renames a column for every reader.
public protocol PlanFileRow: Codable, Sendable {
    associatedtype Column: CodingKey & CaseIterable
    /// File name inside the plan directory, e.g. "classes.csv".
    static var fileName: String { get }
    /// Columns a file may lack (added in a later version; read as absent).
    static var optionalColumns: Set<String> { get }
}

extension PlanFileRow {
    /// Column names in file order.
    public static var columns: [String] { Column.allCases.map(\.stringValue) }
    public static var optionalColumns: Set<String> { [] }
}

/// Why a plan file could not be read: a message naming the file, line and column.
public struct PlanFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Writes and reads the plan directory's CSV files (RFC 4180, UTF-8, header line first)
/// with yaslab/CSV.swift, through the rows' Codable conformance: one schema for writers
/// and readers.
public enum PlanFiles {
    /// The CSV text of `rows`: the header `R.columns`, then one line per row, each ending in LF.
    /// Numbers are written as Swift prints them (shortest text that reads back exactly),
    /// an absent optional as an empty field.
    /// - Parameter rows: the rows, in file order.
    /// - Returns: the file's text.
    public static func csv<R: PlanFileRow>(_ rows: [R]) -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let encoder = JSONEncoder()
        // A non-finite number (a share of nobody) is written as text rather than refused, so
        // encoding a flat row of strings and numbers cannot fail; nor can writing to memory.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let writer = try! CSVWriter(stream: stream)  // safe: in-memory stream
        try! writer.write(row: R.columns)  // safe: in-memory stream
        for row in rows {
            let data = try! encoder.encode(row)  // safe: flat rows of strings and numbers, non-finite ones as text
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            try! writer.write(row: R.columns.map { field(object[$0]) })  // safe: in-memory stream
        }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func field(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return ""
        case let s as String: return s
        case let i as Int: return String(i)
        case let d as Double: return number(d)
        case let n as NSNumber: return n.stringValue
        default: return "\(value!)"  // safe: nil handled above
        }
    }

    /// A number as a CSV field: whole numbers without ".0", others with 15 significant digits,
    /// so arithmetic's last-bit noise (0.5999999999999999 for 0.6) does not reach the reader;
    /// 15 digits are all a double holds for sure, so nothing a plan computed is lost.
    static func number(_ d: Double) -> String {
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        guard d.isFinite else { return String(d) }
        let short = String(format: "%.15g", d)
        if let back = Double(short), back == back.rounded(), abs(back) < 1e15 { return String(Int64(back)) }
        return short
    }

    /// Reads rows of type `R` from CSV text.
    /// - Parameters:
    ///   - text: the file's text (header line first).
    ///   - file: the file's path, for messages.
    /// - Returns: the rows in file order.
    /// - Throws: `PlanFileError` naming the file, line and column when a column is missing
    ///   or a field does not hold what the column needs.
    public static func rows<R: PlanFileRow>(_ type: R.Type, text: String, file: String) throws(PlanFileError) -> [R] {
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: true) } catch {
            throw PlanFileError("\(file): empty file (no header line)")
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        let missing = R.columns.filter { !header.contains($0) && !R.optionalColumns.contains($0) }
        guard missing.isEmpty else {
            throw PlanFileError("\(file): missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")
        }
        let decoder = CSVRowDecoder()
        var out: [R] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard fields.count == header.count else {
                throw PlanFileError("\(file) line \(line): \(fields.count) fields, the header has \(header.count)")
            }
            do { out.append(try decoder.decode(R.self, from: reader)) } catch {
                throw PlanFileError("\(file) line \(line), \(describe(error, field: { reader[$0] }))")
            }
        }
        if let e = reader.error { throw PlanFileError("\(file) line \(line + 1): \(e)") }
        return out
    }

    /// Reads `R.fileName` from a plan directory.
    /// - Parameter directory: the plan directory.
    /// - Returns: the rows in file order.
    /// - Throws: `PlanFileError` when the file is missing, not UTF-8 or not as `R` needs.
    public static func read<R: PlanFileRow>(_ type: R.Type, directory: String) throws(PlanFileError) -> [R] {
        let path = (directory as NSString).appendingPathComponent(R.fileName)
        return try read(type, path: path)
    }

    /// Reads rows of type `R` from the file at `path`.
    /// - Throws: `PlanFileError` when the file is missing, not UTF-8 or not as `R` needs.
    public static func read<R: PlanFileRow>(_ type: R.Type, path: String) throws(PlanFileError) -> [R] {
        guard let data = FileManager.default.contents(atPath: path) else { throw PlanFileError("\(path): cannot read the file") }
        guard let text = String(data: data, encoding: .utf8) else { throw PlanFileError("\(path): not UTF-8 text") }
        return try rows(type, text: text, file: path)
    }

    /// "column C: "v" is not a number" from a decoding error; `field` gives a column's text.
    static func describe(_ error: Error, field: (String) -> String? = { _ in nil }) -> String {
        func what(_ t: Any.Type) -> String {
            t == Double.self ? "a number" : t == Int.self || t == Int64.self ? "a whole number"
                : t == YesNo.self ? "yes or no" : t == String.self ? "text" : "\(t)"
        }
        func column(_ c: DecodingError.Context) -> String {
            let name = c.codingPath.last?.stringValue ?? "?"
            return "column \(name)" + (field(name).map { ": \"\($0)\"" } ?? "")
        }
        switch error {
        case DecodingError.typeMismatch(let t, let c), DecodingError.valueNotFound(let t, let c):
            return "\(column(c)) is not \(what(t))"
        case DecodingError.dataCorrupted(let c):
            if c.codingPath.isEmpty { return "not valid JSON (\(c.underlyingError.map { "\($0)" } ?? c.debugDescription))" }
            return "\(column(c)) is not a valid value (\(c.debugDescription))"
        case DecodingError.keyNotFound(let k, _):
            return "missing \(k.stringValue)"
        default:
            return "\(error)"
        }
    }
}
