import GLPK
import LinearModel

/// Whole teachers (or rooms) of one group split between rhythms in one term: the share
/// columns of the group and how many there are (the `teachersplit`/`roomsplit` row
/// Σ shares ≤ count). Rounding shares up is what keeps the LP's classes; the split row is
/// the only row it can break.
struct ShareGroup: Sendable {
    /// Column indices of the group's shares, one per rhythm.
    var columns: [Int]
    /// Teachers (rooms) in the group.
    var count: Double
}

extension StrategicModel {
    /// Every teacher and room group's share columns with its size, one per (institution,
    /// term, group) where several rhythms run.
    var shareGroups: [ShareGroup] {
        var groups: [ShareGroup] = []
        for block in teacherShares {
            let teachers = data.scenario.institutions[block.institution].teachers
            for (g, byK) in block.variables.sorted(by: { $0.key < $1.key }) {
                groups.append(ShareGroup(columns: byK.values.map(\.index).sorted(), count: Double(teachers[g].count)))
            }
        }
        for block in roomShares {
            let rooms = data.scenario.institutions[block.institution].rooms
            for (h, byK) in block.variables.sorted(by: { $0.key < $1.key }) {
                groups.append(ShareGroup(columns: byK.values.map(\.index).sorted(), count: Double(rooms[h].count)))
            }
        }
        return groups
    }
}

extension StrategicPlanner {
    /// Fix-and-dive: from an LP optimum, fix integer columns batch by batch and re-solve the LP
    /// (warm) until every one is integral.
    ///
    /// Shares (`shares`: teachers and rooms per rhythm) go first, rounded up as far as their
    /// group's split row allows (a share is capacity: 0.33 of a teacher rounded down drops the
    /// class the LP opened), while every class count stays free, even the integral ones, so
    /// that a share rounded down moves classes to other rhythms and courses (province rung:
    /// 11.2241 this way, 11.1138 when integral class counts were fixed first). Then the class
    /// counts (`integerVars`): every integral one, and the fractional ones nearest an integer
    /// (one at a time when the LP is fast, else a quarter), to the nearest integer. When a batch
    /// makes the LP infeasible it is rounded down instead, which is always feasible when
    /// planning within budgets (fewer classes only tighten rows that enrolments follow down;
    /// with shares fixed, classes follow them down), then up (budget sizing, where targets are
    /// forced).
    /// - Parameters:
    ///   - integerVars: the class-count columns.
    ///   - shares: the share groups (empty: class counts only).
    ///   - start: the LP optimum to dive from (one value per column).
    ///   - deadline: seconds after `stageStart` when the dive gives up.
    ///   - lpSeconds: how long the first LP took: below 0.5 s one column a step, else
    ///     1/`batches` of the fractional ones.
    ///   - noise: weight of a random term in the order (0: nearest first), seeded by `seed`.
    ///   - stop: polled at every step; true ends the dive (nil).
    /// - Returns: a point integral in every integer column, or nil (deadline, or stuck).
    /// - Throws: `SolveError` when GLPK fails on an LP.
    static func dive(session: GLPKSession, model: Model, integerVars: [Variable], shares: [ShareGroup] = [], from start: [Double],
                     deadline: Double, stageStart: ContinuousClock.Instant, lpSeconds: Double,
                     noise: Double = 0, seed: UInt64 = 1, batches: Int = 4,
                     stop: () -> Bool = { false }) throws(SolveError) -> [Double]? {
        var x = start
        var rng = SplitMix64(seed: seed)
        var groupOf: [Int: Int] = [:]
        for (gi, g) in shares.enumerated() { for j in g.columns { groupOf[j] = gi } }
        var free = Set(integerVars.map(\.index)).union(groupOf.keys)
        func isIntegral(_ j: Int) -> Bool { abs(x[j] - x[j].rounded()) <= 1e-6 }
        func clamp(_ j: Int, _ v: Double) -> Double { min(model.variables[j].upper, max(model.variables[j].lower, v)) }
        defer { try? session.restoreBounds() }
        while elapsed(since: stageStart) < deadline && !stop() {
            let open = free.sorted()
            let allFrac = open.filter { !isIntegral($0) }
            if allFrac.isEmpty { return x }
            let shareFrac = allFrac.filter { groupOf[$0] != nil }
            let sharePhase = !shareFrac.isEmpty
            let frac = sharePhase ? shareFrac : allFrac
            let integral = open.filter { isIntegral($0) && (!sharePhase || groupOf[$0] != nil) }
            // Small, fast LPs: one column at a time (better plans); large ones: a quarter.
            let step = lpSeconds < 0.5 ? 1 : max(1, frac.count / batches)
            // Shares: the largest fractional part first (cheapest to round up); class counts:
            // nearest to an integer first. Later dives perturb the order to explore.
            let key = Dictionary(uniqueKeysWithValues: frac.map { j in
                (j, (sharePhase ? (x[j] - 1e-6).rounded(.up) - x[j] : abs(x[j] - x[j].rounded())) + noise * rng.nextUnit())
            })
            let batch = Array(frac.sorted { key[$0] ?? 0 < key[$1] ?? 0 }.prefix(step))
            var aim: [Int: Double] = [:]
            for j in integral { aim[j] = clamp(j, x[j].rounded()) }
            if sharePhase {
                // Up while the group's split row holds for the shares fixed now (the group's
                // other shares stay free: the LP moves them down to make room).
                var used = [Double](repeating: 0, count: shares.count)
                for j in integral { if let g = groupOf[j] { used[g] += aim[j] ?? 0 } }
                for j in batch {
                    guard let g = groupOf[j] else { continue }
                    let up = clamp(j, (x[j] - 1e-6).rounded(.up))
                    aim[j] = used[g] + up <= shares[g].count + 1e-9 ? up : clamp(j, (x[j] + 1e-6).rounded(.down))
                    used[g] += aim[j] ?? 0
                }
            } else {
                for j in batch { aim[j] = clamp(j, x[j].rounded()) }
            }
            let cols = integral + batch
            try session.fix(cols.map { Variable(index: $0) }, at: cols.map { aim[$0] ?? x[$0] })
            var r = try session.solveRelaxation()
            if r.status != .optimal {
                for rule in [FloatingPointRoundingRule.down, .up] {
                    try session.fix(cols.map { Variable(index: $0) },
                                    at: cols.map { clamp($0, (x[$0] + (rule == .down ? 1e-6 : -1e-6)).rounded(rule)) })
                    r = try session.solveRelaxation()
                    if r.status == .optimal { break }
                }
                guard r.status == .optimal else { return nil }
            }
            for j in cols { free.remove(j) }
            x = r.values
        }
        return nil
    }
}
