import Foundation
import Yams

/// One bad row of a roster. Never carries a cell's value: rows hold personal data.
public struct RosterProblem: Sendable, Equatable, CustomStringConvertible {
    /// Row number as a spreadsheet shows it (the header is row 1); 0 for the whole file.
    public var row: Int
    /// Column name ("" for the whole row or file).
    public var column: String
    public var message: String
    public init(row: Int, column: String, message: String) { self.row = row; self.column = column; self.message = message }
    public var description: String {
        var s = row > 0 ? "row \(row)" : "roster"
        if !column.isEmpty { s += ", column \(column)" }
        return s + ": " + message
    }
}

/// Counts made from a roster: segments by (category, commune, leader, under 40) and level.
public struct RosterImport: Sendable, Equatable {
    public var segments: [Segment]
    /// People counted (rows without problems).
    public var people: Int
    /// Distinct units seen.
    public var units: Int
    public var asOf: Int
    public var problems: [RosterProblem]
}

public enum Roster {
    /// Columns (lower case; "-" and spaces read as "_"). `level` or `certificate` must be present.
    public static let requiredColumns = ["id", "category", "commune", "leader", "birth_year"]
    public static let optionalColumns = ["unit", "level", "certificate"]
    static let aliases = ["year_of_birth": "birth_year", "born": "birth_year", "cert": "certificate", "level_held": "level"]

    // MARK: CSV (RFC 4180: quoted fields, "" inside quotes, CRLF or LF; ";" when the header uses it)

