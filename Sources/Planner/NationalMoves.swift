import Foundation
import GLPK
import LinearModel
import Scenario

/// The national plan's learners in given classes, and moves of whole classes guided by the
/// blocks' reduced costs (see `Decomposition.nationalPlans`).
extension Decomposition {
    /// Every block's learners given its part of each national class count (its class columns
    /// fixed there, so each fill row holds for the sum). Shared rows: the institutions' whole
    /// (the classes fit them nationally); budgets: each block's class costs, then the rest by
    /// what `lp`'s learners spent (the slack by staff); exam seats and places by `lp`'s use.
    /// - Parameters:
    ///   - parts: per block, its (fractional) part of each national class count.
    ///   - lp: the blocks' answers whose use shares out the class-free rows.
    /// - Returns: the blocks' answers and each block's reduced costs (one per column); nil when
    ///   a block LP failed (said).
    ///   - warm: each block LP from its last basis (`BlockLPs.Job.shares`): between rounds of
    ///     class moves, which change a few classes.
    static func fill(_ parts: [[ClassKey: Double]], using lp: [BlockAnswer], _ input: NationalInputs, warm: Bool = false)
        -> (answers: [BlockAnswer], reduced: [[Double]])? {
        let blocks = input.blocks
        let objective = input.solvers.models.map(\.objectiveCoefficients)
        var fixed = [(vars: [Variable], at: [Double])](repeating: ([], []), count: blocks.count)
        for (k, b) in blocks.enumerated() {
            for (key, v) in b.model.classVar {
                fixed[k].vars.append(v)
                fixed[k].at.append(parts[k][key] ?? 0)
            }
        }
        // (Every row's class part at once: one row at a time took 3 s a round on the national rung.)
        let classParts = blocks.indices.map { k in Decomposition.classParts(block: blocks[k], at: fixed[k]) }
        let lpClassParts = blocks.indices.map { k in
            Decomposition.classParts(block: blocks[k], at: (fixed[k].vars, fixed[k].vars.map { lp[k].x[$0.index] }))
        }
        var second = [[String: Double]](repeating: [:], count: blocks.count)
        for n in input.names {
            let cap = input.capacity[n]!  // safe: names are capacity's keys
            if isInstitutionRow(n) {
                for k in blocks.indices { second[k][n] = cap }
                continue
            }
            let classCost = blocks.indices.map { k in classParts[k][n] ?? 0 }
            let lpClassCost = blocks.indices.map { k in lpClassParts[k][n] ?? 0 }
            let learnerUse = blocks.indices.map { k in max(0, (lp[k].usage[n] ?? 0) - lpClassCost[k]) }
            let s = shareOut(n, max(0, cap - classCost.reduce(0, +)), want: learnerUse, blocks: blocks, whole: false)
            for k in blocks.indices { second[k][n] = classCost[k] + s[k] }
        }
        let rest = input.solvers.run(blocks.indices.map { k in
            .shares(objective: objective[k], upper: blocks[k].shared.map { second[k][$0.name] ?? 0 },
                    fix: fixed[k].vars, at: fixed[k].at, seconds: input.left(), warm: warm)
        })
        guard let answers = answersOrNil(rest, blocks: blocks, say: input.say, what: "block LPs with the national classes") else { return nil }
        let reduced = rest.map { r -> [Double] in if case .success(let a) = r { return a.reducedCosts }; return [] }
        return (answers, reduced)
    }

