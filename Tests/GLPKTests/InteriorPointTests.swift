import Foundation
import GLPK
import LinearModel
import Testing

@Suite("Interior-point method")
struct InteriorPointTests {
    /// The transportation LP of `KnownAnswerTests.transportation` (cost 140, worked by hand
    /// there): non-degenerate with positive reduced costs off the basis, so its primal and dual
    /// optima are unique and the interior-point method must converge to the same numbers.
    @Test("Transportation LP by the interior-point method: cost 140, the same flows and duals as by hand")
    func transportation() throws {
        for sense in [ObjectiveSense.minimize, .maximize] {
            let (m, x, s, d, sign) = Transportation.model(sense)
            var o = SolveOptions()
            o.lpMethod = .interior
            let r = try m.solve(o)
            #expect(r.status == .optimal, "\(r.detail)")
            #expect(abs((r.objective ?? .nan) - sign * 140) < 1e-5)
            for (a, b) in zip(x.joined().map { r[$0] }, [5.0, 0, 20, 5, 15, 0]) { #expect(abs(a - b) < 1e-5) }
            #expect(abs((r.dual(s[0]) ?? .nan) - sign * -1) < 1e-5)
            #expect(abs(r.dual(s[1]) ?? .nan) < 1e-5)
            for (j, v) in [3.0, 1, 6].enumerated() { #expect(abs((r.dual(d[j]) ?? .nan) - sign * v) < 1e-5) }
            #expect(GLPKDiagnostics.liveProblems == 0)
        }
    }

    /// A random sparse LP (seeded) solved both ways: the optimum is one number whatever the
    /// method (the points may differ on a degenerate face; the value may not).
    @Test("A 2,000-column random LP: the interior-point optimum equals the simplex optimum")
    func agreesWithSimplex() throws {
        var rng = SeededGenerator(seed: 20_261_130)
        var m = Model(name: "random-lp")
        let x = (0..<2000).map { m.addVariable("x\($0)", lower: 0, upper: Double(Int.random(in: 1...9, using: &rng))) }
        for i in 0..<400 {
            var e = LinearExpression()
            for _ in 0..<12 { e.add(x[Int.random(in: 0..<2000, using: &rng)], Double(Int.random(in: 1...20, using: &rng))) }
            m.add(e <= Double(Int.random(in: 50...400, using: &rng)), name: "r\(i)")
        }
        m.maximize(x.sum { Double(Int.random(in: 1...30, using: &rng)) * $0 })
        let simplex = try m.solve()
        var o = SolveOptions()
        o.lpMethod = .interior
        let interior = try m.solve(o)
        #expect(simplex.status == .optimal && interior.status == .optimal, "\(interior.detail)")
        let a = try #require(simplex.objective), b = try #require(interior.objective)
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "simplex \(a), interior point \(b)")
        #expect(m.violations(at: interior.values, tolerance: 1e-5).isEmpty)
        #expect(abs(m.objectiveValue(at: interior.values) - b) <= 1e-6 * max(1, abs(b)))
    }

    /// The interior-point method has no time limit of its own; the guard stops it at the first
    /// line it prints past the limit (the first comes before any work), and drops GLPK's state
    /// of the thread as after a fatal error. The thread's GLPK must go on working.
    @Test("An interior-point solve past its time limit returns no point, and the thread's GLPK still works")
    func timeLimitStops() throws {
        let (big, _, _, _) = MultiKnapsack.model(items: 250, rows: 5, seed: 20_261_123)
        for _ in 0..<3 {
            var o = SolveOptions()
            o.lpMethod = .interior
            o.relaxIntegrality = true
            o.timeLimit = 1e-9
            let r = try big.solve(o)
            #expect(r.status == .noSolutionFound)
            #expect(r.detail == "time limit")
            #expect(r.values.isEmpty)
            #expect(GLPKDiagnostics.liveProblems == 0)
            let (m, _) = Knapsack.model()
            #expect(approx(try m.solve().objective, Knapsack.optimum))
        }
    }
}
