import Foundation
import GLPK
import LinearModel
import Planner
import Scenario
import Synthetic
import Testing

/// Properties every plan must have, over generated scenarios of several shapes.
@Suite struct PlanPropertyTests {
    static let cases: [ScenarioGenerator] = (1...6).map { seed in
        ScenarioGenerator(name: "prop\(seed)", staff: 400 + 150 * seed, institutions: 1 + seed % 3, years: 2,
                          termsPerYear: seed % 2 == 0 ? 2 : 4, budgetFactor: [0.2, 0.5, 1.5][seed % 3], seed: UInt64(seed))
    }

    @Test(arguments: cases)
    func planIsSound(_ gen: ScenarioGenerator) throws {
        let s = gen.make()
        #expect(validate(s).isEmpty, "generated scenario must be valid: \(validate(s).prefix(3))")
        var o = PlannerOptions()
        o.timeLimit = 8
        o.monteCarloRuns = 20
        let r = try StrategicPlanner.plan(s, options: o)
        let data = r.data

        // No payer's yearly budget is exceeded.
        for (p, limits) in data.budget.enumerated() {
            guard let limits else { continue }
            for y in s.horizon.years {
                let spent = r.projection.spend[Projection.SpendKey(year: y, payer: p)] ?? 0
                #expect(spent <= Double(limits[y] ?? 0) + 1, "payer \(s.payers[p].id) \(y): \(spent) > \(limits[y] ?? 0)")
            }
        }
        // Every pool of classes holds its learners within the class size bounds.
        var seats: [String: (Double, Double, Double)] = [:]
        for (k, n) in r.plan.classes {
            let cm = data.offeringMode[k.offering]
            let key = "\(k.offering).\(k.payer).\(k.term)"
            seats[key, default: (0, 0, 0)].0 += Double(n * cm.classSizeMin)
            seats[key, default: (0, 0, 0)].1 += Double(n * cm.classSizeMax)
        }
        for (k, v) in r.plan.enrolments where data.offerings[k.offering].mode.hasClasses {
            seats["\(k.offering).\(k.payer).\(k.term)", default: (0, 0, 0)].2 += v
        }
        for (key, (lo, hi, n)) in seats {
            #expect(n >= lo - 1e-6 && n <= hi + 1e-6, "pool \(key): \(n) learners for seats \(lo)...\(hi)")
        }
        // Rooms, teacher periods and online slots hold in every term at every institution.
        for t in 0..<data.termCount {
            for (i, inst) in s.institutions.enumerated() {
                func used(_ res: String) -> Double { r.projection.usage[Projection.UsageKey(term: t, institution: i, resource: res)] ?? 0 }
                let rooms = Double(inst.rooms.reduce(0) { $0 + $1.count * data.weeklySlots($1) })
                let hours = Double(inst.teachers.reduce(0) { $0 + $1.count * $1.hoursPerTerm })
                #expect(used("room slots/week") <= rooms + 1e-6)
                #expect(used("teacher periods") <= hours + 1e-6)
                // One teacher per class all term: whole teachers suffice.
                #expect(used("teachers") <= Double(inst.teachers.reduce(0) { $0 + $1.count }) + 1e-6)
                #expect(used("online classes") <= Double(inst.onlineClassesMax) + 1e-6)
            }
        }
        // The plan's classes and learners break no row of the model (capacity, budget, release).
        let sm = StrategicModel(data)
        let x = sm.point(for: r.plan)
        // GLPK's numbers against the independent projection: stage 1's objective is weighted
        // attainment plus a tie-break worth at most 1e-4 × the least target weight (every
        // generated target weighs ≥ 1, so ≤ 1e-4 × min weight), stage 2 keeps the attainment
        // (the continuous point's lies in [objective − tie-break, bound]), and the
        // whole-people plan, a restriction, never beats the bound; the projection of the plan
        // kept equals the whole-people stage's own figure.
        let minWeight = s.targets.map(\.weight).min() ?? 1
        let projected = r.projection.weightedAttainment(s)
        if let w = r.wholePeople {
            #expect(w.continuousWeightedAttainment >= r.objective - 1e-4 * minWeight - 1e-6, "continuous \(w.continuousWeightedAttainment), GLPK objective \(r.objective)")
            #expect(abs(projected - w.weightedAttainment) <= 1e-6 * max(1, projected), "projection \(projected), whole-people stage \(w.weightedAttainment)")
        }
        #expect(r.plan.enrolments.values.allSatisfy { $0 == $0.rounded() }, "whole people")
        let bound = try #require(r.bestBound, "the LP relaxation of a small generated scenario finishes")
        #expect(projected <= bound + 1e-6, "projection \(projected) above GLPK's bound \(bound)")
        #expect(sm.model.violations(at: x, tolerance: 1e-6).isEmpty, "\(sm.model.violations(at: x, tolerance: 1e-6).prefix(3))")
        // The optimised plan is never worse than the greedy one, which is itself feasible.
        let gx = sm.point(for: r.greedy)
        #expect(sm.model.violations(at: gx, tolerance: 1e-6).isEmpty, "greedy: \(sm.model.violations(at: gx, tolerance: 1e-6).prefix(3))")
        #expect(r.projection.weightedAttainment(s) >= r.greedyProjection.weightedAttainment(s) - 1e-6)
        // Monte Carlo bands are ordered.
        for bands in r.uncertainty { for b in bands { #expect(b.p10 <= b.p50 && b.p50 <= b.p90) } }
    }

    /// The independent projection agrees with the solver's own stocks at a point GLPK chose:
    /// the LP relaxation's optimum (fractional classes and learners), solved here, so the
    /// stocks are GLPK's values and the projection only sees the learners it enrols.
    @Test func projectionMatchesSolverStocks() throws {
        let s = ScenarioGenerator(name: "proj", staff: 900, institutions: 2, years: 3, termsPerYear: 4, seed: 9).make()
        let data = PlanningData(s)
        let sm = StrategicModel(data)
        var options = SolveOptions()
        options.relaxIntegrality = true
        let lp = try sm.model.solve(options)
        try #require(lp.status == .optimal, "\(lp.detail)")
        let x = lp.values
        // Something is enrolled (else both sides are the survey and the test proves nothing).
        let plan = sm.plan(from: x)
        #expect(plan.totalLearners > 1)
        let p = Projection(scenario: s, plan: plan, data: data)
        var rose = false
        for (k, row) in sm.reached(from: x).enumerated() {
            for (m, v) in row.enumerated() {
                #expect(abs(v - p.reached[k][m]) <= 1e-6 * max(1, v), "target \(k) milestone \(m): GLPK \(v), projection \(p.reached[k][m])")
                if p.reached[k][m] > Projection(scenario: s, plan: Plan(), data: data).reached[k][m] + 1 { rose = true }
            }
        }
        #expect(rose, "the LP's learners must move some target, or the comparison is vacuous")
    }
}

extension ScenarioGenerator: CustomTestStringConvertible {
    public var testDescription: String { "\(name) staff \(staff) inst \(institutions) terms/yr \(termsPerYear)" }
}
