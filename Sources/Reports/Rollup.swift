import Foundation
import Pages
import PlanFiles
import Spreadsheet

/// The roll-up of a batch of plans: national attainment per target and milestone, spend by
/// year and payer, and a row per scenario. Every figure is read from the plans' own files
/// (summary.json, attainment.csv, budget.csv) through `PlanFiles`, never recomputed: the
/// roll-up of a plan is what its report says.
///
/// Attainment is weighted by people, not by plans: for a target id and milestone,
/// share = Σ_p reached_p / Σ_p population_p over the plans p that have it. An average of
/// shares would count a 2,000-staff district like a 150,000-staff city; the people-weighted
/// share is the share of all covered staff at the level, which is what a national target
/// (e.g. "35% of CBCC at level 4 by 2030") asks. The goal is weighted the same way
/// (Σ target_share_p × population_p / Σ population_p), so a national goal is met exactly when
/// enough people reach the level, whichever plans they are in.
public struct Rollup: Sendable {
    /// One plan folder of the batch.
    public struct Part: Sendable {
        public var row: RollupScenarioRow
        public var attainment: [AttainmentFileRow]
        public var budget: [BudgetRow]
    }

    public private(set) var parts: [Part] = []

    public init() {}

    /// Adds a finished plan folder.
    /// - Parameters:
    ///   - directory: the plan folder (summary.json, attainment.csv, budget.csv).
    ///   - folder: its name inside the batch folder; `file`: the scenario file; `state`: "solved" or "reused".
    /// - Throws: `PlanFileError` naming the file, line and column when a file is missing or unreadable.
    public mutating func add(directory: String, folder: String, file: String, state: String) throws(PlanFileError) {
        let summary = try PlanSummary.read(path: (directory as NSString).appendingPathComponent("summary.json"))
        let attainment = try PlanFiles.read(AttainmentFileRow.self, directory: directory)
        if let r = attainment.first(where: { $0.population == nil || $0.reached == nil }) {
            throw PlanFileError("\((directory as NSString).appendingPathComponent(AttainmentFileRow.fileName)): no population/reached for \(r.target) \(r.milestone) (written by an older langplan; plan it again)")
        }
        let budget = try PlanFiles.read(BudgetRow.self, directory: directory)
        let row = RollupScenarioRow(
            folder: folder, file: file, scenario: summary.scenario, state: state, checksum: summary.scenarioChecksum,
            status: summary.status, gap: summary.gap, weightedAttainment: summary.weightedAttainment,
            totalSpendVND: summary.totalSpendVND, classes: summary.classes,
            milestonesMet: attainment.filter { $0.met == .yes }.count, milestones: attainment.count, message: nil)
        parts.append(Part(row: row, attainment: attainment, budget: budget))
    }

    /// Adds a scenario that could not be planned (it appears in rollup.csv, and in no sum).
    /// - Parameters:
    ///   - folder: its folder name; `file`: the scenario file; `scenario`, `checksum`: nil when unreadable.
    ///   - message: why it failed, as shown to the user.
    public mutating func addFailure(folder: String, file: String, scenario: String?, checksum: String?, message: String) {
        parts.append(Part(row: RollupScenarioRow(folder: folder, file: file, scenario: scenario, state: "failed", checksum: checksum,
                                                 status: nil, gap: nil, weightedAttainment: nil, totalSpendVND: nil, classes: nil,
                                                 milestonesMet: nil, milestones: nil, message: message),
                          attainment: [], budget: []))
    }

    /// Rows of rollup.csv.
    /// - Returns: one row per scenario, in the order they were added.
    public func scenarioRows() -> [RollupScenarioRow] { parts.map(\.row) }

