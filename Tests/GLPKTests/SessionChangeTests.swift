import Foundation
import GLPK
import LinearModel
import Testing

/// A loaded session whose objective and row bounds change between LP solves (what the
/// national decomposition does at each step), against answers derived by hand.
@Suite("Session changes")
struct SessionChangeTests {
    /// max x + y  s.t.  r0: x + 2y ≤ 4,  r1: 3x + y ≤ 6,  x, y ≥ 0.
    /// Both rows bind at the optimum: x = 8/5, y = 6/5, objective 14/5.
    /// Objective x alone: r1 gives x ≤ 2 (y = 0), objective 2.
    /// Back to x + y with r0's bound lowered to 2: vertices (0,1), (2,0), and where x + 2y = 2
    /// meets 3x + y = 6: x = 2, y = 0; so the optimum is 2 at (2, 0).
    @Test("objective and row bounds changed in a loaded session; by hand: 14/5, then 2, then 2")
    func changesBetweenSolves() throws {
        var m = Model(name: "two")
        let x = m.addVariable("x"), y = m.addVariable("y")
        let r0 = m.add(x + 2 * y <= 4, name: "r0")
        _ = m.add(3 * x + y <= 6, name: "r1")
        m.maximize(x + y)
        let answers = try m.withGLPKSession { s -> [Double?] in
            let first = try s.solveRelaxation()
            try s.setObjective([1, 0])
            let second = try s.solveRelaxation()
            try s.setObjective([1, 1])
            try s.setRowBounds([r0], lower: [-.infinity], upper: [2])
            let third = try s.solveRelaxation()
            #expect(abs(third[x] - 2) < 1e-9 && abs(third[y]) < 1e-9)
            // A wrong count of coefficients is refused, not passed to GLPK.
            #expect(throws: SolveError.self) { try s.setObjective([1]) }
            return [first.objective, second.objective, third.objective]
        }
        #expect(answers.count == 3)
        #expect(abs((answers[0] ?? 0) - 14.0 / 5) < 1e-9)
        #expect(abs((answers[1] ?? 0) - 2) < 1e-9)
        #expect(abs((answers[2] ?? 0) - 2) < 1e-9)
    }
}
