import Foundation
import GLPK
import LinearModel
@testable import Planner
import Synthetic
import Testing

/// The LP dive with teacher shares (`StrategicPlanner.dive`, `ShareGroup`) on a toy of one
/// institution and one term: a group of 3 teachers split between two rhythms, A (a teacher
/// carries 3 classes) and B (2 classes); whole class counts xA, xB ≤ 6 and whole shares sA, sB
/// with sA + sB ≤ 3 (the `teachersplit` row), xA ≤ 3 sA and xB ≤ 2 sB (the `teachers…k` rows);
/// learners yA ≤ 20 xA and yB ≤ 20 xB, up to each rhythm's demand; maximise wA·yA + wB·yB.
/// The optimum comes from enumerating the shares in plain Swift (for fixed shares the best
/// classes and learners are min(demand, 20 × carried classes)), not from GLPK.
@Suite struct DiveTests {
    struct Toy {
        var model: Model
        var classes: [Variable]      // xA, xB
        var shares: [Variable]       // sA, sB
        var group: ShareGroup
    }

    static let carried = [3.0, 2.0]  // classes a teacher carries, rhythm A and B
    static let teachers = 3.0

    static func toy(demand: [Double], weight: [Double]) -> Toy {
        var m = Model(name: "shares")
        let x = (0..<2).map { m.addVariable("x_\($0)", lower: 0, upper: 6, kind: .integer) }
        let s = (0..<2).map { m.addVariable("s_\($0)", lower: 0, upper: teachers, kind: .integer) }
        let y = (0..<2).map { m.addVariable("y_\($0)", lower: 0, upper: demand[$0]) }
        m.add(1.0 * s[0] + 1.0 * s[1] <= teachers, name: "teachersplit")
        for k in 0..<2 {
            m.add((1 / carried[k]) * x[k] - 1.0 * s[k] <= 0, name: "teachers_k\(k)")
            m.add(1.0 * y[k] - 20.0 * x[k] <= 0, name: "fill_\(k)")
        }
        m.maximize(weight[0] * y[0] + weight[1] * y[1])
        return Toy(model: m, classes: x, shares: s, group: ShareGroup(columns: s.map(\.index), count: teachers))
    }

    /// The best objective over every whole split of the teachers (plain Swift).
    static func optimum(demand: [Double], weight: [Double]) -> Double {
        var best = -Double.infinity
        for a in 0...Int(teachers) {
            let b = Int(teachers) - a
            let learners = [min(demand[0], 20 * min(6, carried[0] * Double(a))), min(demand[1], 20 * min(6, carried[1] * Double(b)))]
            best = max(best, weight[0] * learners[0] + weight[1] * learners[1])
        }
        return best
    }