    /// Rows of rollup-attainment.csv: Σ population and Σ reached over the plans with the
    /// target, share = Σ reached / Σ population.
    /// - Returns: one row per target id and milestone year, sorted by target id then year.
    public func attainmentRows() -> [RollupAttainmentRow] {
        struct Key: Hashable { var target: String; var milestone: Int }
        var sums: [Key: (plans: Int, population: Double, reached: Double, wanted: Double, met: Int)] = [:]
        for part in parts {
            for r in part.attainment {
                let k = Key(target: r.target, milestone: r.milestone)
                var s = sums[k] ?? (0, 0, 0, 0, 0)
                let pop = r.population ?? 0
                s.plans += 1; s.population += pop; s.reached += r.reached ?? 0; s.wanted += r.targetShare * pop
                if r.met == .yes { s.met += 1 }
                sums[k] = s
            }
        }
        return sums.keys.sorted { ($0.target, $0.milestone) < ($1.target, $1.milestone) }.map { k in
            let s = sums[k]!  // safe: k is a key of sums
            return RollupAttainmentRow(target: k.target, milestone: k.milestone, plans: s.plans, population: s.population,
                                       reached: s.reached, share: s.population > 0 ? s.reached / s.population : 0,
                                       targetShare: s.population > 0 ? s.wanted / s.population : 0, plansMet: s.met)
        }
    }

    /// Rows of rollup-budget.csv: Σ spend (VND) and Σ limits (nil when any plan has no limit).
    /// - Returns: one row per year and payer id, sorted by year then payer.
    public func budgetRows() -> [RollupBudgetRow] {
        struct Key: Hashable { var year: Int; var payer: String }
        var sums: [Key: (plans: Int, spent: Int64, limit: Int64?)] = [:]
        var open: Set<Key> = []
        for part in parts {
            for r in part.budget {
                let k = Key(year: r.year, payer: r.payer)
                var s = sums[k] ?? (0, 0, 0)
                s.plans += 1; s.spent += r.spentVND
                if let l = r.limitVND { s.limit = (s.limit ?? 0) + l } else { open.insert(k) }
                sums[k] = s
            }
        }
        return sums.keys.sorted { ($0.year, $0.payer) < ($1.year, $1.payer) }.map { k in
            let s = sums[k]!  // safe: k is a key of sums
            return RollupBudgetRow(year: k.year, payer: k.payer, plans: s.plans, spentVND: s.spent,
                                   limitVND: open.contains(k) ? nil : s.limit)
        }
    }

    /// Plans that look like what-ifs of the same staff: the same target milestones covering the
    /// same people (population per target and milestone equal within half a person). The sums
    /// add up provinces or agencies; plans of the same staff counted twice would inflate them,
    /// so the roll-up says which ones.
    /// - Returns: groups of two or more folders, each in the order the plans were added.
    public func overlaps() -> [[String]] {
        struct Covered: Equatable { var key: [String]; var population: [Double] }
        func covered(_ p: Part) -> Covered? {
            guard !p.attainment.isEmpty else { return nil }
            let rows = p.attainment.sorted { ($0.target, $0.milestone) < ($1.target, $1.milestone) }
            return Covered(key: rows.map { "\($0.target)@\($0.milestone)" }, population: rows.map { $0.population ?? 0 })
        }
        var groups: [(covered: Covered, folders: [String])] = []
        for p in parts {
            guard let c = covered(p) else { continue }
            if let g = groups.firstIndex(where: { $0.covered.key == c.key
                && zip($0.covered.population, c.population).allSatisfy { abs($0 - $1) < 0.5 } }) {
                groups[g].folders.append(p.row.folder)
            } else {
                groups.append((c, [p.row.folder]))
            }
        }
        return groups.map(\.folders).filter { $0.count > 1 }
    }

    /// The warning `overlaps()` gives, one sentence per group.
    /// - Parameter language: language of the sentences.
    public func overlapWarnings(language: Language) -> [String] {
        overlaps().map { g in
            let names = g.joined(separator: ", ")
            return language == .vi
                ? "Các kế hoạch \(names) có cùng chỉ tiêu và cùng số người ở mọi mốc: có thể là các phương án của cùng một đơn vị; các tổng của bản tổng hợp tính những người này nhiều lần."
                : "Plans \(names) have the same targets and the same people at every milestone: they look like what-ifs of the same staff, and the roll-up's totals count those people more than once."
        }
    }

