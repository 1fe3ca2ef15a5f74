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
    public var spend: Double
}

/// Marginal attainment bought by one more billion VND of one payer's budget in one year,
/// from the LP relaxation's duals at the scenario's own budget.
public struct MarginalValue: Sendable {
    public var payer: String
    public var year: Int
    public var perBillion: Double
}

public struct SweepResult: Sendable {
    public var resource: SweepResource
    public var points: [SweepPoint]
    public var marginal: [MarginalValue]
    /// d(LP bound)/d(factor) at factor 1 predicted by the duals: Σ dual × budget.
    public var predictedSlope: Double?
    /// The same slope from the two sweep points around factor 1 (LP bounds).
    public var finiteDifferenceSlope: Double?
    public var seconds: Double
}

public enum Sweep {
    /// Plans the scenario at each factor (stage 1 only), `workers` at a time on their own
    /// threads (each GLPK solve stays on its thread).
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

        // Marginal values from the LP relaxation at the scenario's own budgets.
        var marginal: [MarginalValue] = []
        var predicted: Double? = nil
        let sm = StrategicModel(PlanningData(scenario))
        var o = SolveOptions(); o.relaxIntegrality = true; o.timeLimit = timeLimitPerPoint
        if resource == .budget, let lp = try? sm.model.solve(o), lp.status == .optimal, let duals = lp.duals {
            var slope = 0.0
            for (key, row) in sm.budgetRows.sorted(by: { ($0.key.year, $0.key.payer) < ($1.key.year, $1.key.payer) }) {
                let d = duals[row.index]   // attainment per million VND (GLPK's sign: ≥ 0 for a binding ≤ row of a max)
                marginal.append(MarginalValue(payer: scenario.payers[key.payer].id, year: key.year, perBillion: d * 1000))
                slope += d * sm.model.rowUpper[row.index]
            }
            predicted = slope
        }
        var fd: Double? = nil
        if let below = points.last(where: { $0.factor < 1 - 1e-9 }), let above = points.first(where: { $0.factor > 1 + 1e-9 }),
           let a = below.lpBound, let b = above.lpBound {
            fd = (b - a) / (above.factor - below.factor)
        }
        return SweepResult(resource: resource, points: points, marginal: marginal, predictedSlope: predicted,
                           finiteDifferenceSlope: fd, seconds: elapsed(since: started))
    }

    static func point(scenario: Scenario, factor: Double, timeLimit: Double) -> SweepPoint {
        let data = PlanningData(scenario)
        let total = data.budget.compactMap { $0 }.reduce(0.0) { $0 + $1.values.reduce(0.0) { $0 + Double($1) } }
        var o = PlannerOptions()
        o.timeLimit = timeLimit
        o.monteCarloRuns = 0
        o.minimiseCost = false
        guard let r = try? StrategicPlanner.plan(scenario, options: o) else {
            return SweepPoint(factor: factor, totalBudget: total, status: "failed", attainment: 0, lpBound: nil, shares: [], spend: 0)
        }
        let shares = scenario.targets.indices.map { k in data.milestones.indices.map { r.projection.share(target: k, milestone: $0) } }
        return SweepPoint(factor: factor, totalBudget: total, status: r.status.rawValue,
                          attainment: r.projection.weightedAttainment(scenario), lpBound: r.lpBound, shares: shares,
                          spend: r.projection.spend.values.reduce(0, +))
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
