import Foundation
import GLPK
import LinearModel
import Logging
import Scenario

/// Options of a planning run.
public struct PlannerOptions: Sendable {
    /// Wall-clock seconds for both stages together.
    public var timeLimit: Double = 60
    /// Stop stage 1 when the attainment is within this relative gap of the bound.
    public var relativeGap: Double = 1e-4
    /// Stage 2: spend as little as possible at the attainment stage 1 reached.
    public var minimiseCost: Bool = true
    /// Monte Carlo runs for P10/P50/P90 attainment (0: none).
    public var monteCarloRuns: Int = 200
    public var seed: UInt64 = 20_251_130
    /// Treat budgets as open (for sizing): no budget rows.
    public var budgetLimits: Bool = true
    /// Plans to try as starting incumbents besides the greedy one (e.g. the plan found when
    /// sizing the budget); ignored when they break a row.
    public var startPlans: [Plan] = []
    public var verbose: Bool = false
    /// A line of progress, about once a second during long solves.
    public var progress: (@Sendable (String) -> Void)? = nil
    /// Changes the model before it is solved (fixed classes, rows and objective of a
    /// re-plan that keeps its word: `KeptReplanner`).
    public var adjustModel: (@Sendable (inout StrategicModel) -> Void)? = nil
    /// Stage 1's incumbents as they are found: (seconds since the run began, objective in the
    /// exported model's units), e.g. for benchmarks/run.sh's time to 0.1% of the best bound.
    public var onIncumbent: (@Sendable (Double, Double) -> Void)? = nil
    /// Changes to stage 1's branch-and-cut options (branching, backtracking, cuts), applied
    /// after the planner's own; for experiments such as benchmarks/README.md reports.
    public var tuneBranchAndCut: (@Sendable (inout SolveOptions) -> Void)? = nil
    /// Stage 1 of a small model (LP relaxation under 0.5 s) dives and searches random
    /// sub-MIPs on a second core too (its own GLPK problem, `DivePortfolio`), sharing the best
    /// plan (benchmarks/README.md, "Issue 15, third pass"). Off on a one-core machine, where
    /// the two searches would only take turns.
    public var secondCoreDives: Bool = ProcessInfo.processInfo.activeProcessorCount > 1
    /// Stage 1 of a small model (≤ 50,000 non-zeros) adds langplan's own c-MIR cuts before its
    /// branch and cut (`Cuts.strengthen`, a few LP solves): valid for every plan, they lower the
    /// bound branch and cut starts from (district rung: LP 11.6733 → 11.6237).
    public var rootCuts: Bool = true
    public init() {}
}

/// Errors a planning run reports instead of a plan.
public enum PlannerError: Error, CustomStringConvertible {
    case solver(SolveError)
    case noPlan(String)
    case projectionMismatch(String)

    public var description: String {
        switch self {
        case .solver(let e): return "\(e)"
        case .noPlan(let m): return "no plan: \(m)"
        case .projectionMismatch(let m): return "the projection disagrees with the solver (a bug): \(m)"
        }
    }
}

