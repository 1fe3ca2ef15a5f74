import ArgumentParser
import Foundation
import Planner
import Reports
import Scenario

/// ", stage 2 (least spend): optimal, gap 0.05%" for the console line of a plan.
func stage2Line(_ result: PlanResult) -> String {
    guard let c = result.costStage else { return "" }
    return ", stage 2 (least spend): \(c.status.rawValue), gap \(c.gap.map { String(format: "%.3f%%", 100 * $0) } ?? "unknown")"
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan cohorts for a scenario: classes, enrolments, attainment, budget, report.",
        discussion: paragraphs("""
        Writes classes.csv, enrolments.csv, cohorts.csv, attainment.csv, budget.csv, capacity.csv,
        summary.json, report.html and plan.xlsx into --out. Stage 1 maximises weighted target attainment
        (GLPK, helped by LP rounding and diving); stage 2 spends as little as possible at that
        attainment. The plan is checked by an independent projection before anything is written.
        Then the timetable check: the plan is timetabled over the whole horizon in process (the code
        `timetable --all-years` runs); where classes are not placed in a term, the classes of that mode
        running at that institution and term are limited to what was placed and the plan is solved again,
        until every class is placed (summary.json: timetable_check). --no-timetable-check skips it.
        """))

    @Argument(help: "Scenario file (YAML or .xlsx workbook).") var scenario: String
    @Option(name: .long, help: "Output directory (created; one holding files langplan did not write is refused unless --force; a previous run's files are replaced).") var out: String
    @Option(name: .long, help: "Time limit in seconds for both stages.") var timeLimit: Double = 60
    @Option(name: .long, help: "Relative gap at which stage 1 stops.") var gap: Double = 1e-4
    @Option(name: .long, help: "Report language.") var lang: Language = .vi
    @Option(name: .long, help: "Monte Carlo runs for P10/P90 attainment.") var runs: Int = 200
    @Option(name: .long, help: "Seed of the Monte Carlo runs.") var seed: UInt64 = 20_251_130
    @Flag(name: .long, help: "Skip stage 2 (least cost at the attainment reached).") var noCostStage = false
    @Option(name: .long, help: "Plan so that each target is met with this probability (0.5-0.999) when pass rates are ranges; writes robust.csv and puts the nominal plan beside it.")
    var confidence: Double?
    @Option(name: .long, help: "Fresh Monte Carlo runs judging the robust and the nominal plan (with --confidence).") var freshRuns: Int = 1000
    @Flag(name: .long, help: "Write into --out even if it holds files langplan did not write.") var force = false
    @Flag(name: .long, help: "Skip the timetable check (by default the plan is timetabled over the whole horizon and re-solved until every class is placed).")
    var noTimetableCheck = false
    @Option(name: .long, help: "Re-solves of the timetable check before classes the timetabler cannot place are taken out of the plan.")
    var timetableCheckResolves: Int = 1
    @OptionGroup var solver: SolverFlags

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
        guard gap >= 0, gap < 1 else { throw ValidationError("--gap must be in [0, 1)") }
        guard runs >= 0, runs <= 100_000 else { throw ValidationError("--runs must be between 0 and 100000") }
        if let c = confidence, !(c >= 0.5 && c <= 0.999) { throw ValidationError("--confidence must be between 0.5 and 0.999, e.g. 0.9") }
        guard (0...10).contains(timetableCheckResolves) else { throw ValidationError("--timetable-check-resolves must be between 0 and 10") }
        guard freshRuns >= 100, freshRuns <= 100_000 else { throw ValidationError("--fresh-runs must be between 100 and 100000") }
    }

    func run() throws {
        bootstrapLogging(verbose: solver.verbose)
        watchBatchParent()
        let sc = try loadScenario(scenario)
        let dir: OutputDirectory
        do { dir = try OutputDirectory(out, force: force) } catch { note("error: \(error)"); throw ExitCode(1) }
        var options = PlannerOptions()
        options.timeLimit = timeLimit
        options.relativeGap = gap
        options.monteCarloRuns = runs
        options.seed = seed
        options.minimiseCost = !noCostStage
        solver.apply(to: &options)
        options.progress = { note($0) }
        let result: PlanResult
        do {
            if let c = confidence {
                var ro = RobustPlanner.Options(confidence: c)
                ro.evaluationRuns = freshRuns
                ro.evaluationSeed = seed
                result = try RobustPlanner.plan(sc, options: options, robust: ro)
            } else if noTimetableCheck {
                result = try StrategicPlanner.plan(sc, options: options)
            } else {
                result = try TimetableCheck.plan(sc, options: options, judge: timetableJudge(), maxResolves: timetableCheckResolves)
            }
        } catch {
            note("error: \(error)")
            throw ExitCode(1)
        }
        let report = PlanReport(result: result, language: lang)
        do { try report.write(to: dir) } catch { note("error: \(error)"); throw ExitCode(1) }
        let met = report.attainmentRows().filter(\.met).count
        print("""
        plan: \(result.status.rawValue), weighted attainment \(String(format: "%.4f", result.projection.weightedAttainment(sc))) \
        (greedy \(String(format: "%.4f", result.greedyProjection.weightedAttainment(sc)))), gap \(result.gap.map { String(format: "%.3f%%", 100 * $0) } ?? "unknown"), \
        \(met)/\(report.attainmentRows().count) target milestones met, \(result.plan.totalClasses) classes\(stage2Line(result))
        report: \((out as NSString).appendingPathComponent("report.html"))
        """)
        if let c = result.robustComparison { printRobust(c, sc) }
        // The status and gap above are the continuous plan's: say when making its learners whole
        // people cost attainment (a target met by a fraction of a person may then be missed).
        if let w = result.wholePeople, w.weightedAttainment < w.continuousWeightedAttainment - 1e-9 {
            // When GLPK proved it, more time would not help: say so instead.
            let then = w.proven ? "GLPK proves no whole-people plan with classes within one of its own meets every target it met"
                : "a longer --time-limit may close it"
            note(String(format: "whole people fall short: weighted attainment %.6f → %.6f (the status and gap are the continuous plan's); %@",
                        w.continuousWeightedAttainment, w.weightedAttainment, then))
        }
    }
}

