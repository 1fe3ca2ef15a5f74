import Foundation
import GLPK
import LinearModel
import Logging
import Scenario

/// One stage's search (stage 1's attainment, stage 2's least cost): the LP relaxation, rounded
/// and dived incumbents, sub-MIPs, root cuts and branch and cut (`solveStage`), and the
/// one-more-class move (`addOneClass`). `StrategicPlanner.plan` decides what each stage asks.
extension StrategicPlanner {
    struct Stage {
        var x: [Double]?
        var status: SolveStatus
        var bound: Double?
        var source: String
        var detail: String
        var lpDuals: [Double]?
        var secondsToGap01: Double?
        var lpBound: Double? = nil
    }

    /// LP relaxation → rounded incumbents (floor, nearest, each re-solved for the
    /// continuous part) and given starts → branch and cut from the best of them.
    /// `shares`: the teacher and room share groups the dives make whole with the class counts
    /// (`Dive.swift`); `parallel`: on a small model, dives and random sub-MIPs on a second
    /// core too (`DivePortfolio`).
    ///
    /// `rootCuts`: the fill rows as variable upper bounds, for langplan's own c-MIR cuts
    /// (`Cuts.strengthen`) just before branch and cut, which then runs on the model with them;
    /// the stage's bound is the better of the two LPs'. Only there: the heuristics (rounding,
    /// dives, sub-MIPs) keep the model without cuts (dived from the cut LP's point the district
    /// rung's plans were worse, 11.5864 against 11.595), and a stage that reaches its gap before
    /// branch and cut (the province rung) spends nothing on them.
    static func solveStage(model: Model, rootCuts: [Cuts.VariableUpperBound]? = nil, integerVars: [Variable], shares: [ShareGroup] = [], parallel: Bool = false, columns: [Improvement.Column] = [], boundSlack: Double = 0, starts: [(String, [Double])], timeLimit: Double,
                           gap: Double, verbose: Bool, started: ContinuousClock.Instant,
                           say: (String) -> Void, quiet: Bool = false,
                           progress: (@Sendable (String) -> Void)? = nil,
                           onIncumbent: (@Sendable (Double, Double) -> Void)? = nil,
                           tune: (@Sendable (inout SolveOptions) -> Void)? = nil) throws(SolveError) -> Stage {
        let stageStart = ContinuousClock.now
        let maximize = model.sense == .maximize
        func better(_ a: Double, _ b: Double) -> Bool { maximize ? a > b + 1e-12 : a < b - 1e-12 }
        /// Whether objective `z` of a feasible plan lies beyond `bound` (more than rounding, and
        /// more than `boundSlack`: GLPK takes reduced costs of the tie-break's size as zero, so
        /// sub-MIPs can find plans that beat its LP by that much; `plan` reports bound + slack).
        func beyond(_ z: Double, _ bound: Double) -> Bool {
            better(z, bound + (maximize ? 1 : -1) * (1e-7 * max(1, abs(bound)) + boundSlack))
        }
        do {
            return try model.withGLPKSession { session throws(SolveError) -> Stage in
                let lp = try session.solveRelaxation(timeLimit: timeLimit, verbose: verbose)
                // Small models: dives on the second core too (its own GLPK problem and LP), then
                // random sub-MIPs there, sharing the best plan with this thread's. Not on large
                // ones: on the shared 2-core machine a second thread halved the first's speed
                // (city rung: its dive's plan at 21 s instead of 9.6 s) and found no better plan.
                let shared = SharedIncumbent()
                var onFound: (@Sendable (Double) -> Void)? = nil
                if let onIncumbent { onFound = { z in onIncumbent(elapsed(since: started), z) } }
                let helper = parallel && !integerVars.isEmpty && lp.status == .optimal && lp.seconds < 0.5
                    ? DivePortfolio(model: model, integerVars: integerVars, shares: shares, settings: DivePortfolio.helperSettings,
                                    deadline: timeLimit * 0.3, stageStart: stageStart,
                                    improve: columns.isEmpty ? nil : (columns, gap, timeLimit * 0.75, shared),
                                    onFound: onFound) : nil
                defer { _ = helper?.finish() }
                guard lp.status == .optimal, let lpBound = lp.objective else {
                    // No bound in time: fall back on the best feasible start (the greedy plan).
                    let fallback = starts.filter { model.violations(at: $0.1, tolerance: 1e-6).isEmpty }
                        .max { maximize ? model.objectiveValue(at: $0.1) < model.objectiveValue(at: $1.1)
                                        : model.objectiveValue(at: $0.1) > model.objectiveValue(at: $1.1) }
                    if let f = fallback { say("LP relaxation: \(lp.detail); keeping the \(f.0) plan, bound unknown") }
                    return Stage(x: fallback?.1, status: fallback == nil ? lp.status : .feasible, bound: nil,
                                 source: fallback?.0 ?? "", detail: "LP relaxation: \(lp.detail)")
                }
                if !quiet { say(String(format: "LP relaxation bound %.6f in %.1fs", lpBound, lp.seconds)) }
                var bound = lpBound
                var best: (x: [Double], obj: Double, source: String)? = nil
                func consider(_ x0: [Double], _ source: String) {
                    var x = x0
                    // Rounding fixes class counts only; other integer columns (teacher and room
                    // shares) may be left fractional: complete them with a small sub-MIP (it
                    // re-solves the LP first: a few LP times).
                    if !model.violations(at: x, tolerance: 1e-6).isEmpty {
                        guard !columns.isEmpty, let y = Improvement.completeIntegers(session: session, model: model, columns: columns, x: x,
                                                                   timeLimit: min(max(2, 4 * lp.seconds), max(0.1, timeLimit - elapsed(since: stageStart))))
                        else { return }
                        x = y
                    }
                    let z = model.objectiveValue(at: x)
                    if best == nil || better(z, best!.obj) { best = (x, z, source); onIncumbent?(elapsed(since: started), z) }  // safe: checked for nil first
                }
                for (name, x) in starts {
                    let broken = model.violations(at: x, tolerance: 1e-6)
                    if broken.isEmpty { consider(x, name) } else if !quiet {
                        say("start \"\(name)\" not used: it breaks \(broken.count) rows, e.g. \(broken[0])")
                    }
                }
                // Round the LP's class counts and re-solve the LP for everything else.
                let fractional = integerVars.filter { abs(lp.values[$0.index] - lp.values[$0.index].rounded()) > 1e-6 }
                if fractional.isEmpty {
                    consider(lp.values, "LP (integral)")
                } else {
                    let values = integerVars.map { v in
                        max(model.variables[v.index].lower, (lp.values[v.index] + 1e-6).rounded(.down))
                    }
                    try session.fix(integerVars, at: values)
                    if let r = try? session.solveRelaxation(timeLimit: max(1, timeLimit - elapsed(since: stageStart))),
                       r.status == .optimal { consider(r.values, "rounding down") }
                    try session.restoreBounds()
                    // A failed LP inside the dive (GLPK's numerical trouble) just ends the dive.
                    // Large LPs: 64 batches (city rung: 11.5697, against 11.5621–11.5644 with
                    // 4–32 batches or one column at a time).
                    if let x = try? dive(session: session, model: model, integerVars: integerVars, shares: shares, from: lp.values,
                                         deadline: timeLimit * 0.5, stageStart: stageStart, lpSeconds: lp.seconds, batches: 64) {
                        consider(x, "LP diving")
                    }
                    func collect() { for (x, name) in helper?.take() ?? [] { consider(x, name) } }
                    collect()
                    // Small models, where rounding costs most: more dives in perturbed orders.
                    var round: UInt64 = 1
                    // (Fewer when the sub-MIPs below follow: they buy more per second.)
                    while lp.seconds < 0.5, round <= (columns.isEmpty ? 40 : 4), elapsed(since: stageStart) < timeLimit * 0.3,
                          best.map({ relativeGap(incumbent: $0.obj, bound: bound) > gap }) ?? true {
                        if let x = try? dive(session: session, model: model, integerVars: integerVars, shares: shares, from: lp.values,
                                             deadline: timeLimit * 0.3, stageStart: stageStart, lpSeconds: lp.seconds,
                                             noise: 0.5, seed: round) {
                            consider(x, "LP diving")
                        }
                        collect()
                        round += 1
                    }
                    collect()
                }
                if let b = best { shared.offer(b.x, b.obj, maximize: maximize) }
                // Improve the best rounded plan by single extra classes where the LP wanted more.
                var secondsToGap01: Double? = nil
                if let b = best, relativeGap(incumbent: b.obj, bound: bound) <= 1e-3 { secondsToGap01 = elapsed(since: started) }
                // (Not with shares: the moves leave them to the LP, fractional, and on the city rung
                // spent 29 s for a plan whose shares could not be completed; the sub-MIPs below
                // make the same moves with shares whole.)
                if shares.isEmpty, let b = best, relativeGap(incumbent: b.obj, bound: bound) > gap, elapsed(since: stageStart) < timeLimit * 0.6,
                   let better = try? addOneClass(session: session, model: model, integerVars: integerVars, from: b.x,
                                                 lp: lp.values, deadline: timeLimit * 0.6, stageStart: stageStart) {
                    consider(better, b.source + " + one-class moves")
                }
                // Sub-MIPs around the incumbent (Improvement.swift), while they pay.
                if !quiet, let b = best { say(String(format: "sub-MIPs from %@ %.6f", b.source, b.obj)) }
                if let b = best, !columns.isEmpty, relativeGap(incumbent: b.obj, bound: bound) > gap,
                   let r = Improvement.improve(session: session, model: model, columns: columns, from: b.x, lp: lp.values,
                                               bound: bound, gap: gap, deadline: timeLimit * 0.75, stageStart: stageStart,
                                               shared: helper == nil ? nil : shared,
                                               found: { x, name in
                                                   consider(x, b.source + " + " + name)
                                                   if !quiet { say(String(format: "sub-MIP %@: %.6f", name, model.objectiveValue(at: x))) }
                                               }) {
                    if !quiet { say(Improvement.summary(r.steps)) }
                }
                for (x, name) in helper?.finish() ?? [] { consider(x, name) }
                var incumbent = best
                // A plan better than the LP relaxation's optimum proves that LP wrong (GLPK's
                // numerical trouble): say the bound is unknown, never report one below the plan.
                if let b = best, beyond(b.obj, bound) {
                    say(String(format: "LP relaxation bound %.6f is below the plan found (%.6f): GLPK's LP failed numerically; bound unknown", bound, b.obj))
                    return Stage(x: b.x, status: .feasible, bound: nil, source: b.source,
                                 detail: "bound unknown: GLPK's LP relaxation gave \(bound), below the plan found (\(b.obj))")
                }
                let gapNow = incumbent.map { relativeGap(incumbent: $0.obj, bound: bound) }
                if let g = gapNow {
                    if !quiet { say(String(format: "incumbent %.6f from %@, gap %.4f%%", incumbent!.obj, incumbent!.source, 100 * g)) }  // safe: gapNow non-nil
                    if g <= 1e-3 && secondsToGap01 == nil { secondsToGap01 = elapsed(since: started) }
                }
                if let g = gapNow, g <= gap {
                    return Stage(x: incumbent?.x, status: .optimal, bound: bound, source: incumbent?.source ?? "",
                                 detail: "gap reached by rounding", lpDuals: lp.duals, secondsToGap01: secondsToGap01, lpBound: lpBound)
                }
                let left = timeLimit - elapsed(since: stageStart)
                guard left > 0.2 else {
                    return Stage(x: incumbent?.x, status: incumbent == nil ? .noSolutionFound : .feasible, bound: bound,
                                 source: incumbent?.source ?? "", detail: "time limit", lpDuals: lp.duals, secondsToGap01: secondsToGap01, lpBound: lpBound)
                }
                // Root cuts: a few LP solves (30% of the time left, 2 to 10 s); branch and cut
                // runs on the model with them. Their LP bound holds for every plan of `model`
                // (Cuts.swift proves each cut valid).
                var cuts: Model? = nil
                if let rootCuts, !integerVars.isEmpty, let bb = incumbent,
                   let s = try? Cuts.strengthen(model, bounds: rootCuts, timeLimit: min(10, max(2, 0.3 * left)), maxLPSeconds: 0.5),
                   s.cuts > 0, let last = s.bounds.last, better(bound, last) {
                    if !quiet { say(String(format: "root cuts: %d c-MIR cuts in %d rounds, LP bound %.6f → %.6f", s.cuts, s.bounds.count - 1, bound, last)) }
                    if beyond(bb.obj, last) {
                        say(String(format: "root cuts' LP bound %.6f is below the plan found (%.6f): cuts dropped", last, bb.obj))
                    } else {
                        bound = last
                        cuts = s.model
                    }
                }
                var o = SolveOptions()
                // GLPK checks its limit only between nodes and a node LP can take seconds.
                o.timeLimit = max(0.2, (timeLimit - elapsed(since: stageStart)) * 0.85 - 1)
                o.relativeGap = gap
                // GLPK's MIR and Gomory cuts report numerical instability on this model and
                // once claimed optimality 0.2% below a plan HiGHS found: keep them off.
                o.mirCuts = false
                o.gomoryCuts = false
                o.start = incumbent?.x
                o.verbose = verbose
                let firstWithin = Mutex01()
                let stageBegin = started
                let lastLine = Mutex01()
                o.progressInterval = 1
                o.progress = { p in
                    let now = elapsed(since: stageBegin)
                    if let g = p.gap, g <= 1e-3 { firstWithin.mark(now) }
                    if let z = p.incumbent { onIncumbent?(now, z) }
                    // A progress line about every 5 s of branch and cut.
                    if let progress, now - (lastLine.value ?? 0) >= 5 {
                        lastLine.set(now)
                        let inc = p.incumbent.map { String(format: "%.6f", $0) } ?? "none"
                        let gap = p.gap.map { String(format: "%.4f%%", 100 * $0) } ?? "—"
                        progress(String(format: "[%5.1fs] branch and cut: %d nodes, incumbent %@, gap %@", now, p.totalNodes, inc, gap))
                    }
                    return true
                }
                tune?(&o)
                if !quiet { say(String(format: "branch and cut from %@ (%.0fs left)", incumbent?.source ?? "nothing", left)) }
                let mip: SolveResult
                if let cuts, let r = try? cuts.withGLPKSession({ try $0.branchAndCut(o) }) {
                    // Its own GLPK problem (a cold LP of a small model: the cuts run only there);
                    // should GLPK fail on it, below on the model without cuts.
                    mip = r
                } else {
                    mip = try session.branchAndCut(o)
                }
                var mipBound = bound
                if let b = mip.bestBound { mipBound = maximize ? min(bound, b) : max(bound, b) }
                if let b = mip.bestBound, let z = mip.objective, mip.hasSolution, beyond(z, b) {
                    say(String(format: "branch and cut bound %.6f is below its own plan (%.6f): bound unknown", b, z))
                    return Stage(x: mip.values, status: .feasible, bound: nil, source: "branch and cut",
                                 detail: "bound unknown: GLPK's bound \(b) is below its plan (\(z))", lpDuals: lp.duals)
                }
                if mip.hasSolution, let z = mip.objective, incumbent == nil || better(z, incumbent!.obj) || z == incumbent!.obj {  // safe: nil checked first
                    incumbent = (mip.values, z, incumbent.map { z == $0.obj ? $0.source : "branch and cut" } ?? "branch and cut")
                }
                if secondsToGap01 == nil, let z = incumbent?.obj, relativeGap(incumbent: z, bound: mipBound) <= 1e-3 {
                    secondsToGap01 = firstWithin.value ?? elapsed(since: started)
                }
                let status: SolveStatus = incumbent == nil ? mip.status
                    : (relativeGap(incumbent: incumbent!.obj, bound: mipBound) <= gap ? .optimal : .feasible)  // safe: non-nil
                if !quiet, let inc = incumbent {
                    say(String(format: "branch and cut: %@, incumbent %.6f, bound %.6f, gap %.4f%%", mip.detail, inc.obj, mipBound,
                               100 * relativeGap(incumbent: inc.obj, bound: mipBound)))
                }
                return Stage(x: incumbent?.x, status: status, bound: mipBound, source: incumbent?.source ?? "",
                             detail: mip.detail, lpDuals: lp.duals, secondsToGap01: secondsToGap01, lpBound: lpBound)
            }
        } catch let e as SolveError {
            throw e
        } catch {
            throw .glpk("\(error)")
        }
    }

