import Foundation
import LinearModel
import Scenario

/// A class of the plan the timetabler could not place in one term of its span.
public struct TimetableLoss: Sendable, Hashable {
    /// The planned classes the lost one belongs to.
    public var key: ClassKey
    /// Its id in cohorts.csv (one class of `key`).
    public var classID: String
    /// The term (0-based) of its span in which it was not placed.
    public var term: Int
    /// Why, in the timetabler's words.
    public var reason: String
    public init(key: ClassKey, classID: String, term: Int, reason: String) {
        self.key = key; self.classID = classID; self.term = term; self.reason = reason
    }
}

/// A limit the check set: classes of one mode running at one institution in one term, at most
/// `limit` (what the timetabler placed there); a row of the re-solve, or classes taken out.
public struct TimetableCut: Sendable, Hashable {
    public var institution: Int
    public var term: Int
    public var mode: Mode
    /// Classes of the plan running there when the cut was made, and the limit set.
    public var running: Int
    public var limit: Int
    /// The check round (1-based) that added it.
    public var round: Int
}

/// What the timetable check did: rounds of plan → timetable → cut.
public struct TimetableCheckSummary: Sendable {
    /// Timetabler runs (1: the first plan was placed whole).
    public var rounds: Int
    /// Rows added, in order.
    public var cuts: [TimetableCut]
    /// Class-terms of the plan kept the timetabler could not place (0 unless rounds ran out).
    public var unplacedAtEnd: Int
    /// Seconds spent timetabling (all rounds) and re-solving (rounds after the first).
    public var timetableSeconds: Double
    public var resolveSeconds: Double
    /// Stage-1 bound of the first round (the model without cuts, as `export-model` writes it).
    public var firstBound: Double?
    /// Re-solves with the rows added, and classes taken out of the plan after the last one.
    public var resolves: Int
    public var classesTakenOut: Int
    public init(rounds: Int, cuts: [TimetableCut], unplacedAtEnd: Int, timetableSeconds: Double, resolveSeconds: Double,
                firstBound: Double?, resolves: Int, classesTakenOut: Int) {
        self.rounds = rounds; self.cuts = cuts; self.unplacedAtEnd = unplacedAtEnd
        self.timetableSeconds = timetableSeconds; self.resolveSeconds = resolveSeconds; self.firstBound = firstBound
        self.resolves = resolves; self.classesTakenOut = classesTakenOut
    }
}

/// The timetabler as judge of a plan: every class-term it could not place (empty: all placed).
/// Given by the caller (Planner does not depend on Timetable), e.g. `langplan plan`'s in-process
/// run of the same code `langplan timetable --all-years` runs.
public typealias TimetableJudge = @Sendable (Plan, PlanningData) throws -> [TimetableLoss]

extension StrategicModel {
    /// Adds the row Σ classes of `mode` running at institution i in term t ≤ `limit` (every
    /// class whose span covers t, whatever its start), named `ttcheck.<institution>.<term>.<mode>`.
    public mutating func limitRunning(institution i: Int, term t: Int, mode: Mode, to limit: Int) {
        var e = LinearExpression()
        for (k, v) in classVar where k.institution == i && data.offerings[k.offering].mode == mode {
            guard let len = data.span(offering: k.offering, start: k.term), k.term <= t, t < k.term + len else { continue }
            e.add(v, 1)
        }
        guard e.termCount > 0 else { return }
        let hz = data.scenario.horizon
        model.add(e <= Double(max(0, limit)),
                  name: Model.sanitizedName("ttcheck.\(data.scenario.institutions[i].id).\(hz.label(ofTerm: t)).\(mode.rawValue)"))
    }
}

