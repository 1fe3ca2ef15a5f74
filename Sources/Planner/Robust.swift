import Foundation
import Scenario

/// Plans that meet each target with a stated probability when pass rates, attrition and
/// recruits are ranges (issue 14).
///
/// Method: a **conservative equivalent** of the chance constraints, not sample average
/// approximation. The planner plans an ordinary (nominal-shaped) model in which every pass
/// rate is set to its q-quantile (attrition and recruits at `likely`), then checks the plan
/// on Monte Carlo draws of the real ranges. Why this is sound:
///
/// - With enrolments fixed by the plan, a target's share rises with every pass rate. If one course's
///   rate decides a target and per-learner noise is negligible (cohorts of hundreds), planning
///   at the (1 − c)-quantile of that rate meets the target in at least a share c of runs: the
///   target is met whenever the drawn rate is at or above the planned one.
/// - With several independent ranges, all at the same low quantile at once, the guarantee
///   holds with room to spare (that is the price of robustness); a few bisection steps on q
///   towards 0.5 give some of it back, each step kept only if it still clears c on draws.
/// - Whatever q is used, acceptance is judged on draws (calibration seed) with a one-sided
///   95% Wilson lower bound ≥ c, and the result is reported on fresh draws (a different seed)
///   never used to choose the plan.
///
/// Why not SAA with K scenarios and big-M binaries: K copies of every level stock and flow
/// row (K ≈ 20-50) make the city model 20-50 times larger for GLPK; the quantile model stays
/// the nominal model's size, so every step is one ordinary plan.
public enum RobustPlanner {
    /// Settings of the search.
    public struct Options: Sendable {
        /// Probability in (0, 1) each target must be met with, e.g. 0.9.
        public var confidence: Double
        /// Monte Carlo runs judging each candidate plan (calibration draws).
        public var calibrationRuns = 400
        /// Fresh runs on which the nominal and the robust plan are reported.
        public var evaluationRuns = 1000
        /// Seed of the calibration draws; the fresh draws use `evaluationSeed`.
        public var calibrationSeed: UInt64 = 0x1659_2026
        public var evaluationSeed: UInt64 = 20_251_130
        /// Bisection steps on the quantile after the first accepted plan (each one plan).
        public var refineSteps = 2
        /// Halvings of the quantile tried when the first quantile does not clear.
        public var fallbackSteps = 3
        public init(confidence: Double) { self.confidence = confidence }
    }

    /// One candidate: the quantile planned at and how it fared on the calibration draws.
    public struct Step: Sendable {
        /// Pass rates at this quantile.
        public var quantile: Double
        /// Lowest probability of meeting a guarded target (calibration draws).
        public var minPMet: Double
        /// Its one-sided 95% Wilson lower bound.
        public var lowerBound: Double
        /// Total spend of the plan, VND.
        public var costVND: Double
        public var accepted: Bool
    }

    /// The candidate search's outcome for any planning function.
    public struct Search<R: Sendable>: Sendable {
        /// The accepted result at the highest quantile tried; nil when none cleared.
        public var best: R?
        public var quantile: Double?
        public var steps: [Step]
        /// When none cleared: the result whose worst guarded target was met most often.
        public var fallback: R?
    }

    /// The scenario planned at quantile `q`: pass rates at their q-quantile, everything else
    /// at `likely`. Attrition and recruits have no safe direction: a share is
    /// reached / population, and leavers and recruits change both; with training adding
    /// people at the target level faster than the stock holds them, more attrition *raises*
    /// the share (measured on hcmc-2026: planning attrition high left P(met) at 81% for a
    /// 90% request). Their spread is in the draws that judge the plan.
    /// - Parameters:
    ///   - scenario: the scenario with ranges.
    ///   - q: quantile in 0...1 (0.5 is the median; 1 − confidence is the conservative start).
    /// - Returns: a scenario of known numbers.
    public static func scenario(_ scenario: Scenario, atQuantile q: Double) -> Scenario {
        var s = scenario
        for c in s.courses.indices {
            for m in s.courses[c].modes.indices {
                s.courses[c].modes[m].passRate = scenario.courses[c].modes[m].passRateEstimate.quantile(q)
            }
        }
        for i in s.segments.indices {
            s.segments[i].demography.attrition = scenario.segments[i].demography.attrition
            s.segments[i].demography.recruitsPerYear = scenario.segments[i].demography.recruitsPerYear
        }
        return s
    }

    /// One-sided 95% Wilson lower bound of a proportion.
    /// - Parameters:
    ///   - p: observed share of successes, 0...1.
    ///   - n: number of trials (> 0).
    /// - Returns: the lower bound, 0...1.
    public static func wilsonLower(_ p: Double, n: Int) -> Double {
        guard n > 0 else { return 0 }
        let z = 1.6449, nn = Double(n)
        let centre = p + z * z / (2 * nn)
        let half = z * ((p * (1 - p) + z * z / (4 * nn)) / nn).squareRoot()
        return max(0, (centre - half) / (1 + z * z / nn))
    }

