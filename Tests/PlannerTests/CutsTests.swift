import Foundation
import GLPK
import LinearModel
@testable import Planner
import Synthetic
import Testing

/// langplan's root cuts (`Cuts.swift`) on a toy of two fill groups sharing one budget:
/// classes y1, y2 (whole, ≤ 6), learners x1 ≤ 30·y1 and x2 ≤ 20·y2 (the fill rows),
/// budget 10·y1 + 8·y2 + 0.1·x1 + 0.2·x2 ≤ 37 (class costs and a cost per learner), maximise
/// x1 + x2. The LP fills 37 / (10/30 + 0.1) = 85.38 learners into 2.85 classes of group 1; whole
/// classes lose that: y = (2, 1) gives 60 + 15 = 75 (20 + 6 spent, 8 + 0.2·x2 ≤ 11 ⇒ x2 = 15),
/// the optimum found by enumeration in plain Swift below, not by GLPK.
@Suite struct CutsTests {
    static let size = [30.0, 20.0], classCost = [10.0, 8.0], learnerCost = [0.1, 0.2], budget = 37.0

    struct Toy { var model: Model; var y: [Variable]; var x: [Variable]; var bounds: [Cuts.VariableUpperBound] }

    static func toy() -> Toy {
        var m = Model(name: "cuts")
        let y = (0..<2).map { m.addVariable("y\($0)", lower: 0, upper: 6, kind: .integer) }
        let x = (0..<2).map { m.addVariable("x\($0)") }
        for g in 0..<2 { m.add(x[g] - size[g] * y[g] <= 0, name: "fillmax.\(g)") }
        m.add((0..<2).sum { classCost[$0] * y[$0] + learnerCost[$0] * x[$0] } <= budget, name: "budget")
        m.maximize(x[0] + x[1])
        let bounds = (0..<2).map { Cuts.VariableUpperBound(members: [x[$0].index], classes: [y[$0].index], capacity: size[$0]) }
        return Toy(model: m, y: y, x: x, bounds: bounds)
    }

    /// max π·x over the learners allowed with classes y (0 ≤ x_g ≤ size_g·y_g, the budget row):
    /// a fractional knapsack, best π per unit of money first. nil: y alone breaks the budget.
    static func best(_ pi: [Double], classes y: [Int]) -> Double? {
        var money = budget - (0..<2).reduce(0.0) { $0 + classCost[$1] * Double(y[$1]) }
        guard money >= -1e-12 else { return nil }
        var total = 0.0
        for g in (0..<2).sorted(by: { pi[$0] / learnerCost[$0] > pi[$1] / learnerCost[$1] }) where pi[g] > 0 {
            let take = min(size[g] * Double(y[g]), money / learnerCost[g])
            total += pi[g] * take
            money -= learnerCost[g] * take
        }
        return total
    }

    static var boxes: [[Int]] { (0...6).flatMap { a in (0...6).map { [a, $0] } } }

    /// Whether `cut` holds at every feasible point of the toy: for each whole y, its largest
    /// left-hand side over the learners y allows (an LP of two columns, solved exactly above).
    static func holdsEverywhere(_ e: LinearExpression, _ rhs: Double, toy t: Toy) -> Bool {
        var coef = [Int: Double]()
        for (v, c) in e.merged() { coef[v.index] = c }
        let pi = t.x.map { coef[$0.index] ?? 0 }
        return boxes.allSatisfy { y in
            guard let xPart = best(pi, classes: y) else { return true }
            let yPart = (0..<2).reduce(0.0) { $0 + (coef[t.y[$1].index] ?? 0) * Double(y[$1]) }
            return yPart + xPart + e.constant <= rhs + 1e-9
        }
    }

    @Test func theCutIsViolatedByTheLPPointAndValidForEveryWholePlan() throws {
        let t = Self.toy()
        let lp = try t.model.withGLPKSession { try $0.solveRelaxation() }
        // LP: all money on group 1 at 10/30 + 0.1 per learner.
        #expect(abs((lp.objective ?? 0) - Self.budget / (10.0 / 30 + 0.1)) < 1e-6)
        let cuts = Cuts.separate(model: t.model, x: lp.values, bounds: t.bounds)
        #expect(!cuts.isEmpty)
        for c in cuts {
            #expect(c.expression.value(at: lp.values) > c.rhs + 1e-6, "separated cuts are violated by the LP point")
            #expect(Self.holdsEverywhere(c.expression, c.rhs, toy: t), "a cut must hold for every whole plan")
        }
    }

    @Test func theRootLoopLowersTheBoundAndNeverBelowTheWholeOptimum() throws {
        let t = Self.toy()
        let optimum = Self.boxes.compactMap { Self.best([1, 1], classes: $0) }.max() ?? 0
        #expect(abs(optimum - 75) < 1e-9)   // y = (2, 1), derived in the suite's comment
        let s = try Cuts.strengthen(t.model, bounds: t.bounds, rounds: 20)
        let first = try #require(s.bounds.first), last = try #require(s.bounds.last)
        #expect(s.cuts > 0)
        #expect(last < first - 1, "the cuts lower the LP bound (85.38) by more than a learner")
        #expect(last >= optimum - 1e-6, "no cut removes the whole optimum")
        // Every cut the loop added (rows after the toy's own three) holds for every whole plan.
        for r in t.model.constraintCount..<s.model.constraintCount {
            var e = LinearExpression()
            for k in s.model.rowStart[r]..<s.model.rowStart[r + 1] { e.add(Variable(index: Int(s.model.columnIndex[k])), s.model.coefficient[k]) }
            #expect(Self.holdsEverywhere(e, s.model.rowUpper[r], toy: t))
        }
    }

    /// On a generated district (the ladder's smallest rung), every cut the loop
    /// adds keeps the plan the greedy baseline makes (a feasible plan of the model) feasible.
    @Test func cutsKeepTheGreedyPlanOfAGeneratedScenario() throws {
        let gen = try #require(ScenarioGenerator.rung("district"))
        let sm = StrategicModel(PlanningData(gen.make()))
        let x = sm.point(for: GreedyBaseline.plan(sm.data))
        try #require(sm.model.violations(at: x, tolerance: 1e-7).isEmpty)
        let s = try Cuts.strengthen(sm.model, bounds: sm.fillBounds, rounds: 5)
        #expect(s.cuts > 0)
        let broken = s.model.violations(at: x, tolerance: 1e-7)
        #expect(broken.isEmpty, "the greedy plan breaks \(broken.count) cuts, e.g. \(broken.first.map { "\($0)" } ?? "")")
        #expect((s.bounds.last ?? 0) < (s.bounds.first ?? 0))
    }
}
