import Foundation
import GLPK
import LinearModel
import Testing

@Suite("Known answers")
struct KnownAnswerTests {
    @Test("0-1 knapsack: optimum 31 (items 0, 1, 3), by enumeration of all 64 subsets",
          arguments: [true, false])
    func knapsack(presolve: Bool) throws {
        #expect(Knapsack.enumerate() == Knapsack.optimum)
        let (m, x) = Knapsack.model()
        var o = SolveOptions()
        o.presolve = presolve
        let r = try m.solve(o)
        #expect(r.status == .optimal)
        #expect(approx(r.objective, 31))
        #expect(x.map { r[$0].rounded() } == [1, 1, 0, 1, 0, 0])
        #expect(approx(r.bestBound, 31))
        #expect(r.gap == 0)
        #expect(m.violations(at: r.values).isEmpty)
        #expect(GLPKDiagnostics.liveProblems == 0)
    }

    @Test("Knapsack LP relaxation: 22 + 5·13/7 (Dantzig bound), dual 13/7")
    func knapsackRelaxation() throws {
        // Ratios: x3 8/3, x0 2, x1 13/7, x2 7/4, x5 2, x4 1.5. Sorted: x3 (3), x0 (5), x5 (2):
        // weight 10, value 22; then x1 (13/7 ≈ 1.857) fills the remaining 5 of 7: 22 + 5·13/7.
        let (m, _) = Knapsack.model()
        var o = SolveOptions()
        o.relaxIntegrality = true
        let r = try m.solve(o)
        #expect(r.status == .optimal)
        #expect(approx(r.objective, 22 + 5.0 * 13 / 7))
        #expect(r.duals?.count == 1)
        #expect(approx(r.duals?[0], 13.0 / 7))  // value per unit of capacity at the margin
    }

    /// 4×4 assignment; the optimum 13 (rows → columns 1, 0, 2, 3: 2 + 6 + 1 + 4) is
    /// checked against all 24 permutations inside the test.
    @Test("Assignment problem 4×4: optimum 13 by enumerating permutations")
    func assignment() throws {
        let cost: [[Double]] = [[9, 2, 7, 8], [6, 4, 3, 7], [5, 8, 1, 8], [7, 6, 9, 4]]
        func permutations(_ a: [Int]) -> [[Int]] {
            if a.count <= 1 { return [a] }
            return a.indices.flatMap { i in
                permutations(Array(a[..<i] + a[(i + 1)...])).map { [a[i]] + $0 }
            }
        }
        let perms = permutations([0, 1, 2, 3])
        #expect(perms.count == 24)
        let best = perms.map { p in p.indices.reduce(0.0) { $0 + cost[$1][p[$1]] } }.min()!
        #expect(best == 13)

        for integral in [true, false] {
            var m = Model(name: "assignment")
            let x = (0..<4).map { i in (0..<4).map { j in m.addVariable("x_\(i)_\(j)", kind: integral ? .binary : .continuous) } }
            for i in 0..<4 { m.add(x[i].sum() == 1, name: "worker\(i)") }
            for j in 0..<4 { m.add((0..<4).sum { x[$0][j].expression } == 1, name: "job\(j)") }
            m.minimize((0..<4).sum { i in (0..<4).sum { j in cost[i][j] * x[i][j] } })
            let r = try m.solve()
            #expect(r.status == .optimal)
            #expect(approx(r.objective, best))
            let chosen = (0..<4).map { i in (0..<4).first { r[x[i][$0]] > 0.5 } }
            #expect(chosen == [1, 0, 2, 3])
        }
    }

    /// Transportation LP, 2 supplies × 3 demands, minimise cost.
    ///
    ///             D1  D2  D3   supply (≤)
    ///     S1       2   4   5   25
    ///     S2       3   1   7   30
    ///     demand  10  15  20   (≥)
    ///
    /// Optimal plan: S1→D1 5, S1→D3 20, S2→D1 5, S2→D2 15; S2 has 10 left over.
    /// Cost 2·5 + 5·20 + 3·5 + 1·15 = 140.
    /// Duals (u supply, v demand) from c_ij = u_i + v_j on the basic cells, u2 = 0 because S2's
    /// slack is basic: v1 = 3, v2 = 1, u1 = 2 − 3 = −1, v3 = 5 − (−1) = 6.
    /// Check: Σ a·u + Σ b·v = 25·(−1) + 10·3 + 15·1 + 20·6 = 140.
    /// Reduced costs d_ij = c_ij − u_i − v_j: S1→D2 4 + 1 − 1 = 4, S2→D3 7 − 0 − 6 = 1, basic cells 0.
    /// The basis is non-degenerate (5 positive basics for 5 rows) so these are unique.
    /// GLPK's dual of a row is ∂objective/∂rhs: one more unit at S1 saves 1 (−1); one more unit
    /// demanded at D3 costs 6. Maximising −cost flips every sign.
    @Test("Transportation LP: cost 140, duals and reduced costs by hand", arguments: [true, false])
    func transportation(presolve: Bool) throws {
        for sense in [ObjectiveSense.minimize, .maximize] {
            let (m, x, s, d, sign) = Transportation.model(sense)
            var o = SolveOptions()
            o.presolve = presolve
            let r = try m.solve(o)
            #expect(r.status == .optimal)
            #expect(approx(r.objective, sign * 140))
            let flow = x.map { $0.map { r[$0] } }
            for (a, b) in zip(flow.joined(), [5.0, 0, 20, 5, 15, 0]) { #expect(abs(a - b) < 1e-7) }
            let duals = try #require(r.duals)
            let red = try #require(r.reducedCosts)
            #expect(duals.count == 5 && red.count == 6)
            #expect(approx(r.dual(s[0]), sign * -1))
            #expect(approx(r.dual(s[1]), 0))
            for (j, v) in [3.0, 1, 6].enumerated() { #expect(approx(r.dual(d[j]), sign * v)) }
            let expectedRed: [[Double]] = [[0, 4, 0], [0, 0, 1]]
            for i in 0..<2 { for j in 0..<3 { #expect(approx(red[x[i][j].index], sign * expectedRed[i][j])) } }
            #expect(approx(r.bestBound, sign * 140))
        }
    }

    @Test("An LP with variables and no rows, and a MIP with no rows")
    func noRows() throws {
        var m = Model(name: "bounds-only")
        let x = m.addVariable("x", lower: -3, upper: 4)
        let y = m.addVariable("y", lower: 1.5, upper: 7.5, kind: .integer)
        m.maximize(2 * x - y + 1)
        let r = try m.solve()
        #expect(r.status == .optimal)
        #expect(approx(r.objective, 2 * 4 - 2 + 1))
        #expect(approx(r[y], 2))
        var o = SolveOptions(); o.presolve = false
        #expect(approx(try m.solve(o).objective, 7))
        o.relaxIntegrality = true
        #expect(approx(try m.solve(o).objective, 7.5))
    }

    @Test("Integer bounds computed with rounding error are not pushed a whole unit")
    func nearlyIntegralBounds() throws {
        var m = Model(name: "rounding")
        // (0.1 + 0.2) · 10 = 3.0000000000000004, (1 − 0.9) · 70 = 6.999999999999998
        let lower = (0.1 + 0.2) * 10, upper = (1 - 0.9) * 70
        #expect(lower > 3 && upper < 7)
        let x = m.addVariable("x", lower: lower, upper: upper, kind: .integer)
        m.minimize(x.expression)
        let r = try m.solve()
        #expect(r.status == .optimal)
        #expect(approx(r.objective, 3))
        m.maximize(x.expression)
        #expect(approx(try m.solve().objective, 7))
    }
}
