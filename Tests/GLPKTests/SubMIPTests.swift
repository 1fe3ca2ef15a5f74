import GLPK
import LinearModel
import Testing

/// `GLPKSession.subMIP`: branch and cut over a neighbourhood (some columns narrowed) that leaves
/// the session as it found it, against answers derived by hand.
@Suite("Sub-MIP in a session")
struct SubMIPTests {
    /// max 5x + 4y  s.t.  6x + 4y ≤ 24,  x + 2y ≤ 6,  x, y ≥ 0 integer.
    /// LP optimum where both rows bind: x = 3, y = 1.5, objective 21.
    /// Integer points by hand: (4,0) → 20, (3,1) → 19, (2,2) → 18, (0,3) → 12: optimum 20.
    /// With y fixed at 2: x ≤ min((24 − 8)/6, 6 − 4) = 2, so x = 2 and the objective is 18.
    @Test("y fixed at 2 gives 18; afterwards the LP is 21 again and branch and cut 20")
    func neighbourhoodThenWholeModel() throws {
        var m = Model(name: "toy")
        let x = m.addVariable("x", kind: .integer), y = m.addVariable("y", kind: .integer)
        _ = m.add(6 * x + 4 * y <= 24, name: "r0")
        _ = m.add(x + 2 * y <= 6, name: "r1")
        m.maximize(5 * x + 4 * y)
        let (sub, lp, whole) = try m.withGLPKSession { s -> (SolveResult, SolveResult, SolveResult) in
            let sub = try s.subMIP(narrowing: [y], lower: [2], upper: [2], options: SolveOptions())
            // A crossed bound is refused before GLPK sees it.
            #expect(throws: SolveError.self) { try s.subMIP(narrowing: [y], lower: [3], upper: [2], options: SolveOptions()) }
            let lp = try s.solveRelaxation()
            let whole = try s.branchAndCut(SolveOptions())
            return (sub, lp, whole)
        }
        #expect(sub.status == .optimal)
        #expect(abs(sub[x] - 2) < 1e-9 && abs(sub[y] - 2) < 1e-9 && abs((sub.objective ?? 0) - 18) < 1e-9)
        #expect(abs((lp.objective ?? 0) - 21) < 1e-9 && abs(lp[y] - 1.5) < 1e-9)
        #expect(whole.status == .optimal && abs((whole.objective ?? 0) - 20) < 1e-9)
        #expect(abs(whole[x] - 4) < 1e-9 && abs(whole[y]) < 1e-9)
    }
}