    /// rollup.xlsx: sheets scenarios, attainment and budget (the rows of the three CSV files).
    /// - Parameter language: language of the sheet names and headers.
    /// - Returns: the workbook, not yet written.
    public func workbook(language: Language) -> Workbook {
        let vi = language == .vi
        var wb = Workbook()
        wb.addSheet(name: vi ? "kịch bản" : "scenarios",
                    header: vi ? ["Thư mục", "Tệp", "Kịch bản", "Tình trạng", "Mã kiểm tra", "Trạng thái giải", "Khoảng cách",
                                  "Mức đạt có trọng số", "Tổng chi (đồng)", "Số lớp", "Mốc đạt", "Số mốc", "Lỗi"]
                        : ["Folder", "File", "Scenario", "State", "Checksum", "Solver status", "Gap", "Weighted attainment",
                           "Total spend (VND)", "Classes", "Milestones met", "Milestones", "Error"],
                    rows: scenarioRows().map { r in
                        [.text(r.folder), .text(r.file), .text(r.scenario ?? ""), .text(r.state), .text(r.checksum ?? ""), .text(r.status ?? ""),
                         r.gap.map { .number($0) } ?? .empty, r.weightedAttainment.map { .number($0) } ?? .empty,
                         r.totalSpendVND.map { .integer(Int64($0.rounded())) } ?? .empty, r.classes.map { .integer(Int64($0)) } ?? .empty,
                         r.milestonesMet.map { .integer(Int64($0)) } ?? .empty, r.milestones.map { .integer(Int64($0)) } ?? .empty,
                         .text(r.message ?? "")]
                    })
        wb.addSheet(name: vi ? "mức đạt" : "attainment",
                    header: vi ? ["Chỉ tiêu", "Mốc", "Số kế hoạch", "Số người thuộc chỉ tiêu", "Số người đạt", "Tỷ lệ đạt",
                                  "Tỷ lệ chỉ tiêu", "Số kế hoạch đạt"]
                        : ["Target", "Milestone", "Plans", "People covered", "People at level", "Share", "Target share", "Plans meeting it"],
                    rows: attainmentRows().map { r in
                        [.text(r.target), .plain(Int64(r.milestone)), .integer(Int64(r.plans)), .number(r.population), .number(r.reached),
                         .number(r.share), .number(r.targetShare), .integer(Int64(r.plansMet))]
                    })
        wb.addSheet(name: vi ? "kinh phí" : "budget",
                    header: vi ? ["Năm", "Nguồn kinh phí", "Số kế hoạch", "Chi (đồng)", "Hạn mức (đồng)"]
                        : ["Year", "Payer", "Plans", "Spent (VND)", "Limit (VND)"],
                    rows: budgetRows().map { r in
                        [.plain(Int64(r.year)), .text(r.payer), .integer(Int64(r.plans)), .integer(r.spentVND),
                         r.limitVND.map { .integer($0) } ?? .empty]
                    })
        return wb
    }

