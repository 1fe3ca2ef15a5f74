import Foundation
import Yams

/// Certificates as people write them on HR rosters, and the score tables that turn a test
/// score into a level of the 6-level framework (Khung năng lực ngoại ngữ 6 bậc, Circular
/// 01/2014/TT-BGDĐT). The default table follows the conversion Vietnamese public employers
/// use (docs/scenario.md names the sources); a province may replace any test's bands with a
/// file of its own (`CertificateTable.load`).
public struct CertificateTable: Sendable, Equatable {
    /// The scored tests the table knows.
    public enum Test: String, Sendable, CaseIterable {
        case ielts = "IELTS"
        case toeic = "TOEIC"
        case toeflIBT = "TOEFL iBT"
        case toeflITP = "TOEFL ITP"
        case vstep = "VSTEP"

        /// The scores the test reports.
        public var scores: ClosedRange<Double> {
            switch self {
            case .ielts: return 0...9
            case .toeic: return 10...990
            case .toeflIBT: return 0...120
            case .toeflITP: return 310...677
            case .vstep: return 0...10
            }
        }
    }

    /// From `minimum` score up (to the next band's minimum), the level is `level`.
    public struct Band: Sendable, Equatable {
        public var minimum: Double
        public var level: Int
        public init(minimum: Double, level: Int) { self.minimum = minimum; self.level = level }
    }

    /// Bands of each test, by ascending minimum; a score below the first band is level 0.
    public var bands: [Test: [Band]]

    public init(bands: [Test: [Band]]) { self.bands = bands }

    /// The conversion Vietnamese public employers use (sources in docs/scenario.md):
    /// levels 3 and 4 from Circular 23/2021/TT-BGDĐT, Appendix II (IELTS 4.0-5.0 / 5.5-6.5,
    /// TOEFL iBT 30-45 / 46-93, TOEFL ITP 450-499, TOEIC per skill L275+R275 / L400+R385);
    /// TOEFL ITP 500 for level 4 as Circular 15/2014/TT-BGDĐT had it; VSTEP.3-5 bands of
    /// Decision 729/QĐ-BGDĐT (2015); the levels below 3 and above 4 from the test owners'
    /// published CEFR mappings (IELTS, ETS for TOEIC and TOEFL).
    public static let vietnam = CertificateTable(bands: [
        .ielts: [Band(minimum: 0.5, level: 1), Band(minimum: 3.0, level: 2), Band(minimum: 4.0, level: 3),
                 Band(minimum: 5.5, level: 4), Band(minimum: 7.0, level: 5), Band(minimum: 8.5, level: 6)],
        .toeic: [Band(minimum: 120, level: 1), Band(minimum: 225, level: 2), Band(minimum: 550, level: 3),
                 Band(minimum: 785, level: 4), Band(minimum: 945, level: 5)],
        .toeflIBT: [Band(minimum: 30, level: 3), Band(minimum: 46, level: 4), Band(minimum: 94, level: 5),
                    Band(minimum: 114, level: 6)],
        .toeflITP: [Band(minimum: 337, level: 2), Band(minimum: 450, level: 3), Band(minimum: 500, level: 4),
                    Band(minimum: 627, level: 5)],
        .vstep: [Band(minimum: 4.0, level: 3), Band(minimum: 6.0, level: 4), Band(minimum: 8.5, level: 5)],
    ])

    /// The level of `score` on `test`; nil when the score is outside what the test reports.
    public func level(_ test: Test, score: Double) -> Int? {
        guard test.scores.contains(score) else { return nil }
        return (bands[test] ?? []).last { score >= $0.minimum }?.level ?? 0
    }

    // MARK: Reading a cell

    /// What a certificate or level cell says.
    public enum Reading: Sendable, Equatable {
        case level(Int)
        /// A known test with a score it does not report (e.g. IELTS 12).
        case outOfRange(Test)
        /// Two different levels in one cell ("bậc 3 (B2)").
        case contradictory([Int])
        /// Not understood; the nearest known form when one is close.
        case unknown(nearest: String?)
    }

    static let cefr = ["a1": 1, "a2": 2, "b1": 3, "b2": 4, "c1": 5, "c2": 6]
    /// Cambridge exam names.
    static let cambridge = ["ket": 2, "pet": 3, "fce": 4, "cae": 5, "cpe": 6]
    /// Words that put a level number after them: "bậc 3", "level 3", "cấp độ 3", "trình độ 3".
    static let levelWords: Set<String> = ["bậc", "bac", "level", "độ", "do", "cap", "cấp"]
    /// Certificates of the old national programme (Decision 177/QĐ-TCBT): A, B, C, as
    /// Official Letter 6089/BGDĐT-GDTX (2014) converts them: A → 1, B → 2, C → 3.
    static let oldProgramme = ["a": 1, "b": 2, "c": 3]

