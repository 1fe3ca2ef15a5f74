import Foundation
import GLPK
import LinearModel
import Scenario

/// The national plan with class counts decided for the whole country, not per province.
///
/// Classes mix provinces: a fill row counts the learners of every segment of a payer in an
/// (offering, term), and an institution's whole teachers and rooms serve all of them. Splitting
/// each institution's capacity among the provinces before rounding (the province-split plan)
/// gives each province a teacher or none and loses a few per cent. Here instead:
/// 1. A point of the national LP relaxation: every block's LP with its share of each shared
///    row (staff shares, from the Lagrangian start; or shares by the blocks' average use over
///    the steps, when a round fits). The shares add up to at most each capacity, so the blocks'
///    points add up to a national LP point. (Also the average of the blocks' points over the
///    steps, which may pass a shared row by a little: the rounding keeps every row.) And the
///    optimum of the whole national LP when GLPK's interior-point method finishes it in time
///    (`DecompositionInterior.swift`, split into the blocks' columns), planned from first.
/// 2. National class counts: the LP's counts rounded down where the institution's whole
///    teachers, rooms and online classes hold them (`GreedyBaseline.Ledger`, the formulation's
///    rules), then one class more where the LP wanted most of one, when the teachers and rooms
///    hold it, the LP's learners fill it to its minimum size and the class costs leave the LP's
///    learners their money.
/// 3. Learners given those classes: every block's LP again, its class counts fixed at its part
///    of the national count (in proportion to its LP learners in that offering, payer and term),
///    so each fill row holds for the sum; budgets, exam seats and places shared out as before,
///    each block's class costs first.
/// 4. Class moves on the best plan while time is left (`NationalMoves.swift`).
/// The plan is the national counts and the blocks' learners added up; `Decomposition.plan`
/// checks it against every row of the national model.
extension Decomposition {
    /// What the national plan needs from the decomposition's run.
    struct NationalInputs {
        var data: PlanningData
        var model: StrategicModel
        var blocks: [Block]
        var solvers: BlockLPs
        var capacity: [String: Double]
        var names: [String]
        /// Each block's average use of each shared row over the Lagrangian steps.
        var average: [[String: Double]]
        /// The blocks' LP points at staff shares of every shared row (a national LP point).
        var staffSharePoint: [BlockAnswer]
        /// The Dantzig–Wolfe master's point (`DecompositionMaster`): never below the staff-share
        /// point, and its use of the shared rows keeps them.
        var masterPoint: [BlockAnswer]?
        /// The average of the blocks' LP points over the first round and the Lagrangian steps
        /// (value not known: 0); together they may pass shared rows by a little.
        var averagePoint: [BlockAnswer]
        /// The whole national LP's point by the interior-point method (`InteriorLP`), split into
        /// the blocks' columns: waits up to the given seconds; nil when it is not there.
        var interior: ((Double) -> [BlockAnswer]?)?
        /// Seconds the first round of block LPs at shares took (a round at shares by use takes
        /// about as long).
        var roundSeconds: Double
        /// Most rounds of class moves (`improve`).
        var improvementRounds: Int
        /// Seconds left for the whole run.
        var left: () -> Double
        var say: (String) -> Void
        /// Checks a national plan in the making and reports it when it keeps every row (see
        /// `DecompositionOptions.onIncumbent`); at most every `checkpointSeconds`, on a thread of
        /// its own (`PlanChecks`) while the moves go on.
        var checkpoint: ((Plan) -> Void)? = nil
        var checks = PlanChecks()
        var checkpointSeconds: Double = 10
        /// Seconds one check of a national plan takes (the caller's last).
        var checkSeconds: () -> Double = { 0 }
    }

