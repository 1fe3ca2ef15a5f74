import Foundation
import GLPK
import LinearModel
import Testing

@Suite("Time limits and starts")
struct TimeLimitTests {
    /// 250 items, 5 rows: GLPK does not close the gap in seconds on a 2-core machine.
    static let instance = MultiKnapsack.model(items: 250, rows: 5, seed: 20_261_123)

    @Test("A MIP stopped by a 0.5 s time limit keeps its incumbent (from a start) and its gap")
    func timeLimitWithStart() throws {
        let (m, _, weights, caps) = Self.instance
        let start = MultiKnapsack.greedy(m, weights: weights, caps: caps)
        #expect(m.violations(at: start).isEmpty)
        let startObjective = m.objectiveValue(at: start)
        #expect(startObjective > 0)

        let lp = try m.solve({ var o = SolveOptions(); o.relaxIntegrality = true; return o }())
        #expect(lp.status == .optimal)
        let lpBound = try #require(lp.objective)

        var o = SolveOptions()
        o.timeLimit = 0.5
        o.start = start
        let began = Date()
        let r = try m.solve(o)
        let took = Date().timeIntervalSince(began)
        #expect(r.status == .feasible, "\(r.detail)")
        #expect(r.detail == "time limit")
        #expect(r.startAccepted)
        #expect(r.values.count == m.variableCount)
        #expect(m.violations(at: r.values).isEmpty)
        let obj = try #require(r.objective)
        #expect(obj >= startObjective - 1e-9)
        #expect(approx(m.objectiveValue(at: r.values), obj))
        let bound = try #require(r.bestBound)
        #expect(bound >= obj - 1e-9, "maximising: the bound is above the incumbent")
        #expect(bound <= lpBound + 1e-6, "no bound is weaker than the LP relaxation's")
        let gap = try #require(r.gap)
        #expect(gap > 0)
        #expect(took < 5, "time limit 0.5 s overran: \(took) s")
    }

    @Test("The same MIP with presolve on and no start: incumbent and bound on the right sides")
    func timeLimitWithPresolve() throws {
        let (m, _, _, _) = Self.instance
        var o = SolveOptions()
        // Stop at the first incumbent (whenever the machine gets there), so the checks below
        // always run instead of depending on how far 0.5 s goes.
        o.timeLimit = 60
        o.presolve = true
        o.progressInterval = 0.05
        o.progress = { p in p.incumbent == nil }
        let r = try m.solve(o)
        #expect(r.status == .feasible, "\(r.detail)")
        let obj = try #require(r.objective)
        #expect(m.violations(at: r.values).isEmpty)
        let bound = try #require(r.bestBound)
        #expect(bound >= obj - 1e-9)
        #expect((r.gap ?? 0) > 0)
    }

    @Test("Minimising: the bound is below the incumbent")
    func timeLimitMinimise() throws {
        let (max, _, weights, caps) = Self.instance
        // Same instance, objective negated: min −v·x.
        var m = max
        var e = LinearExpression()
        for j in 0..<m.variableCount { e.add(Variable(index: j), -m.objectiveCoefficients[j]) }
        m.minimize(e)
        var o = SolveOptions()
        o.timeLimit = 0.5
        o.start = MultiKnapsack.greedy(max, weights: weights, caps: caps)
        let r = try m.solve(o)
        #expect(r.status == .feasible)
        let obj = try #require(r.objective)
        let bound = try #require(r.bestBound)
        #expect(bound <= obj + 1e-9)
        #expect(obj <= -max.objectiveValue(at: o.start!) + 1e-9)
    }

