import Foundation
import GLPK
import LinearModel
import Scenario

/// What `size-budget` found.
public struct BudgetSizing: Sendable {
    /// Whether every target can be met at every milestone with enough money.
    public var feasible: Bool
    /// Least budget per payer id and year (VND, rounded up to the million) when feasible.
    public var budget: [String: [Int: Int64]]
    /// The scenario with these budgets as its limits (what a re-plan uses).
    public var sizedScenario: Scenario
    /// The least-cost plan that meets every target (a start for re-planning at this budget).
    public var plan: Plan?
    /// When not feasible: the plan with unlimited money (best attainment reachable).
    public var unlimited: PlanResult?
    /// When not feasible: what binds with unlimited money (teachers, rooms, release, seats).
    public var binding: [BindingLimit]
    public var seconds: Double
    public var log: [String]
    /// Each minimisation stage (the first payer's spend, then the total), with its status
    /// and gap: whether the sized budget is proven least. Spend in million VND.
    public var stages: [(what: String, stage: CostStage)] = []
    public var totalVND: Int64 { budget.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
}

/// Finds the least total cost that meets every target at every milestone, split by year
/// and payer. With `firstPayer`, that payer's total is minimised first (e.g. the state
/// budget), then the total at that payer's least.
public enum BudgetSizer {
    /// - Parameters:
    ///   - timeLimit: seconds for all stages.
    ///   - firstPayer: payer id whose total is minimised first.
    ///   - gap: a stage is "optimal" when its spend is within this relative gap of its bound
    ///     (the planner's default, so the word means the same in every report).
    /// - Returns: the least budget by payer and year, or why none meets the targets.
    /// - Throws: `PlannerError` for an unknown payer or a solver failure.
    public static func size(_ scenario: Scenario, timeLimit: Double = 60, firstPayer: String? = nil,
                            gap: Double = PlannerOptions().relativeGap,
                            progress: (@Sendable (String) -> Void)? = nil) throws(PlannerError) -> BudgetSizing {
        let started = ContinuousClock.now
        var log: [String] = []
        func say(_ s: String) {
            let line = String(format: "[%5.1fs] ", elapsed(since: started)) + s
            log.append(line); progress?(line)
        }
        let data = PlanningData(scenario)
        let sm = StrategicModel(data, budgetLimits: false)
        var m = sm.model
        // Every target met at every milestone.
        for vars in sm.attainment { for v in vars.compactMap({ $0 }) { m.setBounds(v, lower: 1, upper: 1) } }
        var stages: [LinearExpression] = []
        var names: [String] = []
        if let id = firstPayer {
            guard let p = data.payerIndex[id] else { throw .noPlan("unknown payer \(id)") }
            stages.append(sm.spendByPayerYear.filter { $0.key.payer == p }.map(\.value).sum())
            names.append("least spend of \(id) meeting every target")
        }
        stages.append(sm.totalCost)
        names.append(firstPayer == nil ? "least total spend meeting every target" : "least total spend at that \(firstPayer!) spend")  // safe: checked
        var reached: [(what: String, stage: CostStage)] = []
        var x: [Double]? = nil
        // Time kept for the whole-people stage (WholePeople.swift), as in `StrategicPlanner.plan`.
        let wholeReserve = min(60, max(1, 0.25 * timeLimit))
        for (n, objective) in stages.enumerated() {
            m.minimize(objective)
            let left = timeLimit - wholeReserve - elapsed(since: started)
            let stage: StrategicPlanner.Stage
            do {
                stage = try StrategicPlanner.solveStage(
                    model: m, integerVars: Array(sm.classVar.values), starts: x.map { [("previous stage", $0)] } ?? [],
                    timeLimit: max(1, n + 1 < stages.count ? left / 2 : left), gap: gap, verbose: false,
                    started: started, say: say, progress: progress)
            } catch { throw .solver(error) }
            reached.append((names[n], CostStage(status: stage.status, objective: stage.x.map { objective.value(at: $0) },
                                                bound: stage.bound, detail: stage.detail)))
            guard let sx = stage.x else {
                if x == nil {
                    // No plan meets the targets: show how far unlimited money gets.
                    say("targets cannot all be met (\(stage.detail)); planning with unlimited money")
                    var o = PlannerOptions()
                    o.timeLimit = max(5, timeLimit - elapsed(since: started))
                    o.budgetLimits = false
                    o.monteCarloRuns = 0
                    o.progress = progress
                    let best = try StrategicPlanner.plan(scenario, options: o)
                    return BudgetSizing(feasible: false, budget: [:], sizedScenario: scenario, plan: nil, unlimited: best,
                                        binding: best.binding.filter { !$0.what.hasPrefix("budget") }, seconds: elapsed(since: started), log: log,
                                        stages: reached)
                }
                break
            }
            x = sx
            let value = objective.value(at: sx)
            say(String(format: "stage %d: %.0f million VND", n + 1, value))
            if n + 1 < stages.count { m.add(objective <= value * (1 + 1e-9) + 1e-6, name: "keep_first_payer") }
        }
        guard let continuous = x else { throw .noPlan("no plan") }
        // Whole people: the budget is sized for a plan of whole learners that meets every
        // target (more classes where the continuous plan's do not hold enough), in the same
        // order: attainment, then the stages' spends.
        let phases = [WholePeople.Phase(objective: sm.attainmentObjective, sense: .maximize, keep: sm.weightedAttainment, name: "attainment")]
            + stages.enumerated().map { WholePeople.Phase(objective: $1, sense: .minimize, keep: $1, name: "spend\($0 + 1)") }
        let wanted = sm.weightedAttainment.value(at: continuous)
        let found = WholePeople.solve(sm, model: sm.model, from: continuous, phases: phases, extraClasses: nil, leastSpendFirst: true,
                                      timeLimit: max(1, timeLimit - elapsed(since: started)), say: say)
        guard let whole = found, whole.stage.weightedAttainment >= wanted - 1e-6 else {
            // Why (WholePeopleRepair.swift): proven impossible near the least-cost plan's
            // classes, or not found in time.
            let why = found.map(\.stage.why).flatMap { $0.isEmpty ? nil : $0 } ?? "none found in time; try a longer --time-limit"
            throw .noPlan("no plan of whole people found that meets every target (weighted attainment \(wanted)): \(why)")
        }
        let plan = whole.x
        var budget: [String: [Int: Int64]] = [:]
        for (key, e) in sm.spendByPayerYear {
            let million = (e.value(at: plan) - 1e-6).rounded(.up)
            budget[scenario.payers[key.payer].id, default: [:]][key.year] = Int64(max(0, million)) * 1_000_000
        }
        var sized = scenario
        sized.budgets = scenario.payers.map { p in
            Budget(payer: p.id, amounts: Dictionary(uniqueKeysWithValues: scenario.horizon.years.map { ($0, budget[p.id]?[$0] ?? 0) }))
        }
        return BudgetSizing(feasible: true, budget: budget, sizedScenario: sized, plan: sm.plan(from: plan), unlimited: nil, binding: [],
                            seconds: elapsed(since: started), log: log, stages: reached)
    }
}