    /// Forms offered as "nearest known form" for a cell that is not understood.
    public static let knownForms = ["A1", "A2", "B1", "B2", "C1", "C2", "bậc 1", "bậc 2", "bậc 3", "bậc 4", "bậc 5", "bậc 6",
                                    "VSTEP B1", "VSTEP B2", "VSTEP C1", "VSTEP bậc 3", "VSTEP 6.0", "IELTS 6.5", "TOEIC 600",
                                    "TOEFL iBT 80", "TOEFL ITP 500", "Cambridge B2 First", "PET", "FCE", "chứng chỉ B", "none"]

    /// Reads a certificate or level as written: "B1", "VSTEP bậc 3", "Bậc 3/6", "bậc 3 (B1)",
    /// "B1 VSTEP", "Khung 6 bậc: bậc 4", "level 2", "IELTS 6,5", "TOEIC 650 điểm", "TOEFL ITP
    /// 520", "chứng chỉ B", "3"; "" or "none"/"không" is level 0.
    /// - Parameter text: the cell's text.
    /// - Returns: the level, or why it is not one.
    public func read(_ text: String) -> Reading {
        var t = text.precomposedStringWithCanonicalMapping.lowercased().trimmingCharacters(in: .whitespaces)
        if ["", "none", "không", "khong", "no", "0", "-", "chưa có", "chua co"].contains(t) { return .level(0) }
        if let n = Int(t) { return CertificateTable.levelRange.contains(n) ? .level(n) : .unknown(nearest: nil) }
        for (from, to) in [("toefl-ibt", "toefl ibt"), ("toefl-itp", "toefl itp")] { t = t.replacingOccurrences(of: from, with: to) }
        var words: [String] = []
        for raw in t.split(whereSeparator: { " /()[]:;-_\t".contains($0) }) {
            var w = String(raw)
            while let l = w.last, l == "." || l == "," { w.removeLast() }
            // "bậc3", "level3": a level word glued to its number.
            if let word = Self.levelWords.first(where: { w.hasPrefix($0) && Int(w.dropFirst($0.count)) != nil }) {
                words += [word, String(w.dropFirst(word.count))]
            } else if !w.isEmpty { words.append(w) }
        }
        func number(_ w: String) -> Double? { Double(w.replacingOccurrences(of: ",", with: ".")) }
        // A scored test: the first number after its name.
        func score(after names: [String]) -> Double?? {
            guard let i = words.firstIndex(where: { names.contains($0) }) else { return nil }
            return .some(words[(i + 1)...].lazy.compactMap(number).first)
        }
        let hasIBT = words.contains("ibt"), hasITP = words.contains("itp")
        var scored: [(Test, Double?)] = []
        if let s = score(after: ["ielts"]) { scored.append((.ielts, s)) }
        if let s = score(after: ["toeic"]) { scored.append((.toeic, s)) }
        if let s = score(after: hasITP ? ["itp"] : hasIBT ? ["ibt"] : ["toefl"]) {
            let test: Test = hasITP ? .toeflITP : hasIBT ? .toeflIBT : (s.map { $0 >= 310 } ?? false) ? .toeflITP : .toeflIBT
            scored.append((test, s))
        }
        // Level claims: CEFR words, Cambridge names, "bậc N", old A/B/C certificates.
        var claims: [Int] = []
        for (i, w) in words.enumerated() {
            if let l = Self.cefr[w] ?? Self.cambridge[w] { claims.append(l) }
            if Self.levelWords.contains(w), i + 1 < words.count, let n = Int(words[i + 1]) {
                // "khung 6 bậc" names the framework: a number after "bậc" counts, one before it does not.
                if Self.levelRange.contains(n) { claims.append(n) } else { return .unknown(nearest: "bậc 1 … bậc 6") }
            }
            if ["chỉ", "chi", "độ", "do", "anh", "english"].contains(w), i + 1 < words.count, let l = Self.oldProgramme[words[i + 1]] {
                claims.append(l)
            }
        }
        if words.contains("vstep"), claims.isEmpty, let s = score(after: ["vstep"]), let s { scored.append((.vstep, s)) }
        for (test, s) in scored where claims.isEmpty {
            guard let s else { return .unknown(nearest: "\(test.rawValue) \(test == .ielts ? "6.5" : test == .toeic ? "600" : test == .vstep ? "6.0" : test == .toeflITP ? "500" : "80")") }
            guard let l = level(test, score: s) else { return .outOfRange(test) }
            return .level(l)
        }
        let distinct = Array(Set(claims)).sorted()
        if distinct.count == 1 { return .level(distinct[0]) }
        if distinct.count > 1 { return .contradictory(distinct) }
        return .unknown(nearest: didYouMean(text.trimmingCharacters(in: .whitespaces), among: Self.knownForms))
    }

