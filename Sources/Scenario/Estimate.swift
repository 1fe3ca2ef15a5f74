/// A quantity known only as an estimate: `low ≤ likely ≤ high`, read as a triangular
/// distribution on [low, high] with its mode at `likely`. A plain number is the point
/// estimate low = likely = high (no uncertainty).
///
/// Why triangular: planners can say "between 60% and 85%, most likely 75%" but have no data
/// for a shape; the triangle uses exactly those three numbers and nothing more. The nominal
/// plan uses `likely` (what a planner would have written as a single number), so giving a
/// range never changes the nominal plan, only its bands and the robust plan.
public struct Estimate: Sendable, Equatable {
    public var low: Double
    public var likely: Double
    public var high: Double

    public init(low: Double, likely: Double, high: Double) { self.low = low; self.likely = likely; self.high = high }
    /// A number known exactly.
    public init(_ value: Double) { self.init(low: value, likely: value, high: value) }

    /// True when low < high (a range, not a number).
    public var isUncertain: Bool { high > low }

    /// Mean of the triangular distribution, (low + likely + high) / 3.
    public var mean: Double { (low + likely + high) / 3 }

    /// The value below which a share `q` (0...1) of the triangular distribution lies.
    /// - Parameter q: probability in 0...1 (clamped).
    /// - Returns: the q-quantile, in the estimate's units; `likely` for a point estimate.
    public func quantile(_ q: Double) -> Double {
        guard isUncertain else { return likely }
        let q = min(1, max(0, q))
        let width = high - low
        let split = (likely - low) / width   // F(likely)
        if q <= split { return low + (q * width * (likely - low)).squareRoot() }
        return high - ((1 - q) * width * (high - likely)).squareRoot()
    }
}

extension Scenario {
    /// Field paths written as ranges, e.g. "courses[0].modes[1].pass_rate" (formats that hold
    /// one number per field, such as the scenario workbook, must refuse these).
    public var rangedFields: [String] {
        var out: [String] = []
        for (i, c) in courses.enumerated() {
            for (j, m) in c.modes.enumerated() where m.passRateEstimate.isUncertain { out.append("courses[\(i)].modes[\(j)].pass_rate") }
        }
        for (i, s) in segments.enumerated() {
            if s.demography.attritionEstimate.isUncertain { out.append("segments[\(i)].demography.attrition") }
            if s.demography.recruitsEstimate.isUncertain { out.append("segments[\(i)].demography.recruits_per_year") }
        }
        return out
    }
}
