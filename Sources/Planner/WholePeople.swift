import Foundation
import GLPK
import LinearModel
import Scenario

/// What the whole-people stage did (docs/planning-model.md, "Whole people"): the plan the
/// files and the report show enrols whole people; these are its figures beside those of the
/// continuous point it started from.
public struct WholePeopleStage: Sendable, Equatable {
    /// Learners of the continuous point (stage 2's, or stage 1's), people, possibly fractional.
    public var continuousLearners: Double
    /// Learners of the plan kept: whole people.
    public var learners: Int
    /// Σ weight × attainment (no priority tie-break) of the continuous point, as the solver
    /// saw it, and of the whole-people plan.
    public var continuousWeightedAttainment: Double
    public var weightedAttainment: Double
    /// Total spend of the continuous point and of the whole-people plan, million VND.
    public var continuousSpend: Double
    public var spend: Double
    /// Classes opened beyond the continuous point's (the polish's one more class, or 0).
    public var addedClasses: Int
    /// How the whole plan was found: "term-by-term rounding", "+ GLPK (attainment)", ...
    public var source: String
    /// `optimal` when GLPK proved the whole plan best for its class counts (within 1e-6),
    /// `feasible` when the time ran out first.
    public var status: SolveStatus
    /// Wall-clock seconds the stage took.
    public var seconds: Double
    /// Why a target the continuous point met is missed (proven impossible with these classes,
    /// or not found in time); empty when every such target is met.
    public var why: String = ""
    /// True when GLPK proved that no whole-people plan with classes within one of the
    /// continuous point's meets every target it met (a longer time limit will not help).
    public var proven: Bool = false
}

/// The whole-people stage: a continuous point's learners made whole people.
///
/// The stage-1 MIP pools learners as continuous numbers (its bound stays valid for any
/// whole-people plan, a restriction of it). This stage (1) rounds the pools term by term,
/// in term order, each against the level stocks the rounding of earlier terms leaves (so the
/// one-course-at-a-time rows hold), shares each pool's whole total over its segments by
/// largest remainder (`apportion`), never above what a segment has free; where a target the
/// continuous point met is then missed, (2) a target-driven repair around the rounding and
/// (3) relax and fix over every term (WholePeopleRepair.swift), then (4) one learner at a
/// time; (5) lets GLPK improve the best with the classes fixed and the learners integer, in
/// the planner's lexicographic order (attainment with the priority tie-break, then least
/// spend, where a class may close); (6) when a target the continuous point met is still
/// missed, lets GLPK open up to `extraClasses` more classes where capacity and budget allow.
enum WholePeople {
    /// One objective of the lexicographic order, and what is kept once it is reached.
    struct Phase {
        var objective: LinearExpression
        var sense: ObjectiveSense
        /// Held at least (maximise) or at most (minimise) at the value reached before the next phase.
        var keep: LinearExpression
        var name: String
    }

    /// The planner's order: attainment (with the priority tie-break; the targets' weighted
    /// attainment kept), then least spend.
    static func plannerPhases(_ sm: StrategicModel, minimiseCost: Bool) -> [Phase] {
        var phases = [Phase(objective: sm.attainmentObjective, sense: .maximize, keep: sm.weightedAttainment, name: "attainment")]
        if minimiseCost { phases.append(Phase(objective: sm.totalCost, sense: .minimize, keep: sm.totalCost, name: "spend")) }
        return phases
    }