    /// Plans the national scenario with national class counts (see above), from each LP point
    /// there is: the blocks' points at staff shares, their average over the steps, and at
    /// shares by use when a round of block LPs still fits; then class moves on the best.
    /// - Parameter input: the blocks, their loaded LPs, the shared rows and the time left.
    /// - Returns: one plan (national segment indices) per LP point, named by it, and the best
    ///   after class moves ("… + class moves").
    static func nationalPlans(_ input: NationalInputs) -> [(source: String, plan: Plan)] {
        let blocks = input.blocks, names = input.names
        let say = input.say
        // (The blocks' points at the best multipliers were tried too: each block's best use at
        // those prices piles onto the same institutions, and rounding them within the
        // capacities gave 369.8 where the staff shares gave 385.4 on the national rung.)
        say(String(format: "national LP point from the blocks at staff shares: weighted attainment %.4f", input.staffSharePoint.reduce(0) { $0 + $1.value }))
        var made: [(source: String, state: NationalState)] = []
        func make(_ name: String, _ point: [BlockAnswer]) {
            say(name + ":")
            if let p = plan(from: point, input) { made.append((name, p)) }
        }
        // The points there are first (a plan in seconds each), then shares by use when the time
        // left holds another round of block LPs (measured: 385.81 from them against 385.40 from
        // the staff shares).
        // With the master's point (at least the staff shares' value), it comes first, and the
        // shares of the next round are its use (each block's optimum within them is at least its
        // part of the master's point); the staff shares and the steps' average are fallbacks.
        // (Only when it is above the staff shares: else it is that point, and the steps' average
        // use shares the rows better.)
        let staffValue = input.staffSharePoint.reduce(0) { $0 + $1.value }
        let master = input.masterPoint.flatMap { m in m.reduce(0) { $0 + $1.value } > staffValue + 1e-6 * max(1, staffValue) ? m : nil }
        if let m = master {
            say(String(format: "national LP point from the master: weighted attainment %.4f", m.reduce(0) { $0 + $1.value }))
            make("national at the master's point", m)
        }
        if made.isEmpty {
            make("national at staff shares", input.staffSharePoint)
            make("national at the steps' average", input.averagePoint)
        }
        // The whole national LP's optimum, when the interior-point method finishes while the
        // plan from it still fits (rounding and filling took ~5 s on the national rung).
        var interiorMade = false
        if let wait = input.interior, let point = wait(max(0, input.left() - 15)) {
            say(String(format: "national LP optimum split into the blocks: weighted attainment %.4f", point.reduce(0) { $0 + $1.value }))
            let before = made.count
            make("national at the LP optimum", point)
            interiorMade = made.count > before
        }
        // (Not after a plan from the LP optimum: the blocks' LPs at shares by its use gave 386.52
        // on the national rung, the teachers' and rooms' shares by rhythm being no block's own.)
        if !interiorMade && input.left() > input.roundSeconds + 20 {
            let want: [[String: Double]] = master?.map(\.usage) ?? input.average
            var shares = [[String: Double]](repeating: [:], count: blocks.count)
            for n in names {
                let s = shareOut(n, input.capacity[n]!, want: want.map { $0[n] ?? 0 }, blocks: blocks, whole: false)  // safe: names are capacity's keys
                for k in blocks.indices { shares[k][n] = s[k] }
            }
            let objective = input.solvers.models.map(\.objectiveCoefficients)
            let first = input.solvers.run(blocks.indices.map { k in
                .shares(objective: objective[k], upper: blocks[k].shared.map { shares[k][$0.name] ?? 0 }, fix: [], at: [], seconds: input.left())
            })
            if let atShares = answersOrNil(first, blocks: blocks, say: say, what: "block LPs at their shares") {
                say(String(format: "national LP point from the blocks at shares by use: weighted attainment %.4f", atShares.reduce(0) { $0 + $1.value }))
                if input.left() > 1 { make(master == nil ? "national at shares by use" : "national at shares by the master's use", atShares) }
            }
        }
        // Class moves on the best of them, with the time left; every one is returned.
        if let b = made.indices.max(by: { made[$0].state.value < made[$1].state.value }) {
            var best = made[b].state
            // Left at the end: each plan made is checked against every row (about a second
            // each on the national rung), the one after the moves too.
            improve(&best.counts, &best.parts, &best.filled, input, reserve: 1.5 + input.checkSeconds() * Double(made.count + 1))
            input.checks.finish()
            made.append((made[b].source + " + class moves", best))
        }
        return made.map { ($0.source, plan(of: $0.state, blocks: blocks)) }
    }

