import Foundation
import GLPK
import LinearModel

/// The Dantzig–Wolfe restricted master of the national LP relaxation over the block LP points
/// found so far.
///
/// Every block LP answer the decomposition computes (the staff-share round, each Lagrangian
/// step's block optima at prices λ, the blocks at shares by use) is a point of its block's
/// polyhedron P_b: the block's LP with each shared row at its whole national capacity (a
/// share is a tighter bound, a priced objective the same polyhedron). The master
///
///     max Σ_b Σ_k μ_bk · WA_bk   s.t.   Σ_b Σ_k μ_bk · use_bk[r] ≤ cap[r]   (every shared row r)
///                                        Σ_k μ_bk = 1                        (every block b), μ ≥ 0
///
/// picks a convex combination of each block's points that keeps every shared row. Per block,
/// x_b = Σ_k μ_bk x_bk is again in P_b (convex), so it keeps every block row, and the blocks'
/// x_b add up to a point of the national LP relaxation (the header of `Decomposition.swift`:
/// fill rows and every block row are sums, the shared rows hold by the master's rows). Its
/// optimum is never below any combination of points added so far (the staff-share points are
/// one: μ = 1 on them), so it only rises as points are added.
///
/// Its duals are the next prices: π_r ≥ 0 on the shared rows (a maximisation's ≤ rows), σ_b on
/// the convexity rows. A block's LP at prices π gives the Lagrangian bound Σ_b L_b(π) + π·cap
/// (valid for every π ≥ 0, see `Decomposition`) and a new point (column generation); it can
/// raise the master only when L_b(π) > σ_b. The master's value is ≤ the LP optimum ≤ every
/// Lagrangian bound; the two meet at the LP optimum.
struct DecompositionMaster {
    /// One point of a block's polyhedron.
    struct Column { var value: Double; var usage: [String: Double]; var x: [Double] }
    /// The master's optimum.
    struct Solution {
        /// Σ μ · WA: the weighted attainment of the national LP point below.
        var value: Double
        /// μ per block, one per column of that block.
        var mu: [[Double]]
        /// π per shared row (≥ 0), by name, in the rows' own units.
        var prices: [String: Double]
        /// σ per block (the convexity rows' duals).
        var sigma: [Double]
    }

    /// Shared rows and their national capacity.
    let capacity: [String: Double]
    let names: [String]
    private(set) var columns: [[Column]]

    /// - Parameters:
    ///   - blocks: how many blocks; `capacity`: each shared row's national capacity, by name.
    init(blocks: Int, capacity: [String: Double]) {
        self.capacity = capacity
        names = capacity.keys.sorted()
        columns = [[Column]](repeating: [], count: blocks)
    }

    /// Adds block `k`'s point, unless it has one with the same value and use already.
    /// - Returns: whether it was added.
    @discardableResult
    mutating func add(_ k: Int, value: Double, usage: [String: Double], x: [Double]) -> Bool {
        let same = columns[k].contains { c in
            abs(c.value - value) <= 1e-9 * max(1, abs(value))
                && usage.allSatisfy { abs((c.usage[$0.key] ?? 0) - $0.value) <= 1e-9 * max(1, abs($0.value)) }
        }
        if same { return false }
        columns[k].append(Column(value: value, usage: usage, x: x))
        return true
    }

    /// Points per block so far.
    var columnCount: Int { columns.reduce(0) { $0 + $1.count } }

