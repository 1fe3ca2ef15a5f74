import Foundation
import GLPK
import LinearModel
@testable import Planner
import Scenario
import Synthetic
import Testing

/// The national LP solved whole by GLPK's interior-point method (`Decomposition.InteriorLP`)
/// and the national plan made from its optimum, on the small generated 3-province sets of
/// `DecompositionTests`, against the monolithic LP solved by the simplex method.
@Suite(.serialized) struct InteriorLPTests {
    @Test(arguments: DecompositionTests.cases)
    func interiorPointIsTheLPOptimumAndItsPlanKeepsEveryRow(_ gen: ScenarioGenerator) throws {
        let sc = gen.make()
        var o = DecompositionTests.options(seconds: 60, steps: 2)
        o.gap = 0
        o.improvementRounds = 2
        let d = try Decomposition.plan(sc, options: o)
        let data = PlanningData(sc)
        let sm = StrategicModel(data)
        let x = try #require(d.interiorPoint, "the interior-point solve gave no point")
        // A point of the LP relaxation: every row and bound of the national model (integrality aside).
        let broken = sm.model.violations(at: x, tolerance: 1e-5).filter { !$0.name.hasSuffix(" integrality") }
        #expect(broken.isEmpty, "\(broken.prefix(5))")
        // Its weighted attainment is the LP optimum the simplex method finds on the monolithic model.
        let lp = try Self.lpOptimum(sm)
        let z = try #require(lp.objective)
        let wa = sm.weightedAttainment.value(at: x)
        FileHandle.standardError.write(Data("\(gen.name): interior point \(wa), simplex LP optimum \(z), bound \(d.bound), plans \(d.made)\n".utf8))
        #expect(abs(wa - z) <= 1e-6 * max(1, z), "interior point \(wa) ≠ LP optimum \(z)")
        #expect(d.bound >= z - 1e-6 * max(1, z), "bound \(d.bound) < LP optimum \(z)")
        // The plan from it was made and keeps every row (`made` lists only such plans); whole
        // classes cannot pass the LP optimum.
        let fromLP = try #require(d.made["national at the LP optimum"], "no plan from the LP optimum: \(d.made)")
        #expect(fromLP <= z + 1e-6 * max(1, z))
        #expect(fromLP > 0)
        #expect(d.violations.isEmpty, "\(d.violations.prefix(3))")
        DecompositionTests.expectBudgetsHold(sc, d.plan, data)
    }

    /// The LP optimum (by the simplex method) split into the blocks' columns (`blockPoints`) as
    /// the bound's proof splits any national point: the blocks' values add up to its weighted
    /// attainment, each block point keeps its own model's rows except the shared ones, and the
    /// blocks' uses of each shared budget, exam-seat and place row add up to at most its
    /// capacity (of an institution's rows, each block's use fits it).
    @Test(arguments: DecompositionTests.cases)
    func theSplitKeepsEveryBlockRowAndAddsUp(_ gen: ScenarioGenerator) throws {
        let sc = gen.make()
        let data = PlanningData(sc)
        let sm = StrategicModel(data)
        let lp = try Self.lpOptimum(sm)
        let split = Decomposition.splitForTests(sc, point: lp.values)
        let total = split.points.reduce(0) { $0 + $1.value }
        #expect(abs(total - (lp.objective ?? .nan)) <= 1e-6 * max(1, total), "blocks \(total) ≠ LP optimum \(lp.objective ?? .nan)")
        var use: [String: Double] = [:]
        for (k, b) in split.blocks.enumerated() {
            let shared = Set(b.shared.map(\.name))
            let broken = b.model.model.violations(at: split.points[k].x, tolerance: 1e-6)
                .filter { !$0.name.hasSuffix(" integrality") && !shared.contains($0.name) }
            #expect(broken.isEmpty, "block \(k): \(broken.prefix(3))")
            for (n, u) in split.points[k].usage { use[n, default: 0] += u }
        }
        // Institutions' rows: each block has the rhythm shares whole (see `blockPoints`), so
        // each block's use fits the capacity; the other shared rows add up.
        for (n, u) in use {
            let cap = try #require(split.capacity[n])
            if Decomposition.isInstitutionRow(n) {
                for p in split.points { #expect((p.usage[n] ?? 0) <= cap + 1e-6 * max(1, abs(cap)), "\(n): \(p.usage[n] ?? 0) > \(cap)") }
            } else {
                #expect(u <= cap + 1e-6 * max(1, abs(cap)), "\(n): \(u) > \(cap)")
            }
        }
    }

    /// The monolithic model's LP relaxation of the weighted attainment, by the simplex method.
    static func lpOptimum(_ sm: StrategicModel) throws -> SolveResult {
        var m = sm.model
        m.maximize(sm.weightedAttainment)
        var so = SolveOptions()
        so.relaxIntegrality = true
        let lp = try m.solve(so)
        try #require(lp.status == .optimal, "monolithic LP: \(lp.detail)")
        return lp
    }
}
