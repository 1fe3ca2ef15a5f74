import Foundation
import GLPK
import LinearModel
import Scenario

/// Relax and fix: a whole-people plan that meets every target the continuous point met.
///
/// Why: rounding learners one pool at a time cannot see that a target met by a fraction of
/// a person needs a whole person somewhere, often several terms earlier (a level-2 learner
/// in term 1 so that a level-3 one is free in term 3: the continuous plan used every
/// expected person at level 3), nor that the money for that person must come from a target
/// met with room to spare. Here GLPK decides the learners of one start term at a time as
/// whole people, with the targets the continuous point met held as rows (attainment = 1),
/// the earlier terms' learners fixed and the later terms' learners continuous: the later
/// terms' LP is what tells a term which whole choice still leaves every target reachable.
/// When a term has no such choice, the window of whole terms grows backwards (the previous
/// term's learners are freed again) until it covers every term: then GLPK's "infeasible" is
/// a proof that no whole-people plan meets those targets with classes within one of the
/// continuous point's (and at most `extraClasses` more in all).
extension WholePeople {
    /// What relax and fix found.
    struct Search {
        /// A point of `model` with whole learners meeting every target the continuous point
        /// met; nil when none was found.
        var x: [Double]?
        /// True when GLPK proved that no such point exists with these classes.
        var proven: Bool
        /// Why there is none, for the log and the report; empty when found.
        var why: String
    }

