import Foundation
import Pages
import PlanFiles
import Planner
import Scenario

// `langplan compare A B`: what differs between two scenarios (inputs and planned results) or
// between two plan directories (results only).

/// The results of one plan that a comparison shows, taken from a planning run or read back
/// from a plan directory (summary.json, attainment.csv, budget.csv, classes.csv).
public struct PlanSnapshot: Sendable {
    public struct AttainmentKey: Hashable, Sendable {
        public var target: String; public var year: Int
        public init(target: String, year: Int) { self.target = target; self.year = year }
    }
    public struct SpendKey: Hashable, Sendable {
        public var year: Int; public var payer: String
        public init(year: Int, payer: String) { self.year = year; self.payer = payer }
    }
    public struct Attainment: Sendable {
        public var targetShare: Double; public var projected: Double; public var met: Bool
        public init(targetShare: Double, projected: Double, met: Bool) { self.targetShare = targetShare; self.projected = projected; self.met = met }
    }

    /// Targets, payers and modes in the order the plan lists them.
    public var targets: [String] = []
    public var payers: [String] = []
    public var modes: [String] = []
    public var attainment: [AttainmentKey: Attainment] = [:]
    public var spend: [SpendKey: Double] = [:]
    public var classesByMode: [String: Int] = [:]
    public var weightedAttainment: Double?
    public var scenarioName: String?
    public var scenarioChecksum: String?

    public init() {}

    public var totalSpend: Double { spend.values.reduce(0, +) }
    public var totalClasses: Int { classesByMode.values.reduce(0, +) }

    /// The snapshot of a plan just made (the same rows its CSV files would hold).
    public init(report: PlanReport) {
        let sc = report.result.data.scenario
        for row in report.attainmentRows() {
            let id = sc.targets[row.target].id
            if !targets.contains(id) { targets.append(id) }
            attainment[AttainmentKey(target: id, year: row.year)] = Attainment(targetShare: row.targetShare, projected: row.projected, met: row.met)
        }
        payers = sc.payers.map(\.id)
        for y in sc.horizon.years {
            for (p, payer) in sc.payers.enumerated() {
                spend[SpendKey(year: y, payer: payer.id)] = report.result.projection.spend[Projection.SpendKey(year: y, payer: p)] ?? 0
            }
        }
        for r in report.tables.classes {
            let mode = report.result.data.offerings[r.offering].mode.rawValue
            if !modes.contains(mode) { modes.append(mode) }
            classesByMode[mode, default: 0] += r.classes
        }
        weightedAttainment = report.result.projection.weightedAttainment(sc)
        scenarioName = sc.name
        scenarioChecksum = report.scenarioChecksum.isEmpty ? nil : report.scenarioChecksum
    }

    /// Files a plan directory must hold to be compared.
    public static let requiredFiles = ["summary.json", "attainment.csv", "budget.csv", "classes.csv"]

    /// Reads a plan directory written by `langplan plan`.
    public static func read(directory dir: String) throws(CompareError) -> PlanSnapshot {
        let missing = requiredFiles.filter { !FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent($0)) }
        guard missing.isEmpty else { throw .notAPlanDirectory(dir, missing: missing) }
        var s = PlanSnapshot()

        do {
            let summary = try PlanSummary.read(path: (dir as NSString).appendingPathComponent("summary.json"))
            s.weightedAttainment = summary.weightedAttainment
            s.scenarioName = summary.scenario
            s.scenarioChecksum = summary.scenarioChecksum.isEmpty ? nil : summary.scenarioChecksum
            for r in try PlanFiles.read(AttainmentFileRow.self, directory: dir) {
                if !s.targets.contains(r.target) { s.targets.append(r.target) }
                s.attainment[AttainmentKey(target: r.target, year: r.milestone)] =
                    Attainment(targetShare: r.targetShare, projected: r.projectedShare, met: r.met == .yes)
            }
            for r in try PlanFiles.read(BudgetRow.self, directory: dir) {
                if !s.payers.contains(r.payer) { s.payers.append(r.payer) }
                s.spend[SpendKey(year: r.year, payer: r.payer), default: 0] += Double(r.spentVND)
            }
            for r in try PlanFiles.read(ClassesRow.self, directory: dir) {
                if !s.modes.contains(r.mode) { s.modes.append(r.mode) }
                s.classesByMode[r.mode, default: 0] += r.classes
            }
        } catch {
            throw .unreadable(error.description)
        }
        return s
    }
}

