import Foundation
import GLPK
import LinearModel
import Scenario

/// The national LP relaxation solved whole by GLPK's interior-point method, on a thread of its
/// own while the blocks work (see `Decomposition.plan`).
///
/// Why. The blocks' LP points at fixed shares of every shared row are a national LP point
/// ~0.7% below the LP optimum on the national rung (each province's share fixed before
/// solving), and neither subgradient steps nor the Dantzig–Wolfe master closed that in the
/// time (benchmarks/README.md). GLPK's simplex method does not finish the whole national LP
/// in minutes; its interior-point method does (about 70 iterations of a Cholesky factor of
/// 8M non-zeros, 3–4 s each on one core): one LP optimum of the whole, split into the blocks'
/// columns below, from which the national class counts are rounded as from any LP point.
extension Decomposition {
    /// A solve of the national LP running on its own thread.
    final class InteriorLP: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var result: Result<SolveResult, SolveError>?
        private var finished = false

        /// Starts the solve.
        /// - Parameters:
        ///   - model: the national model (its integer columns are relaxed).
        ///   - objective: what the LP maximises (the weighted attainment).
        ///   - seconds: wall-clock limit; past it the solve gives no point.
        init(model: Model, objective: LinearExpression, seconds: Double) {
            var lp = model
            lp.maximize(objective)
            var options = SolveOptions()
            options.relaxIntegrality = true
            options.lpMethod = .interior
            options.timeLimit = seconds
            let (m, o) = (lp, options)
            let thread = Thread { [self] in
                let r: Result<SolveResult, SolveError>
                do throws(SolveError) { r = .success(try m.solve(o)) } catch { r = .failure(error) }
                lock.lock(); result = r; finished = true; lock.unlock()
                done.signal()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }

        /// Whether the solve has ended (with a point or not).
        var isFinished: Bool { lock.lock(); defer { lock.unlock() }; return finished }

        /// Waits up to `seconds` for the solve.
        /// - Returns: the LP's optimal point (national columns), or nil when it failed, has no
        ///   optimum or is not done in time (it then goes on until its own limit, unused).
        func point(waiting seconds: Double) -> [Double]? {
            guard done.wait(timeout: .now() + max(0, seconds)) == .success else { return nil }
            done.signal()  // later callers see it too
            lock.lock(); defer { lock.unlock() }
            guard case .success(let s)? = result, s.status == .optimal else { return nil }
            return s.values
        }

        /// What the solve ended with, for the progress line.
        var outcome: String {
            lock.lock(); defer { lock.unlock() }
            switch result {
            case .success(let s)?: return s.status == .optimal ? String(format: "optimal %.4f in %.1f s", s.objective ?? .nan, s.seconds) : s.detail
            case .failure(let e)?: return "\(e)"
            case nil: return "running"
            }
        }
    }

    /// A point of the national model split into each block's columns, as in the bound's proof
    /// (`Decomposition`): a block's segments, targets and their rows are its own (same names);
    /// each class count in proportion to the block's learners in its (offering, payer, term)
    /// (by staff where the point has none), so every fill row holds in every block; the
    /// institutions' room and teacher shares by rhythm whole in every block (a block's part of
    /// the classes fits them; its use of an institution's rows is then not its part of the
    /// national use, and the national plans give every block an institution's whole capacity
    /// anyway: the class counts are rounded within it nationally).
    /// - Parameters:
    ///   - x: a point of `national.model` (one value per column).
    ///   - national: the national model; `blocks`: the blocks; `models`: each block's model
    ///     with its objective (the weighted attainment).
    /// - Returns: per block, the value of its objective, its use of each shared row and its
    ///   point (its model's columns).
    static func blockPoints(_ x: [Double], national: StrategicModel, blocks: [Block], models: [Model]) -> [BlockAnswer] {
        var learners: [StrategicModel.FillKey: Double] = [:]
        var learnersOf = [[StrategicModel.FillKey: Double]](repeating: [:], count: blocks.count)
        var blockOfSegment: [Int: Int] = [:]
        for (k, b) in blocks.enumerated() { for s in b.segments { blockOfSegment[s] = k } }
        for (key, v) in national.enrolVar {
            let f = StrategicModel.FillKey(offering: key.offering, payer: key.payer, term: key.term)
            learners[f, default: 0] += x[v.index]
            if let k = blockOfSegment[key.segment] { learnersOf[k][f, default: 0] += x[v.index] }
        }
        var column: [String: Int] = [:]
        for (j, v) in national.model.variables.enumerated() { column[v.name] = j }
        let totalStaff = max(1, blocks.reduce(0) { $0 + $1.staff })
        return blocks.indices.map { k in
            let b = blocks[k]
            let staffShare = b.staff / totalStaff
            var y = [Double](repeating: 0, count: b.model.model.variableCount)
            var isClass = Set<Int>()
            for (key, v) in b.model.classVar {
                isClass.insert(v.index)
                guard let nv = national.classVar[key] else { continue }
                let f = StrategicModel.FillKey(offering: key.offering, payer: key.payer, term: key.term)
                let all = learners[f] ?? 0
                y[v.index] = x[nv.index] * (all > 1e-9 ? (learnersOf[k][f] ?? 0) / all : staffShare)
            }
            for (j, v) in b.model.model.variables.enumerated() where !isClass.contains(j) {
                guard let nj = column[v.name] else { continue }
                y[j] = x[nj]
            }
            var usage: [String: Double] = [:]
            for r in b.shared { usage[r.name] = b.model.model.activity(r.row, at: y) }
            return (models[k].objectiveValue(at: y), usage, y)
        }
    }

    /// `blockPoints` of `point` with the blocks and shared capacities `plan` makes (for tests).
    static func splitForTests(_ sc: Scenario, point: [Double]) -> (blocks: [Block], points: [BlockAnswer], capacity: [String: Double]) {
        let national = PlanningData(sc)
        let blocks = blocks(sc).map { block($0, of: sc, national: national) }
        return (blocks, blockPoints(point, national: StrategicModel(national), blocks: blocks, models: attainmentModels(blocks)), capacities(blocks))
    }
}