    /// - Parameters:
    ///   - sm: the strategic model.
    ///   - model: the rows to respect (`sm.model` or a re-plan's copy).
    ///   - x: the continuous point (class counts whole).
    ///   - extraClasses: most classes beyond the continuous point's (nil: any number; 0: the
    ///     continuous point's classes exactly).
    ///   - until: seconds since `started` by which to stop.
    /// - Returns: the point found, or why none was.
    static func relaxAndFix(_ sm: StrategicModel, model: Model, continuous x: [Double], extraClasses: Int?,
                            until: Double, started: ContinuousClock.Instant) -> Search {
        let data = sm.data
        let T = data.termCount
        var m = model
        var hard: [(target: Int, milestone: Int, v: Variable)] = []
        for (k, vars) in sm.attainment.enumerated() {
            for (mi, v) in vars.enumerated() {
                guard let v, x[v.index] >= 1 - 1e-6 else { continue }
                m.setBounds(v, lower: 1, upper: 1)
                hard.append((k, mi, v))
            }
        }
        // Classes within one of the continuous point's.
        var classBounds: [Int: (Double, Double)] = [:]
        var opened = LinearExpression()
        var total = 0.0
        for v in sm.classVar.values {
            let c = x[v.index].rounded()
            let b = extraClasses == 0 ? (c, c) : (max(0, c - 1), c + 1)
            m.setBounds(v, lower: b.0, upper: b.1)
            classBounds[v.index] = b
            opened.add(v); total += c
        }
        if let e = extraClasses, e > 0 { _ = m.add(opened <= total + Double(e), name: "whole_people_extra_classes") }
        // Every target held as a row: the least spend (size-budget, or a plan meeting all);
        // else the most weighted attainment of the targets not held (the spend phase that
        // follows, with these classes, takes the money out).
        let allHeld = sm.attainment.joined().allSatisfy { v in v.map { x[$0.index] >= 1 - 1e-6 } ?? true }
        if allHeld { m.setObjective(sm.totalCost, .minimize) } else { m.setObjective(sm.weightedAttainment, .maximize) }

        var learnersOf = [[Variable]](repeating: [], count: T)
        for (k, v) in sm.enrolVar { learnersOf[k.term].append(v) }
        var classesOf = [[Variable]](repeating: [], count: T)
        for (k, v) in sm.classVar { classesOf[k.term].append(v) }
        let terms = (0..<T).filter { !learnersOf[$0].isEmpty }
        guard !terms.isEmpty else { return Search(x: nil, proven: false, why: "no learners to make whole") }
        let missed = hard.map { "\(data.scenario.targets[$0.target].id) \(data.milestones[$0.milestone])" }.joined(separator: ", ")

        func fix(_ t: Int, at y: [Double]) {
            for v in learnersOf[t] { let n = max(0, y[v.index].rounded()); m.setBounds(v, lower: n, upper: n) }
            for v in classesOf[t] { let n = y[v.index].rounded(); m.setBounds(v, lower: n, upper: n) }
        }
        func free(_ t: Int) {
            for v in learnersOf[t] { let i = model.info(v); m.setBounds(v, lower: i.lower, upper: i.upper) }
            for v in classesOf[t] { if let b = classBounds[v.index] { m.setBounds(v, lower: b.0, upper: b.1) } }
        }
        // Passes, cheapest first: margins cost money (more learners, earlier), so a pass with
        // none, then half a person, gives up at its first term without a whole choice; the
        // last pass (one person) tries each window in steps: its learners within `radius` of
        // the last LP's values (whole numbers next to them: few choices), with the margins;
        // wider; without them; then any whole numbers, and grows the window backwards. Only
        // its last step's "infeasible" counts.
        typealias Step = (radius: Double?, margin: Double, room: Double)
        let passes: [(ladder: [Step], extend: Bool)] = [
            ([(0, 0, 0), (2, 0, 0)], false),
            ([(0, 0.5, 0.5), (2, 0.5, 0.5)], false),
            ([(0, 1, 1), (2, 1, 1), (2, 0, 1), (2, 0, 0), (nil, 0, 0)], true),
        ]
        // The one-course-at-a-time ("busy.") and release rows by term (named by Formulation.swift).
        let labels = Dictionary(uniqueKeysWithValues: (0..<T).map { (data.scenario.horizon.label(ofTerm: $0), $0) })
        let roundingRows: [(ConstraintRef, Int)] = m.rowNames.enumerated().compactMap { r, name in
            guard name.hasPrefix("busy.") || name.hasPrefix("release."),
                  let label = name.split(separator: ".").last, let t = labels[String(label)] else { return nil }
            return (ConstraintRef(index: r), t)
        }
        let base = m
        var last: [Double]? = nil
        passes: for (ladder, extend) in passes {
        m = base
        last = nil
        var step = 0
        var windowStart = 0
        var i = 0
        while i < terms.count {
            let left = until - elapsed(since: started)
            guard left > 0.05 else {
                return Search(x: nil, proven: false, why: "no whole-people plan meeting \(missed) found in time")
            }
            let (radius, margin, room) = ladder[step]
            let ref = last ?? x
            var w = m
            for j in windowStart...i {
                for v in learnersOf[terms[j]] {
                    w.setKind(v, .integer)
                    if let r = radius {
                        let lower = max(0, (ref[v.index] - 1e-6).rounded(.down) - r)
                        w.setBounds(v, lower: lower, upper: (ref[v.index] + 1e-6).rounded(.up) + r)
                    }
                }
            }
            // Later terms' classes kept at the continuous point's (relaxed, their cost would be
            // a fraction of a class, paid in full later) and the teacher and room splits of
            // their terms relaxed: the window is then a small MIP, not stage 1 again.
            for (k, v) in sm.classVar where k.term > terms[i] { let c = x[v.index].rounded(); w.setBounds(v, lower: c, upper: c) }
            for b in sm.teacherShares where b.term > terms[i] { for g in b.variables.values { for v in g.values { w.setKind(v, .continuous) } } }
            for b in sm.roomShares where b.term > terms[i] { for g in b.variables.values { for v in g.values { w.setKind(v, .continuous) } } }
            // A target whose milestone still has continuous terms before it must be met with
            // a margin there (`margin` expected people): rounding those terms later loses a
            // fraction of a person per pool, and the margin leaves room for it.
            for h in hard where margin > 0 && data.endState(ofYear: data.milestones[h.milestone]) - 1 > terms[i] {
                let a = 1 + margin / sm.need[h.target][h.milestone]
                w.setBounds(h.v, lower: a, upper: a)
            }
            // Whole people fit below a fractional limit only to its floor: in the continuous
            // terms, the one-course-at-a-time and release rows the last LP filled keep up to
            // `room` people free (never more than the learners it put there), so that the
            // terms decided later can still round their learners up.
            if room > 0 {
                for (row, term) in roundingRows where term > terms[i] {
                    let entries = m.row(row)
                    let learners = entries.reduce(0.0) { $1.coefficient > 0 ? $0 + $1.coefficient * ref[$1.variable.index] : $0 }
                    let upper = m.rowUpper[row.index]
                    w.setBounds(row, lower: m.rowLower[row.index], upper: upper - min(room, max(0, learners)))
                }
            }
            var o = SolveOptions()
            // The window's share of the time left, at least a little (a term is usually quick).
            o.timeLimit = max(0.3, left / Double(terms.count - i + 1) * Double(i - windowStart + 1))
            // Spend loosely while later terms are continuous (the spend phase that follows
            // takes the money out of the learners); attainment tight (a person is a sliver of it).
            o.relativeGap = allHeld ? 1e-4 : 1e-7
            // As in stage 1: GLPK's MIR and Gomory cuts are numerically unstable on this model.
            o.mirCuts = false
            o.gomoryCuts = false
            // GLPK's MIP presolver calls some of these windows infeasible that are not (rows
            // met to 1e-16 after fixing the previous window); the simplex method does not.
            o.presolve = false
            let r = try? w.solve(o)
            note(String(format: "relax and fix: terms %d-%d of %d, radius %@, margin %.1f, room %.1f: %@ (%@), objective %.4f after %.1fs", windowStart, i, terms.count,
                       radius.map { String(format: "%.0f", $0) } ?? "any", margin, room,
                       r?.status.rawValue ?? "failed", r?.detail ?? "", r?.objective ?? .nan, elapsed(since: started)))
            if let r, r.hasSolution, w.violations(at: r.values, tolerance: 1e-6).isEmpty {
                for j in windowStart...i { fix(terms[j], at: r.values) }
                last = r.values
                i += 1
                windowStart = i
                step = 0
                continue
            }
            if step + 1 < ladder.count && (r?.status == .infeasible || radius != nil) {
                step += 1
                continue
            }
            if !extend { continue passes }
            guard r?.status == .infeasible else {
                return Search(x: nil, proven: false,
                              why: "no whole-people plan meeting \(missed) found in time (\(r?.detail ?? "solver failed"))")
            }
            if windowStart == 0 {
                let room = extraClasses == 0 ? "with the continuous plan's classes"
                    : "with classes within one of the continuous plan's" + (extraClasses.map { " and at most \($0) more" } ?? "")
                return Search(x: nil, proven: true,
                              why: "no whole-people plan meets every target of \(missed) \(room) within the scenario's capacities and budgets (GLPK proves it)")
            }
            // This term has no whole choice left: decide the previous one again with it.
            windowStart -= 1
            free(terms[windowStart])
            step = 0
        }
        break
        }
        guard let y = last else { return Search(x: nil, proven: false, why: "nothing solved") }
        // The point afresh from the plan (whole learners, stocks by the flow rows).
        var plan = sm.plan(from: y)
        for (k, v) in sm.enrolVar { let n = y[v.index].rounded(); plan.enrolments[k] = n > 0 ? n : nil }
        let p = sm.point(for: plan)
        guard model.violations(at: p, tolerance: 1e-6).isEmpty, !missesATargetMetBy(sm, x, p) else {
            return Search(x: nil, proven: false, why: "the whole plan found breaks a row when recomputed")
        }
        return Search(x: p, proven: false, why: "")
    }
}

