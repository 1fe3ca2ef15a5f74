import Dispatch
import Foundation
import GLPK
import LinearModel
import Scenario

/// What a sweep varies.
public enum SweepResource: String, Sendable, CaseIterable {
    case budget, teachers, rooms

    /// The scenario with this resource scaled by `factor` (budgets rounded to VND, counts
    /// to whole teachers or rooms).
    public func scale(_ s: Scenario, by factor: Double) -> Scenario {
        var out = s
        switch self {
        case .budget:
            for i in out.budgets.indices {
                out.budgets[i].amounts = out.budgets[i].amounts.mapValues { Int64((Double($0) * factor).rounded()) }
            }
        case .teachers:
            for i in out.institutions.indices {
                for g in out.institutions[i].teachers.indices {
                    out.institutions[i].teachers[g].count = Int((Double(s.institutions[i].teachers[g].count) * factor).rounded())
                }
            }
        case .rooms:
            for i in out.institutions.indices {
                for r in out.institutions[i].rooms.indices {
                    out.institutions[i].rooms[r].count = Int((Double(s.institutions[i].rooms[r].count) * factor).rounded())
                }
            }
        }
        return out
    }
}

/// One point of a sweep.
public struct SweepPoint: Sendable {
    public var factor: Double
    /// Σ of the finite budgets at this point, VND.
    public var totalBudget: Double
    public var status: String
    /// Weighted attainment of the plan, and the LP relaxation's (an upper bound).
    public var attainment: Double
    public var lpBound: Double?
    /// share[k][m] of each target at each milestone.
    public var shares: [[Double]]
    /// Spend of the plan kept, VND: after stage 2 (least cost at this attainment) when
    /// `costStage` says it found a plan, else stage 1's spend (see `spendIsLeast`).
    public var spend: Double
    /// What stage 2 reached at this point (nil: the plan failed).
    public var costStage: CostStage? = nil

    /// Whether `spend` is stage 2's least spend (within its gap) rather than stage 1's.
    public var spendIsLeast: Bool {
        guard let c = costStage else { return false }
        return c.status == .optimal || c.status == .feasible
    }
}

/// Marginal attainment bought by one more billion VND of one payer's budget in one year,
/// from the LP relaxation's duals at the scenario's own budget.
public struct MarginalValue: Sendable {
    public var payer: String
    public var year: Int
    public var perBillion: Double
}

/// The duals' predicted slope checked against the LP relaxation re-solved with every finite
/// budget × (1 − step) and × (1 + step). The LP optimum is concave in the factor, so the
/// dual's slope lies between the two one-sided slopes (equal to both where the LP has no kink).
public struct MarginalCheck: Sendable {
    /// Σ dual × budget: d(LP optimum)/d(factor) at factor 1, weighted attainment per unit of factor.
    public var predicted: Double
    /// (LP(1) − LP(1 − step)) / step and (LP(1 + step) − LP(1)) / step, same unit.
    public var below: Double
    public var above: Double
    public var step: Double
    /// Allowed slack, same unit: GLPK's optimality tolerance (≈1e-7 relative on the LP
    /// optimum) divided by `step`, plus 1% of the slope.
    public var tolerance: Double
    /// Whether `above − tolerance ≤ predicted ≤ below + tolerance`.
    public var agrees: Bool { predicted <= below + tolerance && predicted >= above - tolerance }
}

public struct SweepResult: Sendable {
    public var resource: SweepResource
    public var points: [SweepPoint]
    public var marginal: [MarginalValue]
    /// The duals checked against a finite difference of the LP relaxation (budget sweeps).
    public var check: MarginalCheck?
    public var seconds: Double
}

