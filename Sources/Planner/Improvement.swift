import Foundation
import GLPK
import LinearModel
import Logging

/// Primal heuristics that improve a feasible plan with GLPK as the engine: each one frees a
/// neighbourhood of the incumbent's class counts (every other class count fixed at the
/// incumbent), solves that sub-MIP under a short time limit from the incumbent, and keeps what
/// is better. Why: GLPK's branch and cut on the whole model finds poor incumbents and stalls,
/// but solves small sub-MIPs (a hundred class counts) to optimality in a fraction of a second.
///
/// The neighbourhoods, in the order tried:
/// - RINS (Danna, Rothberg, Le Pape 2005): free the class counts where the LP relaxation's
///   optimum and the incumbent disagree.
/// - Fix-and-optimize over time: free the classes of a window of consecutive terms (the
///   model's natural blocks: a term's classes share its rooms, teachers and release limits),
///   slide the window over the horizon, widen it when a whole pass finds nothing.
/// - Institutions: free one institution's classes in every term.
/// - Payers: free the classes one payer funds (its budget rows are where the LP's fractional
///   classes are cheapest).
/// - A proximity box (local branching by bounds): every class count may move by one.
/// - When none of these helps any more: random neighbourhoods (a share of the class counts,
///   seeded), larger while GLPK finishes them, smaller when it does not, until the deadline.
///
/// Every point returned is integral, feasible for the model (checked row by row) and never
/// worse than the start.
enum Improvement {
    /// A class-count column and the block it belongs to.
    struct Column: Sendable {
        var variable: Variable
        var term: Int
        var institution: Int
        var payer: Int = 0
        var offering: Int = 0
    }

    /// The kinds of neighbourhood, to run some alone (tests, benchmarks).
    enum Kind: String, CaseIterable, Sendable {
        case rins = "RINS", termWindows = "terms", institutions = "institution", payers = "payer", box = "±1 box"
        case random = "random"
    }

    /// What one heuristic bought: (name, objective before, after, seconds).
    struct Step: Sendable {
        var neighbourhood: String
        var before: Double
        var after: Double
        var seconds: Double
    }