    /// The (target, milestone index) pairs a plan meets in expectation: those a robust plan
    /// must meet with the requested probability. Targets out of reach at likely values
    /// cannot be guaranteed by any plan and are reported, not guarded.
    static func guarded(_ projection: Projection, _ scenario: Scenario) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for k in scenario.targets.indices {
            for (m, y) in projection.milestones.enumerated() {
                guard let want = scenario.targets[k].milestones[y], want > 0 else { continue }
                if Projection.isMet(share: projection.share(target: k, milestone: m), wanted: want) { out.append((k, m)) }
            }
        }
        return out
    }

    /// Searches the quantile: 1 − confidence first (halved while it does not clear), then
    /// `refineSteps` bisection steps towards 0.5 keeping every plan that clears.
    /// - Parameters:
    ///   - scenario: the scenario with ranges.
    ///   - guard: pairs (target, milestone index) that must clear the confidence.
    ///   - options: confidence, runs and seeds.
    ///   - planAt: plans a scenario of known numbers; returns the result, its plan and its
    ///     spend in VND, or nil when no plan was found (the step is then not accepted).
    /// - Returns: the accepted result at the highest quantile tried (least conservative).
    /// - Throws: whatever `planAt` throws.
    public static func search<R: Sendable>(_ scenario: Scenario, guard pairs: [(Int, Int)], options: Options,
                                           say: (String) -> Void = { _ in },
                                           planAt: (Scenario) throws -> (R, Plan, Double)?) rethrows -> Search<R> {
        let data = PlanningData(scenario)
        var steps: [Step] = []
        // When no quantile clears, the plan whose worst guarded target fares best.
        var fallback: (r: R, worst: Double, cost: Double)? = nil
        func attempt(_ q: Double) throws -> R? {
            guard let (r, plan, cost) = try planAt(Self.scenario(scenario, atQuantile: q)) else {
                steps.append(Step(quantile: q, minPMet: 0, lowerBound: 0, costVND: .nan, accepted: false))
                say(String(format: "robust: quantile %.4f: no plan", q))
                return nil
            }
            let bands = MonteCarlo.attainmentBands(scenario: scenario, plan: plan, data: data, runs: options.calibrationRuns,
                                                   seed: options.calibrationSeed)
            let worst = pairs.map { bands[$0.0][$0.1].pMet ?? 0 }.min() ?? 1
            let lower = pairs.isEmpty ? 1 : wilsonLower(worst, n: options.calibrationRuns)
            let ok = lower >= options.confidence
            steps.append(Step(quantile: q, minPMet: worst, lowerBound: lower, costVND: cost, accepted: ok))
            if fallback.map({ worst > $0.worst || (worst == $0.worst && cost < $0.cost) }) ?? true { fallback = (r, worst, cost) }
            say(String(format: "robust: quantile %.4f: cost %.3f bn VND, lowest P(met) %.3f (95%% lower bound %.3f) %@",
                       q, cost / 1e9, worst, lower, ok ? "accepted" : "rejected"))
            return ok ? r : nil
        }
        var q = 1 - options.confidence
        var best: R? = nil, bestQ: Double? = nil
        for _ in 0...options.fallbackSteps {
            if let r = try attempt(q) { best = r; bestQ = q; break }
            q /= 2
        }
        if let found = bestQ {
            var lo = found, hi = 0.5
            for _ in 0..<options.refineSteps {
                let mid = (lo + hi) / 2
                if let r = try attempt(mid) { best = r; bestQ = mid; lo = mid } else { hi = mid }
            }
        }
        return Search(best: best, quantile: bestQ, steps: steps, fallback: fallback?.r)
    }
}

/// The robust plan beside the nominal one, both judged on fresh draws.
public struct RobustComparison: Sendable {
    public var confidence: Double
    /// Quantile the robust plan was made at (nil: none cleared; the robust plan is then the
    /// one whose worst guarded target was met most often on the calibration draws).
    public var quantile: Double?
    public var steps: [RobustPlanner.Step]
    public var evaluationRuns: Int
    public var evaluationSeed: UInt64
    public var nominalClasses: Int, robustClasses: Int
    /// Total spend, VND.
    public var nominalCostVND: Double, robustCostVND: Double
    /// P(met) on fresh draws per [target][milestone index] (nil where the target asks nothing).
    public var nominalPMet: [[Double?]], robustPMet: [[Double?]]
    /// Target milestones the nominal plan does not meet even at likely values (not guarded).
    public var unreachable: [(target: Int, milestone: Int, year: Int)]
    public var nominalSeconds: Double, robustSeconds: Double
}