    /// 1-opt on class counts: with every integer column fixed at the incumbent, try one more
    /// class where the LP relaxation opened more (largest shortfall first), re-solve the LP
    /// for the rest, keep the move when the objective improves; repeat until no move helps
    /// or time runs out.
    static func addOneClass(session: GLPKSession, model: Model, integerVars: [Variable], from start: [Double],
                            lp: [Double], deadline: Double, stageStart: ContinuousClock.Instant) throws(SolveError) -> [Double]? {
        defer { try? session.restoreBounds() }
        let maximize = model.sense == .maximize
        var x = start
        var z = model.objectiveValue(at: x)
        var improved = false
        var progress = true
        while progress && elapsed(since: stageStart) < deadline {
            progress = false
            let candidates = integerVars.filter { lp[$0.index] > x[$0.index] + 1e-6 && x[$0.index] + 1 <= model.variables[$0.index].upper }
                .sorted { lp[$0.index] - x[$0.index] > lp[$1.index] - x[$1.index] }
            for v in candidates {
                guard elapsed(since: stageStart) < deadline else { break }
                var values = integerVars.map { x[$0.index].rounded() }
                if let k = integerVars.firstIndex(of: v) { values[k] += 1 }
                try session.fix(integerVars, at: values)
                let r = try session.solveRelaxation()
                guard r.status == .optimal, let obj = r.objective else { continue }
                if maximize ? obj > z + 1e-9 : obj < z - 1e-9 {
                    x = r.values; z = obj; improved = true; progress = true
                    break
                }
            }
        }
        return improved ? x : nil
    }
}

/// First time a condition held, written from GLPK's callback (same thread) and read after.
final class Mutex01: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Double?
    func mark(_ t: Double) { lock.lock(); if first == nil { first = t }; lock.unlock() }
    func set(_ t: Double) { lock.lock(); first = t; lock.unlock() }
    var value: Double? { lock.lock(); defer { lock.unlock() }; return first }
}

/// Seconds since `start`.
func elapsed(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