    /// Improves `start` until its gap to `bound` is at most `gap`, no neighbourhood helps, or
    /// `deadline` (seconds after `stageStart`) passes.
    /// - Parameters:
    ///   - session: the model loaded in GLPK (bounds are restored on return).
    ///   - columns: the class-count columns with their term and institution.
    ///   - start: a feasible, integral point (one value per variable).
    ///   - lp: the LP relaxation's optimum (one value per variable), for RINS.
    ///   - bound: the LP relaxation's bound (objective units), to stop at `gap`.
    ///   - kinds: the neighbourhoods to try (default all).
    ///   - shared: the best plan of every trajectory (another thread's sub-MIPs): a better one
    ///     found there is taken over before each sub-MIP, and each improvement is offered.
    ///   - seed: of the random neighbourhoods (another per trajectory).
    ///   - stop: polled before each sub-MIP; true ends the search.
    ///   - found: called with each improved point and the heuristic's name, as it is found.
    /// - Returns: the best point and the steps that improved it; nil when nothing did.
    /// - Throws: `SolveError` only when GLPK fails outside a sub-MIP.
    static func improve(session: GLPKSession, model: Model, columns: [Column], from start: [Double], lp: [Double],
                        bound: Double, gap: Double, deadline: Double, stageStart: ContinuousClock.Instant,
                        kinds: Set<Kind> = Set(Kind.allCases), shared: SharedIncumbent? = nil, seed: UInt64 = 20_261_130,
                        stop: () -> Bool = { false },
                        found: ([Double], String) -> Void = { _, _ in }) -> (x: [Double], steps: [Step])? {
        let maximize = model.sense == .maximize
        var x = start
        var z = model.objectiveValue(at: x)
        var steps: [Step] = []
        func left() -> Double { deadline - elapsed(since: stageStart) }
        func done() -> Bool { left() <= 0.05 || relativeGap(incumbent: z, bound: bound) <= gap || stop() }

        /// Solves the sub-MIP with every class column outside `free` fixed at the incumbent
        /// (`box`: free ones may move by at most this much; nil: model bounds). Returns whether
        /// it improved the incumbent, and whether GLPK finished the neighbourhood (proved it).
        @discardableResult
        func search(_ name: String, free: [Int], box: Double? = nil, limit: Double) -> (improved: Bool, finished: Bool) {
            // Another trajectory's better plan, when there is one (checked there row by row).
            if let other = shared?.better(than: z, maximize: maximize) {
                x = other.x; z = other.z
                found(x, "other core")
            }
            guard !free.isEmpty, !done() else { return (false, true) }
            let began = ContinuousClock.now
            let freeSet = Set(free)
            var vars: [Variable] = [], lo: [Double] = [], hi: [Double] = []
            for (k, c) in columns.enumerated() {
                let j = c.variable.index, v = x[j].rounded(), def = model.variables[j]
                if freeSet.contains(k) {
                    guard let d = box else { continue }
                    vars.append(c.variable)
                    lo.append(max(def.integralBounds.lower, v - d)); hi.append(min(def.integralBounds.upper, v + d))
                } else {
                    vars.append(c.variable); lo.append(v); hi.append(v)
                }
            }
            var o = SolveOptions()
            o.timeLimit = max(0.05, min(limit, left()))
            o.relativeGap = 1e-6
            // GLPK's MIR and Gomory cuts are numerically unstable on this model (StrategicPlanner).
            o.mirCuts = false
            o.gomoryCuts = false
            o.start = x
            // Depth first: a sub-MIP is there to find plans, not to prove its bound (district
            // rung, 40 s: RINS reached 11.5521 depth first, 11.5784 best projection, 11.5597
            // best local bound; after all neighbourhoods 11.5950, 11.5935, 11.5794).
            o.backtracking = .depthFirst
            guard let r = try? session.subMIP(narrowing: vars, lower: lo, upper: hi, options: o) else { return (false, false) }
            let finished = r.status == .optimal
            GLPKLog.logger.debug("sub-MIP \(name): \(free.count) class counts free, \(r.detail), \(r.objective ?? .nan) from \(z) in \(elapsed(since: began)) s")
            guard r.hasSolution, let obj = r.objective, maximize ? obj > z + 1e-9 * max(1, abs(z)) : obj < z - 1e-9 * max(1, abs(z)),
                  model.violations(at: r.values, tolerance: 1e-6).isEmpty else { return (false, finished) }
            steps.append(Step(neighbourhood: name, before: z, after: obj, seconds: elapsed(since: began)))
            x = r.values
            z = model.objectiveValue(at: x)
            shared?.offer(x, z, maximize: maximize)
            found(x, name)
            return (true, finished)
        }

        let terms = (columns.map(\.term).max() ?? -1) + 1
        let institutions = (columns.map(\.institution).max() ?? -1) + 1
        let payers = (columns.map(\.payer).max() ?? -1) + 1
        // A sub-MIP gets a few seconds: long enough for GLPK to finish ~100 free class counts,
        // short enough to try many neighbourhoods in the stage's budget. (District rung, 60 s:
        // the plan within 0.1% of HiGHS's bound at 17.9 s with at most 2.5 s a sub-MIP, 20.3 s
        // with 3 s, 26.8 s with 5 s; 24.3 s with 2 s and 31.6 s with 1.5 s, where RINS and the
        // windows of terms stopped before their plans; province and city rungs unchanged.)
        func slice() -> Double { max(0.5, min(2.5, left() / 4)) }

        var improvedInRound = true
        var width = max(1, terms / 5)
        var rounds = 0
        // Structured neighbourhoods while they pay (at most twice over: after that the random
        // ones below find more per second).
        while improvedInRound && !done() && rounds < 2 {
            improvedInRound = false
            rounds += 1
            // RINS: where the LP optimum and the incumbent disagree.
            let disagree = columns.indices.filter { abs(lp[columns[$0].variable.index] - x[columns[$0].variable.index]) > 1e-6 }
            if kinds.contains(.rins), search("RINS", free: disagree, limit: slice()).improved { improvedInRound = true }
            // Windows of terms, sliding by half a window; wider when a pass found nothing.
            while kinds.contains(.termWindows) && !done() {
                var passImproved = false, allFinished = true
                var first = 0
                while first < terms && !done() {
                    let window = first..<min(terms, first + width)
                    let free = columns.indices.filter { window.contains(columns[$0].term) }
                    let r = search("terms \(window.lowerBound + 1)–\(window.upperBound)", free: free, limit: slice())
                    passImproved = passImproved || r.improved
                    allFinished = allFinished && r.finished
                    first += max(1, width / 2)
                }
                if passImproved { improvedInRound = true; continue }
                // Nothing in this pass: a wider window, unless GLPK could not finish these ones.
                if !allFinished || width * 2 > max(1, terms / 2) { break }
                width *= 2
            }
            // One institution at a time, over the whole horizon.
            if kinds.contains(.institutions) && institutions > 1 {
                for i in 0..<institutions where !done() {
                    if search("institution \(i + 1)", free: columns.indices.filter { columns[$0].institution == i },
                              limit: slice()).improved { improvedInRound = true }
                }
            }
            if kinds.contains(.payers) && payers > 1 {
                for p in 0..<payers where !done() {
                    if search("payer \(p + 1)", free: columns.indices.filter { columns[$0].payer == p },
                              limit: slice()).improved { improvedInRound = true }
                }
            }
            // Every class count within one of the incumbent's.
            if kinds.contains(.box), search("±1 box", free: Array(columns.indices), box: 1, limit: slice()).improved { improvedInRound = true }
        }
        // Random neighbourhoods until the deadline (seeded: the same run gives the same plan
        // when GLPK's time limits fall the same way).
        var rng = SplitMix64(seed: seed)
        var share = 0.2
        let offerings = (columns.map(\.offering).max() ?? -1) + 1
        var draw = 0, stale = 0
        // (50 draws in a row without a better plan: a local optimum for these too.)
        while kinds.contains(.random) && !done() && columns.count > 1 && stale < 50 {
            // Alternately: a random share of the courses (every class of each, all terms), of
            // the class counts, and of the terms.
            draw += 1
            let free: [Int]
            switch draw % 3 {
            case 0:
                let chosen = (0..<offerings).filter { _ in rng.nextUnit() < share }
                free = columns.indices.filter { chosen.contains(columns[$0].offering) }
            case 1:
                free = columns.indices.filter { _ in rng.nextUnit() < share }
            default:
                let chosen = (0..<terms).filter { _ in rng.nextUnit() < share }
                free = columns.indices.filter { chosen.contains(columns[$0].term) }
            }
            let r = search("random \(["courses", "classes", "terms"][draw % 3]) \(Int((100 * share).rounded()))%", free: free, limit: slice())
            if r.improved { stale = 0; continue }
            stale += 1
            share = r.finished ? min(0.9, share * 1.25) : max(0.02, share / 1.25)
        }
        return steps.isEmpty ? nil : (x, steps)
    }
}

