import Foundation
import Scenario

/// Pass/fail drawn per learner, seeded and reproducible, over many runs: the spread of
/// attainment a plan can expect when pass rates are only estimates of chance.
public enum MonteCarlo {
    /// P10/P50/P90 of each target's share at each milestone.
    public static func attainmentBands(scenario: Scenario, plan: Plan, data: PlanningData, runs: Int, seed: UInt64) -> [[Uncertainty]] {
        guard runs > 0 else { return [] }
        var rng = SplitMix64(seed: seed)
        var samples = [[[Double]]](repeating: [[Double]](repeating: [], count: data.milestones.count), count: scenario.targets.count)
        for _ in 0..<runs {
            let p = Projection(scenario: scenario, plan: plan, offerings: data.offerings) { _, present, pass in
                Double(binomial(n: present, p: pass, rng: &rng))
            }
            for k in scenario.targets.indices {
                for m in data.milestones.indices { samples[k][m].append(p.share(target: k, milestone: m)) }
            }
        }
        return samples.map { byMilestone in
            byMilestone.map { xs in
                let s = xs.sorted()
                func q(_ f: Double) -> Double { s.isEmpty ? 0 : s[min(s.count - 1, Int((f * Double(s.count - 1)).rounded()))] }
                return Uncertainty(p10: q(0.1), p50: q(0.5), p90: q(0.9))
            }
        }
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
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