/// Why a comparison could not be made; every case is a message for the user.
public enum CompareError: Error, CustomStringConvertible {
    case notFound(String)
    case mixed(scenario: String, directory: String)
    case notAPlanDirectory(String, missing: [String])
    /// A plan file that is not as `langplan plan` writes it (file, line, column, what).
    case unreadable(String)
    case scenario(String, ScenarioError)
    case plan(String, PlannerError)

    public var description: String {
        switch self {
        case .notFound(let p): return "\(p): no such file or directory"
        case .mixed(let s, let d):
            return "\(s) is a scenario file but \(d) is a directory: give two scenario files or two plan directories"
        case .notAPlanDirectory(let d, let missing):
            return "\(d) is not a plan directory written by `langplan plan`: missing \(missing.joined(separator: ", "))"
        case .unreadable(let why): return why
        case .scenario(_, let e): return e.description
        case .plan(let p, let e): return "planning \(p) failed: \(e)"
        }
    }
}

/// `lang.number` of `v` rounded to `decimals` first (NumberFormatter on Linux may show more digits).
func fixed(_ lang: Language, _ v: Double, _ decimals: Int) -> String {
    let f = pow(10.0, Double(decimals))
    return lang.number((v * f).rounded() / f, decimals: decimals)
}

/// Percent with one decimal: "52,0%".
func percent(_ lang: Language, _ v: Double) -> String { fixed(lang, 100 * v, 1) + "%" }

// MARK: - Comparison

/// A table of the comparison: the first `labelColumns` columns are labels, the rest numbers.
public struct CompareTable: Sendable {
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    public var labelColumns: Int
}

/// Two plans side by side, with the inputs diff when both came from scenarios.
public struct Comparison: Sendable {
    public var pathA: String
    public var pathB: String
    public var a: PlanSnapshot
    public var b: PlanSnapshot
    /// Nil when the inputs were plan directories (only results are compared).
    public var inputs: [DiffSection]?

    public init(pathA: String, pathB: String, a: PlanSnapshot, b: PlanSnapshot, inputs: [DiffSection]?) {
        self.pathA = pathA; self.pathB = pathB; self.a = a; self.b = b; self.inputs = inputs
    }

    public enum InputKind: Sendable { case scenario, planDirectory }

