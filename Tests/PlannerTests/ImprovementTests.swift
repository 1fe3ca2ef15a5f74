import GLPK
import LinearModel
@testable import Planner
import Testing

/// The sub-MIP heuristics of `Improvement` on a toy planning model small enough to enumerate:
/// 3 terms × 2 institutions of class counts 0...3 (4⁶ = 4,096 plans), teachers per term, rooms per
/// institution over the horizon, one budget, and learners per term (continuous) up to 20 a class
/// and the term's demand. The optimum comes from enumerating every plan in plain Swift (for fixed
/// classes the best learners are min(demand, 20 × classes): their objective weight is positive),
/// not from GLPK.
@Suite struct ImprovementTests {
    static let T = 3, I = 2, maxClasses = 3
    static let value: [[Double]] = [[5, 4], [6, 3], [4, 5]]      // per class, [term][institution]
    static let cost: [[Double]] = [[3, 2], [4, 2], [2, 3]]
    static let teachers: [Double] = [4, 3, 4]                      // classes a term, both institutions
    static let rooms: [Double] = [6, 5]                            // classes over the horizon, per institution
    static let budget = 20.0
    static let demand: [Double] = [50, 30, 70]                     // learners a term
    static let learnerWeight = 0.1

    struct Toy {
        var model: Model
        var x: [[Variable]]          // [term][institution]
        var y: [Variable]            // learners per term
        var columns: [Improvement.Column]
    }

    static func toy() -> Toy {
        var m = Model(name: "toy")
        let x = (0..<T).map { t in (0..<I).map { i in m.addVariable("x_\(t)_\(i)", lower: 0, upper: Double(maxClasses), kind: .integer) } }
        let y = (0..<T).map { t in m.addVariable("y_\(t)", lower: 0) }
        for t in 0..<T {
            m.add(x[t].map { 1.0 * $0 }.sum() <= teachers[t], name: "teachers_\(t)")
            m.add(1.0 * y[t] - 20.0 * x[t][0] - 20.0 * x[t][1] <= 0, name: "fill_\(t)")
            m.add(1.0 * y[t] <= demand[t], name: "demand_\(t)")
        }
        for i in 0..<I { m.add((0..<T).map { 1.0 * x[$0][i] }.sum() <= rooms[i], name: "rooms_\(i)") }
        m.add((0..<T).flatMap { t in (0..<I).map { i in cost[t][i] * x[t][i] } }.sum() <= budget, name: "budget")
        m.maximize((0..<T).flatMap { t in (0..<I).map { i in value[t][i] * x[t][i] } }.sum()
                   + (0..<T).map { learnerWeight * y[$0] }.sum())
        let columns = (0..<T).flatMap { t in (0..<I).map { i in Improvement.Column(variable: x[t][i], term: t, institution: i,
                                                                                   payer: (t + i) % 2, offering: i) } }
        return Toy(model: m, x: x, y: y, columns: columns)
    }

    /// The model's point for class counts `n[t][i]`, learners at their best, or nil when a row breaks.
    static func point(_ toy: Toy, _ n: [[Int]]) -> [Double]? {
        var p = [Double](repeating: 0, count: toy.model.variableCount)
        for t in 0..<T {
            for i in 0..<I { p[toy.x[t][i].index] = Double(n[t][i]) }
            p[toy.y[t].index] = min(demand[t], 20 * Double(n[t][0] + n[t][1]))
        }
        return toy.model.violations(at: p, tolerance: 1e-9).isEmpty ? p : nil
    }

    /// Every plan of the toy, the best by objective.
    static func enumerate(_ toy: Toy) -> (n: [[Int]], objective: Double) {
        var best: ([[Int]], Double) = ([], -.infinity)
        for code in 0..<(0..<(T * I)).reduce(1, { p, _ in p * (maxClasses + 1) }) {
            var c = code
            let n = (0..<T).map { _ in (0..<I).map { _ -> Int in defer { c /= maxClasses + 1 }; return c % (maxClasses + 1) } }
            guard let p = point(toy, n) else { continue }
            let z = toy.model.objectiveValue(at: p)
            if z > best.1 + 1e-9 { best = (n, z) }
        }
        return best
    }