    /// Records of a CSV text, each with the row number it starts on; a problem for an open quote.
    public static func records(_ text: String) -> (rows: [(row: Int, fields: [String])], problem: RosterProblem?) {
        var s = Substring(text)
        if s.hasPrefix("\u{FEFF}") { s = s.dropFirst() }
        let firstLine = s.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        // The header's most frequent separator: "," (CSV), ";" (CSV in a Vietnamese or European
        // locale) or a tab (Excel's "Unicode Text").
        let counts: [(Character, Int)] = [",", ";", "\t"].map { d in (d, firstLine.filter { $0 == d }.count) }
        let delimiter: Character = counts.max { $0.1 < $1.1 }.map { $0.1 > 0 ? $0.0 : "," } ?? ","
        var rows: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var atFieldStart = true
        var line = 1, recordLine = 1
        var iterator = s.makeIterator()
        var pending: Character? = nil
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) { rows.append((recordLine, fields)) }
            fields = []; field = ""; atFieldStart = true
        }
        while let ch = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else { inQuotes = false }
                } else {
                    if ch == "\n" || ch == "\r\n" || ch == "\r" { line += 1 }
                    field.append(ch)
                }
                continue
            }
            switch ch {
            case "\"" where atFieldStart:
                inQuotes = true
                atFieldStart = false
            case delimiter:
                fields.append(field); field = ""; atFieldStart = true
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(ch)
                atFieldStart = false
            }
        }
        if inQuotes { return (rows, RosterProblem(row: recordLine, column: "", message: "a quoted field is not closed (a \" is missing)")) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return (rows, nil)
    }

    // MARK: Values

    static func yesNo(_ s: String) -> Bool? {
        switch s.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "y", "true", "1", "x", "có", "co": return true
        case "no", "n", "false", "0", "", "không", "khong": return false
        default: return nil
        }
    }

    static func category(_ s: String) -> String? {
        switch s.trimmingCharacters(in: .whitespaces).lowercased() {
        case "cbcc", "cb", "cc", "cán bộ", "công chức", "can bo", "cong chuc", "cán bộ, công chức": return "cbcc"
        case "vc", "viên chức", "vien chuc": return "vc"
        default: return nil
        }
    }

    /// The level (0...6) a certificate or level text stands for; nil when it is not understood.
    /// "3", "bậc 3", "VSTEP bậc 3", "Bậc 3/6", "B1", "IELTS 6.0", "TOEIC 600", "TOEFL ITP 520";
    /// "" or "none" → 0. Scores go through `table` (`CertificateTable.read`).
    public static func level(from text: String, table: CertificateTable = .vietnam) -> Int? {
        if case .level(let l) = table.read(text) { return l }
        return nil
    }

    // MARK: Aggregation

    /// Reads a roster and counts people by segment and level. Rows with problems are not counted;
    /// a file-level problem (missing column, open quote, empty) leaves no segments.
    /// - Parameters:
    ///   - csv: the roster's text (see `readText(path:)`).
    ///   - asOf: the year ages are counted in.
    ///   - certificates: the score table for certificate cells (default: the Vietnamese conversion).
    /// - Returns: segments by level, and every bad row (without any cell's value).
    public static func aggregate(csv: String, asOf: Int, certificates: CertificateTable = .vietnam) -> RosterImport {
        let (records, openQuote) = records(csv)
        if let openQuote { return RosterImport(segments: [], people: 0, units: 0, asOf: asOf, problems: [openQuote]) }
        return aggregate(records: records, asOf: asOf, certificates: certificates)
    }

    /// Counts rows of cell texts (the first is the header), each with its row number: the
    /// CSV reader's records, or a workbook sheet's rows (`aggregate(workbook:sheet:asOf:)`).
    /// - Parameters:
    ///   - records: the header row then one row per person, each with its 1-based row number.
    ///   - asOf: the year ages are counted in.
    ///   - certificates: how certificate texts map to levels.
    /// - Returns: segments by level and the problems found (by row and column name).
    public static func aggregate(records: [(row: Int, fields: [String])], asOf: Int,
                                 certificates: CertificateTable = .vietnam) -> RosterImport {
        var result = RosterImport(segments: [], people: 0, units: 0, asOf: asOf, problems: [])
        guard let header = records.first else {
            result.problems.append(RosterProblem(row: 0, column: "", message: "the roster is empty, expected a header row and one row per person"))
            return result
        }
        var index: [String: Int] = [:]
        for (i, raw) in header.fields.enumerated() {
            var name = raw.trimmingCharacters(in: .whitespaces).lowercased()
                .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
            name = aliases[name] ?? name
            if index[name] == nil { index[name] = i }
        }
        var missing = requiredColumns.filter { index[$0] == nil }
        if index["level"] == nil && index["certificate"] == nil { missing.append("level (or certificate)") }
        if !missing.isEmpty {
            for m in missing {
                result.problems.append(RosterProblem(row: header.row, column: m, message: "missing column; the header needs \(requiredColumns.joined(separator: ", ")) and level or certificate"))
            }
            return result
        }
        struct Key: Hashable { let category: String; let commune: Bool; let leader: Bool; let under40: Bool }
        var counts: [Key: [Int]] = [:]
        var agedOut: [Key: Int] = [:]
        var seenIDs: [String: Int] = [:]
        var units: Set<String> = []
        for rec in records.dropFirst() {
            let row = rec.row
            func cell(_ c: String) -> String? {
                guard let i = index[c], i < rec.fields.count else { return nil }
                return rec.fields[i]
            }
            if rec.fields.count != header.fields.count {
                result.problems.append(RosterProblem(row: row, column: "", message: "has \(rec.fields.count) fields, the header has \(header.fields.count)"))
                continue
            }
            var ok = true
            func bad(_ column: String, _ message: String) { result.problems.append(RosterProblem(row: row, column: column, message: message)); ok = false }
            let id = (cell("id") ?? "").trimmingCharacters(in: .whitespaces)
            if id.isEmpty { bad("id", "empty, expected the person's id") } else if let first = seenIDs[id] {
                bad("id", "the same id as row \(first)")
            } else { seenIDs[id] = row }
            let cat = category(cell("category") ?? "")
            if cat == nil { bad("category", "not a known category, expected CBCC or VC") }
            let commune = yesNo(cell("commune") ?? "")
            if commune == nil { bad("commune", "expected yes or no") }
            let leader = yesNo(cell("leader") ?? "")
            if leader == nil { bad("leader", "expected yes or no") }
            let yearText = (cell("birth_year") ?? "").trimmingCharacters(in: .whitespaces)
            var born: Int?
            if let y = Int(yearText), y >= asOf - 80, y <= asOf - 15 { born = y } else if NumberWriting.groupedThousands(yearText, what: "") != nil {
                // The cell is personal data: say what is wrong with its writing, not what it holds.
                bad("birth_year", "a year written with a dot, comma or space between its digits; write the four digits alone (as 1985)")
            } else {
                bad("birth_year", "expected a year of birth between \(asOf - 80) and \(asOf - 15) (as of \(asOf))")
            }
            var level: Int?
            let levelText = cell("level") ?? ""
            let certText = cell("certificate") ?? ""
            let (column, text) = levelText.trimmingCharacters(in: .whitespaces).isEmpty ? ("certificate", certText) : ("level", levelText)
            let reading = certificates.read(text)
            if case .level(let l) = reading { level = l } else if let m = CertificateTable.message(reading) {
                bad(column, column == "level" ? "expected a level 0...6 or a certificate: " + m : m)
            }
            guard ok, let cat, let commune, let leader, let born, let level else { continue }
            let age = asOf - born
            let key = Key(category: cat, commune: commune, leader: leader, under40: age < 40)
            counts[key, default: [0, 0, 0, 0, 0, 0, 0]][level] += 1
            if age == 39 { agedOut[key, default: 0] += 1 }
            if let u = cell("unit")?.trimmingCharacters(in: .whitespaces), !u.isEmpty { units.insert(u) }
            result.people += 1
        }
        result.units = units.count
        func segmentID(_ k: Key) -> String {
            [k.category, k.commune ? "commune" : nil, k.leader ? "leader" : nil, k.under40 ? "u40" : "40plus"].compactMap { $0 }.joined(separator: "-")
        }
        func tags(_ k: Key) -> [String] {
            [k.category, k.commune ? "commune" : nil, k.leader ? "leader" : nil, k.under40 ? "under40" : nil].compactMap { $0 }
        }
        // Each under-40 segment with people aged 39 passes that share to its 40+ twin every year.
        for (k, n) in agedOut where n > 0 {
            let older = Key(category: k.category, commune: k.commune, leader: k.leader, under40: false)
            if counts[older] == nil { counts[older] = [0, 0, 0, 0, 0, 0, 0] }
        }
        let order: (Key, Key) -> Bool = { a, b in
            func rank(_ k: Key) -> Int { (k.commune ? 4 : 0) + (k.leader ? 0 : 2) + (k.under40 ? 0 : 1) }
            return (a.category, rank(a)) < (b.category, rank(b))
        }
        result.segments = counts.keys.sorted(by: order).map { k in
            var demography = Demography()
            if let n = agedOut[k], n > 0, let total = counts[k]?.reduce(0, +), total > 0 {
                let share = (Double(n) / Double(total) * 1000).rounded() / 1000
                demography.transfers = [Transfer(to: segmentID(Key(category: k.category, commune: k.commune, leader: k.leader, under40: false)), share: share)]
            }
            return Segment(id: segmentID(k), tags: tags(k), headcount: counts[k] ?? [], demography: demography)
        }
        return result
    }

    // MARK: Writing

    /// A segments file: a comment header with counts only, then the `segments:` section.
    public static func segmentsFile(_ r: RosterImport) -> String {
        var out = "# Segments imported from a roster as of \(r.asOf): \(r.people) people"
        if r.units > 0 { out += " in \(r.units) units" }
        out += ".\n# Headcounts are people at levels 0..6. Paste this section into a scenario, or import\n"
        out += "# with --scenario to replace a scenario's segments.\n"
        return out + ScenarioWriter.segmentsYAML(r.segments)
    }

    /// `template` (a scenario's YAML text) with its top-level `segments:` section replaced by the
    /// imported segments. Settings of template segments with the same id (name, demography,
    /// priority, windows, release share, extra tags) are kept. Other sections and comments stay.
    /// Imported segments with what the template's segment of the same id adds: its name,
    /// demography (when it has one), priority, preferred windows, release share and extra tags.
    /// - Parameters:
    ///   - imported: the segments a roster import made.
    ///   - old: the template's segments by id.
    /// - Returns: the imported segments, in their order, with the template's fields.
    public static func merged(_ imported: [Segment], keeping old: [String: Segment]) -> [Segment] {
        imported.map { s -> Segment in
            guard let t = old[s.id] else { return s }
            var n = s
            n.name = t.name
            if t.demography != Demography() { n.demography = t.demography }
            n.priority = t.priority
            n.preferredWindows = t.preferredWindows
            n.maxShareInTraining = t.maxShareInTraining
            n.tags += t.tags.filter { !s.tags.contains($0) }
            return n
        }
    }

    public static func splice(_ r: RosterImport, into template: String, file: String) throws(ScenarioError) -> String {
        // Spliced as LF lines; written back with the template's own line ends (CRLF from Windows editors).
        let ending = LineEnding.of(template)
        return ending.applied(to: try spliceLF(r, into: LineEnding.normalized(template), file: file))
    }

    static func spliceLF(_ r: RosterImport, into template: String, file: String) throws(ScenarioError) -> String {
        func fail(_ m: String) -> ScenarioError { ScenarioError(issues: [ScenarioIssue(file: file, line: 0, column: 0, path: "segments", message: m)]) }
        let root: Node?
        do { root = try Yams.compose(yaml: template) } catch let e as YamlError {
            throw ScenarioError(issues: [ScenarioLoader.issue(from: e, file: file)])
        } catch { throw fail("not YAML") }
        guard case .mapping(let m)? = root else { throw fail("the template is not a mapping of scenario fields") }
        // Template segments, when they can be read.
        var old: [String: Segment] = [:]
        let reader = NodeReader(file: file)
        if let segs = m["segments"], case .sequence(let items) = segs {
            let dec = ScenarioDecoder(r: reader)
            for (i, item) in items.enumerated() {
                if let s = dec.segmentOf(item, "segments[\(i)]") { old[s.id] = s }
            }
        }
        let merged = Self.merged(r.segments, keeping: old)
        let section = ScenarioWriter.segmentsYAML(merged)
        var lines = template.components(separatedBy: "\n")
        let keys = m.keys.compactMap { k -> (String, Int)? in
            guard case .scalar(let s) = k, let line = k.mark?.line else { return nil }
            return (s.string, line)
        }.sorted { $0.1 < $1.1 }
        guard let at = keys.firstIndex(where: { $0.0 == "segments" }) else {
            return template + (template.hasSuffix("\n") ? "" : "\n") + section
        }
        let start = keys[at].1 - 1
        var end = at + 1 < keys.count ? keys[at + 1].1 - 1 : lines.count
        guard start >= 0, start < end, end <= lines.count, lines[start].hasPrefix("segments") else {
            throw fail("cannot find the template's segments section on lines of its own; write it in block style (segments: on its own line)")
        }
        // Keep comments and blank lines that introduce the next section.
        while end > start + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty || lines[end - 1].hasPrefix("#") { end -= 1 }
        lines.replaceSubrange(start..<end, with: section.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init))
        return lines.joined(separator: "\n")
    }

    /// Writes `text` to `path` atomically (a temporary file in the same folder, then a rename).
    /// Refuses to replace an existing file unless `force`.
    public static func write(_ text: String, to path: String, force: Bool) throws(RosterWriteError) {
        if FileManager.default.fileExists(atPath: path) && !force {
            throw RosterWriteError(message: "\(path) exists; nothing was written (use --force to replace it)")
        }
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(text.utf8).write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                let err = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: tmp)
                throw RosterWriteError(message: "cannot write \(path): \(err)")
            }
        } catch let e as RosterWriteError {
            throw e
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw RosterWriteError(message: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

public struct RosterWriteError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