    /// - Parameters:
    ///   - sm: the strategic model (its variables, stocks and spend).
    ///   - model: the rows to respect: `sm.model` or a copy with rows or bounds added (a
    ///     re-plan's kept classes); its objective is ignored.
    ///   - x: the continuous point, one value per column of `model`, class counts whole.
    ///   - phases: objectives in lexicographic order.
    ///   - extraClasses: most classes the repairs may add (0: none; nil: any number).
    ///   - candidates: points of `model` for given plans (a re-plan's start); one that is
    ///     whole and holds every row is a start like the rounding.
    ///   - leastSpendFirst: size-budget's order of repairs: relax and fix (least spend with
    ///     every target held) before the target-driven repair (attainment first).
    ///   - timeLimit: seconds for the GLPK part (the rounding takes milliseconds).
    ///   - say: a line of progress.
    /// - Returns: a point of `model` whose learners are whole, and what was done; nil when no
    ///   whole-people plan was found with these classes (or one more).
    static func solve(_ sm: StrategicModel, model: Model, from x: [Double], phases: [Phase], extraClasses: Int? = 1,
                      candidates: [[Double]] = [], leastSpendFirst: Bool = false,
                      timeLimit: Double, say: (String) -> Void) -> (x: [Double], stage: WholePeopleStage)? {
        let started = ContinuousClock.now
        let learners = Array(sm.enrolVar.values)
        let continuousLearners = learners.reduce(0.0) { $0 + x[$1.index] }
        // (1) Term-by-term rounding, to the nearest whole and down; (1b) where a target the
        // continuous point met is then missed, one learner more at a time (rounding down
        // leaves money and people free for that). The better feasible one.
        var start: [Double]? = nil
        var source = "term-by-term rounding"
        var rounded: [(point: [Double], rule: FloatingPointRoundingRule)] = []
        for rule in [FloatingPointRoundingRule.toNearestOrAwayFromZero, .down] {
            let p = sm.point(for: termByTerm(sm, from: x, rule: rule))
            guard model.violations(at: p, tolerance: 1e-6).isEmpty else { continue }
            rounded.append((p, rule))
            if start.map({ lexicographicallyBetter(p, than: $0, phases) }) ?? true {
                start = p; source = rule == .down ? "term-by-term rounding (down)" : "term-by-term rounding"
            }
        }
        // (1a) Given plans of whole people (a re-plan's start) that hold every row.
        for c in candidates where sm.enrolVar.values.allSatisfy({ c[$0.index] == c[$0.index].rounded() })
            && model.violations(at: c, tolerance: 1e-6).isEmpty {
            if start.map({ missesATargetMetBy(sm, x, $0) && !missesATargetMetBy(sm, x, c) || lexicographicallyBetter(c, than: $0, phases) }) ?? true {
                start = c; source = "given plan"
            }
        }
        // Where a target the continuous point met is missed: the repairs of
        // WholePeopleRepair.swift, then the one-learner repair below.
        var why = "", proven = false
        func missing() -> Bool { start.map { missesATargetMetBy(sm, x, $0) } ?? true }
        // (1b) Target-driven repair around the rounding: the missed targets' segments free.
        func targetDriven() {
            for giveUp in [false, true] {
                guard let s = start, missesATargetMetBy(sm, x, s) else { break }
                if let y = neighbourhood(sm, model: model, from: s, continuous: x, extraClasses: extraClasses, radius: 3, giveUp: giveUp,
                                         until: elapsed(since: started) + timeLimit * (giveUp ? 0.2 : 0.4), started: started),
                   lexicographicallyBetter(y, than: s, phases) {
                    start = y; source += " + target-driven repair"
                }
            }
        }
        // (1c) Relax and fix over every term (least spend when every target is held).
        func relaxed(until: Double) {
            let found = relaxAndFix(sm, model: model, continuous: x, extraClasses: extraClasses, until: until, started: started)
            if let p = found.x { start = p; source = "relax and fix" } else { why = found.why; proven = found.proven; note(found.why) }
        }
        if missing() {
            // size-budget wants the least spend meeting every target: relax and fix minimises
            // it; the target-driven repair, quicker on a large plan, buys attainment first.
            if leastSpendFirst {
                relaxed(until: timeLimit * 0.6)
                if missing() { targetDriven() }
            } else {
                targetDriven()
                if missing() { relaxed(until: timeLimit * 0.75) }
            }
        }
        if missing() {
            // (1d) Not found: one learner more at a time where a target the continuous point
            // met is missed (rounding down leaves money and people free for that).
            for (n, r) in rounded.enumerated() {
                guard let fixed = repair(sm, model: model, from: r.point, continuous: x, extraClasses: extraClasses,
                                         until: max(elapsed(since: started), timeLimit * 0.75) + timeLimit * 0.05 * Double(n + 1),
                                         started: started) else { continue }
                if start.map({ lexicographicallyBetter(fixed, than: $0, phases) }) ?? true {
                    start = fixed; source = r.rule == .down ? "term-by-term rounding (down) + repair" : "term-by-term rounding + repair"
                }
            }
        }
        // (2) GLPK, classes fixed, learners integer.
        var m = model
        for v in learners { m.setKind(v, .integer) }
        // The classes of the start (relax and fix may have moved some by one), else the
        // continuous point's.
        let classes = start ?? x
        for v in sm.classVar.values { let n = classes[v.index].rounded(); m.setBounds(v, lower: n, upper: n) }
        var best = start
        var status: SolveStatus = .optimal
        func run(_ m: inout Model, _ phase: Phase, from: [Double]?, share: Double) -> [Double]? {
            m.setObjective(phase.objective, phase.sense)
            var o = SolveOptions()
            o.timeLimit = max(0.2, (timeLimit - elapsed(since: started)) * share)
            // Tight: a target missed by a hair is a sliver of the objective.
            o.relativeGap = 1e-7
            // As in stage 1: GLPK's MIR and Gomory cuts are numerically unstable on this model.
            o.mirCuts = false
            o.gomoryCuts = false
            o.start = from
            guard let r = try? m.solve(o), r.hasSolution, m.violations(at: r.values, tolerance: 1e-6).isEmpty else {
                status = .feasible
                return nil
            }
            if r.status != .optimal { status = .feasible }
            return r.values
        }
        for (n, phase) in phases.enumerated() {
            // With every target the continuous point met already met, attainment can gain only
            // the priority tie-break: most of the time goes to the spend phases.
            let settled = n == 0 && phases.count > 1 && best.map { !missesATargetMetBy(sm, x, $0) } == true
            let share = settled ? 0.2 : 0.9 / Double(phases.count - n)
            if n > 0, let b = best {
                // Spend: a class may close too (relax and fix and the repairs open classes
                // where they need seats; some may then be spare), the attainment kept by its row.
                for v in sm.classVar.values { let c = b[v.index].rounded(); m.setBounds(v, lower: max(0, c - 1), upper: c) }
            }
            if let y = run(&m, phase, from: best, share: share) {
                if best.map({ lexicographicallyBetter(y, than: $0, Array(phases[...n])) }) ?? true {
                    source = best == nil ? "GLPK" : source + " + GLPK (\(phase.name))"
                }
                best = y
            }
            // (3) A target the continuous point met, missed by the whole plan: more classes.
            if n == 0, extraClasses != 0, best.map({ missesATargetMetBy(sm, x, $0) }) ?? true {
                var wider = m
                var added = LinearExpression()
                var opened = 0.0
                for v in sm.classVar.values {
                    let c = classes[v.index].rounded()
                    wider.setBounds(v, lower: c, upper: c + 1)
                    added.add(v); opened += c
                }
                if let e = extraClasses { _ = wider.add(added <= opened + Double(e), name: "whole_people_extra_classes") }
                if let y = run(&wider, phase, from: best, share: 0.5),
                   best.map({ lexicographicallyBetter(y, than: $0, [phase]) }) ?? true {
                    best = y
                    m = wider
                    source += " + more classes"
                }
            }
            guard let b = best else { break }
            let reached = phase.keep.value(at: b)
            let slack = 1e-9 * max(1, abs(reached))
            _ = m.add(phase.sense == .maximize ? phase.keep >= reached - slack : phase.keep <= reached + slack,
                      name: "whole_people_keep_\(phase.name)")
        }
        guard var y = best else { return nil }
        for v in learners { y[v.index] = y[v.index].rounded() }
        // Attainment read from the stocks (GLPK may leave an attainment column a hair low).
        let reached = sm.reached(from: y)
        for (k, vars) in sm.attainment.enumerated() {
            for (mi, v) in vars.enumerated() { if let v { y[v.index] = min(1, reached[k][mi] / sm.need[k][mi]) } }
        }
        let addedClasses = sm.classVar.values.reduce(0) { $0 + Int(y[$1.index].rounded() - x[$1.index].rounded()) }
        let stage = WholePeopleStage(
            continuousLearners: continuousLearners, learners: Int(learners.reduce(0.0) { $0 + y[$1.index] }),
            continuousWeightedAttainment: sm.weightedAttainment.value(at: x), weightedAttainment: sm.weightedAttainment.value(at: y),
            continuousSpend: sm.totalCost.value(at: x), spend: sm.totalCost.value(at: y), addedClasses: addedClasses,
            source: source, status: status, seconds: elapsed(since: started),
            why: missesATargetMetBy(sm, x, y) ? (why.isEmpty ? "no whole-people plan meeting them was found in time" : why) : "",
            proven: missesATargetMetBy(sm, x, y) && proven)
        say(String(format: "whole people (%@): %.2f → %d learners, weighted attainment %.6f → %.6f, spend %.1f → %.1f million VND, %.1fs",
                   source, continuousLearners, stage.learners, stage.continuousWeightedAttainment, stage.weightedAttainment,
                   stage.continuousSpend, stage.spend, stage.seconds))
        return (y, stage)
    }

