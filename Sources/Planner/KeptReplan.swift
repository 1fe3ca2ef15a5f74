import Foundation
import LinearModel
import Scenario

/// Re-plans that keep their word (issue 14): classes already announced for the next N terms
/// are kept unless they became impossible; otherwise as few of them change as can, for the
/// best attainment (UniTime's minimal perturbation problem).
///
/// Lexicographic, every stage an ordinary GLPK solve of the strategic model:
/// 1. All classes of the kept terms fixed at the committed counts (other class counts of
///    those terms at 0). If that plan exists, it is the re-plan: no kept class moves.
/// 2. Otherwise: (a) the best weighted attainment z* with every class free; (b) the fewest
///    changes D* = min Σ |classes − committed| over the kept terms' class counts (linearised:
///    classes − committed = d⁺ − d⁻, d⁺, d⁻ ≥ 0) with attainment ≥ z*; (c) attainment at
///    z* and changes ≤ D*, then the least spend (the planner's stage 2).
/// One class moved to another institution of the same term counts 2 (one dropped, one
/// added); moved out of the kept terms counts 1: later terms were never promised.
public enum KeptReplanner {
    /// A class count that differs from the committed plan, and why.
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable { case added, dropped, moved }
        public var kind: Kind
        /// The committed classes' key (dropped, moved) or the new one (added).
        public var from: ClassKey?
        public var to: ClassKey?
        public var classes: Int
        /// Whether the change touches a kept (announced) term.
        public var inKeptTerms: Bool
        /// The limit that forced it, e.g. "teachers (level ≥4) at school in 2027T1: 1".
        public var reason: String
    }

    /// What a report shows of a re-plan (kept in the plan's result).
    public struct Summary: Sendable {
        public var keepTerms: Int
        public var keptAll: Bool
        public var keptTermChanges: Int
        public var changes: [Change]
    }

    /// What the re-plan did with the committed classes.
    public struct Outcome: Sendable {
        public var result: PlanResult
        /// True when every committed class of the kept terms stayed (stage 1 succeeded).
        public var keptAll: Bool
        /// Classes of the kept terms changed (Σ |Δ|), the quantity stage 2(b) minimises.
        public var keptTermChanges: Int
        public var changes: [Change]
        public var keepTerms: Int
        /// The result with `replanOutcome` set, for the report.
        public var reported: PlanResult {
            var r = result
            r.replanOutcome = Summary(keepTerms: keepTerms, keptAll: keptAll, keptTermChanges: keptTermChanges, changes: changes)
            return r
        }
    }

    /// - Parameters:
    ///   - scenario: the re-based scenario (horizon starting at the survey year).
    ///   - committed: the plan being revised, as class counts keyed in `scenario`'s indices
    ///     (term 0 = first term of the survey year).
    ///   - keepTerms: number of terms, from term 0, whose classes were announced.
    ///   - options: the planner's options (time limit per stage).
    /// - Returns: the re-plan, and every class added, moved or dropped against `committed`.
    /// - Throws: `PlannerError` when no plan at all is found.
    public static func replan(_ scenario: Scenario, committed: [ClassKey: Int], keepTerms: Int,
                              options: PlannerOptions) throws(PlannerError) -> Outcome {
        let say: (String) -> Void = { options.progress?($0) }
        let kept = 0..<max(0, keepTerms)
        let promised = committed.filter { kept.contains($0.key.term) && $0.value > 0 }
        let probe = StrategicModel(PlanningData(scenario))
        let impossible = promised.keys.filter { probe.classVar[$0] == nil }

        // Stage 1: every announced class kept.
        if impossible.isEmpty {
            var o = options
            o.adjustModel = { sm in
                for (k, v) in sm.classVar where kept.contains(k.term) {
                    let n = Double(promised[k] ?? 0)
                    sm.model.setBounds(v, lower: n, upper: n)
                }
            }
            if let r = try? StrategicPlanner.plan(scenario, options: o) {
                say("re-plan: every class announced for the first \(keepTerms) term(s) kept")
                return Outcome(result: r, keptAll: true, keptTermChanges: 0,
                               changes: changes(scenario, committed: committed, plan: r.plan, kept: kept, probe: probe),
                               keepTerms: keepTerms)
            }
            say("re-plan: the announced classes cannot all be kept; changing as few as possible")
        } else {
            say("re-plan: \(impossible.count) announced class group(s) can no longer run anywhere they were placed")
        }

        // Stage 2(a): the best attainment with every class free.
        var free = options
        free.minimiseCost = false
        free.monteCarloRuns = 0
        let best = try StrategicPlanner.plan(scenario, options: free)
        let zStar = best.projection.weightedAttainment(scenario)
        let slack = 1e-6 * max(1, abs(zStar))

        // Deviation rows over the kept terms, shared by stages (b) and (c).
        @Sendable func deviations(_ sm: inout StrategicModel) -> LinearExpression {
            var total = LinearExpression(Double(impossible.reduce(0) { $0 + (promised[$1] ?? 0) }))
            for (k, v) in sm.classVar.sorted(by: { $0.key < $1.key }) where kept.contains(k.term) {
                let up = sm.model.addVariable("dplus.\(v.index)"), down = sm.model.addVariable("dminus.\(v.index)")
                _ = sm.model.add(v - up + down == Double(promised[k] ?? 0), name: "deviation.\(v.index)")
                total.add(up); total.add(down)
            }
            _ = sm.model.add(sm.weightedAttainment >= zStar - slack, name: "keep_best_attainment")
            return total
        }
        // Stage 2(b): fewest changes at that attainment.
        var fewest = free
        fewest.startPlans = []
        fewest.adjustModel = { sm in
            let d = deviations(&sm)
            sm.model.minimize(d)
        }
        // Whole people may not reach z* with (b)'s classes: then (a)'s plan, which does.
        let b = (try? StrategicPlanner.plan(scenario, options: fewest)) ?? best
        let dStar = Double(keptChanges(b.plan, promised: promised, kept: kept))
        say(String(format: "re-plan: best attainment %.4f needs %.0f change(s) to the announced classes", zStar, dStar))
        // Stage 2(c): that attainment, that few changes, least spend.
        var final = options
        final.startPlans = [b.plan]
        final.adjustModel = { sm in
            let d = deviations(&sm)
            _ = sm.model.add(d <= dStar + 1e-6, name: "fewest_changes")
        }
        let r = try StrategicPlanner.plan(scenario, options: final)
        return Outcome(result: r, keptAll: false, keptTermChanges: keptChanges(r.plan, promised: promised, kept: kept) + impossible.reduce(0) { $0 + (promised[$1] ?? 0) },
                       changes: changes(scenario, committed: committed, plan: r.plan, kept: kept, probe: probe), keepTerms: keepTerms)
    }

    /// Σ |classes − committed| over the kept terms' class counts.
    static func keptChanges(_ plan: Plan, promised: [ClassKey: Int], kept: Range<Int>) -> Int {
        let keys = Set(plan.classes.keys.filter { kept.contains($0.term) }).union(promised.keys)
        return keys.reduce(0) { $0 + abs((plan.classes[$1] ?? 0) - (promised[$1] ?? 0)) }
    }

    /// Every class count that differs from the committed plan, over the whole horizon: a
    /// drop paired with an add of the same course, mode and payer is a move.
    static func changes(_ sc: Scenario, committed: [ClassKey: Int], plan: Plan, kept: Range<Int>,
                        probe: StrategicModel) -> [Change] {
        var delta: [ClassKey: Int] = [:]
        for k in Set(committed.keys).union(plan.classes.keys) {
            let d = (plan.classes[k] ?? 0) - (committed[k] ?? 0)
            if d != 0 { delta[k] = d }
        }
        var drops = delta.filter { $0.value < 0 }.sorted { $0.key < $1.key }.map { ($0.key, -$0.value) }
        var adds = delta.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var out: [Change] = []
        for i in drops.indices {
            for j in adds.indices where drops[i].1 > 0 && adds[j].1 > 0
                && adds[j].0.offering == drops[i].0.offering && adds[j].0.payer == drops[i].0.payer {
                let n = min(drops[i].1, adds[j].1)
                out.append(Change(kind: .moved, from: drops[i].0, to: adds[j].0, classes: n,
                                  inKeptTerms: kept.contains(drops[i].0.term) || kept.contains(adds[j].0.term),
                                  reason: reason(sc, drops[i].0, committed: committed, probe: probe)))
                drops[i].1 -= n; adds[j].1 -= n
            }
        }
        for (k, n) in drops where n > 0 {
            out.append(Change(kind: .dropped, from: k, to: nil, classes: n, inKeptTerms: kept.contains(k.term),
                              reason: reason(sc, k, committed: committed, probe: probe)))
        }
        for (k, n) in adds where n > 0 {
            out.append(Change(kind: .added, from: nil, to: k, classes: n, inKeptTerms: kept.contains(k.term),
                              reason: "more learners reach the targets (or at less cost)"))
        }
        return out
    }

    /// Why committed classes at `key` could not stay: a capacity row of the new scenario the
    /// committed classes of that institution and term break, or that none can run there now.
    static func reason(_ sc: Scenario, _ key: ClassKey, committed: [ClassKey: Int], probe: StrategicModel) -> String {
        let where_ = "\(sc.institutions[key.institution].id) in \(sc.horizon.label(ofTerm: key.term))"
        guard probe.classVar[key] != nil else { return "no such class can run at \(where_) any more (teachers, rooms or modes)" }
        var x = [Double](repeating: 0, count: probe.model.variableCount)
        for (k, n) in committed { if let v = probe.classVar[k] { x[v.index] = Double(n) } }
        for c in probe.capacityRows where c.institution == key.institution && c.term == key.term {
            let used = probe.model.activity(c.row, at: x)
            if used > c.capacity + 1e-6 {
                return String(format: "%@ at %@: the announced classes need %.1f, %.0f available", c.resource, where_, used, c.capacity)
            }
        }
        return "the announced classes could not all run with the rest of the plan (release, budget or exam seats)"
    }
}
