import Foundation
import GLPK
import LinearModel
import Planner
import Scenario
import Synthetic
import Testing

/// The national rung's decomposition on small generated multi-province scenarios, against
/// the monolithic model solved to optimality by GLPK.
@Suite(.serialized) struct DecompositionTests {
    /// Three provinces (units) sharing two institutions, the budgets and the exam seats:
    /// small enough for GLPK to prove the monolithic optimum in seconds.
    static let cases: [ScenarioGenerator] = [
        ScenarioGenerator(name: "multi1", staff: 600, institutions: 2, units: 3, years: 2, budgetFactor: 0.4, seed: 11),
        ScenarioGenerator(name: "multi2", staff: 360, institutions: 2, units: 3, years: 2, budgetFactor: 0.8, seed: 12),
    ]

    @Test(arguments: cases)
    func combinedPlanIsFeasibleAndTheBoundIsValid(_ gen: ScenarioGenerator) throws {
        let sc = gen.make()
        #expect(validate(sc).isEmpty)
        // The generator tags each segment with its unit: three blocks of 11 segments.
        let blocks = Decomposition.blocks(sc)
        #expect(blocks.count == 3 && blocks.allSatisfy { $0.count == 11 }, "\(blocks.map(\.count))")

        let o = Self.options(seconds: 20, steps: 8)
        let d = try Decomposition.plan(sc, options: o)

        // Feasible for every row of the national model: each province's rows and every
        // shared one (institutions' rooms, teachers and online classes, exam seats, budgets).
        #expect(d.violations.isEmpty, "\(d.violations.prefix(3))")
        // The shared budgets again, from the independent projection's spend.
        let data = PlanningData(sc)
        let projection = Self.expectBudgetsHold(sc, d.plan, data)
        // Exam seats are national: the projection's use never passes them.
        if let seats = sc.exams.seatsPerTerm {
            for t in 0..<data.termCount {
                let used = projection.usage[Projection.UsageKey(term: t, institution: nil, resource: "exam seats")] ?? 0
                #expect(used <= Double(seats) + 1e-6)
            }
        }
        // Every class has whole teachers of its institution: classes × 1/k per term ≤ teachers.
        #expect(d.plan.classes.values.allSatisfy { $0 >= 0 })

        // The monolithic model, weighted attainment alone, solved to optimality.
        let sm = StrategicModel(data)
        var m = sm.model
        m.maximize(sm.weightedAttainment)
        var so = SolveOptions()
        so.timeLimit = 60
        so.relativeGap = 0
        so.mirCuts = false
        so.gomoryCuts = false
        let opt = try m.solve(so)
        try #require(opt.status == .optimal, "monolithic model not solved to optimality: \(opt.detail)")
        let z = try #require(opt.objective)
        FileHandle.standardError.write(Data("\(gen.name): optimum \(z), decomposed plan \(d.weightedAttainment), bound \(d.bound), \(d.iterations) steps, \(opt.seconds) s monolithic\n".utf8))
        // The bound is never below the optimum; the plan never above it.
        #expect(d.bound >= z - 1e-6 * max(1, z), "bound \(d.bound) < optimum \(z)")
        #expect(d.weightedAttainment <= z + 1e-6 * max(1, z), "plan \(d.weightedAttainment) > optimum \(z)")
        #expect(d.weightedAttainment > 0)
    }

    /// The national plan (class counts decided for the whole country, learners by province in
    /// those classes) on the same small sets, where classes mixing provinces matter most: every
    /// row of the national model holds, it never passes the bound, and it reaches at least what
    /// the province-split plan and the greedy plan of the whole scenario reach (both made here
    /// too: `everyPlan`).
    @Test(arguments: cases)
    func nationalClassesBeatTheProvinceSplitAndTheGreedyPlan(_ gen: ScenarioGenerator) throws {
        let sc = gen.make()
        var o = Self.options(seconds: 30, steps: 8)
        o.gap = 0
        o.everyPlan = true
        let d = try Decomposition.plan(sc, options: o)
        let national = try #require(d.made.filter { $0.key.hasPrefix("national") }.values.max(), "no national plan that keeps every row: \(d.made)")
        let provinces = try #require(d.made["provinces"], "\(d.made)")
        let greedy = try #require(d.made["greedy"], "\(d.made)")
        FileHandle.standardError.write(Data("\(gen.name): national \(national), provinces \(provinces), greedy \(greedy), bound \(d.bound)\n".utf8))
        #expect(d.source.hasPrefix("national") && d.violations.isEmpty, "\(d.source): \(d.violations.prefix(3))")
        #expect(national <= d.bound + 1e-6 * max(1, d.bound), "plan \(national) above the bound \(d.bound)")
        #expect(national >= provinces - 1e-9, "national \(national) < province split \(provinces)")
        #expect(national >= greedy - 1e-9, "national \(national) < greedy \(greedy)")
        // The budgets by the independent projection's spend, and every class of the plan whole
        // at an institution that runs its offering.
        let data = PlanningData(sc)
        Self.expectBudgetsHold(sc, d.plan, data)
        #expect(d.plan.classes.allSatisfy { $0.value > 0 && data.canRun(offering: $0.key.offering, institution: $0.key.institution) })
    }