    /// Adds one learner at a time to a pool that can still take one (its classes' seats, the
    /// segment's free people and release, budgets: every row of `model`; where only the seats
    /// are short, with one more class of the pool, up to `extraClasses`), where a passer
    /// reaches the level of a target the continuous point met and `y` misses, by its
    /// milestone; latest start first (least knock-on for later terms), then least spend per
    /// expected passer. Stops when every such target is met, no learner helps, or at `until`.
    /// - Returns: the improved point, or nil when nothing helped.
    static func repair(_ sm: StrategicModel, model: Model, from y: [Double], continuous x: [Double], extraClasses: Int?,
                       until: Double, started: ContinuousClock.Instant) -> [Double]? {
        var classesLeft = extraClasses ?? Int.max
        let data = sm.data
        let sc = data.scenario
        var plan = sm.plan(from: y)
        for (k, v) in sm.enrolVar { plan.enrolments[k] = y[v.index].rounded() }
        var current = y
        var improved = false
        func missed() -> [(target: Int, milestone: Int)] {
            sm.attainment.enumerated().flatMap { k, vars in
                vars.enumerated().compactMap { mi, v in
                    guard let v, x[v.index] >= 1 - 1e-6, current[v.index] < 1 - 1e-9 else { return nil }
                    return (k, mi)
                }
            }
        }
        func perPasser(_ e: EnrolmentKey) -> Double {
            let cm = data.offeringMode[e.offering]
            let exam = sc.courses[data.offerings[e.offering].course].exam ? Double(sc.exams.feePerCandidate) : 0
            return (Double(cm.costPerLearner) + exam) / max(1e-9, cm.passRate)
        }
        // The flow rows are linear: one more learner at e moves the point by a fixed vector
        // (its enrolment and the stocks it changes), computed once from a plan with only
        // that learner; attainment is then read from the stocks.
        let empty = sm.point(for: Plan(classes: plan.classes))
        var deltas: [EnrolmentKey: [(Int, Double)]] = [:]
        let attainmentColumns = Set(sm.attainment.joined().compactMap { $0?.index })
        func delta(_ e: EnrolmentKey) -> [(Int, Double)] {
            if let d = deltas[e] { return d }
            let one = sm.point(for: Plan(classes: plan.classes, enrolments: [e: 1]))
            let d = one.indices.compactMap { j in
                abs(one[j] - empty[j]) > 1e-12 && !attainmentColumns.contains(j) ? (j, one[j] - empty[j]) : nil
            }
            deltas[e] = d
            return d
        }
        func settle(_ q: inout [Double]) {
            let reached = sm.reached(from: q)
            for (k, vars) in sm.attainment.enumerated() {
                for (mi, v) in vars.enumerated() {
                    guard let v else { continue }
                    q[v.index] = min(1, reached[k][mi] / sm.need[k][mi]) * (1 - 1e-12)
                }
            }
        }
        var trials = 0
        var stuck = Set<Int>()
        outer: while let (k, mi) = missed().first(where: { !stuck.contains($0.target * 1000 + $0.milestone) }),
                     elapsed(since: started) < until, trials < 20_000 {
            let target = sc.targets[k]
            let lastTerm = data.endState(ofYear: data.milestones[mi]) - 1
            let candidates = sm.enrolVar.keys.filter { e in
                let c = sc.courses[data.offerings[e.offering].course]
                return data.segmentsOfTarget[k].contains(e.segment) && c.fromLevel < target.level && c.toLevel >= target.level
                    && (data.endTerm(offering: e.offering, start: e.term) ?? .max) <= lastTerm
            }.sorted { ($1.term, perPasser($0), $0) < ($0.term, perPasser($1), $1) }
            let before = sm.weightedAttainment.value(at: current)
            for e in candidates {
                guard elapsed(since: started) < until else { break outer }
                trials += 1
                var q = current
                for (j, d) in delta(e) { q[j] += d }
                settle(&q)
                guard sm.weightedAttainment.value(at: q) > before + 1e-12 else { continue }
                let broken = model.violations(at: q, tolerance: 1e-6)
                if broken.isEmpty {
                    plan.enrolments[e, default: 0] += 1
                    current = q; improved = true
                    continue outer
                }
                // Only the pool's seats are short: one more class of it, where one fits.
                guard classesLeft > 0, broken.allSatisfy({ $0.name.hasPrefix("fillmax.") }) else { continue }
                for i in sc.institutions.indices {
                    let c = ClassKey(offering: e.offering, payer: e.payer, institution: i, term: e.term)
                    guard sm.classVar[c] != nil, elapsed(since: started) < until else { continue }
                    var trial = plan
                    trial.classes[c, default: 0] += 1
                    trial.enrolments[e, default: 0] += 1
                    let r = sm.point(for: trial)
                    if model.violations(at: r, tolerance: 1e-6).isEmpty {
                        plan = trial; current = r; improved = true
                        classesLeft -= 1
                        continue outer
                    }
                }
            }
            // No free person at the course's level: one or two more learners of a course
            // that brings people of the same segment to that level, ending earlier, as well.
            for e in candidates {
                let from = sc.courses[data.offerings[e.offering].course].fromLevel
                let feeders = sm.enrolVar.keys.filter { f in
                    f.segment == e.segment && sc.courses[data.offerings[f.offering].course].toLevel == from
                        && (data.endTerm(offering: f.offering, start: f.term) ?? .max) < e.term
                }.sorted { ($1.term, perPasser($0), $0) < ($0.term, perPasser($1), $1) }
                for f in feeders {
                    for times in 1...2 {
                        guard elapsed(since: started) < until else { break outer }
                        trials += 1
                        var q = current
                        for (j, d) in delta(e) { q[j] += d }
                        for (j, d) in delta(f) { q[j] += Double(times) * d }
                        settle(&q)
                        if sm.weightedAttainment.value(at: q) > before + 1e-12, model.violations(at: q, tolerance: 1e-6).isEmpty {
                            plan.enrolments[e, default: 0] += 1
                            plan.enrolments[f, default: 0] += Double(times)
                            current = q; improved = true
                            continue outer
                        }
                    }
                }
            }
            stuck.insert(k * 1000 + mi)
        }
        // The point afresh from the plan (no drift from the sums of deltas).
        if improved { current = sm.point(for: plan) }
        return improved && model.violations(at: current, tolerance: 1e-6).isEmpty ? current : nil
    }

