import Foundation
import Planner
import Scenario
import Testing

/// Issue 11 item 7: a segment of tens of millions of people (inside the documented 10^8) once
/// gave "LP relaxation bound 0" and a 100% gap under a plan GLPK had found: its objective
/// coefficients, after GLPK's column scaling, fell below its reduced-cost tolerance. The bound
/// must never be weaker than the plan, and here it is exactly what hand arithmetic gives.
@Suite struct LargeSegmentBoundTests {
    /// tiny.yaml with `people` at level 3 instead of 100 (the same budget of 250M VND).
    func plan(people: Int) throws -> PlanResult {
        var s = try ScenarioLoader.load(path: HandSolvedTests.tinyPath)
        s.segments[0].headcount = [0, 0, 0, people, 0, 0, 0]
        var o = PlannerOptions()
        o.timeLimit = 20
        o.monteCarloRuns = 0
        return try StrategicPlanner.plan(s, options: o)
    }

    /// Budget 250M; a class costs 50M plus 1M per candidate's exam. Three full classes:
    /// 150M + 75M = 225M (four would need 200M + 80M > 250M), so 75 learners, 60 passes.
    /// The target asks half the staff at level ≥ 4: attainment 60 / (people / 2).
    /// The LP relaxation buys learners at 50M / 25 + 1M = 3M each: 250 / 3 learners, × 0.8
    /// passes = 66.67, so its bound is 66.67 / (people / 2).
    @Test(arguments: [50_000_000, 100_000_000])
    func boundIsNeverBelowThePlan(people: Int) throws {
        let r = try plan(people: people)
        let half = Double(people) / 2
        #expect(r.plan.totalClasses == 3)
        #expect(abs(r.objective - 60 / half) <= 1e-9 * 60 / half + 1e-15, "\(r.objective)")
        let lp = try #require(r.lpBound)
        #expect(abs(lp - (250.0 / 3 * 0.8) / half) <= 1e-6 * lp, "LP bound \(lp)")
        // The final bound: known, and never below the plan found.
        let bound = try #require(r.bestBound)
        #expect(bound >= r.objective * (1 - 1e-9), "bound \(bound) below the plan \(r.objective)")
        #expect(r.status == .optimal)
    }
}