    /// The Dantzig–Wolfe master (`DecompositionMaster`) run to convergence on the small sets:
    /// its national LP point keeps every row of the national model (block rows and shared ones;
    /// integrality aside), its value is the weighted attainment there, at least the staff-share
    /// point's, never above the bound, and equal to the LP optimum GLPK computes on the
    /// monolithic model (1e-6 relative); the national plan made from it keeps every row and
    /// reaches at least the greedy plan.
    @Test(arguments: cases)
    func masterReachesTheMonolithicLPOptimum(_ gen: ScenarioGenerator) throws {
        let sc = gen.make()
        var o = Self.options(seconds: 120, steps: 2)
        o.masterRounds = 1000
        o.masterGap = 1e-9
        o.planReserve = 0
        o.gap = 0
        o.everyPlan = true
        o.improvementRounds = 2
        o.keepLPPoint = true
        let d = try Decomposition.plan(sc, options: o)
        let data = PlanningData(sc)
        let sm = StrategicModel(data)
        let x = try #require(d.lpPoint, "no master point")
        let broken = sm.model.violations(at: x, tolerance: 1e-6).filter { !$0.name.hasSuffix(" integrality") }
        #expect(broken.isEmpty, "\(broken.prefix(5))")
        let wa = sm.weightedAttainment.value(at: x)
        #expect(abs(wa - d.masterValue) <= 1e-6 * max(1, wa), "point's attainment \(wa) ≠ master's value \(d.masterValue)")
        #expect(d.masterValue >= d.staffShareValue - 1e-9, "master \(d.masterValue) < staff shares \(d.staffShareValue)")
        #expect(d.masterValue <= d.bound + 1e-6 * max(1, d.bound), "master \(d.masterValue) > bound \(d.bound)")

        // The monolithic LP relaxation of the weighted attainment.
        let z = try #require(try InteriorLPTests.lpOptimum(sm).objective)
        FileHandle.standardError.write(Data("\(gen.name): LP optimum \(z), master \(d.masterValue) after \(d.masterRounds) rounds, staff shares \(d.staffShareValue), bound \(d.bound), plan \(d.weightedAttainment) (\(d.source)), made \(d.made)\n".utf8))
        #expect(abs(d.masterValue - z) <= 1e-6 * max(1, z), "master \(d.masterValue) ≠ LP optimum \(z)")
        #expect(d.bound >= z - 1e-6 * max(1, z), "bound \(d.bound) < LP optimum \(z)")

        let fromMaster = try #require(d.made.filter { $0.key.hasPrefix("national at the master's point") }.values.max(), "\(d.made)")
        let greedy = try #require(d.made["greedy"], "\(d.made)")
        #expect(d.violations.isEmpty, "\(d.violations.prefix(3))")
        #expect(fromMaster >= greedy - 1e-9, "plan from the master \(fromMaster) < greedy \(greedy)")
        #expect(fromMaster <= z + 1e-6 * max(1, z))
    }

    /// A run on both cores with `seconds` and at most `steps` subgradient steps.
    static func options(seconds: Double, steps: Int) -> DecompositionOptions {
        var o = DecompositionOptions()
        o.timeLimit = seconds
        o.jobs = 2
        o.maxIterations = steps
        return o
    }

    /// Every payer's spend in every year, by the independent projection of `plan`, stays within
    /// its budget (to the VND). Returns the projection for further checks.
    @discardableResult
    static func expectBudgetsHold(_ sc: Scenario, _ plan: Plan, _ data: PlanningData) -> Projection {
        let projection = Projection(scenario: sc, plan: plan, data: data)
        for (p, limits) in data.budget.enumerated() {
            guard let limits else { continue }
            for y in sc.horizon.years {
                let spent = projection.spend[Projection.SpendKey(year: y, payer: p)] ?? 0
                #expect(spent <= Double(limits[y] ?? 0) + 1, "payer \(sc.payers[p].id) \(y): \(spent) > \(limits[y] ?? 0)")
            }
        }
        return projection
    }
}