    /// Whether `path` is a scenario file or a plan directory.
    public static func kind(of path: String) throws(CompareError) -> InputKind {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path) }
        return isDir.boolValue ? .planDirectory : .scenario
    }

    /// Compares two scenario files (planning both with `options`) or two plan directories.
    public static func run(_ pathA: String, _ pathB: String, options: PlannerOptions, language: Language) throws(CompareError) -> Comparison {
        let ka = try kind(of: pathA), kb = try kind(of: pathB)
        switch (ka, kb) {
        case (.scenario, .planDirectory): throw .mixed(scenario: pathA, directory: pathB)
        case (.planDirectory, .scenario): throw .mixed(scenario: pathB, directory: pathA)
        case (.planDirectory, .planDirectory):
            return Comparison(pathA: pathA, pathB: pathB, a: try PlanSnapshot.read(directory: pathA),
                              b: try PlanSnapshot.read(directory: pathB), inputs: nil)
        case (.scenario, .scenario):
            let sa: Scenario, sb: Scenario
            do { sa = try ScenarioLoader.load(path: pathA) } catch { throw .scenario(pathA, error) }
            do { sb = try ScenarioLoader.load(path: pathB) } catch { throw .scenario(pathB, error) }
            let ra: PlanResult, rb: PlanResult
            do { ra = try StrategicPlanner.plan(sa, options: options) } catch { throw .plan(pathA, error) }
            do { rb = try StrategicPlanner.plan(sb, options: options) } catch { throw .plan(pathB, error) }
            return Comparison(
                pathA: pathA, pathB: pathB,
                a: PlanSnapshot(report: PlanReport(result: ra, language: language)),
                b: PlanSnapshot(report: PlanReport(result: rb, language: language)),
                inputs: ScenarioDiff(sa, sb, language: language).sections())
        }
    }

    static func union(_ x: [String], _ y: [String]) -> [String] { x + y.filter { !x.contains($0) } }

    func signed(_ v: Double, _ text: String) -> String { v > 0 ? "+" + text : v < 0 ? "−" + text : text }

    /// The result tables: summary, attainment, spend, classes by mode.
    public func tables(_ lang: Language) -> [CompareTable] {
        let t = lang.t
        func pct(_ v: Double?) -> String { v.map { percent(lang, $0) } ?? "–" }
        func pp(_ x: Double?, _ y: Double?) -> String {
            guard let x, let y else { return "–" }
            let d = (1000 * (y - x)).rounded() / 10  // percentage points to 0.1, so no "−0.0"
            return signed(d, fixed(lang, abs(d), 1)) + " " + t("pp")
        }
        func vnd(_ v: Double?) -> String { v.map { lang.number($0) } ?? "–" }
        func dvnd(_ x: Double?, _ y: Double?) -> String {
            guard let x, let y else { return "–" }
            let d = y.rounded() - x.rounded()  // whole VND, so no "+0"
            var s = signed(d, lang.number(abs(d)))
            if x.rounded() != 0, d != 0 { s += " (" + signed(d, percent(lang, abs(d) / abs(x.rounded()))) + ")" }
            return s
        }
        func count(_ v: Int?) -> String { v.map { lang.number(Double($0)) } ?? "–" }
        func dcount(_ x: Int?, _ y: Int?) -> String {
            guard let x, let y else { return "–" }
            return signed(Double(y - x), lang.number(Double(abs(y - x))))
        }

        var out: [CompareTable] = []
        // Summary.
        let wa = a.weightedAttainment, wb = b.weightedAttainment
        var wDelta = "–"
        if let wa, let wb {
            let d = ((wb - wa) * 1000).rounded() / 1000
            wDelta = signed(d, fixed(lang, abs(d), 3))
        }
        out.append(CompareTable(title: t("summary"), header: ["", "A", "B", t("delta")], rows: [
            [t("weighted_short"), wa.map { fixed(lang, $0, 3) } ?? "–", wb.map { fixed(lang, $0, 3) } ?? "–", wDelta],
            [t("total_cost") + " (" + t("vnd") + ")", vnd(a.totalSpend), vnd(b.totalSpend), dvnd(a.totalSpend, b.totalSpend)],
            [t("classes"), count(a.totalClasses), count(b.totalClasses), dcount(a.totalClasses, b.totalClasses)],
        ], labelColumns: 1))

        // Attainment per target and milestone.
        var rows: [[String]] = []
        for target in Self.union(a.targets, b.targets) {
            let years = Set(a.attainment.keys.filter { $0.target == target }.map(\.year))
                .union(b.attainment.keys.filter { $0.target == target }.map(\.year)).sorted()
            for y in years {
                let k = PlanSnapshot.AttainmentKey(target: target, year: y)
                let x = a.attainment[k], z = b.attainment[k]
                let want = x?.targetShare == z?.targetShare || z == nil ? pct(x?.targetShare)
                    : x == nil ? pct(z?.targetShare) : "\(pct(x?.targetShare)) → \(pct(z?.targetShare))"
                func mark(_ v: PlanSnapshot.Attainment?) -> String { v.map { pct($0.projected) + ($0.met ? " ✓" : " ✗") } ?? "–" }
                rows.append([target, String(y), want, mark(x), mark(z), pp(x?.projected, z?.projected)])
            }
        }
        out.append(CompareTable(title: t("attainment"), header: [t("target"), t("milestone"), t("target_share"), "A", "B", t("delta")],
                                rows: rows, labelColumns: 2))

        // Spend per year and payer.
        rows = []
        let years = Set(a.spend.keys.map(\.year)).union(b.spend.keys.map(\.year)).sorted()
        for y in years {
            for p in Self.union(a.payers, b.payers) {
                let k = PlanSnapshot.SpendKey(year: y, payer: p)
                guard a.spend[k] != nil || b.spend[k] != nil else { continue }
                rows.append([String(y), p, vnd(a.spend[k]), vnd(b.spend[k]), dvnd(a.spend[k], b.spend[k])])
            }
        }
        rows.append([t("total"), "", vnd(a.totalSpend), vnd(b.totalSpend), dvnd(a.totalSpend, b.totalSpend)])
        out.append(CompareTable(title: t("spend_by_year_payer"), header: [t("year"), t("payer"), "A", "B", t("delta")],
                                rows: rows, labelColumns: 2))

        // Classes by mode.
        rows = []
        var modes = Self.union(a.modes, b.modes)
        if modes.isEmpty { modes = Mode.allCases.filter(\.hasClasses).map(\.rawValue) }
        for m in modes {
            let x = a.classesByMode[m] ?? 0, y = b.classesByMode[m] ?? 0
            rows.append([t(m), count(x), count(y), dcount(x, y)])
        }
        rows.append([t("total"), count(a.totalClasses), count(b.totalClasses), dcount(a.totalClasses, b.totalClasses)])
        out.append(CompareTable(title: t("classes_by_mode"), header: [t("mode"), "A", "B", t("delta")], rows: rows, labelColumns: 1))
        return out
    }

    func inputLines(_ lang: Language) -> [DiffSection] {
        if let inputs { return inputs.isEmpty ? [DiffSection(title: lang.t("inputs_diff"), lines: [lang.t("no_input_changes")])] : inputs }
        var lines = [lang.t("inputs_not_compared")]
        if let x = a.scenarioChecksum, let y = b.scenarioChecksum {
            lines.append(x == y ? (lang == .vi ? "Hai kế hoạch lập từ cùng một tệp kịch bản." : "Both plans come from the same scenario file.")
                                : (lang == .vi ? "Hai kế hoạch lập từ hai tệp kịch bản khác nhau." : "The plans come from different scenario files."))
        }
        return [DiffSection(title: lang.t("inputs_diff"), lines: lines)]
    }

    func who(_ s: PlanSnapshot, _ path: String) -> String { path + (s.scenarioName.map { " (\($0))" } ?? "") }

    /// Aligned text for the terminal.
    public func text(_ lang: Language) -> String {
        var s = "A: \(who(a, pathA))\nB: \(who(b, pathB))\n"
        let sections = inputLines(lang)
        s += "\n\(lang.t("inputs_diff"))\n"
        for sec in sections {
            let titled = inputs?.isEmpty == false
            if titled { s += "  \(sec.title)\n" }
            for l in sec.lines { s += (titled ? "    " : "  ") + l + "\n" }
        }
        for table in tables(lang) {
            s += "\n\(table.title)\n" + Self.align(table)
        }
        return s
    }

    /// Columns padded to their widest cell: labels left, numbers right.
    static func align(_ table: CompareTable) -> String {
        let all = [table.header] + table.rows
        let n = all.map(\.count).max() ?? 0
        let widths = (0..<n).map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        var s = ""
        for (i, row) in all.enumerated() {
            var cells: [String] = []
            for c in 0..<n {
                let v = c < row.count ? row[c] : ""
                let pad = String(repeating: " ", count: widths[c] - v.count)
                cells.append(c < table.labelColumns ? v + pad : pad + v)
            }
            s += "  " + cells.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
            if i == 0 { s += "  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return s
    }

    /// One self-contained page in the shared layout, as report.html.
    /// - Parameter lang: the page's language.
    /// - Returns: the page's HTML text.
    public func html(_ lang: Language) -> String {
        let ctx: [String: Any] = [
            "title": lang.t("compare_title"), "a": who(a, pathA), "b": who(b, pathB), "inputsTitle": lang.t("inputs_diff"),
            "inputs": inputLines(lang).map { sec -> [String: Any] in
                ["heading": inputs?.isEmpty == false ? sec.title as Any : false, "lines": sec.lines]
            },
            "tables": tables(lang).map { table -> [String: Any] in
                var t = Table(table.header, table.rows, labels: table.labelColumns)
                // The attainment table's change column: up in green, down in red.
                if table.title == lang.t("attainment") {
                    for (i, row) in t.rows.enumerated() {
                        guard let c = row.indices.last, c >= table.labelColumns else { continue }
                        if row[c].text.hasPrefix("+") { t.rows[i][c].cls = "up" } else if row[c].text.hasPrefix("−") { t.rows[i][c].cls = "down" }
                    }
                }
                return ["title": table.title, "table": t.context]
            },
        ]
        return Pages.page(lang: lang.rawValue, title: lang.t("compare_title"), site: "langplan",
                          body: Pages.render("compare", ctx, in: ReportTemplates.library),
                          footer: "langplan compare · \(lang.t("delta")) = B − A")
    }
}