/// Target-driven repair: a small MIP around a whole point that misses a target the
/// continuous point met.
extension WholePeople {
    /// Around the whole point `p`: the learners of every segment counted by a missed target
    /// free (whole, within `radius` of p's), their pools' classes free to one more, and every
    /// other learner at p's or, with `giveUp`, one fewer (a person taken from a target met
    /// with room to spare frees money, seats and release); targets p meets held met. GLPK
    /// starts from p (feasible), so the answer is never worse.
    /// - Parameters:
    ///   - sm: the strategic model; `model`: the rows to respect.
    ///   - p: a whole point of `model`; `x`: the continuous point.
    ///   - extraClasses: most classes beyond p's (nil: any number).
    ///   - until: seconds since `started` by which to stop.
    /// - Returns: the better whole point, or nil when none was found.
    static func neighbourhood(_ sm: StrategicModel, model: Model, from p: [Double], continuous x: [Double], extraClasses: Int?,
                              radius: Double, giveUp: Bool, until: Double, started: ContinuousClock.Instant) -> [Double]? {
        let data = sm.data
        var missedSegments = Set<Int>()
        var m = model
        for (k, vars) in sm.attainment.enumerated() {
            for v in vars {
                guard let v else { continue }
                if x[v.index] >= 1 - 1e-6 && p[v.index] < 1 - 1e-9 { missedSegments.formUnion(data.segmentsOfTarget[k]) }
                if p[v.index] >= 1 - 1e-9 { m.setBounds(v, lower: p[v.index], upper: 1) }
            }
        }
        guard !missedSegments.isEmpty else { return nil }
        struct Pool: Hashable { var offering: Int; var payer: Int; var term: Int }
        var freePools = Set<Pool>()
        for (k, v) in sm.enrolVar {
            m.setKind(v, .integer)
            let n = p[v.index].rounded()
            if missedSegments.contains(k.segment) {
                m.setBounds(v, lower: max(0, n - radius), upper: n + radius)
                freePools.insert(Pool(offering: k.offering, payer: k.payer, term: k.term))
            } else {
                m.setBounds(v, lower: giveUp ? max(0, n - 1) : n, upper: n)
            }
        }
        var opened = LinearExpression()
        var total = 0.0
        for (k, v) in sm.classVar {
            let c = p[v.index].rounded()
            let free = extraClasses != 0 && freePools.contains(Pool(offering: k.offering, payer: k.payer, term: k.term))
            m.setBounds(v, lower: c, upper: free ? c + 1 : c)
            opened.add(v); total += c
        }
        if let e = extraClasses, e > 0 { _ = m.add(opened <= total + Double(e), name: "whole_people_extra_classes") }
        // The targets' attainment (not the priority tie-break, which would buy learners the
        // targets do not need), then the least spend that keeps it.
        m.setObjective(sm.weightedAttainment, .maximize)
        var o = SolveOptions()
        o.timeLimit = max(0.2, (until - elapsed(since: started)) * 0.75)
        o.relativeGap = 1e-7
        o.mirCuts = false
        o.gomoryCuts = false
        o.start = p
        let r = try? m.solve(o)
        note(String(format: "target-driven repair (radius %.0f%@): %@ (%@), weighted attainment %.6f after %.1fs", radius, giveUp ? ", others may give up one" : "",
                   r?.status.rawValue ?? "failed", r?.detail ?? "", r.flatMap { $0.hasSolution ? sm.weightedAttainment.value(at: $0.values) : nil } ?? .nan,
                   elapsed(since: started)))
        guard var r, r.hasSolution else { return nil }
        let reached = sm.weightedAttainment.value(at: r.values)
        _ = m.add(sm.weightedAttainment >= reached - 1e-9 * max(1, reached), name: "whole_people_keep_attainment")
        m.setObjective(sm.totalCost, .minimize)
        o.timeLimit = max(0.2, until - elapsed(since: started))
        o.relativeGap = 1e-6
        o.start = r.values
        let c = try? m.solve(o)
        note(String(format: "target-driven repair, least spend: %@ (%@), %.1f → %.1f million VND", c?.status.rawValue ?? "failed", c?.detail ?? "",
                   sm.totalCost.value(at: r.values), c.flatMap { $0.hasSolution ? sm.totalCost.value(at: $0.values) : nil } ?? .nan))
        if let c, c.hasSolution, sm.totalCost.value(at: c.values) < sm.totalCost.value(at: r.values) { r = c }
        var plan = sm.plan(from: r.values)
        for (k, v) in sm.enrolVar { let n = r.values[v.index].rounded(); plan.enrolments[k] = n > 0 ? n : nil }
        let y = sm.point(for: plan)
        guard model.violations(at: y, tolerance: 1e-6).isEmpty else { return nil }
        return y
    }
}

extension WholePeople {
    /// A line of the stage's search for the debug log (`--verbose`), not the progress lines
    /// (those have a Vietnamese form each: WebApp's ProgressText).
    static func note(_ line: String) { GLPKLog.logger.debug("whole people: \(line)") }
}