    /// Runs the heuristics from `start` and returns the point they end at (the start when none helped).
    static func run(_ toy: Toy, from start: [Double], kinds: Set<Improvement.Kind>) throws -> [Double] {
        try toy.model.withGLPKSession { session in
            let lp = try session.solveRelaxation()
            try #require(lp.status == .optimal)
            let bound = try #require(lp.objective)
            var reported: [Double] = []
            let r = Improvement.improve(session: session, model: toy.model, columns: toy.columns, from: start, lp: lp.values,
                                        bound: bound, gap: 0, deadline: 20, stageStart: .now, kinds: kinds,
                                        found: { x, _ in reported.append(toy.model.objectiveValue(at: x)) })
            // Each improvement is reported as it is found, in increasing order, the last being the result.
            #expect(reported == reported.sorted())
            if let r { #expect(reported.last == toy.model.objectiveValue(at: r.x)) } else { #expect(reported.isEmpty) }
            return r?.x ?? start
        }
    }

    static func expectFeasibleAndIntegral(_ toy: Toy, _ x: [Double]) {
        #expect(toy.model.violations(at: x, tolerance: 1e-6).isEmpty, "\(toy.model.violations(at: x, tolerance: 1e-6).prefix(3))")
        for c in toy.columns { #expect(abs(x[c.variable.index] - x[c.variable.index].rounded()) < 1e-9) }
    }

    @Test(arguments: Improvement.Kind.allCases)
    func eachNeighbourhoodKeepsThePlanFeasibleAndNeverWorse(_ kind: Improvement.Kind) throws {
        let toy = Self.toy()
        // Two starts: no classes at all, and one class everywhere (cost 16 ≤ 20, 2 a term ≤ teachers).
        for n in [Array(repeating: [0, 0], count: Self.T), Array(repeating: [1, 1], count: Self.T)] {
            let start = try #require(Self.point(toy, n))
            let x = try Self.run(toy, from: start, kinds: [kind])
            Self.expectFeasibleAndIntegral(toy, x)
            #expect(toy.model.objectiveValue(at: x) >= toy.model.objectiveValue(at: start) - 1e-9)
        }
    }

    /// Each neighbourhood reaches the optimum from a start that differs from it only inside
    /// the first neighbourhood of its kind tried: that sub-MIP's optimum is then the global one.
    @Test func termWindowReachesTheOptimumFromATermEmptied() throws {
        let toy = Self.toy()
        let best = Self.enumerate(toy)
        // The first window tried (term 1): a later window first could spend the budget the
        // emptied term left, and the optimum would no longer be in reach of one window.
        var n = best.n
        n[0] = [0, 0]
        let start = try #require(Self.point(toy, n))
        #expect(toy.model.objectiveValue(at: start) < best.objective - 1e-6)
        let x = try Self.run(toy, from: start, kinds: [.termWindows])
        Self.expectFeasibleAndIntegral(toy, x)
        #expect(abs(toy.model.objectiveValue(at: x) - best.objective) < 1e-6)
    }

    @Test func institutionReachesTheOptimumFromAnInstitutionEmptied() throws {
        let toy = Self.toy()
        let best = Self.enumerate(toy)
        var n = best.n
        for t in 0..<Self.T { n[t][0] = 0 }
        let start = try #require(Self.point(toy, n))
        #expect(toy.model.objectiveValue(at: start) < best.objective - 1e-6)
        let x = try Self.run(toy, from: start, kinds: [.institutions])
        Self.expectFeasibleAndIntegral(toy, x)
        #expect(abs(toy.model.objectiveValue(at: x) - best.objective) < 1e-6)
    }

    @Test func payerReachesTheOptimumFromAPayersClassesEmptied() throws {
        let toy = Self.toy()
        let best = Self.enumerate(toy)
        // Payer 0 funds the classes where term + institution is even.
        let n = best.n.enumerated().map { t, row in row.enumerated().map { i, k in (t + i) % 2 == 0 ? 0 : k } }
        let start = try #require(Self.point(toy, n))
        #expect(toy.model.objectiveValue(at: start) < best.objective - 1e-6)
        let x = try Self.run(toy, from: start, kinds: [.payers])
        Self.expectFeasibleAndIntegral(toy, x)
        #expect(abs(toy.model.objectiveValue(at: x) - best.objective) < 1e-6)
    }

    @Test func boxReachesTheOptimumFromOneClassFewerEverywhere() throws {
        let toy = Self.toy()
        let best = Self.enumerate(toy)
        // One class fewer wherever the optimum opens one: fewer classes only loosen the ≤ rows.
        let start = try #require(Self.point(toy, best.n.map { $0.map { max(0, $0 - 1) } }))
        #expect(toy.model.objectiveValue(at: start) < best.objective - 1e-6)
        let x = try Self.run(toy, from: start, kinds: [.box])
        Self.expectFeasibleAndIntegral(toy, x)
        #expect(abs(toy.model.objectiveValue(at: x) - best.objective) < 1e-6)
    }

    /// RINS from no classes frees every class count the LP optimum opens; with all of them
    /// positive in the LP (checked) that is the whole model, so it must reach the optimum.
    @Test func rinsReachesTheOptimumWhenTheLPOpensEveryClass() throws {
        let toy = Self.toy()
        let best = Self.enumerate(toy)
        let lp = try toy.model.solve({ var o = SolveOptions(); o.relaxIntegrality = true; return o }())
        try #require(toy.columns.allSatisfy { lp.values[$0.variable.index] > 1e-6 }, "\(lp.values)")
        let start = try #require(Self.point(toy, Array(repeating: [0, 0], count: Self.T)))
        let x = try Self.run(toy, from: start, kinds: [.rins])
        Self.expectFeasibleAndIntegral(toy, x)
        #expect(abs(toy.model.objectiveValue(at: x) - best.objective) < 1e-6)
    }

    @Test func allTogetherReachTheOptimumFromNothing() throws {
        let toy = Self.toy()
        let best = Self.enumerate(toy)
        let start = try #require(Self.point(toy, Array(repeating: [0, 0], count: Self.T)))
        let x = try Self.run(toy, from: start, kinds: Set(Improvement.Kind.allCases))
        Self.expectFeasibleAndIntegral(toy, x)
        #expect(abs(toy.model.objectiveValue(at: x) - best.objective) < 1e-6)
    }
}