    /// Whether point a is better than b in the phases' order (ties within 1e-9 relative).
    static func lexicographicallyBetter(_ a: [Double], than b: [Double], _ phases: [Phase]) -> Bool {
        for p in phases {
            let va = p.objective.value(at: a), vb = p.objective.value(at: b)
            let tol = 1e-9 * max(1, abs(va), abs(vb))
            if abs(va - vb) > tol { return p.sense == .maximize ? va > vb : va < vb }
        }
        return false
    }

    /// Whether the whole point y misses a target at a milestone that the continuous point x met.
    static func missesATargetMetBy(_ sm: StrategicModel, _ x: [Double], _ y: [Double]) -> Bool {
        sm.attainment.joined().contains { v in
            guard let v else { return false }
            return x[v.index] >= 1 - 1e-6 && y[v.index] < 1 - 1e-9
        }
    }

    /// The continuous point's learners rounded term by term: terms in order, each pool
    /// (offering, payer, start term: one class-fill row) to a whole total by `rule`, shared
    /// over its segments by largest remainder, each segment capped by the people it has free
    /// at the course's level (stocks as the earlier terms' rounding leaves them) and by its
    /// release limit in every term the course runs. Class counts stay as they are, except
    /// where a pool's whole learners cannot fill its classes to their minimum size: then it
    /// keeps as many classes as they fill.
    /// - Returns: the plan (its classes and whole learners).
    static func termByTerm(_ sm: StrategicModel, from x: [Double], rule: FloatingPointRoundingRule) -> Plan {
        let data = sm.data
        let sc = data.scenario
        let T = data.termCount
        var plan = Plan(classes: sm.plan(from: x).classes)
        struct Pool: Hashable { var offering: Int; var payer: Int; var term: Int }
        var pools: [Pool: [(EnrolmentKey, Double)]] = [:]
        for (k, v) in sm.enrolVar where x[v.index] > 1e-9 {
            pools[Pool(offering: k.offering, payer: k.payer, term: k.term), default: []].append((k, x[v.index]))
        }
        var classesOf: [Pool: Int] = [:]
        for (k, n) in plan.classes { classesOf[Pool(offering: k.offering, payer: k.payer, term: k.term), default: 0] += n }
        let fromLevel = data.offerings.map { sc.courses[$0.course].fromLevel }
        for t in 0..<T {
            let starting = pools.keys.filter { $0.term == t }.sorted { ($0.offering, $0.payer) < ($1.offering, $1.payer) }
            guard !starting.isEmpty else { continue }
            // Stocks at the start of t depend only on enrolments that ended before t: all rounded.
            let stock = Projection(scenario: sc, plan: plan, data: data).stock
            var busyFree = [[Double]](repeating: [Double](repeating: 0, count: 7), count: sc.segments.count)
            for s in sc.segments.indices { for l in 0..<7 { busyFree[s][l] = stock[s][l][t] } }
            // Release left per segment and term from t on (only rounded enrolments run there yet).
            var awayFree = [[Double]](repeating: [Double](repeating: 0, count: T), count: sc.segments.count)
            for s in sc.segments.indices {
                let share = sc.segments[s].maxShareInTraining ?? sc.policy.maxShareInTraining
                for u in t..<T { awayFree[s][u] = share * data.headcount[s][u] }
            }
            for (k, n) in plan.enrolments {
                guard let end = data.endTerm(offering: k.offering, start: k.term), end >= t else { continue }
                busyFree[k.segment][fromLevel[k.offering]] -= n * data.survival(segment: k.segment, start: k.term, end: t)
                if PlanningData.isAwayFromWork(data.offerings[k.offering].mode) {
                    for u in t...end { awayFree[k.segment][u] -= n }
                }
            }
            for pool in starting {
                let entries = pools[pool] ?? []
                let mode = data.offerings[pool.offering].mode
                let end = data.endTerm(offering: pool.offering, start: t) ?? t
                let l = fromLevel[pool.offering]
                let cap = entries.map { (k, _) -> Int in
                    var c = busyFree[k.segment][l] / data.survival(segment: k.segment, start: t, end: t)
                    if PlanningData.isAwayFromWork(mode) { for u in t...end { c = min(c, awayFree[k.segment][u]) } }
                    return max(0, Int((c + 1e-6).rounded(.down)))
                }
                let total = entries.reduce(0.0) { $0 + $1.1 }
                var n = Int((total + (rule == .down ? 1e-6 : 0)).rounded(rule))
                let cm = data.offeringMode[pool.offering]
                if mode.hasClasses { n = min(n, cm.classSizeMax * (classesOf[pool] ?? 0)) }
                var whole = apportion(n, weights: entries.map(\.1))
                // Above a segment's free people: the excess to the others with room, most first.
                var excess = 0
                for j in whole.indices where whole[j] > cap[j] { excess += whole[j] - cap[j]; whole[j] = cap[j] }
                for j in entries.indices.sorted(by: { entries[$0].1 > entries[$1].1 }) where excess > 0 {
                    let more = min(excess, cap[j] - whole[j])
                    whole[j] += more; excess -= more
                }
                let opened = classesOf[pool] ?? 0
                if mode.hasClasses, cm.classSizeMin > 0, whole.reduce(0, +) < cm.classSizeMin * opened {
                    // Too few free people for the classes' minimum size: fewer classes, as many
                    // as the learners fill; learners beyond their seats are not enrolled.
                    let keep = whole.reduce(0, +) / cm.classSizeMin
                    var over = whole.reduce(0, +) - cm.classSizeMax * keep
                    for j in whole.indices.sorted(by: { entries[$0].1 < entries[$1].1 }) where over > 0 {
                        let d = min(over, whole[j]); whole[j] -= d; over -= d
                    }
                    var close = opened - keep
                    for k in plan.classes.keys.sorted(by: >) where close > 0
                        && k.offering == pool.offering && k.payer == pool.payer && k.term == pool.term {
                        let d = min(close, plan.classes[k] ?? 0)
                        plan.classes[k] = (plan.classes[k] ?? 0) - d == 0 ? nil : (plan.classes[k] ?? 0) - d
                        close -= d
                    }
                    classesOf[pool] = keep
                }
                for (j, (k, _)) in entries.enumerated() where whole[j] > 0 {
                    plan.enrolments[k] = Double(whole[j])
                    busyFree[k.segment][l] -= Double(whole[j]) * data.survival(segment: k.segment, start: t, end: t)
                    if PlanningData.isAwayFromWork(mode) { for u in t...end { awayFree[k.segment][u] -= Double(whole[j]) } }
                }
            }
        }
        return plan
    }
}