    /// The plan of a national state: its class counts and the blocks' learners added up
    /// (national segment indices).
    static func plan(of state: NationalState, blocks: [Block]) -> Plan {
        var plan = Plan(classes: state.counts.filter { $0.value > 0 })
        for (k, b) in blocks.enumerated() {
            for (key, v) in b.model.enrolVar where state.filled.answers[k].x[v.index] > 1e-9 {
                var national = key
                national.segment = b.segments[key.segment]
                plan.enrolments[national, default: 0] += state.filled.answers[k].x[v.index]
            }
        }
        return plan
    }

    /// Hands the state to `input.checkpoint` (on the checks' thread) when `checkpointSeconds`
    /// have passed since `last` (then `last` is now).
    static func checkpoint(_ counts: [ClassKey: Int], _ parts: [[ClassKey: Double]],
                           _ filled: (answers: [BlockAnswer], reduced: [[Double]]), _ input: NationalInputs,
                           last: inout ContinuousClock.Instant) {
        guard let check = input.checkpoint, elapsed(since: last) >= input.checkpointSeconds else { return }
        let state = NationalState(counts: counts, parts: parts, filled: filled), blocks = input.blocks
        input.checks.offer { check(plan(of: state, blocks: blocks)) }
        last = .now
    }

    /// A national plan in the making: class counts, each block's part of them, and the blocks'
    /// answers with those classes fixed (learners) and their reduced costs.
    struct NationalState {
        var counts: [ClassKey: Int]
        var parts: [[ClassKey: Double]]
        var filled: (answers: [BlockAnswer], reduced: [[Double]])
        var value: Double { filled.answers.reduce(0) { $0 + $1.value } }
    }

    /// Steps 2 and 3 from one LP point (blocks' answers).
    static func plan(from lp: [BlockAnswer], _ input: NationalInputs) -> NationalState? {
        let blocks = input.blocks
        let say = input.say
        // 2. National class counts.
        var wanted: [ClassKey: Double] = [:]
        var learnersOf: [[StrategicModel.FillKey: Double]] = blocks.map { _ in [:] }
        for (k, b) in blocks.enumerated() {
            for (key, v) in b.model.classVar { wanted[key, default: 0] += lp[k].x[v.index] }
            for (key, v) in b.model.enrolVar {
                learnersOf[k][StrategicModel.FillKey(offering: key.offering, payer: key.payer, term: key.term), default: 0] += lp[k].x[v.index]
            }
        }
        var learners: [StrategicModel.FillKey: Double] = [:]
        for m in learnersOf { for (f, v) in m { learners[f, default: 0] += v } }
        let counts = roundClasses(wanted, learners: learners, input: input, lp: lp)
        say(String(format: "national class counts: %d classes (LP %.1f)", counts.values.reduce(0, +), wanted.values.reduce(0, +)))

        // 3. Each block's learners given its part of the national classes.
        let staff = blocks.map(\.staff), totalStaff = max(1, staff.reduce(0, +))
        func part(_ k: Int, _ f: StrategicModel.FillKey) -> Double {
            let all = learners[f] ?? 0
            return all > 1e-9 ? (learnersOf[k][f] ?? 0) / all : staff[k] / totalStaff
        }
        var parts = [[ClassKey: Double]](repeating: [:], count: blocks.count)
        for (k, b) in blocks.enumerated() {
            for key in b.model.classVar.keys {
                guard let n = counts[key], n > 0 else { continue }
                parts[k][key] = Double(n) * part(k, StrategicModel.FillKey(offering: key.offering, payer: key.payer, term: key.term))
            }
        }
        guard let filled = fill(parts, using: lp, input) else { return nil }
        say(String(format: "blocks' learners in the national classes: weighted attainment %.4f", filled.answers.reduce(0) { $0 + $1.value }))
        return NationalState(counts: counts, parts: parts, filled: filled)
    }