    /// Moves of whole classes, round after round while time is left: a class less where a
    /// block's reduced cost says its part is worth less than its cost (negative), then a class
    /// more, shared among the blocks that value it, where the best value is highest and the
    /// institution's teachers and rooms (`GreedyBaseline.Ledger`) and the budgets' class money
    /// allow, or (a swap) in the place of a class of the same full institution worth less;
    /// the learners are filled again and the round is kept only when Σ of the blocks'
    /// weighted attainment rose (else the next round moves half as many classes).
    /// - Parameter reserve: seconds to leave at the end (for checking the plans made).
    static func improve(_ counts: inout [ClassKey: Int], _ parts: inout [[ClassKey: Double]],
                        _ filled: inout (answers: [BlockAnswer], reduced: [[Double]]), _ input: NationalInputs, reserve: Double = 1) {
        let blocks = input.blocks
        let sm = input.model
        var value = filled.answers.reduce(0) { $0 + $1.value }
        // At most 1% of the classes a round at first (measured on the national rung: rounds of
        // 2% swapped ~240 classes and the blocks' learners could not fill them, 1% could).
        var limit = max(4, counts.values.reduce(0, +) / 100)
        // Rounds stall when one of at most `smallest` moves fails (the best-scored moves are
        // tried round after round): then single moves (`localSearch`).
        let smallest = 4
        var stalled = false
        var lastCheck = ContinuousClock.now
        var rounds = 0, kept = 0
        var last = 0.0
        // Part rounds (every other round): a national class count stays, and a share of it goes
        // from the block that values it least to the one that values it most (the blocks'
        // reduced costs): the classes and what they cost nationally do not change, only whose
        // learners fill them. `shift` classes at most per key, on the `transfers` keys where
        // the two values differ most; fewer after a failed round, then smaller shifts.
        let mostTransfers = 40
        var shift = 0.5, transfers = mostTransfers
        while !stalled && rounds < input.improvementRounds && input.left() > 2 * last + reserve {
            let began = ContinuousClock.now
            rounds += 1
            if rounds % 2 == 0 && shift >= 0.05 {
                let spread = partSpread(counts, parts, filled.reduced, blocks: blocks)
                if spread.isEmpty { shift = 0; continue }
                var nextParts = parts
                for t in spread.prefix(transfers) {
                    let d = min(shift, parts[t.from][t.key] ?? 0)
                    nextParts[t.from][t.key, default: 0] -= d
                    nextParts[t.to][t.key, default: 0] += d
                }
                let next = fill(nextParts, using: filled.answers, input, warm: true)
                let z = next?.answers.reduce(0) { $0 + $1.value } ?? -.infinity
                input.say(String(format: "part moves (round %d): %d keys, %.2f classes each at most: %.4f (was %.4f)", rounds, min(transfers, spread.count), shift, z, value))
                if let next, z > value + 1e-9 {
                    value = z; parts = nextParts; filled = next; kept += 1
                    checkpoint(counts, parts, filled, input, last: &lastCheck)
                } else {
                    transfers /= 2
                    if transfers < 1 { shift /= 2; transfers = mostTransfers }
                }
                last = elapsed(since: began)
                continue
            }
            // Scores from the reduced costs (per unit of a class column, in weighted attainment).
            // A class more is shared among the blocks that value it, in proportion to their
            // value (a whole class in one block may need more learners than it has).
            var add: [ClassKey: (gain: Double, block: Int)] = [:], drop: [ClassKey: (loss: Double, block: Int)] = [:]
            var wants: [ClassKey: [(block: Int, r: Double)]] = [:]
            for (k, b) in blocks.enumerated() where !filled.reduced[k].isEmpty {
                for (key, v) in b.model.classVar {
                    let r = filled.reduced[k][v.index]
                    if r > 1e-9 { wants[key, default: []].append((k, r)) }
                    if r > (add[key]?.gain ?? 1e-9) { add[key] = (r, k) }
                    if (parts[k][key] ?? 0) >= 1 - 1e-9, r < (drop[key]?.loss ?? -1e-9) { drop[key] = (r, k) }
                }
            }
            var nextCounts = counts, nextParts = parts
            for (key, d) in drop.sorted(by: { ($0.value.loss, $0.key) < ($1.value.loss, $1.key) }).prefix(limit / 2) {
                nextCounts[key, default: 0] -= 1
                nextParts[d.block][key, default: 0] -= 1
            }
            var ledger = GreedyBaseline.Ledger(input.data)
            for (key, n) in nextCounts where n > 0 { ledger.book(offering: key.offering, institution: key.institution, term: key.term, classes: n) }
            let planned = classMoney(nextCounts, model: sm), costs = planned.costs
            var money = planned.money
            var added = 0, swapped = 0
            func take(_ key: ClassKey, _ a: (gain: Double, block: Int), _ c: [(row: Int, cost: Double)]) {
                ledger.book(offering: key.offering, institution: key.institution, term: key.term, classes: 1)
                for x in c { money[x.row, default: 0] -= x.cost }
                nextCounts[key, default: 0] += 1
                let takers = wants[key] ?? [(a.block, a.gain)]
                let sum = takers.reduce(0) { $0 + $1.r }
                for t in takers { nextParts[t.block][key, default: 0] += t.r / sum }
                added += 1
            }
            var refused: [(key: ClassKey, a: (gain: Double, block: Int), c: [(row: Int, cost: Double)])] = []
            for (key, a) in add.sorted(by: { ($0.value.gain, $1.key) > ($1.value.gain, $0.key) }) where added < limit {
                guard sm.classVar[key] != nil else { continue }
                let c = costs[key] ?? []
                guard c.allSatisfy({ (money[$0.row] ?? .infinity) >= $0.cost }) else { continue }
                guard ledger.fits(offering: key.offering, institution: key.institution, term: key.term, extraClasses: 1) else {
                    refused.append((key, a, c)); continue
                }
                take(key, a, c)
            }
            // Swaps: a class the institution's whole teachers or rooms refused takes the place of
            // one there worth less (a block with a whole class of it, its reduced cost), in a term
            // it overlaps, when that frees room for it (the ledger, built again, says so).
            for r in refused where swapped < limit / 2 {
                guard r.c.allSatisfy({ (money[$0.row] ?? .infinity) >= $0.cost }) else { continue }
                guard let b = swapPartner(for: r.key, below: r.a.gain, counts: nextCounts, parts: nextParts, reduced: filled.reduced, input) else { continue }
                // (Booking −1 class undoes a booking exactly: the ledger keeps sums.)
                ledger.book(offering: b.key.offering, institution: b.key.institution, term: b.key.term, classes: -1)
                guard ledger.fits(offering: r.key.offering, institution: r.key.institution, term: r.key.term, extraClasses: 1) else {
                    ledger.book(offering: b.key.offering, institution: b.key.institution, term: b.key.term, classes: 1); continue
                }
                nextCounts[b.key, default: 0] -= 1
                nextParts[b.block][b.key, default: 0] -= 1
                for x in costs[b.key] ?? [] { money[x.row, default: 0] += x.cost }
                take(r.key, r.a, r.c)
                swapped += 1
            }
            if swapped > 0 { input.say("class moves: \(swapped) \(swapped == 1 ? "class takes the place" : "classes take the places") of others at full institutions") }
            let dropped = min(drop.count, limit / 2) + swapped
            guard added + dropped > 0 else { break }
            // A failed round: half as many moves next time, or single moves from now on.
            func failed() { if limit > smallest { limit /= 2 } else { stalled = true } }
            guard let next = fill(nextParts, using: filled.answers, input, warm: true) else {
                last = elapsed(since: began); failed(); continue
            }
            let z = next.answers.reduce(0) { $0 + $1.value }
            input.say(String(format: "class moves (round %d): %d fewer, %d more: %.4f (was %.4f)", rounds, dropped, added, z, value))
            if z > value + 1e-9 {
                value = z; counts = nextCounts; parts = nextParts; filled = next; kept += 1
                checkpoint(counts, parts, filled, input, last: &lastCheck)
            } else {
                failed()
            }
            last = elapsed(since: began)
        }
        if rounds > 0 { input.say("class moves: \(kept) of \(rounds) rounds kept") }
        // (Not when the rounds were capped: `improvementRounds` bounds the work.)
        if rounds < input.improvementRounds && input.left() > reserve + 1 { localSearch(&counts, &parts, &filled, input, reserve: reserve) }
    }

