import Foundation
import Scenario

/// Seeded, reproducible Monte Carlo runs of a plan: the spread of attainment it can expect
/// when pass rates, attrition and recruits are only estimates.
///
/// Per run: one pass rate for each course and mode, one attrition and one recruits figure for
/// each segment are drawn from their ranges (`Estimate`, triangular), shared by every learner
/// and year of the run. Per learner: each learner of each cohort passes with the run's rate of
/// the course and mode. Known numbers (plain, not ranges) draw nothing, so a scenario without
/// ranges gives the same bands as before ranges existed.
public enum MonteCarlo {
    /// P10/P50/P90 of each target's share at each milestone, and the share of runs meeting it.
    /// - Parameters:
    ///   - scenario: the scenario the plan was made for (its ranges are drawn).
    ///   - plan: the plan to run.
    ///   - data: the scenario's planning data (offerings, milestones).
    ///   - runs: number of runs (0: none, returns []).
    ///   - seed: seed of the runs; a different seed gives draws independent of these.
    /// - Returns: bands[target][milestone index of `data.milestones`]; `pMet` nil where the
    ///   target asks nothing at that milestone.
    public static func attainmentBands(scenario: Scenario, plan: Plan, data: PlanningData, runs: Int, seed: UInt64) -> [[Uncertainty]] {
        guard runs > 0 else { return [] }
        var rng = SplitMix64(seed: seed)
        var samples = [[[Double]]](repeating: [[Double]](repeating: [], count: data.milestones.count), count: scenario.targets.count)
        for _ in 0..<runs {
            let drawn = draw(scenario, rng: &rng)
            let p = Projection(scenario: drawn, plan: plan, offerings: data.offerings) { _, present, pass in
                Double(binomial(n: present, p: pass, rng: &rng))
            }
            for k in scenario.targets.indices {
                for m in data.milestones.indices { samples[k][m].append(p.share(target: k, milestone: m)) }
            }
        }
        return samples.enumerated().map { k, byMilestone in
            byMilestone.enumerated().map { m, xs in
                let s = xs.sorted()
                func q(_ f: Double) -> Double { s.isEmpty ? 0 : s[min(s.count - 1, Int((f * Double(s.count - 1)).rounded()))] }
                var u = Uncertainty(p10: q(0.1), p50: q(0.5), p90: q(0.9))
                if let want = scenario.targets[k].milestones[data.milestones[m]], want > 0, !xs.isEmpty {
                    u.pMet = Double(xs.filter { Projection.isMet(share: $0, wanted: want) }.count) / Double(xs.count)
                }
                return u
            }
        }
    }

    /// The scenario of one run: every range replaced by a value drawn from it (inverse CDF of
    /// a uniform draw); known numbers untouched and drawing nothing.
    /// - Parameters:
    ///   - scenario: the scenario with ranges.
    ///   - rng: the run's generator (advanced by one draw per range).
    /// - Returns: the same scenario with every estimate a known number.
    public static func draw(_ scenario: Scenario, rng: inout SplitMix64) -> Scenario {
        var s = scenario
        for c in s.courses.indices {
            for m in s.courses[c].modes.indices where s.courses[c].modes[m].passRateEstimate.isUncertain {
                s.courses[c].modes[m].passRate = s.courses[c].modes[m].passRateEstimate.quantile(rng.nextUnit())
            }
        }
        for i in s.segments.indices {
            let d = s.segments[i].demography
            if d.attritionEstimate.isUncertain { s.segments[i].demography.attrition = d.attritionEstimate.quantile(rng.nextUnit()) }
            if d.recruitsEstimate.isUncertain {
                s.segments[i].demography.recruitsPerYear = Int(d.recruitsEstimate.quantile(rng.nextUnit()).rounded())
            }
        }
        return s
    }

    /// Passers among `n` learners (n may be fractional: the expected count; its fraction is
    /// one more learner with that probability).
    static func binomial(n: Double, p: Double, rng: inout SplitMix64) -> Int {
        var whole = Int(n.rounded(.down))
        if rng.nextUnit() < n - Double(whole) { whole += 1 }
        if whole <= 0 { return 0 }
        if whole < 64 {
            var k = 0
            for _ in 0..<whole where rng.nextUnit() < p { k += 1 }
            return k
        }
        // Normal approximation for large cohorts.
        let mean = Double(whole) * p, sd = (Double(whole) * p * (1 - p)).squareRoot()
        let u1 = max(rng.nextUnit(), 1e-12), u2 = rng.nextUnit()
        let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        return min(whole, max(0, Int((mean + sd * z).rounded())))
    }
}

extension Projection {
    /// Whether a share meets a target's share: the one rule reports and Monte Carlo use
    /// (a relative tolerance of 1e-6 for the solver's rounding).
    /// - Parameters:
    ///   - share: share reached, 0...1.
    ///   - wanted: share the target asks for, 0...1.
    /// - Returns: true when `share` reaches `wanted`.
    public static func isMet(share: Double, wanted: Double) -> Bool { share >= wanted * (1 - 1e-6) - 1e-9 }
}

/// A small, fast, seedable generator (SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform draw in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