    /// Rows of one institution (rooms, teachers, online classes and their splits).
    static func isInstitutionRow(_ name: String) -> Bool {
        ["rooms.", "teachers.", "online.", "roomsplit.", "teachersplit."].contains { name.hasPrefix($0) }
    }

    /// The class columns' part of each shared row's activity in a block (class costs in a
    /// budget), for the rows outside the institutions'.
    /// - Parameters:
    ///   - b: the block; `columns`: its class columns and their values (others count as 0).
    /// - Returns: by shared row name, Σ coefficient × value over the class columns.
    static func classParts(block b: Block, at columns: (vars: [Variable], at: [Double])) -> [String: Double] {
        var value = [Double?](repeating: nil, count: b.model.model.variableCount)
        for (j, v) in columns.vars.enumerated() { value[v.index] = columns.at[j] }
        var out: [String: Double] = [:]
        for (name, row) in b.shared where !isInstitutionRow(name) {
            out[name] = b.model.model.row(row).reduce(0.0) { $0 + $1.coefficient * (value[$1.variable.index] ?? 0) }
        }
        return out
    }

    /// National class counts from the LP's (see the type's comment, step 2).
    /// - Parameters:
    ///   - wanted: the LP's class counts by key (fractional); `learners`: its learners by fill key.
    ///   - lp: the blocks' LP answers (for what their learners spent).
    /// - Returns: whole classes by key, keeping every institution's rows.
    static func roundClasses(_ wanted: [ClassKey: Double], learners: [StrategicModel.FillKey: Double],
                             input: NationalInputs, lp: [BlockAnswer], threshold: Double = 0.5) -> [ClassKey: Int] {
        let data = input.data
        var ledger = GreedyBaseline.Ledger(data)
        var counts: [ClassKey: Int] = [:]
        // Money for classes, by budget row: what the LP point's learners did not spend (when
        // the point passes the budget, the LP's class share of it).
        let sm = input.model
        let costs = classMoney([:], model: sm).costs
        var lpClassCost: [Int: Double] = [:]
        for (key, w) in wanted { for c in costs[key] ?? [] { lpClassCost[c.row, default: 0] += c.cost * w } }
        var moneyLeft: [Int: Double] = [:]
        for (_, row) in sm.budgetRows {
            let name = sm.model.rowNames[row.index]
            let lpSpend = lp.reduce(0.0) { $0 + ($1.usage[name] ?? 0) }
            let lpClasses = lpClassCost[row.index] ?? 0
            let cap = sm.model.rowUpper[row.index]
            moneyLeft[row.index] = lpSpend <= cap ? cap - (lpSpend - lpClasses) : cap * lpClasses / max(lpSpend, 1e-9)
        }
        func affordable(_ key: ClassKey, _ n: Int) -> Bool {
            (costs[key] ?? []).allSatisfy { (moneyLeft[$0.row] ?? .infinity) >= Double(n) * $0.cost - 1e-9 }
        }
        func take(_ key: ClassKey, _ n: Int) {
            ledger.book(offering: key.offering, institution: key.institution, term: key.term, classes: n)
            for c in costs[key] ?? [] { moneyLeft[c.row, default: 0] -= Double(n) * c.cost }
            counts[key, default: 0] += n
        }
        let order = wanted.keys.sorted { (wanted[$0]!, $1) > (wanted[$1]!, $0) }  // safe: keys of wanted
        for key in order {
            var n = Int((wanted[key]! + 1e-6).rounded(.down))  // safe: keys of wanted
            while n > 0 && !(affordable(key, n) && ledger.fits(offering: key.offering, institution: key.institution, term: key.term, extraClasses: n)) { n -= 1 }
            if n > 0 { take(key, n) }
        }
        var perFill: [StrategicModel.FillKey: Int] = [:]
        for (key, n) in counts { perFill[StrategicModel.FillKey(offering: key.offering, payer: key.payer, term: key.term), default: 0] += n }
        // Classes more where the LP wanted them: per (offering, payer, term), up to the LP's
        // classes there rounded (up from `threshold`), at the institutions it cut most first.
        var wantedOf: [StrategicModel.FillKey: Double] = [:], keysOf: [StrategicModel.FillKey: [ClassKey]] = [:]
        for (key, c) in wanted {
            let f = StrategicModel.FillKey(offering: key.offering, payer: key.payer, term: key.term)
            wantedOf[f, default: 0] += c
            keysOf[f, default: []].append(key)
        }
        func cut(_ key: ClassKey) -> Double { wanted[key]! - Double(counts[key] ?? 0) }  // safe: keys of wanted
        func canAdd(_ key: ClassKey, _ f: StrategicModel.FillKey) -> Bool {
            Double(data.offeringMode[key.offering].classSizeMin) * Double((perFill[f] ?? 0) + 1) <= (learners[f] ?? 0) + 1e-6
                && affordable(key, 1)
                && ledger.fits(offering: key.offering, institution: key.institution, term: key.term, extraClasses: 1)
        }
        var added = 0, short = 0
        let fills = wantedOf.keys.sorted { (wantedOf[$0]! - Double(perFill[$0] ?? 0), $1.offering, $1.payer, $1.term)
            > (wantedOf[$1]! - Double(perFill[$1] ?? 0), $0.offering, $0.payer, $0.term) }  // safe: keys of wantedOf
        for f in fills {
            let goal = Int((wantedOf[f]! + 1 - threshold + 1e-9).rounded(.down))  // safe: keys of wantedOf
            guard goal > perFill[f] ?? 0 else { continue }
            short += goal - (perFill[f] ?? 0)
            for key in keysOf[f]!.sorted(by: { (cut($0), $1) > (cut($1), $0) }) {  // safe: keys of keysOf
                while (perFill[f] ?? 0) < goal && canAdd(key, f) {
                    take(key, 1)
                    perFill[f, default: 0] += 1
                    added += 1
                }
            }
        }
        input.say("rounded the LP's classes down, then \(added) classes more of \(short) short")
        return counts
    }