/// The strategic planner: builds the MIP, finds a plan with GLPK helped by LP rounding and
/// the greedy baseline as starting incumbents, then checks it by an independent projection.
public enum StrategicPlanner {
    public static func plan(_ scenario: Scenario, options: PlannerOptions = PlannerOptions()) throws(PlannerError) -> PlanResult {
        let started = ContinuousClock.now
        var log: [String] = []
        func say(_ s: String) {
            let line = String(format: "[%5.1fs] ", elapsed(since: started)) + s
            log.append(line)
            options.progress?(line)
        }
        let data = PlanningData(scenario)
        var sm = StrategicModel(data, budgetLimits: options.budgetLimits)
        options.adjustModel?(&sm)
        let buildSeconds = elapsed(since: started)
        say("model: \(sm.model.variableCount) variables (\(sm.model.integerCount) integer), \(sm.model.constraintCount) rows, \(sm.model.nonZeroCount) non-zeros")

        let greedy = GreedyBaseline.plan(data)
        let greedyProjection = Projection(scenario: scenario, plan: greedy, data: data)
        var greedyPoint: [Double]? = sm.point(for: greedy)
        if let x = greedyPoint {
            let broken = sm.model.violations(at: x, tolerance: 1e-7)
            if !broken.isEmpty {
                GLPKLog.logger.warning("greedy plan breaks \(broken.count) rows (e.g. \(broken[0])); not used as a start")
                greedyPoint = nil
            }
        }
        say(String(format: "greedy baseline: weighted attainment %.4f", greedyProjection.weightedAttainment(scenario)))

        // Time kept for the whole-people stage (WholePeople.swift), which usually needs far less.
        let wholeReserve = min(60, max(1, 0.25 * options.timeLimit))
        let stage1Limit = options.minimiseCost ? options.timeLimit * 0.75 : options.timeLimit - wholeReserve
        var stage1: Stage
        // Root cuts (before branch and cut) on small models, where an LP takes well under a second.
        let rootCuts = options.rootCuts && sm.model.nonZeroCount <= 50_000 ? sm.fillBounds : nil
        do {
            let given = options.startPlans.map { ("given plan", sm.point(for: $0)) }
            stage1 = try solveStage(model: sm.model, rootCuts: rootCuts, integerVars: Array(sm.classVar.values), shares: sm.shareGroups, parallel: options.secondCoreDives, columns: sm.improvementColumns, boundSlack: tieBreakMax(sm),
                                    starts: (greedyPoint.map { [("greedy", $0)] } ?? []) + given,
                                    timeLimit: max(1, stage1Limit - elapsed(since: started)), gap: options.relativeGap,
                                    verbose: options.verbose, started: started, say: say, progress: options.progress,
                                    onIncumbent: options.onIncumbent, tune: options.tuneBranchAndCut)
        } catch { throw .solver(error) }
        guard let x1 = stage1.x else { throw .noPlan(stage1.detail) }
        var x = x1
        var incumbentSource = stage1.source

        var binding: [BindingLimit] = []
        if let duals = stage1.lpDuals { binding = bindingLimits(sm, duals: duals, x: x) }

        // Stage 2: the same attainment for less money.
        var costStage: CostStage? = nil
        if options.minimiseCost {
            var m2 = sm.model
            let z1 = sm.weightedAttainment.value(at: x1)
            // Keep the targets' attainment (not the priority tie-break) at its stage-1 value.
            m2.add(sm.weightedAttainment >= z1 - 1e-9 * max(1, abs(z1)), name: "keep_attainment")
            m2.minimize(sm.totalCost)
            let left = options.timeLimit - wholeReserve - elapsed(since: started)
            if left > 0.5 {
                say(String(format: "stage 2: least cost at attainment %.6f", z1))
                do {
                    let s2 = try solveStage(model: m2, integerVars: Array(sm.classVar.values), shares: sm.shareGroups, columns: sm.improvementColumns, starts: [("stage 1", x1)],
                                            timeLimit: left, gap: 1e-3, verbose: options.verbose, started: started, say: say,
                                            quiet: true)
                    costStage = CostStage(status: s2.status, objective: s2.x.map { costOf(sm, $0) }, bound: s2.bound,
                                          detail: s2.detail)
                    if let x2 = s2.x, m2.violations(at: x2, tolerance: 1e-6).isEmpty {
                        say(String(format: "stage 2: cost %.0f → %.0f million VND", sm.model.objectiveValue(at: x1) * 0 + costOf(sm, x1),
                                   costOf(sm, x2)))
                        x = x2
                        incumbentSource += " + least cost"
                    }
                } catch {
                    say("stage 2 skipped: \(error)")
                    costStage = CostStage(status: .noSolutionFound, objective: costOf(sm, x1), bound: nil, detail: "\(error)")
                }
            } else {
                costStage = CostStage(status: .noSolutionFound, objective: costOf(sm, x1), bound: nil,
                                      detail: "no time left after stage 1")
            }
        }

        // Whole people: the plan reported enrols whole people in every mode; every figure
        // below (projection, spend, attainment) is computed from them.
        let wholePeople: WholePeopleStage?
        let whole = WholePeople.solve(sm, model: sm.model, from: x, phases: WholePeople.plannerPhases(sm, minimiseCost: options.minimiseCost),
                                      candidates: options.startPlans.map { sm.point(for: $0) }, timeLimit: max(1, options.timeLimit - elapsed(since: started)), say: say)
        // The plan is never worse than the greedy one (whole and feasible too): rounding people
        // of a plan barely above it can end below it (a generated test, under load).
        let belowGreedy = whole.map { w in
            greedyPoint.map { sm.weightedAttainment.value(at: w.x) < sm.weightedAttainment.value(at: $0) - 1e-9 } ?? false
        } ?? false
        if let w = whole, !belowGreedy {
            x = w.x
            wholePeople = w.stage
        } else if let g = greedyPoint {
            // No whole-people plan with these classes, or one below the greedy plan: the greedy plan.
            say(belowGreedy ? "whole people: the plan is below the greedy plan; keeping the greedy plan"
                            : "whole people: none found with the classes of the plan; keeping the greedy plan")
            x = g
            wholePeople = nil
            incumbentSource = belowGreedy ? "greedy (the optimised plan of whole people was below it)"
                                          : "greedy (no whole-people plan with the optimised classes)"
        } else {
            throw .noPlan("no plan of whole people found with the classes of the plan (\(incumbentSource))")
        }
        let plan = sm.plan(from: x)
        let projection = Projection(scenario: scenario, plan: plan, data: data)
        // The independent projection must agree with the solver's own level stocks.
        let solverReached = sm.reached(from: x)
        for k in solverReached.indices {
            for mi in solverReached[k].indices {
                let a = solverReached[k][mi], b = projection.reached[k][mi]
                if abs(a - b) > 1e-6 * max(1, abs(a)) {
                    throw .projectionMismatch("target \(scenario.targets[k].id) at \(data.milestones[mi]): solver \(a), projection \(b)")
                }
            }
        }
        let uncertainty = MonteCarlo.attainmentBands(scenario: scenario, plan: plan, data: data,
                                                     runs: options.monteCarloRuns, seed: options.seed)
        let objective = sm.model.objectiveValue(at: x1)
        // GLPK's simplex takes a reduced cost below its tolerance (1e-7, on the scaled model)
        // as zero, and the priority tie-break's coefficients are about that small: its bound is
        // trustworthy for weighted attainment but not for the tie-break (labour-confederation:
        // GLPK's LP 6.0000575, the exact rational LP `glpsol --exact` 6.0000990). The bound
        // reported adds the tie-break's largest value, so every solver's optimum of the
        // exported model lies below it.
        let bound = stage1.bound.map { $0 + tieBreakMax(sm) }
        say(String(format: "plan: weighted attainment %.4f (bound %@, gap %@), greedy %.4f",
                   projection.weightedAttainment(scenario), bound.map { String(format: "%.4f", $0) } ?? "unknown",
                   bound.map { String(format: "%.3f%%", 100 * relativeGap(incumbent: objective, bound: $0)) } ?? "unknown",
                   greedyProjection.weightedAttainment(scenario)))
        return PlanResult(data: data, plan: plan, greedy: greedy, projection: projection, greedyProjection: greedyProjection,
                          status: stage1.status, objective: objective, bestBound: bound, lpBound: stage1.lpBound,
                          buildSeconds: buildSeconds,
                          solveSeconds: elapsed(since: started) - buildSeconds, secondsToGap01: stage1.secondsToGap01,
                          variables: sm.model.variableCount, integers: sm.model.integerCount,
                          constraints: sm.model.constraintCount, nonZeros: sm.model.nonZeroCount,
                          incumbentSource: incumbentSource, uncertainty: uncertainty, binding: binding, log: log,
                          costStage: costStage, point: x1, wholePeople: wholePeople)
    }

    static func costOf(_ sm: StrategicModel, _ x: [Double]) -> Double { sm.totalCost.value(at: x) }

    /// Largest value the stage-1 objective's tie-break (objective − weighted attainment) can
    /// take within the variables' bounds.
    static func tieBreakMax(_ sm: StrategicModel) -> Double {
        var tieBreak = sm.attainmentObjective
        tieBreak.add(sm.weightedAttainment, scaledBy: -1)
        return tieBreak.merged().reduce(0.0) { sum, term in
            let v = sm.model.variables[term.variable.index]
            let end = term.coefficient > 0 ? v.upper : v.lower
            return abs(term.coefficient) < 1e-15 ? sum : sum + term.coefficient * end  // an unbounded one: +∞
        }
    }
}
