import Foundation
import GLPK
import LinearModel
import Scenario

/// Planning by structure: the segments fall into blocks (provinces) that share nothing but
/// institutions, exam seats, course places and budgets. Each block gets its own model
/// (its segments and targets, every institution); the shared rows are kept in every block
/// with their whole national capacity and priced by multipliers λ ≥ 0.
///
/// Why the bound is valid. Any plan of the national model, integer or not, splits into
/// block parts x_b: enrolments by segment, and the classes of each (offering, payer, term)
/// in proportion to each block's learners in them, which keeps every fill row (Σ learners
/// between min and max seats × classes) true in each block. A shared row a·x ≤ b is linear,
/// so Σ_b a·x_b = a·x ≤ b, and each a·x_b ≤ b alone (non-negative terms). So for λ ≥ 0,
/// WA(x) ≤ Σ_b [WA_b(x_b) − λ·a·x_b] + λ·b ≤ Σ_b L_b(λ) + λ·b, where L_b(λ) is the optimum
/// of block b's LP relaxation with the priced objective. Every λ ≥ 0 gives a valid bound;
/// subgradient steps look for a low one, then column generation (`DecompositionMaster`):
/// the duals π ≥ 0 of the Dantzig–Wolfe master over every block LP point found so far are
/// just another λ (smoothed towards the best one), so every bound it gives is valid too.
///
/// The national LP point: the master's optimum, a convex combination of each block's points
/// that keeps every shared row (see `DecompositionMaster`), never below the staff-share point.
///
/// The national LP's optimum: meanwhile, on a thread of its own, GLPK's interior-point method
/// solves the whole national LP (`DecompositionInterior.swift`) when the time limit leaves
/// room for it; its point is one more the national plans start from (the best on the national
/// rung: 387.5 against 385.4 from the staff shares).
///
/// The plans: first the national plans (`NationalPlan.swift`): class counts decided for the
/// whole country from points of the national LP relaxation (the blocks' LPs at shares of
/// every shared row, which add up to at most each capacity), rounded within the institutions'
/// whole teachers and rooms and the budgets, and each block's learners in its part of those
/// classes. Then, unless a plan is already within `gap` of the bound, the province-split
/// plan: each shared capacity is split among the blocks (in proportion to what the blocks
/// used over the steps, the slack by staff), each block is planned with GLPK within its
/// shares (`StrategicPlanner.solveStage`), and the block plans are added up; and the greedy
/// plan of the whole scenario. Every plan is checked against every row of the national
/// model; the best that keeps them all is returned.
public enum Decomposition {
    /// Plans `sc` block by block and proves a bound for the whole.
    /// - Parameters:
    ///   - sc: a scenario with several blocks (e.g. `ScenarioGenerator.national`).
    ///   - options: time limit, parallel jobs, iterations.
    /// - Returns: the combined plan, its weighted attainment and the bound.
    /// - Throws: `PlannerError` when GLPK fails or no block has an LP optimum in time.
    public static func plan(_ sc: Scenario, options: DecompositionOptions = DecompositionOptions()) throws(PlannerError) -> DecomposedPlan {
        let started = ContinuousClock.now
        func say(_ s: String) { options.progress?(String(format: "[%5.1fs] ", elapsed(since: started)) + s) }
        let parts = blocks(sc)
        let national = PlanningData(sc)
        let nationalModel = StrategicModel(national)
        // The whole national LP by the interior-point method, meanwhile, when it may finish.
        let interiorSeconds = options.timeLimit - options.interiorReserve - elapsed(since: started)
        let interior: InteriorLP? = options.interiorLP && options.nationalLPPoint == nil && parts.count > 1
            && interiorSeconds >= options.interiorSecondsPerNonzero * Double(nationalModel.model.nonZeroCount)
            ? InteriorLP(model: nationalModel.model, objective: nationalModel.weightedAttainment, seconds: interiorSeconds) : nil
        let jobs = interior != nil && options.jobs > 1 ? options.jobs - 1 : options.jobs
        if interior != nil { say(String(format: "national LP by the interior-point method started (limit %.0f s); blocks on %d job(s)", interiorSeconds, jobs)) }
        // The spreadsheet-style greedy plan of the whole scenario, made meanwhile on a thread of
        // its own: when it is ready in time and keeps every row (checked below like the
        // combined plan), the result is never worse than it.
        let greedyBox = ParallelResults<Plan>(1)
        let greedyDone = DispatchSemaphore(value: 0)
        Thread {
            let g = GreedyBaseline.plan(national)
            greedyBox.lock.lock(); greedyBox.results[0] = .success(g); greedyBox.lock.unlock()
            greedyDone.signal()
        }.start()
        // Block models are independent: built in parallel.
        let built = try? parallelMap(parts.count, jobs: jobs) { k throws(SolveError) -> Block in
            block(parts[k], of: sc, national: national)
        }
        guard let blocks = built else { throw .noPlan("the block models could not be built") }
        // Shared rows and their national capacity (the same in every block that has them).
        let capacity = capacities(blocks)
        let names = capacity.keys.sorted()
        let totalStaff = max(1, blocks.reduce(0) { $0 + $1.staff })
        say("\(blocks.count) blocks, \(names.count) shared rows, block models of \(blocks.map { $0.model.model.variableCount }.max() ?? 0) variables at most")

        // Every block's LP stays loaded in GLPK on its own thread: each step only changes the
        // objective (or the shared rows' bounds). Each solve uses GLPK's presolver: measured on
        // the national rung, a step warm-started from the last basis took longer (> 70 s) than
        // presolving from scratch (about 30 s), the prices moving the optimum far.
        let solvers = BlockLPs(models: attainmentModels(blocks),
                               shared: blocks.map { $0.shared.map(\.row) }, jobs: jobs)
        defer { solvers.stop() }
        func deadline() -> Double { max(1, options.timeLimit - elapsed(since: started)) }
        // Block b's LP with the shared rows priced by λ (kept at full capacity).
        func lagrangianJob(_ k: Int, _ lambda: [String: Double]) -> BlockLPs.Job {
            let b = blocks[k]
            var c = solvers.models[k].objectiveCoefficients
            for r in b.shared {
                let l = lambda[r.name] ?? 0
                guard l > 0 else { continue }
                for t in b.model.model.row(r.row) { c[t.variable.index] -= l * t.coefficient }
            }
            return .objective(c, seconds: deadline())
        }
        func answers(_ jobs: [BlockLPs.Job]) throws(SolveError) -> [(value: Double, usage: [String: Double], duals: [String: Double], x: [Double])] {
            var out: [(value: Double, usage: [String: Double], duals: [String: Double], x: [Double])] = []
            for (k, r) in solvers.run(jobs).enumerated() {
                let a: BlockLPs.Answer
                switch r {
                case .success(let v): a = v
                case .failure(let e): throw e
                }
                var usage: [String: Double] = [:], duals: [String: Double] = [:]
                for (j, row) in blocks[k].shared.enumerated() { usage[row.name] = a.usage[j]; duals[row.name] = abs(a.duals[j]) }
                out.append((a.value, usage, duals, a.x))
            }
            return out
        }
        func bound(_ lambda: [String: Double], _ values: [Double]) -> Double {
            values.reduce(0, +) + names.reduce(0.0) { $0 + (lambda[$1] ?? 0) * capacity[$1]! }  // safe: names are capacity's keys
        }

        // Start: λ from the duals of each block's LP with a staff share of every shared row.
        var lambda: [String: Double] = [:]
        // Σ over the steps of each block's use of each shared row: the average of the steps'
        // LP points tends to a point of the LP relaxation that keeps the shared rows.
        var usageSum = [[String: Double]](repeating: [:], count: blocks.count)
        // The blocks' LP points at these shares add up to a point of the national LP relaxation.
        var staffSharePoint: [BlockAnswer] = []
        // Σ of each block's LP points over the first round and the steps: their average tends to
        // a point of the national LP relaxation (primal recovery), better than the first alone.
        var pointSum: [[Double]] = []
        // Every block LP point below, for the Dantzig–Wolfe master (`DecompositionMaster`).
        var master = DecompositionMaster(blocks: blocks.count, capacity: capacity)
        let firstRound = ContinuousClock.now
        do {
            let restricted = try answers(blocks.indices.map { k in
                .rowBounds(blocks[k].shared.map { capacity[$0.name]! * blocks[k].staff / totalStaff }, seconds: deadline())  // safe: every shared name is in capacity
            })
            let firsts = blocks.indices.map { k in (restricted[k].duals, blocks[k].staff, restricted[k].usage) }
            say(String(format: "LPs with a staff share of every shared row solved: %.4f", restricted.reduce(0) { $0 + $1.value }))
            for (d, staff, _) in firsts { for (n, v) in d { lambda[n, default: 0] += v * staff / totalStaff } }
            // These LPs split every shared row by staff: their use is a split that keeps the
            // shared rows, counted in the average below like a step.
            for k in blocks.indices { usageSum[k] = firsts[k].2 }
            staffSharePoint = restricted.map { ($0.value, $0.usage, $0.x) }
            pointSum = restricted.map(\.x)
            for (k, a) in restricted.enumerated() { master.add(k, value: a.value, usage: a.usage, x: a.x) }
        } catch { throw .solver(error) }

        // Subgradient steps from the best multipliers so far: Polyak's step towards a value
        // 0.5% below the best bound (no plan value is known yet; national plans come within a
        // few per cent, and longer steps overshoot), halved after a step that did not lower it.
        var best: (bound: Double, lambda: [String: Double], usage: [[String: Double]], g: [String: Double])? = nil
        var theta = 1.0, iterations = 0
        // Rounds at shares (the first) take far longer than rounds at prices (measured on the
        // national rung: 111 s against 20 s at load 5–7): their times are kept apart.
        let sharesRound = elapsed(since: firstRound)
        var lastRound = sharesRound
        while iterations < options.maxIterations, iterations == 0 || elapsed(since: started) < options.timeLimit * options.boundShare {
            let results: [(value: Double, usage: [String: Double], duals: [String: Double], x: [Double])]
            let began = ContinuousClock.now
            do { results = try answers(blocks.indices.map { lagrangianJob($0, lambda) }) }
            catch { if best == nil { throw .solver(error) }; break }
            lastRound = elapsed(since: began)
            iterations += 1
            // (A step's value is the priced objective; the master wants the point's attainment.)
            for (k, a) in results.enumerated() { master.add(k, value: solvers.models[k].objectiveValue(at: a.x), usage: a.usage, x: a.x) }
            for k in blocks.indices { for (n, u) in results[k].usage { usageSum[k][n, default: 0] += u } }
            for k in blocks.indices {
                for j in pointSum[k].indices { pointSum[k][j] += results[k].x[j] }
            }
            let z = bound(lambda, results.map(\.value))
            if let b = best, z >= b.bound - 1e-9 {
                theta /= 2
            } else {
                // The subgradient of the bound in λ: capacity − Σ use (zero along a λ at 0 that would go below).
                var g: [String: Double] = [:]
                for n in names {
                    let gi = capacity[n]! - results.reduce(0.0) { $0 + ($1.usage[n] ?? 0) }  // safe: names are capacity's keys
                    g[n] = (lambda[n] ?? 0) <= 0 && gi > 0 ? 0 : gi
                }
                best = (z, lambda, results.map(\.usage), g)
            }
            let b = best!  // safe: set on the first step
            say(String(format: "Lagrangian bound %.4f (best %.4f), step %d, θ %.3g", z, b.bound, iterations, theta))
            let norm = b.g.values.reduce(0) { $0 + $1 * $1 }
            guard norm > 1e-18 else { break }  // λ is optimal: the relaxed rows are met
            let step = theta * 0.005 * b.bound / norm
            for n in names { lambda[n] = max(0, (b.lambda[n] ?? 0) - step * (b.g[n] ?? 0)) }
        }
        guard var proven = best else { throw .noPlan("no Lagrangian bound in \(options.timeLimit) s") }

        // Column generation: the master over every point so far, then block LPs at its
        // (smoothed) prices, each a new point and a Lagrangian bound, while a round and the
        // plans still fit in the time left.
        // Each block's point that uses no shared row (no classes, no enrolments): mixed with
        // another point it frees that block's use of every shared row at once, which the
        // staff-share point (it fills most of them) leaves no room for otherwise.
        if options.masterRounds > 0 {
            let began = ContinuousClock.now
            if let zeros = try? answers(blocks.indices.map { k in .rowBounds(blocks[k].shared.map { _ in 0 }, seconds: deadline()) }) {
                for (k, a) in zeros.enumerated() { master.add(k, value: a.value, usage: a.usage, x: a.x) }
                say(String(format: "points without shared rows: %.4f, %.1f s", zeros.reduce(0) { $0 + $1.value }, elapsed(since: began)))
            }
        }
        // A master's answer is kept only when it holds (`DecompositionMaster.holds`) and is not
        // below the last one kept (GLPK's simplex on the master can be ill-conditioned); the
        // point is made from the columns of the answer kept.
        var solution: DecompositionMaster.Solution?, kept: (solution: DecompositionMaster.Solution, columns: DecompositionMaster)?
        func solveMaster() {
            do { solution = try master.solve(seconds: min(20, max(1, 0.05 * deadline()))) } catch { say("master: \(error)"); solution = nil }
            guard let s = solution else { return }
            if master.holds(s) && s.value >= (kept?.solution.value ?? -.infinity) - 1e-9 { kept = (s, master) }
            else { say(String(format: "master's answer %.4f dropped (does not hold, or below the last kept)", s.value)) }
        }
        solveMaster()
        var masterRounds = 0
        // Smoothing is dropped when its prices bring no new point (mis-pricing): the master's own
        // duals then either bring one or prove the master optimal over the blocks' polyhedra.
        var smoothing = options.masterSmoothing
        if let s = solution {
            // Shared rows the staff-share point fills: a point more can raise the master only
            // where it (with the others) uses less of every one of them.
            let tight = names.filter { n in staffSharePoint.reduce(0.0) { $0 + ($1.usage[n] ?? 0) } >= capacity[n]! - 1e-7 * max(1, abs(capacity[n]!)) }.count  // safe: names are capacity's keys
            say(String(format: "master over %d points: %.4f (staff shares %.4f, filling %d of %d shared rows; bound %.4f)", master.columnCount, s.value,
                       staffSharePoint.reduce(0) { $0 + $1.value }, tight, names.count, proven.bound))
        }
        while let s = solution, masterRounds < options.masterRounds,
              relativeGap(incumbent: s.value, bound: proven.bound) > options.masterGap,
              options.timeLimit - elapsed(since: started) > lastRound + options.planReserve {
            let began = ContinuousClock.now
            let a = smoothing
            var prices: [String: Double] = [:]
            for n in names {
                let p = a * (s.prices[n] ?? 0) + (1 - a) * (proven.lambda[n] ?? 0)
                if p > 0 { prices[n] = p }
            }
            let results: [(value: Double, usage: [String: Double], duals: [String: Double], x: [Double])]
            do { results = try answers(blocks.indices.map { lagrangianJob($0, prices) }) } catch { say("master round: \(error)"); break }
            masterRounds += 1
            var added = 0
            for (k, r) in results.enumerated() where master.add(k, value: solvers.models[k].objectiveValue(at: r.x), usage: r.usage, x: r.x) { added += 1 }
            let z = bound(prices, results.map(\.value))
            if z < proven.bound { proven = (z, prices, results.map(\.usage), [:]) }
            solveMaster()
            lastRound = elapsed(since: began)
            say(String(format: "master round %d: %d points more, master %.4f, bound at its prices %.4f (best %.4f), %.1f s",
                       masterRounds, added, solution?.value ?? Double.nan, z, proven.bound, lastRound))
            if added == 0 { if smoothing < 1 { smoothing = 1 } else { break } }
        }
        let masterPoint = kept.map { $0.columns.point($0.solution.mu) }

        // The plan: split every shared capacity by the blocks' average use over the steps
        // (slack by staff), whole units for rows that count classes, then plan each block
        // within its shares. A second round hands what the blocks left unused to all of them
        // (each starts from its first plan, which the larger shares still allow).
        let integral: Set<String> = Set(names.filter { $0.hasPrefix("rooms.") || $0.hasPrefix("teachers.") || $0.hasPrefix("online.") })
        func split(_ n: String, _ want: [Double]) -> [Double] {
            shareOut(n, capacity[n]!, want: want, blocks: blocks, whole: integral.contains(n))  // safe: names are capacity's keys
        }
        let average = blocks.indices.map { k in usageSum[k].mapValues { $0 / Double(iterations + 1) } }
        /// A plan's weighted attainment (the projection's), its point of the national model and
        /// the rows it breaks there.
        // Seconds a check takes (the last one's; before any, ~1.1 µs a non-zero: 1 s on the national rung).
        var judgeSeconds = 1.1e-6 * Double(nationalModel.model.nonZeroCount)
        func judge(_ source: String, _ p: Plan) -> (source: String, plan: Plan, wa: Double, x: [Double], broken: [String]) {
            let began = ContinuousClock.now
            defer { judgeSeconds = elapsed(since: began) }
            let x = nationalModel.point(for: p)
            let broken = nationalModel.model.violations(at: x, tolerance: 1e-6).map { "\($0)" }
            let wa = Projection(scenario: sc, plan: p, data: national).weightedAttainment(sc)
            say(String(format: "%@ plan: weighted attainment %.4f, %d rows broken", source, wa, broken.count))
            return (source, p, wa, x, broken)
        }
        var judged: [(source: String, plan: Plan, wa: Double, x: [Double], broken: [String])] = []
        if options.nationalClasses {
            for n in nationalPlans(NationalInputs(
                data: national, model: nationalModel, blocks: blocks, solvers: solvers, capacity: capacity, names: names,
                average: average, staffSharePoint: staffSharePoint, masterPoint: masterPoint,
                averagePoint: blocks.indices.map { k in (0, average[k], pointSum[k].map { $0 / Double(iterations + 1) }) },
                interior: options.nationalLPPoint.map { x in { _ in blockPoints(x, national: nationalModel, blocks: blocks, models: solvers.models) } }
                    ?? interior.map { lp in { seconds in
                    let x = lp.point(waiting: seconds)
                    say("national LP by the interior-point method: \(lp.outcome)")
                    // Its core is free again: the blocks may use it.
                    if lp.isFinished && jobs < options.jobs { solvers.allowMore(options.jobs - jobs) }
                    return x.map { blockPoints($0, national: nationalModel, blocks: blocks, models: solvers.models) }
                } },
                roundSeconds: sharesRound, improvementRounds: options.improvementRounds,
                left: { deadline() }, say: say,
                checkpoint: options.onIncumbent == nil ? nil : { p in
                    let j = judge("national (class moves so far)", p)
                    if j.broken.isEmpty { options.onIncumbent?(elapsed(since: started), nationalModel.model.objectiveValue(at: j.x)) }
                }, checkpointSeconds: options.checkpointSeconds, checkSeconds: { judgeSeconds })) {
                judged.append(judge(n.source, n.plan))
                if judged.last!.broken.isEmpty && relativeGap(incumbent: judged.last!.wa, bound: proven.bound) <= options.gap { break }  // safe: just appended
            }
        }
        // Within the gap, or (unless every plan is asked for) a national plan that keeps every
        // row: the province-split plan is not made (on the national rung it reached 270.3 where
        // the national plan reached 385.8) and the greedy plan is not waited for.
        let nationalDone = judged.contains { $0.broken.isEmpty && (relativeGap(incumbent: $0.wa, bound: proven.bound) <= options.gap || !options.everyPlan) }
        if !nationalDone && options.timeLimit - elapsed(since: started) > 1 {
            var shares = [[String: Double]](repeating: [:], count: blocks.count)
            for n in names {
                let s = split(n, average.map { $0[n] ?? 0 })
                for k in blocks.indices { shares[k][n] = s[k] }
            }
            /// Block k planned within its shares of the shared rows, from `start` if given.
            func planBlock(_ k: Int, shares: [String: Double], start: [Double]?, seconds: Double) throws(SolveError) -> [Double]? {
                let b = blocks[k]
                var m = b.model.model
                for r in b.shared { m.setBounds(r.row, lower: m.rowLower[r.row.index], upper: shares[r.name] ?? 0) }
                let stage = try StrategicPlanner.solveStage(model: m, integerVars: Array(b.model.classVar.values),
                                                            starts: start.map { [("first round", $0)] } ?? [],
                                                            timeLimit: seconds, gap: 1e-3, verbose: false, started: .now,
                                                            say: { _ in }, quiet: true)
                return stage.x ?? start
            }
            func planBlocks(_ shares: [[String: Double]], starts: [[Double]?], seconds: Double) throws(SolveError) -> [[Double]?] {
                try parallelMap(blocks.count, jobs: options.jobs) { k throws(SolveError) -> [Double]? in
                    try planBlock(k, shares: shares[k], start: starts[k], seconds: seconds)
                }
            }
            func perBlock(_ share: Double) -> Double {
                max(1, (options.timeLimit - elapsed(since: started)) * share * Double(min(options.jobs, blocks.count)) / Double(blocks.count))
            }
            var points: [[Double]?]
            do {
                let first = perBlock(0.5)
                say(String(format: "planning %d blocks, %.1f s each", blocks.count, first))
                let roundStart = elapsed(since: started)
                points = try planBlocks(shares, starts: [[Double]?](repeating: nil, count: blocks.count), seconds: first)
                let roundSeconds = elapsed(since: started) - roundStart
                // Round two, in waves of `jobs` blocks: each wave shares out what is still unused
                // (whole units where classes count) and starts from its first-round plan, which
                // the larger shares still allow. Later waves get what earlier ones left.
                func used(_ k: Int, _ n: String) -> Double {
                    guard let x = points[k], let r = blocks[k].shared.first(where: { $0.name == n }) else { return 0 }
                    return blocks[k].model.model.activity(r.row, at: x)
                }
                let again = perBlock(0.9)
                // Only when the time left would hold a round like the first.
                let secondRound = options.timeLimit - elapsed(since: started) > roundSeconds
                if secondRound { say(String(format: "second round: %d blocks in waves of %d, %.1f s each", blocks.count, options.jobs, again)) }
                var wave = secondRound ? 0 : blocks.count
                while wave < blocks.count {
                    let members = Array(wave..<min(blocks.count, wave + max(1, options.jobs)))
                    var second = [[String: Double]](repeating: [:], count: blocks.count)
                    for k in members {
                        for r in blocks[k].shared { second[k][r.name] = used(k, r.name) }
                    }
                    for n in names {
                        let inWave = members.filter { k in blocks[k].shared.contains { $0.name == n } }
                        guard !inWave.isEmpty else { continue }
                        let slack = capacity[n]! - blocks.indices.reduce(0.0) { $0 + used($1, n) }  // safe: names are capacity's keys
                        guard slack > 1e-6 else { continue }
                        let staff = inWave.map { blocks[$0].staff }
                        let gift: [Double] = integral.contains(n)
                            ? apportion(Int((slack + 1e-7).rounded(.down)), weights: staff).map(Double.init)
                            : staff.map { slack * $0 / staff.reduce(0, +) * (1 - 1e-9) }
                        for (j, k) in inWave.enumerated() { second[k][n] = used(k, n) + gift[j] }
                    }
                    let solved = try parallelMap(members.count, jobs: options.jobs) { j throws(SolveError) -> [Double]? in
                        try planBlock(members[j], shares: second[members[j]], start: points[members[j]], seconds: again)
                    }
                    for (j, k) in members.enumerated() { points[k] = solved[j] }
                    wave += members.count
                }
            } catch { if judged.isEmpty { throw .solver(error) }; say("province-split plan: \(error)"); points = blocks.map { _ in nil } }
            let plans: [Plan?] = blocks.indices.map { k in points[k].map { blocks[k].model.plan(from: $0) } }

            // Add the block plans up, in the national scenario's segment indices.
            var combined = Plan()
            for (k, p) in plans.enumerated() {
                guard let p else { continue }
                for (key, n) in p.classes { combined.classes[key, default: 0] += n }
                for (key, v) in p.enrolments {
                    var national = key
                    national.segment = blocks[k].segments[key.segment]
                    combined.enrolments[national, default: 0] += v
                }
            }
            judged.append(judge("provinces", combined))
        }
        // The greedy plan too, when it is ready (it is waited for only while time is left and no
        // plan is within the gap yet).
        let waitSeconds = nationalDone ? 0 : max(0, options.timeLimit - elapsed(since: started))
        if greedyDone.wait(timeout: .now() + waitSeconds) == .success, case .success(let g)? = greedyBox.results[0] {
            judged.append(judge("greedy", g))
        }
        // The best plan that keeps every row; failing that, the first made, rows broken and said.
        guard let chosen = judged.filter({ $0.broken.isEmpty }).max(by: { $0.wa < $1.wa }) ?? judged.first else {
            throw .noPlan("no national plan in \(options.timeLimit) s")
        }
        say(String(format: "plan (%@): weighted attainment %.4f, bound %.4f, gap %.3f%%, %d rows broken", chosen.source, chosen.wa, proven.bound,
                   100 * relativeGap(incumbent: chosen.wa, bound: proven.bound), chosen.broken.count))
        var made: [String: Double] = [:]
        for j in judged where j.broken.isEmpty { made[j.source] = j.wa }
        var lpPoint: [Double]? = nil
        if options.keepLPPoint, let point = masterPoint {
            // Column by column name: a block's segments, targets and their rows have names of
            // their own; classes and institutions' shares add up over the blocks.
            var column: [String: Int] = [:]
            for (i, v) in nationalModel.model.variables.enumerated() { column[v.name] = i }
            var x = [Double](repeating: 0, count: nationalModel.model.variableCount)
            for (k, b) in blocks.enumerated() {
                for (i, v) in b.model.model.variables.enumerated() {
                    if let j = column[v.name] { x[j] += point[k].x[i] }
                }
            }
            lpPoint = x
        }
        if chosen.broken.isEmpty { options.onIncumbent?(elapsed(since: started), nationalModel.model.objectiveValue(at: chosen.x)) }
        var result = DecomposedPlan(plan: chosen.plan, source: chosen.source, weightedAttainment: chosen.wa, bound: proven.bound,
                              modelObjective: nationalModel.model.objectiveValue(at: chosen.x),
                              modelBound: proven.bound + StrategicPlanner.tieBreakMax(nationalModel), blocks: parts, sharedRows: names.count,
                              iterations: iterations, seconds: elapsed(since: started), violations: chosen.broken, made: made)
        result.staffShareValue = staffSharePoint.reduce(0) { $0 + $1.value }
        result.masterValue = masterPoint?.reduce(0) { $0 + $1.value } ?? 0
        result.masterRounds = masterRounds
        result.lpPoint = lpPoint
        result.interiorPoint = interior?.point(waiting: 0)
        return result
    }
}