    /// Each class key's cost on each budget row, and what each budget row leaves for classes
    /// beyond those of `counts` (its capacity less their costs).
    static func classMoney(_ counts: [ClassKey: Int], model sm: StrategicModel)
        -> (costs: [ClassKey: [(row: Int, cost: Double)]], money: [Int: Double]) {
        var keyOf: [Int: ClassKey] = [:]
        for (k, v) in sm.classVar { keyOf[v.index] = k }
        var costs: [ClassKey: [(row: Int, cost: Double)]] = [:]
        var money: [Int: Double] = [:]
        for (_, row) in sm.budgetRows {
            var used = 0.0
            for t in sm.model.row(row) {
                guard let key = keyOf[t.variable.index] else { continue }
                costs[key, default: []].append((row.index, t.coefficient))
                used += t.coefficient * Double(counts[key] ?? 0)
            }
            money[row.index] = sm.model.rowUpper[row.index] - used
        }
        return (costs, money)
    }

    /// The class a swap would take out for one more of `key`: of the same institution, in a
    /// term `key`'s overlaps, held whole by a block that values it least (its reduced cost),
    /// below `gain`; ties by key, so that runs agree.
    static func swapPartner(for key: ClassKey, below gain: Double, counts: [ClassKey: Int], parts: [[ClassKey: Double]],
                            reduced: [[Double]], _ input: NationalInputs) -> (key: ClassKey, block: Int, r: Double)? {
        let data = input.data
        func terms(_ k: ClassKey) -> Range<Int> { k.term..<(k.term + (data.span(offering: k.offering, start: k.term) ?? 1)) }
        var best: (key: ClassKey, block: Int, r: Double)? = nil
        for (other, n) in counts where n > 0 && other.institution == key.institution && other != key && terms(other).overlaps(terms(key)) {
            guard let v = input.model.classVar[other] else { continue }
            for k in input.blocks.indices where (parts[k][other] ?? 0) >= 1 - 1e-9 && !reduced[k].isEmpty {
                let r = reduced[k][v.index]
                guard r < gain - 1e-6 else { continue }
                if let b = best, (r, other, k) >= (b.r, b.key, b.block) { continue }
                best = (other, k, r)
            }
        }
        return best
    }