    /// Solves the master with GLPK's simplex (each shared row scaled by its capacity, for
    /// budgets in VND next to rows counting classes).
    /// - Parameter seconds: GLPK's time limit.
    /// - Returns: the optimum, or nil when it has none (a block without points, or the points
    ///   pass a shared row in every combination) or none was proven within `seconds`.
    /// - Throws: `SolveError` when GLPK fails.
    func solve(seconds: Double) throws(SolveError) -> Solution? {
        guard columns.allSatisfy({ !$0.isEmpty }) else { return nil }
        var m = Model(name: "master")
        var mu: [[Variable]] = []
        var objective = LinearExpression()
        for (k, cols) in columns.enumerated() {
            mu.append(cols.indices.map { j in m.addVariable("mu.\(k).\(j)") })
            for (j, c) in cols.enumerated() { objective.add(mu[k][j], c.value) }
        }
        m.maximize(objective)
        var rows: [(name: String, row: ConstraintRef, scale: Double)] = []
        for n in names {
            let cap = capacity[n]!  // safe: names are capacity's keys
            let scale = max(1, abs(cap))
            var e = LinearExpression()
            for (k, cols) in columns.enumerated() {
                for (j, c) in cols.enumerated() {
                    if let u = c.usage[n], abs(u) > 1e-12 { e.add(mu[k][j], u / scale) }
                }
            }
            // A row no point uses holds at μ = anything: no row needed (its price is 0).
            guard e.termCount > 0 else { continue }
            rows.append((n, m.add(e <= cap / scale, name: "shared.\(rows.count)"), scale))
        }
        let convexity = mu.enumerated().map { k, vars in m.add(vars.sum() == 1, name: "convexity.\(k)") }
        var o = SolveOptions()
        o.presolve = false
        // A limit: on an ill-conditioned master GLPK's simplex once went on for minutes (the
        // national rung, 268,000 "ill-conditioned basis" warnings); no answer is then kept.
        o.timeLimit = seconds
        let r = try m.solve(o)
        guard r.status == .optimal, let z = r.objective else { return nil }
        var prices: [String: Double] = [:]
        for row in rows {
            // Maximising, a binding ≤ row's dual is ≥ 0 (GLPK's convention, `SolveResult.duals`).
            let d = (r.dual(row.row) ?? 0) / row.scale
            if d > 1e-12 { prices[row.name] = d }
        }
        return Solution(value: z, mu: mu.map { $0.map { r[$0] } }, prices: prices,
                        sigma: convexity.map { r.dual($0) ?? 0 })
    }

    /// Whether `solution` is what it says: μ ≥ 0 summing to 1 per block, Σ μ · use within
    /// every shared row's capacity and Σ μ · WA its value (1e-6 relative). Measured on the
    /// national rung: with each block's zero point added, GLPK reported an ill-conditioned basis
    /// and an "optimum" of 292.3 below the staff-share point's 385.7, which is a feasible μ.
    func holds(_ solution: Solution) -> Bool {
        var use: [String: Double] = [:], value = 0.0
        for (k, cols) in columns.enumerated() {
            let mu = solution.mu[k]
            guard mu.allSatisfy({ $0 >= -1e-9 }), abs(mu.reduce(0, +) - 1) <= 1e-6 else { return false }
            for (j, c) in cols.enumerated() where mu[j] > 0 {
                value += mu[j] * c.value
                for (n, u) in c.usage { use[n, default: 0] += mu[j] * u }
            }
        }
        guard abs(value - solution.value) <= 1e-6 * max(1, abs(value)) else { return false }
        return names.allSatisfy { n in (use[n] ?? 0) <= capacity[n]! + 1e-6 * max(1, abs(capacity[n]!)) }  // safe: names are capacity's keys
    }

    /// The master's point: per block, Σ_k μ_bk · (value, use, x) of its points.
    /// - Parameter mu: `Solution.mu`.
    /// - Returns: one answer per block (their sum is a point of the national LP relaxation).
    func point(_ mu: [[Double]]) -> [Decomposition.BlockAnswer] {
        columns.enumerated().map { k, cols in
            var value = 0.0, usage: [String: Double] = [:]
            var x = [Double](repeating: 0, count: cols.first?.x.count ?? 0)
            for (j, c) in cols.enumerated() {
                let w = max(0, mu[k][j])
                guard w > 1e-12 else { continue }
                value += w * c.value
                for (n, u) in c.usage { usage[n, default: 0] += w * u }
                for i in x.indices { x[i] += w * c.x[i] }
            }
            return (value, usage, x)
        }
    }
}