public enum Sweep {
    /// Plans the scenario at each factor as `plan` does (stage 1, then stage 2's least cost
    /// at that attainment in the last quarter of `timeLimitPerPoint`), `workers` at a time on
    /// their own threads (each GLPK solve stays on its thread).
    /// - Parameters:
    ///   - from, to: factors (1 = the scenario as written); `steps` points between them.
    ///   - timeLimitPerPoint: seconds for both stages of one point.
    /// - Returns: the points by factor, and for a budget sweep the marginal value of each
    ///   payer's budget per year with its finite-difference check.
    public static func run(_ scenario: Scenario, resource: SweepResource, from: Double, to: Double, steps: Int,
                           timeLimitPerPoint: Double = 20, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                           progress: (@Sendable (String) -> Void)? = nil) -> SweepResult {
        let started = ContinuousClock.now
        let n = max(1, steps)
        let factors = (0..<n).map { n == 1 ? from : from + (to - from) * Double($0) / Double(n - 1) }
        let box = PointBox(count: n)
        let queue = DispatchQueue(label: "langplan.sweep", attributes: .concurrent)
        let group = DispatchGroup()
        let gate = DispatchSemaphore(value: max(1, workers))
        for (i, f) in factors.enumerated() {
            gate.wait()
            group.enter()
            queue.async {
                defer { gate.signal(); group.leave() }
                box.set(i, point(scenario: resource.scale(scenario, by: f), factor: f, timeLimit: timeLimitPerPoint))
                progress?(String(format: "%@ × %.2f done", resource.rawValue, f))
            }
        }
        group.wait()
        var points = box.points.compactMap { $0 }.sorted { $0.factor < $1.factor }
        // More of a resource never hurts: a plan found at a smaller factor is feasible at a
        // larger one, so a point solved less well (a solver gap) keeps its neighbour's plan.
        for i in points.indices.dropFirst() where points[i].attainment < points[i - 1].attainment && points[i].status != "failed" {
            let kept = points[i]
            points[i] = points[i - 1]
            points[i].factor = kept.factor
            points[i].totalBudget = kept.totalBudget
            points[i].lpBound = kept.lpBound
            points[i].status = "plan of \(String(format: "%.2f", points[i - 1].factor))"
        }

        var marginal: [MarginalValue] = []
        var check: MarginalCheck? = nil
        if resource == .budget { (marginal, check) = marginalValues(scenario, timeLimit: timeLimitPerPoint) }
        return SweepResult(resource: resource, points: points, marginal: marginal, check: check,
                           seconds: elapsed(since: started))
    }

    static func point(scenario: Scenario, factor: Double, timeLimit: Double) -> SweepPoint {
        let data = PlanningData(scenario)
        let total = data.budget.compactMap { $0 }.reduce(0.0) { $0 + $1.values.reduce(0.0) { $0 + Double($1) } }
        var o = PlannerOptions()
        o.timeLimit = timeLimit
        o.monteCarloRuns = 0
        guard let r = try? StrategicPlanner.plan(scenario, options: o) else {
            return SweepPoint(factor: factor, totalBudget: total, status: "failed", attainment: 0, lpBound: nil, shares: [], spend: 0)
        }
        let shares = scenario.targets.indices.map { k in data.milestones.indices.map { r.projection.share(target: k, milestone: $0) } }
        return SweepPoint(factor: factor, totalBudget: total, status: r.status.rawValue,
                          attainment: r.projection.weightedAttainment(scenario), lpBound: r.lpBound, shares: shares,
                          spend: r.projection.spend.values.reduce(0, +), costStage: r.costStage)
    }
}

extension Sweep {
    /// Step of the finite-difference check: ±1% of every finite budget.
    static let checkStep = 0.01

    /// Marginal value of each (payer, year) budget from the duals of the LP relaxation of the
    /// targets' weighted attainment at the scenario's own budgets, and their check against
    /// that LP re-solved at ±`checkStep`.
    /// - Returns: one value per budget row (per billion VND; |v| below 1e-12, solver noise,
    ///   as 0), and the check (nil when an LP is not solved to optimality).
    static func marginalValues(_ scenario: Scenario, timeLimit: Double) -> ([MarginalValue], MarginalCheck?) {
        // Weighted attainment alone (not the priority tie-break): what money buys in targets.
        func lp(_ f: Double) -> (StrategicModel, SolveResult)? {
            let sm = StrategicModel(PlanningData(SweepResource.budget.scale(scenario, by: f)))
            return StrategicPlanner.attainmentLP(sm, timeLimit: timeLimit).map { (sm, $0) }
        }
        guard let (sm, at) = lp(1), let duals = at.duals, let z = at.objective else { return ([], nil) }
        var marginal: [MarginalValue] = []
        var slope = 0.0
        for (key, row) in sm.budgetRows.sorted(by: { ($0.key.year, $0.key.payer) < ($1.key.year, $1.key.payer) }) {
            // Attainment per million VND (rows are in millions; GLPK's sign: ≥ 0 for a
            // binding ≤ row of a maximisation), × 1000 per billion.
            let perBillion = duals[row.index] * 1000
            marginal.append(MarginalValue(payer: scenario.payers[key.payer].id, year: key.year,
                                          perBillion: abs(perBillion) < 1e-12 ? 0 : perBillion))
            slope += duals[row.index] * sm.model.rowUpper[row.index]
        }
        let h = checkStep
        guard let lo = lp(1 - h)?.1.objective, let hi = lp(1 + h)?.1.objective else { return (marginal, nil) }
        let tolerance = 1e-7 * max(1, abs(z)) / h + 0.01 * abs(slope)
        return (marginal, MarginalCheck(predicted: abs(slope) < 1e-12 ? 0 : slope, below: (z - lo) / h, above: (hi - z) / h,
                                        step: h, tolerance: tolerance))
    }
}

/// Results written from worker threads.
final class PointBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [SweepPoint?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ p: SweepPoint) { lock.lock(); storage[i] = p; lock.unlock() }
    var points: [SweepPoint?] { lock.lock(); defer { lock.unlock() }; return storage }
}
