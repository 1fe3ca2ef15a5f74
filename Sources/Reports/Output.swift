import Foundation
import Scenario

/// A directory langplan writes into. It refuses a non-empty directory it did not create
/// (no `.langplan` marker) unless forced, and writes each file atomically, so a user's
/// files are never lost or half-overwritten.
public struct OutputDirectory: Sendable {
    public let path: String
    static let marker = ".langplan"

    public enum Problem: Error, CustomStringConvertible {
        case notEmpty(String)
        case notADirectory(String)
        case cannotWrite(String, String)
        public var description: String {
            switch self {
            case .notEmpty(let p): return "\(p) is not empty and was not written by langplan; use --force to write into it"
            case .notADirectory(let p): return "\(p) exists and is not a directory"
            case .cannotWrite(let p, let why): return "cannot write \(p): \(why)"
            }
        }
    }

    public init(_ path: String, force: Bool) throws(Problem) {
        self.path = path
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw .notADirectory(path) }
            let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            if !contents.isEmpty && !contents.contains(Self.marker) && !force { throw .notEmpty(path) }
        } else {
            do { try fm.createDirectory(atPath: path, withIntermediateDirectories: true) }
            catch { throw .cannotWrite(path, error.localizedDescription) }
        }
        try write(Self.marker, "written by langplan; files here may be replaced by the next run\n")
    }

    /// Writes `name` (relative, may contain subdirectories) atomically.
    public func write(_ name: String, _ text: String) throws(Problem) {
        // Each step of `name` must be a plain file name that stays in the folder (FileNames).
        let full: String
        do { full = try FileNames.join(path, name.split(separator: "/").map(String.init)) } catch {
            throw .cannotWrite((path as NSString).appendingPathComponent(name), error.message)
        }
        let dir = (full as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWrite(full, error.localizedDescription)
        }
    }
}

/// RFC 4180 CSV: fields with commas, quotes or newlines are quoted.
public func csvLine(_ fields: [String]) -> String {
    fields.map { f in
        f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
    }.joined(separator: ",") + "\n"
}

