import ArgumentParser
import Foundation
import PlanFiles
import Planner
import Reports
import Scenario
import Spreadsheet

struct SizeBudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "size-budget",
        abstract: "Find the least budget, by year and payer, that meets every target at every milestone.",
        discussion: paragraphs("""
        The scenario's budgets are ignored (they become the result). Writes sized-budget.csv,
        budgets.yaml (to paste into the scenario) and the plan at that budget. When no budget can
        meet the targets, says which resource binds and how far unlimited money gets.
        """))

    @Argument(help: "Scenario file (YAML or .xlsx workbook).") var scenario: String
    @Option(name: .long, help: "Output directory (created; one holding files langplan did not write is refused unless --force; a previous run's files are replaced).") var out: String
    @Option(name: .long, help: "Time limit in seconds.") var timeLimit: Double = 60
    @Option(name: .long, help: "Minimise this payer's share first (e.g. state).") var minimiseFirst: String?
    @Flag(name: .long, help: "Same as --minimise-first state.") var stateFirst = false
    @Option(name: .long, help: "Least budget meeting every target with this probability (0.5-0.999) when pass rates are ranges.")
    var confidence: Double?
    @Option(name: .long, help: "Report language.") var lang: Language = .vi
    @Flag(name: .long, help: "Write into --out even if it holds files langplan did not write.") var force = false
    @OptionGroup var solver: SolverFlags

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be positive") }
        if let c = confidence, !(c >= 0.5 && c <= 0.999) { throw ValidationError("--confidence must be between 0.5 and 0.999, e.g. 0.9") }
    }

    func run() throws {
        bootstrapLogging(verbose: solver.verbose)
        let written = try loadScenario(scenario)
        // Budgets are the result here: every payer's budget is open (no budget rows, and the
        // greedy start is not held to a limit of 0).
        var sc = written
        for i in sc.budgets.indices { sc.budgets[i].open = true }
        let dir: OutputDirectory
        do { dir = try OutputDirectory(out, force: force) } catch { note("error: \(error)"); throw ExitCode(1) }
        let first = stateFirst ? "state" : minimiseFirst
        let sizing: BudgetSizing
        do {
            if let c = confidence {
                let (z, found) = try RobustPlanner.sizeBudget(sc, robust: RobustPlanner.Options(confidence: c), say: { note($0) }) {
                    try BudgetSizer.size($0, timeLimit: timeLimit * 0.7, firstPayer: first, progress: { note($0) })
                }
                guard let z else {
                    note("error: no budget meets every target with probability \(c) at the quantiles tried: "
                         + found.steps.map { String(format: "%.4f → lowest P(met) %.3f", $0.quantile, $0.minPMet) }.joined(separator: "; "))
                    throw ExitCode(1)
                }
                sizing = z
                note(String(format: "sized with pass rates at their %.4f quantile", found.quantile ?? 0))
            } else {
                sizing = try BudgetSizer.size(sc, timeLimit: timeLimit * 0.7, firstPayer: first, progress: { note($0) })
            }
        } catch let e as ExitCode { throw e } catch {
            note("error: \(error)"); throw ExitCode(1)
        }
        let language = lang
        for s in sizing.stages {
            note("\(s.what): \(s.stage.status.rawValue), gap \(s.stage.gap.map { String(format: "%.3f%%", 100 * $0) } ?? "unknown")")
        }
        guard sizing.feasible else {
            print("No budget meets every target: with unlimited money the best plan reaches")
            if var u = sizing.unlimited {
                // Compared with the baseline `plan` shows for the scenario as written.
                let data = PlanningData(written)
                u.greedy = GreedyBaseline.plan(data)
                u.greedyProjection = Projection(scenario: written, plan: u.greedy, data: data)
                let report = PlanReport(result: u, language: language, budgetsUnlimited: true, sizing: sizing.stages)
                for r in report.attainmentRows() {
                    print("  \(sc.targets[r.target].id) \(r.year): \(String(format: "%.1f%%", 100 * r.projected)) of \(String(format: "%.1f%%", 100 * r.targetShare)) wanted")
                }
                do { try report.write(to: dir) } catch { note("error: \(error)"); throw ExitCode(1) }
            }
            print("What binds (LP shadow prices, largest first):")
            for b in sizing.binding.prefix(8) { print("  \(b.what): used \(Int(b.used)) of \(Int(b.available))") }
            print("report: \((out as NSString).appendingPathComponent("report.html"))")
            return
        }
        var yaml = "budgets:\n"
        for p in sc.payers {
            yaml += "  - payer: \(p.id)\n    years: {" + sc.horizon.years.map { "\($0): \(sizing.budget[p.id]?[$0] ?? 0)" }.joined(separator: ", ") + "}\n"
        }
        let csv = PlanFiles.csv(sc.horizon.years.flatMap { y in
            sc.payers.map { SizedBudgetRow(year: y, payer: $0.id, amountVND: sizing.budget[$0.id]?[y] ?? 0) }
        })
        var wb = Workbook()
        let vi = lang == .vi
        wb.addSheet(name: vi ? "kinh phí" : "budget", header: vi ? ["Năm", "Nguồn kinh phí", "Kinh phí (đồng)"] : ["Year", "Payer", "Budget (VND)"],
                    rows: sc.horizon.years.flatMap { y in sc.payers.map { p in
                        [Cell.plain(Int64(y)), .text(p.id), .integer(sizing.budget[p.id]?[y] ?? 0)] } })
        do {
            try dir.write(SizedBudgetRow.fileName, csv)
            try dir.write("budgets.yaml", yaml)
            try wb.write(to: (out as NSString).appendingPathComponent("sized-budget.xlsx"))
        } catch { note("error: \(error)"); throw ExitCode(1) }
        // The plan at the sized budget, as a normal plan report.
        var o = PlannerOptions()
        o.timeLimit = max(5, timeLimit * 0.3)
        o.monteCarloRuns = 100
        solver.apply(to: &o)
        o.startPlans = sizing.plan.map { [$0] } ?? []
        o.progress = { note($0) }
        let atBudget: PlanResult?
        if let c = confidence {
            atBudget = try? RobustPlanner.plan(sizing.sizedScenario, options: o, robust: RobustPlanner.Options(confidence: c))
        } else {
            atBudget = try? StrategicPlanner.plan(sizing.sizedScenario, options: o)
        }
        if let r = atBudget {
            let report = PlanReport(result: r, language: language, sizing: sizing.stages)
            do { try report.write(to: dir) } catch { note("error: \(error)"); throw ExitCode(1) }
        }
        print("least budget meeting every target\(confidence.map { String(format: " with probability %.0f%%", 100 * $0) } ?? ""): \(String(format: "%.3f", Double(sizing.totalVND) / 1e9)) bn VND")
        if let c = atBudget?.robustComparison { printRobust(c, sc) }
        for y in sc.horizon.years {
            print("  \(y): " + sc.payers.map { "\($0.id) \(String(format: "%.3f", Double(sizing.budget[$0.id]?[y] ?? 0) / 1e9)) bn" }.joined(separator: ", "))
        }
        print("files: \(out)/sized-budget.csv, sized-budget.xlsx, budgets.yaml, report.html, plan.xlsx")
    }
}

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Re-plan across a range of budgets (or teachers, rooms) and chart attainment against it.",
        discussion: "Example: langplan sweep scenarios/hcmc-2026.yaml --budget 50%..150% --steps 11 --out sweep/")

    @Argument(help: "Scenario file (YAML or .xlsx workbook).") var scenario: String
    @Option(name: .long, help: "Budget range as a share of the scenario's, e.g. 50%..150%.") var budget: String?
    @Option(name: .long, help: "Teacher range, e.g. 80%..120%.") var teachers: String?
    @Option(name: .long, help: "Room range, e.g. 80%..120%.") var rooms: String?
    @Option(name: .long, help: "Number of points.") var steps: Int = 11
    @Option(name: .long, help: "Time limit per point, seconds.") var timeLimit: Double = 20
    @Option(name: .long, help: "Output directory (created; one holding files langplan did not write is refused unless --force; a previous run's files are replaced).") var out: String
    @Option(name: .long, help: "Report language.") var lang: Language = .vi
    @Flag(name: .long, help: "Write into --out even if it holds files langplan did not write.") var force = false

    static func parseRange(_ s: String) -> (Double, Double)? {
        let parts = s.replacingOccurrences(of: "%", with: "").components(separatedBy: "..")
        guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), a >= 0, b >= a, b <= 1000 else { return nil }
        return (a / 100, b / 100)
    }

    func validate() throws {
        let given = [budget, teachers, rooms].compactMap { $0 }
        guard given.count == 1 else { throw ValidationError("give exactly one of --budget, --teachers, --rooms") }
        guard Self.parseRange(given[0]) != nil else { throw ValidationError("a range looks like 50%..150% (from ≤ to)") }
        guard (1...101).contains(steps) else { throw ValidationError("--steps must be between 1 and 101") }
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be positive") }
    }

    func run() throws {
        bootstrapLogging(verbose: false)
        let sc = try loadScenario(scenario)
        let resource: SweepResource = budget != nil ? .budget : teachers != nil ? .teachers : .rooms
        guard let (from, to) = Self.parseRange(budget ?? teachers ?? rooms ?? "") else { throw ExitCode(1) }
        let dir: OutputDirectory
        do { dir = try OutputDirectory(out, force: force) } catch { note("error: \(error)"); throw ExitCode(1) }
        let result = Sweep.run(sc, resource: resource, from: from, to: to, steps: steps, timeLimitPerPoint: timeLimit,
                               progress: { note($0) })
        let report = SweepReport(result: result, scenario: sc, language: lang)
        do { try report.write(to: dir) } catch { note("error: \(error)"); throw ExitCode(1) }
        for p in result.points {
            print(String(format: "%@ %5.0f%%: weighted attainment %.4f (LP %@) spend %.2f bn (%@)", resource.rawValue, 100 * p.factor,
                         p.attainment, p.lpBound.map { String(format: "%.4f", $0) } ?? "–", p.spend / 1e9,
                         p.spendIsLeast ? "least cost" + (p.costStage?.gap.map { String(format: ", gap %.3f%%", 100 * $0) } ?? "")
                             : "stage 1, not minimised"))
        }
        if let c = result.check { print("marginal check: " + SweepReport.checkSentence(c, language: .en)) }
        print("files: \(out)/sweep.csv, sweep.xlsx, marginal.csv, sweep.html (\(String(format: "%.1f", result.seconds)) s)")
    }
}