/// `plan` checks its own plan with the timetabler: where classes are lost in a term, the
/// classes of that mode running at that institution and term are limited to what was placed,
/// and the plan is solved again (starting from the plan without the lost classes). After
/// `maxResolves` re-solves, lost classes are taken out of the plan (their learners with them)
/// until the timetabler places every class in every term of its span. The timetabler is the
/// judge; the projection stays independent. See docs/calendar-and-capacity.md.
public enum TimetableCheck {
    /// Plans `scenario` and re-plans or trims until `judge` loses no class.
    /// - Parameters:
    ///   - options: the planner's options (each re-solve gets the same time limit).
    ///   - judge: the timetabler run (all terms of the horizon).
    ///   - maxResolves: re-solves with the rows added (0: trim only).
    ///   - maxTrims: rounds taking lost classes out before giving up (the summary then says
    ///     how many class-terms are still not placed).
    /// - Returns: the last plan, with `timetableCheck` filled in.
    /// - Throws: `PlannerError` from a planning round; the judge's own error as
    ///   `PlannerError.noPlan` naming it.
    public static func plan(_ scenario: Scenario, options: PlannerOptions, judge: TimetableJudge, maxResolves: Int = 1,
                            maxTrims: Int = 10) throws(PlannerError) -> PlanResult {
        var result = try StrategicPlanner.plan(scenario, options: options)
        let firstBound = result.bestBound
        var cuts: [TimetableCut] = []
        var limits: [CutKey: Int] = [:]
        var ttSeconds = 0.0, resolveSeconds = 0.0
        var rounds = 0, resolves = 0, trims = 0, trimmed = 0
        var lost: [TimetableLoss] = []
        let say = options.progress ?? { _ in }
        while true {
            rounds += 1
            let clock = ContinuousClock.now
            do { lost = try judge(result.plan, result.data) } catch { throw .noPlan("the timetable check failed: \(error)") }
            ttSeconds += elapsed(since: clock)
            let lostClasses = Set(lost.map(\.classID)).count
            say(String(format: "timetable check, round %d: %@ (%.1f s)", rounds,
                       lost.isEmpty ? "every class placed in every term of its span"
                           : "\(lostClasses) classes not placed in \(lost.count) class-terms", elapsed(since: clock)))
            if lost.isEmpty || trims >= maxTrims { break }
            let data = result.data
            var byKey: [CutKey: Set<String>] = [:]
            for l in lost { byKey[CutKey(institution: l.key.institution, term: l.term, mode: data.offerings[l.key.offering].mode), default: []].insert(l.classID) }
            for (key, ids) in byKey.sorted(by: { ($0.key.term, $0.key.institution) < ($1.key.term, $1.key.institution) }) {
                let running = runningClasses(result.plan, data, institution: key.institution, term: key.term, mode: key.mode)
                let limit = max(0, min(limits[key] ?? Int.max, running - ids.count))
                limits[key] = limit
                cuts.append(TimetableCut(institution: key.institution, term: key.term, mode: key.mode, running: running, limit: limit,
                                         round: rounds))
                say("  \(resolves < maxResolves ? "row" : "taken out"): \(key.mode.rawValue) classes at \(scenario.institutions[key.institution].id) in "
                    + "\(scenario.horizon.label(ofTerm: key.term)) ≤ \(limit) (planned \(running)); e.g. "
                    + (lost.first { $0.key.institution == key.institution && $0.term == key.term }?.reason ?? ""))
            }
            if resolves < maxResolves {
                resolves += 1
                var o = options
                let fixed = limits
                let adjust = options.adjustModel
                o.adjustModel = { sm in
                    adjust?(&sm)
                    for (k, limit) in fixed.sorted(by: { ($0.key.term, $0.key.institution) < ($1.key.term, $1.key.institution) }) {
                        sm.limitRunning(institution: k.institution, term: k.term, mode: k.mode, to: limit)
                    }
                }
                o.startPlans = [without(lost, in: result.plan, data)] + options.startPlans
                let clock2 = ContinuousClock.now
                result = try StrategicPlanner.plan(scenario, options: o)
                resolveSeconds += elapsed(since: clock2)
            } else {
                trims += 1
                trimmed += Set(lost.map(\.classID)).count
                result = trim(result, lost, options: options)
            }
        }
        result.timetableCheck = TimetableCheckSummary(rounds: rounds, cuts: cuts, unplacedAtEnd: lost.count,
                                                      timetableSeconds: ttSeconds, resolveSeconds: resolveSeconds,
                                                      firstBound: firstBound, resolves: resolves, classesTakenOut: trimmed)
        // The bound of the model without rows added (what export-model writes) stays the honest
        // bound: the rows only remove plans, so every solver's optimum of the exported model lies below it.
        if !cuts.isEmpty, let b = firstBound { result.bestBound = max(b, result.bestBound ?? b) }
        return result
    }