    /// A block LP's answer, shared rows by name.
    typealias BlockAnswer = (value: Double, usage: [String: Double], x: [Double])

    /// The answers, or nil (said) when a block failed.
    static func answersOrNil(_ results: [Result<BlockLPs.Answer, SolveError>], blocks: [Block], say: (String) -> Void, what: String) -> [BlockAnswer]? {
        var out: [BlockAnswer] = []
        for (k, r) in results.enumerated() {
            switch r {
            case .success(let a):
                var usage: [String: Double] = [:]
                for (j, row) in blocks[k].shared.enumerated() { usage[row.name] = a.usage[j] }
                out.append((a.value, usage, a.x))
            case .failure(let e): say("\(what): \(e)"); return nil
            }
        }
        return out
    }
}

/// Checks of national plans in the making, on a thread of their own so that the class moves go
/// on meanwhile (the moves keep one core busy at most): the newest state offered is checked
/// next, older ones still waiting are dropped.
final class PlanChecks: @unchecked Sendable {
    private let lock = NSCondition()
    private var pending: (() -> Void)?
    private var busy = false

    /// Runs `check` on the checks' thread, after the one running (in place of any waiting).
    func offer(_ check: @escaping () -> Void) {
        lock.lock()
        pending = check
        let start = !busy
        busy = true
        lock.unlock()
        guard start else { return }
        let t = Thread { [self] in
            while true {
                lock.lock()
                guard let next = pending else { busy = false; lock.broadcast(); lock.unlock(); return }
                pending = nil
                lock.unlock()
                next()
            }
        }
        t.stackSize = 8 << 20
        t.start()
    }

    /// Waits for the check running and the one waiting.
    func finish() {
        lock.lock()
        while busy { lock.wait() }
        lock.unlock()
    }
}