    /// rollup.html: the three tables for a ministry reader.
    /// - Parameter lang: language of the page.
    /// - Returns: the page's HTML text.
    public func html(language lang: Language) -> String {
        let vi = lang == .vi
        let failed = parts.filter { $0.row.state == "failed" }.count
        let title = vi ? "Tổng hợp kế hoạch bồi dưỡng ngoại ngữ" : "Roll-up of foreign-language training plans"
        let att = Table(vi ? ["Chỉ tiêu", "Mốc", "Số kế hoạch", "Số người thuộc chỉ tiêu", "Số người đạt", "Tỷ lệ đạt", "Tỷ lệ chỉ tiêu", "Số kế hoạch đạt"]
                           : ["Target", "Milestone", "Plans", "People covered", "People at level", "Share", "Target share", "Plans meeting it"],
                        attainmentRows().map { r in
                            [r.target, String(r.milestone), String(r.plans), lang.number(r.population, decimals: 1), lang.number(r.reached, decimals: 1),
                             lang.percent(r.share), lang.percent(r.targetShare), "\(r.plansMet)/\(r.plans)"]
                        }, labels: 1)
        let budget = Table(vi ? ["Năm", "Nguồn kinh phí", "Số kế hoạch", "Chi", "Hạn mức"] : ["Year", "Payer", "Plans", "Spent", "Limit"],
                           budgetRows().map { r in
                               [String(r.year), r.payer, String(r.plans), lang.billions(Double(r.spentVND)),
                                r.limitVND.map { lang.billions(Double($0)) } ?? (vi ? "mở" : "open")]
                           }, labels: 2)
        let scen = Table(vi ? ["Thư mục", "Kịch bản", "Tình trạng", "Trạng thái giải", "Khoảng cách", "Mức đạt có trọng số", "Tổng chi", "Số lớp", "Mốc đạt", "Lỗi"]
                            : ["Folder", "Scenario", "State", "Solver status", "Gap", "Weighted attainment", "Total spend", "Classes", "Milestones met", "Error"],
                         scenarioRows().map { r in
                             [r.folder, r.scenario ?? "", lang.t("state_" + r.state), r.status.map { lang.t("status_" + $0) } ?? "", r.gap.map { lang.percent($0, decimals: 3) } ?? "",
                              r.weightedAttainment.map { lang.number($0, decimals: 4) } ?? "", r.totalSpendVND.map { lang.billions($0) } ?? "",
                              r.classes.map { lang.number(Double($0)) } ?? "", r.milestonesMet.map { "\($0)/\(r.milestones ?? 0)" } ?? "", r.message ?? ""]
                         }, labels: 4)
        let note = vi ? "Tỷ lệ đạt tính theo số người: tổng số người đạt chia tổng số người thuộc chỉ tiêu của mọi kế hoạch có chỉ tiêu đó (không phải trung bình các tỷ lệ)."
            : "Shares are weighted by people: people at the level over all people the target covers, summed over the plans that have the target (not an average of shares)."
        let tables: [[String: Any]] = [
            ["title": vi ? "Mức đạt chỉ tiêu toàn quốc" : "National attainment per target and milestone", "note": note, "table": att.context],
            ["title": vi ? "Kinh phí theo năm và nguồn" : "Spend by year and payer", "note": false, "table": budget.context],
            ["title": vi ? "Từng kịch bản" : "Each scenario", "note": false, "table": scen.context],
        ]
        let ctx: [String: Any] = ["title": title, "tables": tables, "overlaps": overlapWarnings(language: lang),
                                  "counts": "\(parts.count) \(vi ? "kịch bản" : "scenarios"), \(failed) \(vi ? "lỗi" : "failed")."]
        return Pages.page(lang: lang.rawValue, title: title, site: "langplan",
                          body: Pages.render("rollup", ctx, in: ReportTemplates.library), footer: "langplan batch")
    }

    /// Writes rollup.csv, rollup-attainment.csv, rollup-budget.csv, rollup.html and rollup.xlsx.
    /// - Parameters:
    ///   - out: the batch's output folder.
    ///   - language: language of rollup.html and rollup.xlsx.
    /// - Throws: `OutputDirectory.Problem` when a file cannot be written.
    public func write(to out: OutputDirectory, language: Language) throws(OutputDirectory.Problem) {
        try out.write(RollupScenarioRow.fileName, PlanFiles.csv(scenarioRows()))
        try out.write(RollupAttainmentRow.fileName, PlanFiles.csv(attainmentRows()))
        try out.write(RollupBudgetRow.fileName, PlanFiles.csv(budgetRows()))
        try out.write("rollup.html", html(language: language))
        let path = (out.path as NSString).appendingPathComponent("rollup.xlsx")
        do { try workbook(language: language).write(to: path) } catch { throw .cannotWrite(path, error.description) }
    }
}
