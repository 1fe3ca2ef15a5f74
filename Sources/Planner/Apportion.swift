/// Splits `total` whole units over weights by largest remainder: the one rounding rule for
/// whole people and whole resources (cohort split in Reports, shared limits in Decomposition).
/// - Parameters:
///   - total: whole units to share (≤ 0 gives zeros).
///   - weights: one non-negative weight per share.
/// - Returns: one whole number per weight, summing exactly to `total` when any weight is positive.
public func apportion(_ total: Int, weights: [Double]) -> [Int] {
    let sum = weights.reduce(0, +)
    guard total > 0, sum > 0 else { return weights.map { _ in 0 } }
    let exact = weights.map { Double(total) * $0 / sum }
    var out = exact.map { Int($0.rounded(.down)) }
    var left = total - out.reduce(0, +)
    for i in exact.indices.sorted(by: { exact[$0] - Double(out[$0]) > exact[$1] - Double(out[$1]) }) where left > 0 {
        out[i] += 1; left -= 1
    }
    return out
}