    /// Keys that blocks value differently: the block holding a part of a planned class that
    /// values it least, the block that values it most, and the difference (reduced costs, per
    /// class), largest first.
    static func partSpread(_ counts: [ClassKey: Int], _ parts: [[ClassKey: Double]], _ reduced: [[Double]], blocks: [Block])
        -> [(key: ClassKey, from: Int, to: Int, gain: Double)] {
        var low: [ClassKey: (r: Double, block: Int)] = [:], high: [ClassKey: (r: Double, block: Int)] = [:]
        for (k, b) in blocks.enumerated() where !reduced[k].isEmpty {
            for (key, v) in b.model.classVar where (counts[key] ?? 0) > 0 {
                let r = reduced[k][v.index]
                if (parts[k][key] ?? 0) > 1e-6, r < (low[key]?.r ?? .infinity) { low[key] = (r, k) }
                if r > (high[key]?.r ?? -.infinity) { high[key] = (r, k) }
            }
        }
        var spread: [(key: ClassKey, from: Int, to: Int, gain: Double)] = []
        for (key, h) in high {
            if let l = low[key], l.block != h.block, h.r - l.r > 1e-6 { spread.append((key, l.block, h.block, h.r - l.r)) }
        }
        return spread.sorted { ($0.gain, $1.key) > ($1.gain, $0.key) }
    }
}