/// The console lines of `plan --confidence`: both plans' classes, spend and lowest P(met).
func printRobust(_ c: RobustComparison, _ sc: Scenario) {
    func worst(_ p: [[Double?]]) -> String {
        let guarded = Set(c.unreachable.map { "\($0.target).\($0.milestone)" })
        let xs = p.enumerated().flatMap { k, row in row.enumerated().compactMap { m, v in guarded.contains("\(k).\(m)") ? nil : v } }
        return xs.min().map { String(format: "%.1f%%", 100 * $0) } ?? "–"
    }
    print(String(format: "nominal: %d classes, %.3f bn VND, lowest P(met) %@ (%.1f s)", c.nominalClasses, c.nominalCostVND / 1e9,
                 worst(c.nominalPMet), c.nominalSeconds))
    print(String(format: "robust (%.0f%%): %d classes, %.3f bn VND, lowest P(met) %@ on %d fresh runs (%.1f s), pass rates at quantile %@",
                 100 * c.confidence, c.robustClasses, c.robustCostVND / 1e9, worst(c.robustPMet), c.evaluationRuns, c.robustSeconds,
                 c.quantile.map { String(format: "%.4f", $0) } ?? "none cleared"))
    if !c.unreachable.isEmpty {
        print("not met even at likely values: " + c.unreachable.map { "\(sc.targets[$0.target].id) \($0.year)" }.joined(separator: ", "))
    }
}

/// File formats `export-model` writes.
enum ModelFormat: String, ExpressibleByArgument, CaseIterable { case mps, lp }

struct ExportModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-model",
        abstract: "Write the exact model the planner solves (stage 1), for a second opinion from another solver.",
        discussion: paragraphs("""
        MPS output includes OBJSENSE MAX (HiGHS, CBC); use --glpsol for a file glpsol reads with --freemps --max.
        The optimum any solver finds must lie between model_objective and model_bound of the plan's summary.json.
        """))

    @Argument(help: "Scenario file (YAML or .xlsx workbook).") var scenario: String
    @Option(name: .long, help: "File format.") var format: ModelFormat = .mps
    @Option(name: .long, help: "Output file (default: standard output).") var out: String?
    // The spelling before --out; kept so old scripts still run.
    @Option(name: [.customShort("o"), .customLong("output")], help: .hidden) var output: String?
    @Flag(name: .long, help: "Leave out the OBJSENSE section (GLPK's MPS reader rejects it).") var glpsol = false
    @Flag(name: .long, help: "Overwrite --out if it exists.") var force = false

    func validate() throws {
        if out != nil && output != nil { throw ValidationError("give --out once (--output is its old name)") }
    }

    func run() throws {
        bootstrapLogging(verbose: false)
        let sc = try loadScenario(scenario)
        let sm = StrategicModel(PlanningData(sc))
        let text: String
        do { text = format == .lp ? try sm.model.lp() : try sm.model.mps(objectiveSense: !glpsol) } catch {
            note("error: \(error)"); throw ExitCode(1)
        }
        guard let path = out ?? output else { print(text, terminator: ""); return }
        if FileManager.default.fileExists(atPath: path) && !force {
            note("error: \(path) exists; use --force to overwrite it"); throw ExitCode(1)
        }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            note("error: cannot write \(path): \(error.localizedDescription)"); throw ExitCode(1)
        }
        note("wrote \(path): \(sm.model.variableCount) variables (\(sm.model.integerCount) integer), \(sm.model.constraintCount) rows")
    }
}