    static func dive(_ toy: Toy, shares: Bool, lpSeconds: Double = 0) throws -> (x: [Double]?, lp: Double) {
        try toy.model.withGLPKSession { session in
            let lp = try session.solveRelaxation()
            try #require(lp.status == .optimal)
            let x = try StrategicPlanner.dive(session: session, model: toy.model, integerVars: toy.classes,
                                              shares: shares ? [toy.group] : [], from: lp.values, deadline: 20,
                                              stageStart: .now, lpSeconds: lpSeconds)
            return (x, try #require(lp.objective))
        }
    }

    /// Demand A 70 learners (3.5 classes: 1.17 teachers), B 90 (4.5 classes: 2.25 teachers);
    /// a teacher of A serves 60 learners × 1.0 = 60, of B 40 × 1.2 = 48, so the LP gives A its
    /// 1.17 teachers and B the other 1.83: 70 + 1.2 × 73.3 = 158. Whole splits: (1, 2) gives
    /// 60 + 1.2 × 80 = 156, (2, 1) 70 + 48 = 118, (0, 3) 108, (3, 0) 70. The dive rounds the
    /// larger fraction up first (sB 1.83 → 2, then sA 1.17 cannot go up: the group is full,
    /// so 1) and must end at 156 with every share whole.
    @Test func sharesRoundedWithinTheirGroupReachTheOptimum() throws {
        let (demand, weight) = ([70.0, 90.0], [1.0, 1.2])
        #expect(Self.optimum(demand: demand, weight: weight) == 156)
        let toy = Self.toy(demand: demand, weight: weight)
        for lpSeconds in [0.0, 1.0] {  // one column a step, and batches
            let (x, lp) = try Self.dive(toy, shares: true, lpSeconds: lpSeconds)
            #expect(abs(lp - 158) < 1e-6)
            let p = try #require(x)
            #expect(toy.model.violations(at: p, tolerance: 1e-9).isEmpty)
            for v in toy.classes + toy.shares { #expect(abs(p[v.index] - p[v.index].rounded()) < 1e-9) }
            #expect(abs(toy.model.objectiveValue(at: p) - 156) < 1e-6)
        }
    }

    /// Demand A 20 learners (one class: a third of a teacher), B 200, wA = 3: the LP gives A
    /// 0.33 of a teacher and B 2.67 (xA = 1, xB = 5.33). Diving on class counts alone (the old
    /// dive) fixes xA = 1 and xB = 5, and leaves sB anywhere in [2.5, 2.67]: a point that is
    /// not whole, which the planner had to complete by a sub-MIP or drop. With shares, B's
    /// larger fraction is rounded up first (sB = 3), A's cannot then go up (the group is full):
    /// (0, 3) gives 120, where the optimum (1, 2) gives 3 × 20 + 80 = 140. The order is the one
    /// measured best on the ladder's rungs (smallest fraction first: province 11.119 against
    /// 11.224), so 120 is what the dive must reach here, whole and feasible.
    @Test func classCountsAloneLeaveAShareFractionalSharesDoNot() throws {
        let (demand, weight) = ([20.0, 200.0], [3.0, 1.0])
        #expect(Self.optimum(demand: demand, weight: weight) == 140)
        let toy = Self.toy(demand: demand, weight: weight)
        let old = try #require(try Self.dive(toy, shares: false).x)
        #expect(abs(old[toy.shares[1].index] - old[toy.shares[1].index].rounded()) > 1e-6)
        let p = try #require(try Self.dive(toy, shares: true).x)
        #expect(toy.model.violations(at: p, tolerance: 1e-9).isEmpty)
        for v in toy.classes + toy.shares { #expect(abs(p[v.index] - p[v.index].rounded()) < 1e-9) }
        #expect(abs(toy.model.objectiveValue(at: p) - 120) < 1e-6)
    }

    /// Any demand and weights: the dive's point is whole in every integer column, keeps every
    /// row, and lies between nothing and the enumerated optimum.
    @Test(arguments: [([30.0, 30.0], [1.0, 1.0]), ([110.0, 50.0], [1.0, 2.0]), ([0.0, 150.0], [1.0, 1.0]),
                      ([45.0, 75.0], [2.0, 1.5]), ([200.0, 200.0], [1.0, 1.4])])
    func divedPointsAreWholeFeasibleAndNeverAboveTheOptimum(demand: [Double], weight: [Double]) throws {
        let toy = Self.toy(demand: demand, weight: weight)
        let p = try #require(try Self.dive(toy, shares: true).x)
        #expect(toy.model.violations(at: p, tolerance: 1e-9).isEmpty)
        for v in toy.classes + toy.shares { #expect(abs(p[v.index] - p[v.index].rounded()) < 1e-9) }
        let z = toy.model.objectiveValue(at: p)
        #expect(z >= 0 && z <= Self.optimum(demand: demand, weight: weight) + 1e-6)
    }

    /// The share groups the dive uses are the model's split rows: every group's columns are
    /// exactly one `teachersplit`/`roomsplit` row's, each with coefficient 1, and the row's
    /// upper bound is the group's count (a generated scenario with classes of several rhythms).
    @Test func shareGroupsAreTheSplitRows() throws {
        let sc = ScenarioGenerator(name: "groups", staff: 900, institutions: 2, years: 2, termsPerYear: 2, budgetFactor: 1, seed: 4).make()
        let sm = StrategicModel(PlanningData(sc))
        let groups = sm.shareGroups
        try #require(!groups.isEmpty)
        let m = sm.model
        var rows: [Set<Int>: Double] = [:]
        for r in 0..<m.constraintCount where m.rowNames[r].hasPrefix("teachersplit.") || m.rowNames[r].hasPrefix("roomsplit.") {
            let range = m.rowStart[r]..<m.rowStart[r + 1]
            #expect(range.allSatisfy { m.coefficient[$0] == 1 })
            rows[Set(range.map { Int(m.columnIndex[$0]) })] = m.rowUpper[r]
        }
        #expect(rows.count == groups.count)
        for g in groups { #expect(rows[Set(g.columns)] == g.count) }
    }

    /// The second core's dives (`DivePortfolio`) load the model into a GLPK problem of their
    /// own and hand back the same whole, feasible optimum 156 as the first test (one dive, no
    /// noise); `finish` may be called twice.
    @Test func secondCoreDivesHandBackWholeFeasiblePoints() throws {
        let toy = Self.toy(demand: [70, 90], weight: [1.0, 1.2])
        let began = ContinuousClock.now
        let portfolio = DivePortfolio(model: toy.model, integerVars: toy.classes, shares: [toy.group],
                                      settings: [DivePortfolio.Setting(batches: 4, noise: 0, seed: 1)], deadline: 30, stageStart: began)
        var got: [(x: [Double], name: String)] = []
        while got.isEmpty && elapsed(since: began) < 30 {
            got = portfolio.take()
            if got.isEmpty { Thread.sleep(forTimeInterval: 0.01) }
        }
        got += portfolio.finish()
        _ = portfolio.finish()
        let p = try #require(got.first?.x)
        #expect(got.count == 1)
        #expect(toy.model.violations(at: p, tolerance: 1e-9).isEmpty)
        #expect(abs(toy.model.objectiveValue(at: p) - 156) < 1e-6)
    }
}
