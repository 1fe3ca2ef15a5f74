import Foundation
import GLPK
import LinearModel
import Scenario

/// Single moves on the national plan, each checked exactly and cheaply: only the blocks a move
/// touches solve their LPs again; every other block keeps its learners and its use of each
/// shared row, and the touched ones share what that leaves (so every shared row still holds).
/// Rounds of many moves (`improve`) buy most at first; once they stall (the best-scored moves
/// fail together), this tries moves one at a time and keeps each that raises Σ of the blocks'
/// weighted attainment.
extension Decomposition {
    /// One move: changes of national class counts and of blocks' parts of them.
    struct Move {
        /// Who the move is, to try a failed one only once.
        var name: String
        var counts: [ClassKey: Int] = [:]
        var parts: [(block: Int, key: ClassKey, delta: Double)] = []
        /// What the blocks' reduced costs say it gains (weighted attainment).
        var estimate: Double
    }

    /// First-improvement local search over class moves (a class more, fewer, or in the place of
    /// one of the same full institution) and part moves (a share of a class from the block that
    /// values it least to the one that values it most), until the time is up or no move is left.
    /// - Parameters:
    ///   - counts, parts, filled: the plan (national class counts, each block's part of them, the
    ///     blocks' answers with those parts fixed and their reduced costs); improved in place.
    ///   - input: the blocks, their loaded LPs, the shared rows and the time left.
    ///   - reserve: seconds to leave at the end.
    /// - Returns: moves tried and moves kept.
    @discardableResult
    static func localSearch(_ counts: inout [ClassKey: Int], _ parts: inout [[ClassKey: Double]],
                            _ filled: inout (answers: [BlockAnswer], reduced: [[Double]]), _ input: NationalInputs, reserve: Double = 1) -> (tried: Int, kept: Int) {
        let blocks = input.blocks
        let objective = input.solvers.models.map(\.objectiveCoefficients)
        var ledger = GreedyBaseline.Ledger(input.data)
        for (key, n) in counts where n > 0 { ledger.book(offering: key.offering, institution: key.institution, term: key.term, classes: n) }
        let planned = classMoney(counts, model: input.model), costs = planned.costs
        var money = planned.money
        func affordable(_ delta: [ClassKey: Int]) -> Bool {
            var change: [Int: Double] = [:]
            for (key, n) in delta { for c in costs[key] ?? [] { change[c.row, default: 0] += Double(n) * c.cost } }
            return change.allSatisfy { (money[$0.key] ?? .infinity) >= $0.value - 1e-6 }
        }
        // Each shared row's use by all blocks, and each block's class part of it.
        var used: [String: Double] = [:]
        for a in filled.answers { for (n, u) in a.usage { used[n, default: 0] += u } }
        func fixedColumns(_ k: Int, _ p: [ClassKey: Double]) -> (vars: [Variable], at: [Double]) {
            let cv = blocks[k].model.classVar
            return (cv.map(\.value), cv.map { p[$0.key] ?? 0 })
        }
        var classCost = blocks.indices.map { classParts(block: blocks[$0], at: fixedColumns($0, parts[$0])) }
        var value = filled.answers.reduce(0) { $0 + $1.value }
        let valueBefore = value

        /// Solves the touched blocks with the move's parts; keeps the move when Σ rose.
        func tryMove(_ m: Move) -> Bool {
            var newParts: [Int: [ClassKey: Double]] = [:]
            for c in m.parts {
                var p = newParts[c.block] ?? parts[c.block]
                p[c.key, default: 0] += c.delta
                if p[c.key]! < -1e-9 { return false }  // safe: just set
                newParts[c.block] = p
            }
            let touched = newParts.keys.sorted()
            var fixed: [Int: (vars: [Variable], at: [Double])] = [:], newCost: [Int: [String: Double]] = [:]
            var costChange: [String: Double] = [:]
            for k in touched {
                fixed[k] = fixedColumns(k, newParts[k]!)  // safe: k from newParts
                newCost[k] = classParts(block: blocks[k], at: fixed[k]!)  // safe: just set
                for (n, c) in newCost[k]! { costChange[n, default: 0] += c - (classCost[k][n] ?? 0) }  // safe: just set
            }
            // The shared rows' slack after the move's class costs, shared by the touched blocks.
            var holders: [String: Int] = [:]
            for k in touched { for (n, _) in blocks[k].shared where !isInstitutionRow(n) { holders[n, default: 0] += 1 } }
            var slack: [String: Double] = [:]
            for (n, _) in holders {
                let s = input.capacity[n]! - (used[n] ?? 0) - (costChange[n] ?? 0)  // safe: shared rows are capacity's keys
                if s < -1e-6 { return false }
                slack[n] = max(0, s)
            }
            var jobs: [Int: BlockLPs.Job] = [:]
            for k in touched {
                let a = filled.answers[k]
                let upper = blocks[k].shared.map { row -> Double in
                    if isInstitutionRow(row.name) { return input.capacity[row.name]! }  // safe: shared rows are capacity's keys
                    let change = (newCost[k]![row.name] ?? 0) - (classCost[k][row.name] ?? 0)  // safe: set for every touched block
                    return (a.usage[row.name] ?? 0) + change + slack[row.name]! / Double(holders[row.name]!)  // safe: counted above
                }
                jobs[k] = .shares(objective: objective[k], upper: upper, fix: fixed[k]!.vars, at: fixed[k]!.at,  // safe: set above
                                  seconds: max(0.5, input.left()), warm: true)
            }
            var answers: [Int: BlockLPs.Answer] = [:]
            for (k, r) in input.solvers.run(only: jobs) {
                guard case .success(let a) = r else { return false }
                answers[k] = a
            }
            let gain = touched.reduce(0.0) { $0 + answers[$1]!.value - filled.answers[$1].value }  // safe: every touched block answered
            guard gain > 1e-7 * max(1, abs(value)) else { return false }
            for k in touched {
                let a = answers[k]!  // safe: as above
                var usage: [String: Double] = [:]
                for (j, row) in blocks[k].shared.enumerated() { usage[row.name] = a.usage[j] }
                for (n, u) in usage { used[n, default: 0] += u - (filled.answers[k].usage[n] ?? 0) }
                filled.answers[k] = (a.value, usage, a.x)
                filled.reduced[k] = a.reducedCosts
                parts[k] = newParts[k]!  // safe: k from newParts
                classCost[k] = newCost[k]!  // safe: set above
            }
            for (key, n) in m.counts {
                counts[key, default: 0] += n
                ledger.book(offering: key.offering, institution: key.institution, term: key.term, classes: n)
                for c in costs[key] ?? [] { money[c.row, default: 0] -= Double(n) * c.cost }
            }
            value += gain
            return true
        }

        var tabu = Set<String>()
        var lastCheck = ContinuousClock.now
        var tried = 0, kept = 0
        while input.left() > reserve + 0.5 {
            // Each key's blocks by reduced cost (per unit of its class column).
            var byKey: [ClassKey: [(block: Int, r: Double)]] = [:]
            for (k, b) in blocks.enumerated() where !filled.reduced[k].isEmpty {
                for (key, v) in b.model.classVar { byKey[key, default: []].append((k, filled.reduced[k][v.index])) }
            }
            // A share of a class (half at most) to the block that values it most from the one
            // that values it least.
            var moves: [Move] = partSpread(counts, parts, filled.reduced, blocks: blocks).map { t in
                let d = min(0.5, parts[t.from][t.key] ?? 0)
                return Move(name: "part \(t.key) \(t.from)→\(t.to)", parts: [(t.from, t.key, -d), (t.to, t.key, d)], estimate: d * t.gain)
            }
            for (key, list) in byKey {
                let sorted = list.sorted { ($0.r, $1.block) > ($1.r, $0.block) }
                let holders = list.filter { (parts[$0.block][key] ?? 0) > 1e-6 }
                // A class more, shared by the (at most two) blocks that value it most.
                let takers = sorted.prefix(2).filter { $0.r > 1e-6 }
                if !takers.isEmpty {
                    let sum = takers.reduce(0) { $0 + $1.r }
                    moves.append(Move(name: "add \(key)", counts: [key: 1], parts: takers.map { ($0.block, key, $0.r / sum) },
                                      estimate: takers.reduce(0) { $0 + $1.r * $1.r / sum }))
                }
                // A class fewer, where a block holding a whole one values it below nothing.
                if let lo = holders.filter({ (parts[$0.block][key] ?? 0) >= 1 - 1e-9 }).min(by: { $0.r < $1.r }), lo.r < -1e-6 {
                    moves.append(Move(name: "drop \(key)", counts: [key: -1], parts: [(lo.block, key, -1)], estimate: -lo.r))
                }
            }
            moves = moves.filter { !tabu.contains($0.name) }.sorted { ($0.estimate, $1.name) > ($1.estimate, $0.name) }
            guard !moves.isEmpty else { break }
            for var m in moves.prefix(40) where input.left() > reserve + 0.5 {
                tabu.insert(m.name)
                // A class more where the institution is full: in the place of one there worth less.
                if let (key, n) = m.counts.first, n > 0, m.counts.count == 1,
                   !ledger.fits(offering: key.offering, institution: key.institution, term: key.term, extraClasses: 1) {
                    guard let b = swapPartner(for: key, below: m.estimate, counts: counts, parts: parts, reduced: filled.reduced, input) else { continue }
                    ledger.book(offering: b.key.offering, institution: b.key.institution, term: b.key.term, classes: -1)
                    let fits = ledger.fits(offering: key.offering, institution: key.institution, term: key.term, extraClasses: 1)
                    ledger.book(offering: b.key.offering, institution: b.key.institution, term: b.key.term, classes: 1)
                    guard fits else { continue }
                    m.name += " for \(b.key)"
                    m.counts[b.key] = -1
                    m.parts.append((b.block, b.key, -1))
                }
                guard affordable(m.counts) else { continue }
                tried += 1
                if tryMove(m) {
                    kept += 1
                    checkpoint(counts, parts, filled, input, last: &lastCheck)
                }
            }
        }
        input.say(String(format: "single moves: %d tried, %d kept: %.4f (was %.4f)", tried, kept, value, valueBefore))
        return (tried, kept)
    }
}