extension RobustPlanner {
    /// `plan --confidence`: the nominal plan, then the robust one, both reported on fresh draws.
    /// - Parameters:
    ///   - scenario: the scenario with ranges.
    ///   - options: the planner's options (time limit per plan, Monte Carlo runs for bands).
    ///   - robust: confidence, runs and seeds of the search.
    /// - Returns: the robust plan's result with `robustComparison` set.
    /// - Throws: `PlannerError` when the nominal plan cannot be made.
    public static func plan(_ scenario: Scenario, options: PlannerOptions, robust: Options) throws(PlannerError) -> PlanResult {
        let say: (String) -> Void = { options.progress?($0) }
        var quick = options
        quick.monteCarloRuns = 0
        let t0 = ContinuousClock.now
        let nominal = try StrategicPlanner.plan(scenario, options: quick)
        let nominalSeconds = elapsed(since: t0)
        let pairs = guarded(nominal.projection, scenario)
        let t1 = ContinuousClock.now
        func cost(_ r: PlanResult) -> Double { r.projection.spend.values.reduce(0, +) }
        let found: Search<PlanResult>
        do {
            found = try search(scenario, guard: pairs, options: robust, say: say) { s in
                let r = try StrategicPlanner.plan(s, options: quick)
                return (r, r.plan, cost(r))
            }
        } catch let e as PlannerError { throw e } catch { throw .noPlan("\(error)") }
        guard let chosen = found.best ?? found.fallback else { throw .noPlan("no robust plan found") }
        let robustSeconds = elapsed(since: t1)
        // Judge both on the same fresh draws, under the real ranges.
        let data = nominal.data
        let nBands = MonteCarlo.attainmentBands(scenario: scenario, plan: nominal.plan, data: data,
                                                runs: robust.evaluationRuns, seed: robust.evaluationSeed)
        let rBands = MonteCarlo.attainmentBands(scenario: scenario, plan: chosen.plan, data: data,
                                                runs: robust.evaluationRuns, seed: robust.evaluationSeed)
        // The robust plan's result, re-read against the real scenario (its likely values).
        var result = chosen
        result.data = data
        result.projection = Projection(scenario: scenario, plan: chosen.plan, data: data)
        result.greedyProjection = Projection(scenario: scenario, plan: chosen.greedy, data: data)
        result.uncertainty = rBands
        let reachable = Set(pairs.map { "\($0.0).\($0.1)" })
        var unreachable: [(target: Int, milestone: Int, year: Int)] = []
        for k in scenario.targets.indices {
            for (m, y) in data.milestones.enumerated() where (scenario.targets[k].milestones[y] ?? 0) > 0 {
                if !reachable.contains("\(k).\(m)") { unreachable.append((k, m, y)) }
            }
        }
        result.robustComparison = RobustComparison(
            confidence: robust.confidence, quantile: found.quantile, steps: found.steps,
            evaluationRuns: robust.evaluationRuns, evaluationSeed: robust.evaluationSeed,
            nominalClasses: nominal.plan.totalClasses, robustClasses: chosen.plan.totalClasses,
            nominalCostVND: cost(nominal), robustCostVND: result.projection.spend.values.reduce(0, +),
            nominalPMet: nBands.map { $0.map(\.pMet) }, robustPMet: rBands.map { $0.map(\.pMet) },
            unreachable: unreachable, nominalSeconds: nominalSeconds, robustSeconds: robustSeconds)
        return result
    }
}

extension RobustPlanner {
    /// `size-budget --confidence`: the least budget whose plan meets every target with the
    /// requested probability, by the same quantile search as `plan` (each step one sizing).
    /// - Parameters:
    ///   - scenario: the scenario with ranges and open budgets.
    ///   - robust: confidence, runs and seeds.
    ///   - size: sizes the budget of a scenario of known numbers (e.g. `BudgetSizer.size`).
    /// - Returns: the accepted sizing, its `sizedScenario` being `scenario` (ranges kept)
    ///   with the sized budgets; nil when no quantile tried cleared; and the steps.
    /// - Throws: whatever `size` throws.
    public static func sizeBudget(_ scenario: Scenario, robust: Options, say: (String) -> Void = { _ in },
                                  size: (Scenario) throws -> BudgetSizing) rethrows -> (BudgetSizing?, Search<BudgetSizing>) {
        let data = PlanningData(scenario)
        var pairs: [(Int, Int)] = []
        for k in scenario.targets.indices {
            for (m, y) in data.milestones.enumerated() where (scenario.targets[k].milestones[y] ?? 0) > 0 { pairs.append((k, m)) }
        }
        let found = try search(scenario, guard: pairs, options: robust, say: say) { s -> (BudgetSizing, Plan, Double)? in
            let z = try size(s)
            guard z.feasible, let plan = z.plan else { return nil }
            return (z, plan, Double(z.totalVND))
        }
        guard var z = found.best else { return (nil, found) }
        var sized = scenario
        sized.budgets = z.sizedScenario.budgets
        z.sizedScenario = sized
        return (z, found)
    }
}
