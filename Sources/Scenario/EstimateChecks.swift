extension SemanticChecker {
    /// Checks an estimate: each part within `range`, and low ≤ likely ≤ high. A plain number
    /// is checked at the field's own path; a range part by part ("pass_rate.low", ...).
    /// - Parameters:
    ///   - e: the estimate.
    ///   - path: the field path, e.g. "courses[0].modes[0].pass_rate".
    ///   - what: the quantity's name in messages, e.g. "pass rate".
    ///   - range: the allowed values, e.g. 0...1 for shares.
    mutating func estimate(_ e: Estimate, _ path: String, _ what: String, range: ClosedRange<Double>) {
        let isPoint = e.low == e.likely && e.likely == e.high
        let parts = isPoint ? [(path, e.likely)] : [("\(path).low", e.low), ("\(path).likely", e.likely), ("\(path).high", e.high)]
        var inRange = true
        for (p, v) in parts where !v.isFinite || !range.contains(v) {
            add(p, "\(what) \(fmt(v)) is outside \(fmt(range.lowerBound))...\(fmt(range.upperBound))")
            inRange = false
        }
        guard !isPoint, inRange else { return }
        if e.low > e.likely {
            add("\(path).low", "low \(fmt(e.low)) is above likely \(fmt(e.likely)); expected low ≤ likely ≤ high")
        }
        if e.likely > e.high {
            add("\(path).high", "high \(fmt(e.high)) is below likely \(fmt(e.likely)); expected low ≤ likely ≤ high")
        }
    }
}