    /// The result for the plan without its lost classes: projection, uncertainty, stage-1 point
    /// and spend recomputed; the spend is no longer proven least (stage 2's bound is dropped).
    static func trim(_ result: PlanResult, _ lost: [TimetableLoss], options: PlannerOptions) -> PlanResult {
        let data = result.data
        var r = result
        r.plan = without(lost, in: result.plan, data)
        var sm = StrategicModel(data, budgetLimits: options.budgetLimits)
        options.adjustModel?(&sm)
        // Taking classes out scales their pools' learners: make them whole again with the
        // classes left (no class added: the timetabler is the judge of what runs).
        let scaled = sm.point(for: r.plan)
        if let w = WholePeople.solve(sm, model: sm.model, from: scaled,
                                     phases: WholePeople.plannerPhases(sm, minimiseCost: options.minimiseCost),
                                     extraClasses: 0, timeLimit: max(1, min(30, 0.25 * options.timeLimit)),
                                     say: options.progress ?? { _ in }) {
            r.plan = sm.plan(from: w.x)
            r.wholePeople = w.stage
        } else {
            r.plan = WholePeople.termByTerm(sm, from: scaled, rule: .down)
        }
        r.projection = Projection(scenario: data.scenario, plan: r.plan, data: data)
        r.uncertainty = MonteCarlo.attainmentBands(scenario: data.scenario, plan: r.plan, data: data,
                                                   runs: options.monteCarloRuns, seed: options.seed)
        let x = sm.point(for: r.plan)
        r.point = x
        r.objective = sm.model.objectiveValue(at: x)
        r.status = .feasible
        if r.costStage != nil {
            r.costStage = CostStage(status: .feasible, objective: sm.totalCost.value(at: x), bound: nil,
                                    detail: "classes the timetabler could not place were taken out after solving")
        }
        return r
    }

    struct CutKey: Hashable { var institution: Int; var term: Int; var mode: Mode }

    /// Classes of `mode` the plan runs at institution i in term t (spans included).
    static func runningClasses(_ plan: Plan, _ data: PlanningData, institution i: Int, term t: Int, mode: Mode) -> Int {
        plan.classes.reduce(0) { acc, e in
            let (k, n) = e
            guard k.institution == i, data.offerings[k.offering].mode == mode,
                  let len = data.span(offering: k.offering, start: k.term), k.term <= t, t < k.term + len else { return acc }
            return acc + n
        }
    }

    /// The plan without its lost classes: each lost class removed once from its key, and the
    /// learners of its (offering, payer, start term) scaled by the classes left over the classes
    /// opened, so every class keeps its average fill (class size rows still hold).
    static func without(_ lost: [TimetableLoss], in plan: Plan, _ data: PlanningData) -> Plan {
        var p = plan
        var removed: [ClassKey: Int] = [:]
        for (key, ids) in Dictionary(grouping: lost, by: \.key).mapValues({ Set($0.map(\.classID)) }) {
            let n = min(ids.count, p.classes[key] ?? 0)
            removed[key] = n
            p.classes[key] = (p.classes[key] ?? 0) - n
            if p.classes[key] == 0 { p.classes[key] = nil }
        }
        struct Fill: Hashable { var offering: Int; var payer: Int; var term: Int }
        var before: [Fill: Int] = [:], after: [Fill: Int] = [:]
        for (k, n) in plan.classes { before[Fill(offering: k.offering, payer: k.payer, term: k.term), default: 0] += n }
        for (k, n) in p.classes { after[Fill(offering: k.offering, payer: k.payer, term: k.term), default: 0] += n }
        for (k, v) in plan.enrolments {
            let f = Fill(offering: k.offering, payer: k.payer, term: k.term)
            guard let b = before[f], b > 0, data.offerings[k.offering].mode.hasClasses else { continue }
            let a = after[f] ?? 0
            p.enrolments[k] = a == 0 ? nil : v * Double(a) / Double(b)
        }
        return p
    }
}