    static let levelRange = 0...6

    /// What a cell should hold, for messages.
    public static let expected = "A1…C2, bậc 1…6 (\"VSTEP bậc 3\", \"Bậc 3/6\", \"bậc 3 (B1)\"), VSTEP B1 or score, IELTS band, TOEIC, TOEFL iBT or ITP score, chứng chỉ A/B/C, or empty"

    /// A message for a reading that is not a level (never repeating the cell: it is personal data).
    public static func message(_ r: Reading) -> String? {
        switch r {
        case .level: return nil
        case .outOfRange(let test):
            return "\(test == .ielts ? "an" : "a") \(test.rawValue) score outside \(fmt(test.scores.lowerBound))…\(fmt(test.scores.upperBound)), the scores that test reports"
        case .contradictory(let levels):
            return "names two different levels (\(levels.map { "bậc \($0)" }.joined(separator: " and "))); write one"
        case .unknown(let nearest):
            return "not a known certificate" + (nearest.map { "; the nearest known form is \"\($0)\"" } ?? "") + "; expected \(expected)"
        }
    }
}

// MARK: A province's own table

/// A problem in a certificate table file.
public struct CertificateTableError: Error, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

extension CertificateTable {
    /// Reads a province's table and lays it over `base`: each test it names gets exactly the
    /// bands given, other tests keep `base`'s. YAML (`IELTS: {4.0: 3, 5.5: 4}`) or CSV
    /// (`test,min_score,level` with one row per band), told apart by the file name's ending
    /// (`.csv`) and otherwise read as YAML.
    /// - Parameters:
    ///   - path: the table file.
    ///   - base: the table it amends (default: `vietnam`).
    /// - Returns: the amended table.
    /// - Throws: `CertificateTableError` with every problem, by line and column (YAML) or row (CSV).
    public static func load(path: String, over base: CertificateTable = .vietnam) throws(CertificateTableError) -> CertificateTable {
        let text: String
        do { text = try Roster.readText(path: path) } catch {
            throw CertificateTableError(issues: [ScenarioIssue(file: path, line: error.line, column: 0, path: "",
                message: error.message.replacingOccurrences(of: "CSV roster", with: "certificate table"))])
        }
        return try parse(text, file: path, csv: path.lowercased().hasSuffix(".csv"), over: base)
    }

