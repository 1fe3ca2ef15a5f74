import Foundation
@testable import Planner
import Scenario
import Synthetic
import Testing

/// Class moves on the national plan (`NationalMoves.improve`, then single moves,
/// `NationalLocalSearch.swift`) on the small generated 3-province sets of `DecompositionTests`.
@Suite(.serialized) struct NationalMovesTests {
    /// Every plan reported while the moves run (`onIncumbent`, checked at every chance:
    /// `checkpointSeconds` 0) is reported only when it keeps every row of the national model,
    /// so each must lie within the model's bound; the reports never fall, come in time order
    /// within the run, and the last is the plan returned. The plan after the moves reaches at
    /// least the plan they started from (a move is kept only when Σ of the blocks' weighted
    /// attainment rose), and the plan returned keeps every row and every budget by the
    /// independent projection's spend.
    @Test(arguments: DecompositionTests.cases)
    func movesReportPlansThatKeepEveryRowAndNeverLose(_ gen: ScenarioGenerator) throws {
        let sc = gen.make()
        var o = DecompositionTests.options(seconds: 20, steps: 2)
        o.gap = 0
        o.checkpointSeconds = 0
        let reports = Reports()
        o.onIncumbent = { t, z in reports.add(t, z) }
        let d = try Decomposition.plan(sc, options: o)
        let r = reports.all
        FileHandle.standardError.write(Data("\(gen.name): \(r.count) plans reported, last \(r.last?.z ?? .nan), plan \(d.modelObjective), made \(d.made)\n".utf8))
        #expect(d.violations.isEmpty, "\(d.violations.prefix(3))")
        let last = try #require(r.last, "no plan reported")
        #expect(abs(last.z - d.modelObjective) <= 1e-9 * max(1, abs(last.z)), "last report \(last.z) ≠ plan \(d.modelObjective)")
        for (a, b) in zip(r, r.dropFirst()) {
            #expect(b.t >= a.t && b.z >= a.z - 1e-6 * max(1, abs(a.z)), "report (\(b.t), \(b.z)) after (\(a.t), \(a.z))")
        }
        #expect(r.allSatisfy { $0.z <= d.modelBound + 1e-6 * max(1, d.modelBound) && $0.t <= d.seconds + 1e-6 })
        let moved = try #require(d.made.first { $0.key.hasSuffix(" + class moves") }, "no plan after class moves: \(d.made)")
        let start = try #require(d.made[String(moved.key.dropLast(" + class moves".count))], "\(d.made)")
        #expect(moved.value >= start - 1e-9, "\(moved.key) \(moved.value) < its start \(start)")
        DecompositionTests.expectBudgetsHold(sc, d.plan, PlanningData(sc))
    }
}

/// (Time, objective) pairs from another thread.
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(t: Double, z: Double)] = []
    func add(_ t: Double, _ z: Double) { lock.lock(); list.append((t, z)); lock.unlock() }
    var all: [(t: Double, z: Double)] { lock.lock(); defer { lock.unlock() }; return list }
}