    @Test("A time limit that runs out in the root LP: no solution and no error, LP and MIP", arguments: [true, false])
    func timeLimitInRootLP(presolve: Bool) throws {
        // 3000 binaries × 40 rows: the root LP alone takes far longer than 1 ms.
        let (m, _, _, _) = MultiKnapsack.model(items: 3000, rows: 40, seed: 3)
        var o = SolveOptions()
        o.timeLimit = 0.001
        o.presolve = presolve
        let began = Date()
        let mip = try m.solve(o)
        #expect(mip.status == .noSolutionFound, "\(mip.detail)")
        #expect(mip.values.isEmpty && mip.objective == nil)
        o.relaxIntegrality = true
        let lp = try m.solve(o)
        // Every outcome is checked: no solution means no values; a point means a feasible one.
        switch lp.status {
        case .noSolutionFound: #expect(lp.values.isEmpty && lp.objective == nil)
        case .feasible: #expect(m.violations(at: lp.values, tolerance: 1e-6).isEmpty && lp.objective != nil)
        default: Issue.record("LP stopped in 1 ms: \(lp.status) \(lp.detail)")
        }
        #expect(Date().timeIntervalSince(began) < 10)
        #expect(GLPKDiagnostics.liveProblems == 0)
    }

    @Test("A progress callback that returns false stops the search and keeps the incumbent")
    func progressStops() throws {
        let (m, _, weights, caps) = Self.instance
        var o = SolveOptions()
        o.start = MultiKnapsack.greedy(m, weights: weights, caps: caps)
        o.timeLimit = 20
        o.progressInterval = 0.05
        let calls = Counter()
        o.progress = { p in
            calls.increment()
            return p.elapsedSeconds < 0.3
        }
        let r = try m.solve(o)
        #expect(r.status == .feasible)
        #expect(r.detail == "stopped")
        #expect(r.seconds < 5)
        #expect(calls.value > 0)
        #expect(r.bestBound != nil)
    }

    @Test("A start that breaks a row is rejected, and the solve still finds the optimum")
    func badStartRejected() throws {
        let (m, _) = Knapsack.model()
        var o = SolveOptions()
        o.start = [1, 1, 1, 1, 1, 1]  // weight 27 > 15
        let r = try m.solve(o)
        #expect(!r.startAccepted)
        #expect(r.status == .optimal)
        #expect(approx(r.objective, Knapsack.optimum))

        o.start = [1, 0]  // wrong length
        let r2 = try m.solve(o)
        #expect(!r2.startAccepted)
        #expect(approx(r2.objective, Knapsack.optimum))

        o.start = [0.5, 0, 0, 0, 0, 0]  // fractional binary
        let r3 = try m.solve(o)
        #expect(!r3.startAccepted)
        #expect(approx(r3.objective, Knapsack.optimum))
    }

    @Test("A good start is accepted and the optimum is still found")
    func goodStartAccepted() throws {
        let (m, _) = Knapsack.model()
        var o = SolveOptions()
        o.start = [1, 0, 0, 1, 0, 1]  // weight 10, value 22: feasible, not optimal
        let r = try m.solve(o)
        #expect(r.startAccepted)
        #expect(r.status == .optimal)
        #expect(approx(r.objective, Knapsack.optimum))
        // The optimal start (accepted, and nothing better exists).
        o.start = [1, 1, 0, 1, 0, 0]
        let r2 = try m.solve(o)
        #expect(r2.startAccepted)
        #expect(approx(r2.objective, Knapsack.optimum))
    }

    @Test("A start on a MIP whose LP relaxation is already integral is not reported as accepted")
    func startNotUsedWhenRootIsIntegral() throws {
        var m = Model(name: "integral-root")
        let x = m.addVariable("x", upper: 3, kind: .integer)
        let y = m.addVariable("y", upper: 3, kind: .integer)
        m.add(x + y <= 4, name: "c")
        m.maximize(2 * x + y)
        var o = SolveOptions()
        o.start = [0, 0]
        let r = try m.solve(o)
        #expect(r.status == .optimal)
        #expect(approx(r.objective, 7))
        #expect(!r.startAccepted, "GLPK never saw the start: the root LP was integral")
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