    /// `load` on text already read. - Parameter csv: true for the CSV form.
    public static func parse(_ text: String, file: String, csv: Bool, over base: CertificateTable = .vietnam) throws(CertificateTableError) -> CertificateTable {
        var issues: [ScenarioIssue] = []
        var rows: [(test: Test, minimum: Double, level: Int, line: Int, column: Int, path: String)] = []
        func issue(_ line: Int, _ column: Int, _ path: String, _ m: String) {
            issues.append(ScenarioIssue(file: file, line: line, column: column, path: path, message: m))
        }
        func test(named name: String, _ line: Int, _ column: Int, _ path: String) -> Test? {
            let key = name.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
            if let t = Test.allCases.first(where: { $0.rawValue.lowercased() == key }) { return t }
            if key == "toefl" || key == "ibt" { return .toeflIBT }
            if key == "itp" { return .toeflITP }
            let names = Test.allCases.map(\.rawValue)
            // Transposed letters ("TOIEC", "IELST") are the usual slip: allow two edits.
            let near = names.map { ($0, editDistance(name.uppercased(), $0.uppercased())) }.min { $0.1 < $1.1 }
            issue(line, column, path, "found \(NodeReader.quoted(name)), expected a test: \(names.joined(separator: ", "))"
                  + (near.flatMap { $0.1 <= 2 ? "; did you mean \($0.0)?" : nil } ?? ""))
            return nil
        }
        func level(_ s: String, _ line: Int, _ column: Int, _ path: String) -> Int? {
            if let l = Int(s.trimmingSpaces), levelRange.contains(l) { return l }
            if let l = cefr[s.trimmingSpaces.lowercased()] { return l }
            issue(line, column, path, "found \(NodeReader.quoted(s)), expected a level 0…6 (or A1…C2)")
            return nil
        }
        func score(_ s: String, _ t: Test, _ line: Int, _ column: Int, _ path: String) -> Double? {
            if let m = NumberWriting.decimalComma(s, what: "a \(t.rawValue) score") { issue(line, column, path, m); return nil }
            if let m = NumberWriting.groupedThousands(s, what: "a \(t.rawValue) score") { issue(line, column, path, m); return nil }
            guard let v = NodeReader.parseDouble(s), t.scores.contains(v) else {
                issue(line, column, path, "found \(NodeReader.quoted(s)), expected a \(t.rawValue) score \(fmt(t.scores.lowerBound))…\(fmt(t.scores.upperBound))")
                return nil
            }
            return v
        }
        if csv {
            let (records, open) = Roster.records(text)
            if let open { issue(open.row, 0, "", open.message) }
            let header = records.first?.fields.map { $0.trimmingSpaces.lowercased() } ?? []
            guard let ti = header.firstIndex(of: "test"), let si = header.firstIndex(where: { ["min_score", "minimum", "score"].contains($0) }),
                  let li = header.firstIndex(of: "level") else {
                throw CertificateTableError(issues: [ScenarioIssue(file: file, line: records.first?.row ?? 1, column: 0, path: "",
                    message: "expected a header test,min_score,level and one row per band (e.g. IELTS,5.5,4)")])
            }
            for r in records.dropFirst() {
                let p = "row \(r.row)"
                guard r.fields.count == header.count else { issue(r.row, 0, p, "has \(r.fields.count) fields, the header has \(header.count)"); continue }
                guard let t = test(named: r.fields[ti].trimmingSpaces, r.row, 0, p + ".test") else { continue }
                let s = score(r.fields[si], t, r.row, 0, p + ".min_score"), l = level(r.fields[li], r.row, 0, p + ".level")
                if let s, let l { rows.append((t, s, l, r.row, 0, p)) }
            }
        } else {
            let root: Node?
            do { root = try Yams.compose(yaml: text) } catch let e as YamlError {
                throw CertificateTableError(issues: [ScenarioLoader.issue(from: e, file: file)])
            } catch { throw CertificateTableError(issues: [ScenarioIssue(file: file, line: 0, column: 0, path: "", message: "not YAML")]) }
            guard case .mapping(let m)? = root else {
                throw CertificateTableError(issues: [ScenarioIssue(file: file, line: root?.mark?.line ?? 0, column: root?.mark?.column ?? 0, path: "",
                    message: "expected a mapping of tests to bands, e.g. IELTS: {4.0: 3, 5.5: 4, 7.0: 5}")])
            }
            for (k, v) in m {
                let name = k.scalar?.string ?? ""
                guard let t = test(named: name, k.mark?.line ?? 0, k.mark?.column ?? 0, name) else { continue }
                guard case .mapping(let bands) = v else {
                    issue(v.mark?.line ?? 0, v.mark?.column ?? 0, name, "expected a map {minimum score: level}, e.g. {4.0: 3, 5.5: 4}")
                    continue
                }
                for (sk, lv) in bands {
                    let p = "\(name).\(sk.scalar?.string ?? "?")"
                    let line = sk.mark?.line ?? 0, column = sk.mark?.column ?? 0
                    let s = score(sk.scalar?.string ?? "", t, line, column, p)
                    if case .scalar(let x) = lv, NodeReader.isNull(x) {
                        issue(line, column, p, "found no level after \(sk.scalar?.string ?? "?"); write {minimum score: level}, and a score with a decimal point (4.0: a comma inside { } separates entries)")
                        continue
                    }
                    let l = level(lv.scalar?.string ?? "", lv.mark?.line ?? 0, lv.mark?.column ?? 0, p)
                    if let s, let l { rows.append((t, s, l, line, column, p)) }
                }
            }
        }
        var table = base
        for t in Test.allCases {
            let mine = rows.filter { $0.test == t }.sorted { $0.minimum < $1.minimum }
            guard !mine.isEmpty else { continue }
            for (a, b) in zip(mine, mine.dropFirst()) {
                if a.minimum == b.minimum { issue(b.line, b.column, b.path, "\(t.rawValue) \(fmt(b.minimum)) is given twice") }
                else if b.level < a.level {
                    issue(b.line, b.column, b.path, "\(t.rawValue) \(fmt(b.minimum)) gives level \(b.level), below level \(a.level) at the lower score \(fmt(a.minimum)); levels must not fall as scores rise")
                }
            }
            table.bands[t] = mine.map { Band(minimum: $0.minimum, level: $0.level) }
        }
        if rows.isEmpty && issues.isEmpty { issue(0, 0, "", "no bands found; expected e.g. IELTS: {4.0: 3, 5.5: 4} (YAML) or rows test,min_score,level (CSV)") }
        if !issues.isEmpty { throw CertificateTableError(issues: issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
        return table
    }
}
