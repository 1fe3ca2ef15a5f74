import Foundation
import GLPK
import LinearModel
import Testing

/// Infeasible and unbounded models, LP and MIP, with GLPK's presolver on and off: GLPK
/// reports these through different channels (glp_simplex/glp_intopt return codes with
/// presolve, the basic solution's status without), and the binding must map all of them.
@Suite("Infeasible and unbounded")
struct StatusTests {
    static let presolveAndRelax: [(Bool, Bool)] = [(true, true), (true, false), (false, true), (false, false)]

    static func options(presolve: Bool, relax: Bool) -> SolveOptions {
        var o = SolveOptions()
        o.presolve = presolve
        o.relaxIntegrality = relax
        return o
    }

    @Test("x + y ≥ 5 with x, y ≤ 2: infeasible", arguments: presolveAndRelax)
    func infeasible(presolve: Bool, relax: Bool) throws {
        var m = Model(name: "infeasible")
        let x = m.addVariable("x", upper: 2, kind: .integer)
        let y = m.addVariable("y", upper: 2, kind: .integer)
        m.add(x + y >= 5, name: "need")
        m.add(x - y <= 1, name: "link")
        m.maximize(x + y)
        let r = try m.solve(Self.options(presolve: presolve, relax: relax))
        #expect(r.status == .infeasible, "\(r.detail)")
        #expect(r.values.isEmpty && r.objective == nil)
        #expect(GLPKDiagnostics.liveProblems == 0)
    }

    @Test("2x = 1 with x integer: the LP is feasible, the MIP is not", arguments: [true, false])
    func integerInfeasible(presolve: Bool) throws {
        var m = Model(name: "parity")
        let x = m.addVariable("x", lower: -10, upper: 10, kind: .integer)
        let y = m.addVariable("y", lower: 0, upper: 10, kind: .integer)
        m.add(2 * x + 2 * y == 3, name: "odd")
        m.minimize(x + y)
        let r = try m.solve(Self.options(presolve: presolve, relax: false))
        #expect(r.status == .infeasible, "\(r.detail)")
        let lp = try m.solve(Self.options(presolve: presolve, relax: true))
        #expect(lp.status == .optimal)
        #expect(approx(lp.objective, 1.5))
    }

    @Test("max x + y with x − y ≤ 1: unbounded", arguments: presolveAndRelax)
    func unbounded(presolve: Bool, relax: Bool) throws {
        var m = Model(name: "unbounded")
        let x = m.addVariable("x", kind: .integer)
        let y = m.addVariable("y", kind: .integer)
        m.add(x - y <= 1, name: "c")
        m.add(x + 2 * y >= 2, name: "d")
        m.maximize(x + y)
        let r = try m.solve(Self.options(presolve: presolve, relax: relax))
        #expect(r.status == .unbounded, "\(r.detail)")
        #expect(r.values.isEmpty)
    }

    @Test("A free variable with a cost and no row: unbounded", arguments: presolveAndRelax)
    func unboundedFreeColumn(presolve: Bool, relax: Bool) throws {
        var m = Model(name: "free")
        let x = m.addVariable("x", lower: -.infinity, kind: .integer)
        let y = m.addVariable("y", upper: 3)
        m.add(y <= 2, name: "c")
        m.minimize(x + y)
        let r = try m.solve(Self.options(presolve: presolve, relax: relax))
        #expect(r.status == .unbounded, "\(r.detail)")
    }

    /// Primal and dual both infeasible: x − y ≥ 1 and y − x ≥ 1 cannot hold together, and the
    /// objective min −x − y has a direction of descent (1, 1) along which every row is unchanged.
    /// GLPK's presolver says "no dual feasible solution" here; the honest answer is infeasible.
    @Test("Primal and dual infeasible: infeasible, not unbounded", arguments: presolveAndRelax)
    func primalAndDualInfeasible(presolve: Bool, relax: Bool) throws {
        var m = Model(name: "both")
        let x = m.addVariable("x", kind: .integer)
        let y = m.addVariable("y", kind: .integer)
        m.add(x - y >= 1, name: "a")
        m.add(y - x >= 1, name: "b")
        m.minimize(-x - y)
        let r = try m.solve(Self.options(presolve: presolve, relax: relax))
        #expect(r.status == .infeasible, "\(r.detail)")
    }

    /// GLPK's LP presolver meets the unbounded column x first and stops with "PROBLEM HAS NO DUAL
    /// FEASIBLE SOLUTION" (GLP_ENODFS), though the rows y + z ≥ 3 and y + z ≤ 1 cannot both hold;
    /// without presolve GLPK says "LP HAS NO PRIMAL FEASIBLE SOLUTION". The model is infeasible.
    @Test("An infeasible model with an unbounded column: infeasible, whatever presolve says",
          arguments: presolveAndRelax)
    func infeasibleWithUnboundedColumn(presolve: Bool, relax: Bool) throws {
        var m = Model(name: "mix")
        let x = m.addVariable("x", kind: .integer)
        let y = m.addVariable("y", kind: .integer)
        let z = m.addVariable("z", kind: .integer)
        m.add(y + z >= 3, name: "r1")
        m.add(y + z <= 1, name: "r2")
        m.minimize(z - x)
        let r = try m.solve(Self.options(presolve: presolve, relax: relax))
        #expect(r.status == .infeasible, "\(r.detail)")
    }

    @Test("An empty row with bounds that exclude zero: infeasible", arguments: presolveAndRelax)
    func emptyRowInfeasible(presolve: Bool, relax: Bool) throws {
        var m = Model(name: "emptyrow")
        let x = m.addVariable("x", upper: 4, kind: .integer)
        m.add(x - x >= 1, name: "nothing")  // cancels to an empty row 0 ≥ 1
        m.maximize(x.expression)
        #expect(m.nonZeroCount == 0)
        let r = try m.solve(Self.options(presolve: presolve, relax: relax))
        #expect(r.status == .infeasible, "\(r.detail)")
    }
}