extension StrategicModel {
    /// The class-count columns with their term and institution, in a fixed order (by key).
    var improvementColumns: [Improvement.Column] {
        classVar.sorted { $0.key < $1.key }
            .map { Improvement.Column(variable: $0.value, term: $0.key.term, institution: $0.key.institution,
                                         payer: $0.key.payer, offering: $0.key.offering) }
    }
}

extension Improvement {
    /// One line for the run's log: what each neighbourhood bought.
    static func summary(_ steps: [Step]) -> String {
        var gain: [String: (count: Int, delta: Double)] = [:]
        var order: [String] = []
        for s in steps {
            let key = Kind.allCases.first { s.neighbourhood.hasPrefix($0.rawValue) }?.rawValue ?? s.neighbourhood
            if gain[key] == nil { order.append(key) }
            gain[key, default: (0, 0)].count += 1
            gain[key, default: (0, 0)].delta += s.after - s.before
        }
        return "sub-MIPs improved the plan: " + order.map { k in
            String(format: "%@ ×%d (%+.6f)", k, gain[k]!.count, gain[k]!.delta)  // safe: every key of order is in gain
        }.joined(separator: ", ")
    }
}

extension Improvement {
    /// Makes a point whose class counts are integral but whose other integer columns are not
    /// (e.g. the teacher shares of `StrategicModel`, which rounding and diving leave to the LP)
    /// integral: the class counts fixed at the point's, GLPK solves the small MIP left.
    /// - Parameters:
    ///   - columns: the class-count columns; `x`: one value per variable.
    ///   - timeLimit: seconds for the sub-MIP.
    /// - Returns: a point feasible for every row and integral, or nil when there is none in time.
    static func completeIntegers(session: GLPKSession, model: Model, columns: [Column], x: [Double],
                                 timeLimit: Double) -> [Double]? {
        guard columns.allSatisfy({ abs(x[$0.variable.index] - x[$0.variable.index].rounded()) <= 1e-6 }) else { return nil }
        var o = SolveOptions()
        o.timeLimit = max(0.05, timeLimit)
        o.relativeGap = 1e-6
        o.mirCuts = false
        o.gomoryCuts = false
        o.backtracking = .depthFirst
        let values = columns.map { x[$0.variable.index].rounded() }
        let began = ContinuousClock.now
        if let r = try? session.subMIP(narrowing: columns.map(\.variable), lower: values, upper: values, options: o),
           r.hasSolution, model.violations(at: r.values, tolerance: 1e-6).isEmpty { return r.values }
        // No whole teacher split for exactly these classes: allow one class fewer of each
        // (fewer classes only loosen the capacity rows; enrolments follow them down).
        o.timeLimit = max(0.05, timeLimit - elapsed(since: began))
        let lower = columns.indices.map { max(model.variables[columns[$0].variable.index].integralBounds.lower, values[$0] - 1) }
        guard let r = try? session.subMIP(narrowing: columns.map(\.variable), lower: lower, upper: values, options: o),
              r.hasSolution, model.violations(at: r.values, tolerance: 1e-6).isEmpty else { return nil }
        return r.values
    }
}

/// The best plan two trajectories of sub-MIPs (one per core) have found, shared between them.
final class SharedIncumbent: @unchecked Sendable {
    private let lock = NSLock()
    private var best: (x: [Double], z: Double)?

    /// Keeps `x` (objective `z`) when it is better than the plan kept.
    func offer(_ x: [Double], _ z: Double, maximize: Bool) {
        lock.lock(); defer { lock.unlock() }
        if let b = best, maximize ? z <= b.z + 1e-9 * max(1, abs(b.z)) : z >= b.z - 1e-9 * max(1, abs(b.z)) { return }
        best = (x, z)
    }

    /// The plan kept, when it is better than `z` (by more than rounding).
    func better(than z: Double, maximize: Bool) -> (x: [Double], z: Double)? {
        lock.lock(); defer { lock.unlock() }
        guard let b = best, maximize ? b.z > z + 1e-9 * max(1, abs(z)) : b.z < z - 1e-9 * max(1, abs(z)) else { return nil }
        return b
    }
}
