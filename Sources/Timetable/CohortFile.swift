import Foundation
import PlanFiles
import Scenario

/// Minimal RFC 4180 CSV: fields separated by commas, optionally in double quotes ("" inside
/// quotes is a quote), rows by LF or CRLF.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var it = Array(text.unicodeScalars)[...]
        var sawAny = false
        while let c = it.popFirst() {
            sawAny = true
            if inQuotes {
                if c == "\"" {
                    if it.first == "\"" { field.unicodeScalars.append("\""); it.removeFirst() } else { inQuotes = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r", it.first == "\n" { it.removeFirst() }
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if sawAny && (!field.isEmpty || !row.isEmpty) { row.append(field); rows.append(row) }
        return rows.filter { !($0.count == 1 && $0[0].trimmingCharacters(in: .whitespaces).isEmpty) }
    }

    static func escape(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func line(_ fields: [String]) -> String { fields.map(escape).joined(separator: ",") + "\n" }

    /// Rows as dictionaries keyed by the header; throws when a required column is missing.
    static func records(_ text: String, file: String, required: [String]) throws(TimetableError) -> [[String: String]] {
        let rows = parse(text)
        guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw .badFile("\(file): empty file")
        }
        for r in required where !header.contains(r) { throw .badFile("\(file): missing column '\(r)'") }
        var out: [[String: String]] = []
        for (n, r) in rows.dropFirst().enumerated() {
            guard r.count == header.count else {
                throw .badFile("\(file) line \(n + 2): \(r.count) fields, header has \(header.count)")
            }
            out.append(Dictionary(uniqueKeysWithValues: zip(header, r)))
        }
        return out
    }
}

/// The planner's `cohorts.csv`: one row per class opened,
/// `class_id,term,institution,course,mode,payer,learners,segments`, segments as
/// "segment:learners;segment:learners".
public enum CohortFile {
    public static var header: [String] { CohortsRow.columns }

    public static func read(path: String) throws -> [PlannedClass] {
        guard FileManager.default.fileExists(atPath: path) else { throw TimetableError.badFile("\(path): no such file") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TimetableError.badFile("\(path): cannot be read as UTF-8 text")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String = "cohorts.csv") throws(TimetableError) -> [PlannedClass] {
        var out: [PlannedClass] = []
        var seen = Set<String>()
        let rows: [CohortsRow]
        do { rows = try PlanFiles.rows(CohortsRow.self, text: text, file: file) } catch { throw .badFile(error.description) }
        for (n, r) in rows.enumerated() {
            let line = n + 2
            let id = r.classId.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty, seen.insert(id).inserted else { throw .badFile("\(file) line \(line): empty or repeated class_id '\(id)'") }
            guard let mode = Mode(rawValue: r.mode.trimmingCharacters(in: .whitespaces)) else {
                throw .badFile("\(file) line \(line): unknown mode '\(r.mode)'")
            }
            let learners = r.learners
            guard learners >= 0 else { throw .badFile("\(file) line \(line): learners '\(learners)' is not a count") }
            var segs: [SegmentShare] = []
            for part in r.segments.split(separator: ";") {
                let kv = part.split(separator: ":")
                guard kv.count == 2, let k = Int(kv[1].trimmingCharacters(in: .whitespaces)), k >= 0 else {
                    throw .badFile("\(file) line \(line): segment entry '\(part)' is not segment:count")
                }
                segs.append(SegmentShare(segment: kv[0].trimmingCharacters(in: .whitespaces), learners: k))
            }
            if !segs.isEmpty, segs.reduce(0, { $0 + $1.learners }) != learners {
                throw .badFile("\(file) line \(line): segments add up to \(segs.reduce(0) { $0 + $1.learners }), learners is \(learners)")
            }
            out.append(PlannedClass(id: id, term: r.term.trimmingCharacters(in: .whitespaces),
                                    institution: r.institution.trimmingCharacters(in: .whitespaces),
                                    course: r.course.trimmingCharacters(in: .whitespaces), mode: mode,
                                    payer: r.payer.trimmingCharacters(in: .whitespaces), learners: learners,
                                    segments: segs))
        }
        return out
    }

    public static func format(_ classes: [PlannedClass]) -> String {
        var s = CSV.line(header)
        for c in classes {
            s += CSV.line([c.id, c.term, c.institution, c.course, c.mode.rawValue, c.payer, String(c.learners),
                           c.segments.map { "\($0.segment):\($0.learners)" }.joined(separator: ";")])
        }
        return s
    }

    public static func write(_ classes: [PlannedClass], path: String) throws {
        try format(classes).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
