import Foundation
import Planner
import Scenario
import Testing

/// Uncertain pass rates: honest bands and plans that hold with a stated probability (issue 14).
@Suite struct RobustTests {
    /// tiny.yaml scaled up: 1000 people at level 3, target 50% at level ≥ 4 (500 people) by
    /// the end of 2026; classes of exactly 25 (min = max), so learners = 25 × classes; a
    /// class costs 50M VND and each learner's exam 1M VND; release, rooms, teachers and
    /// money far from binding. Pass rate: triangular {low 0.6, likely 0.8, high 1.0}.
    static func scenario() throws -> Scenario {
        var s = try ScenarioLoader.load(path: HandSolvedTests.tinyPath)
        s.segments[0].headcount = [0, 0, 0, 1000, 0, 0, 0]
        s.policy.maxShareInTraining = 1
        s.courses[0].modes[0].classSizeMin = 25
        s.courses[0].modes[0].classSizeMax = 25
        s.courses[0].modes[0].passRateEstimate = Estimate(low: 0.6, likely: 0.8, high: 1.0)
        s.institutions[0].rooms[0].count = 20
        s.institutions[0].teachers[0].count = 30
        s.budgets[0].amounts[2026] = 100_000_000_000
        return s
    }

    /// Nominal plan (rate 0.8): 500 passes need 625 learners = 25 classes exactly;
    /// cost 25 × 50M + 625 × 1M = 1,875M VND. It meets the target iff the run's passers
    /// reach 500, i.e. (per-learner noise aside) iff the drawn rate ≥ 0.8, the median of the
    /// symmetric triangle: P(met) ≈ 50%.
    ///
    /// Robust plan at 90%: the rate's 10% quantile solves (x − 0.6)² / (0.4 × 0.2) = 0.1,
    /// x = 0.6 + √0.008 = 0.68944; 500 / 0.68944 = 725.2 learners → 30 classes (29 hold only
    /// 725). With 750 learners the target is met iff rate ≥ 500/750 = 0.6667:
    /// P = 1 − (0.0667)² / 0.08 = 0.944 (a little less with per-learner noise, sd ≈ 13
    /// passers). Bisection steps toward the median are rejected: quantile 0.3 → rate 0.7549 →
    /// 27 classes, P(rate ≥ 500/675) = 0.75; quantile 0.2 → 0.7265 → 28 classes,
    /// P(rate ≥ 0.7143) = 0.837. So: 30 classes, cost 30 × 50M + 750 × 1M = 2,250M VND.
    @Test func robustPlanHoldsOnFreshDrawsAtItsDerivedCost() throws {
        let s = try Self.scenario()
        var o = PlannerOptions()
        o.timeLimit = 20
        o.monteCarloRuns = 0
        var ro = RobustPlanner.Options(confidence: 0.9)
        ro.calibrationRuns = 1000
        ro.evaluationRuns = 2000
        let r = try RobustPlanner.plan(s, options: o, robust: ro)
        let c = try #require(r.robustComparison)
        #expect(c.nominalClasses == 25)
        #expect(abs(c.nominalCostVND - 1_875_000_000) < 1)
        #expect(c.robustClasses == 30)
        #expect(abs(c.robustCostVND - 2_250_000_000) < 1)
        #expect(abs(r.plan.totalLearners - 750) < 1e-6)
        #expect(abs((c.quantile ?? 0) - 0.1) < 1e-12)
        // Steps: 0.1 accepted, 0.3 and 0.2 rejected.
        #expect(zip(c.steps.map(\.quantile), [0.1, 0.3, 0.2]).allSatisfy { abs($0 - $1) < 1e-12 } && c.steps.count == 3)
        #expect(c.steps.map(\.accepted) == [true, false, false])
        // Fresh draws (a seed not used to choose the plan).
        let nominal = try #require(c.nominalPMet[0][0]), robust = try #require(c.robustPMet[0][0])
        #expect(nominal > 0.4 && nominal < 0.6, "nominal P(met) \(nominal)")
        #expect(robust >= 0.9 && robust < 0.97, "robust P(met) \(robust)")
        #expect(c.evaluationSeed != ro.calibrationSeed)
    }

    /// Bands of a plan when the pass rate is a range: the nominal plan (625 learners) has
    /// P10/P90 near 625 × the rate's 10% and 90% quantiles over 1000 people:
    /// 625 × 0.68944 / 1000 = 43.1% and 625 × 0.91056 / 1000 = 56.9%; with the rate known
    /// (0.8) the band is binomial only: sd = √(625 × 0.8 × 0.2) = 10 passers, P10-P90 about
    /// ±1.28 × 10 / 1000 = ±1.3 points around 50%.
    @Test func bandsDrawTheRateOncePerRun() throws {
        let s = try Self.scenario()
        var o = PlannerOptions()
        o.timeLimit = 20
        o.monteCarloRuns = 2000
        let r = try StrategicPlanner.plan(s, options: o)
        #expect(r.plan.totalClasses == 25)
        let u = r.uncertainty[0][0]
        #expect(abs(u.p10 - 0.431) < 0.01 && abs(u.p90 - 0.569) < 0.01, "\(u)")
        #expect(abs(u.p50 - 0.5) < 0.01)
        var known = s
        known.courses[0].modes[0].passRate = 0.8
        let k = MonteCarlo.attainmentBands(scenario: known, plan: r.plan, data: r.data, runs: 2000, seed: 7)[0][0]
        #expect(k.p90 - k.p10 < 0.035 && k.p90 - k.p10 > 0.015, "\(k)")
    }
}
