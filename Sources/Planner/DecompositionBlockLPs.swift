import Foundation
import GLPK
import LinearModel

/// One GLPK problem per block, loaded once and kept on its own thread (GLPK's state is per
/// thread), at most `jobs` solving at a time. Each job changes the LP (objective, or the
/// bounds of the block's shared rows) and solves it again (with the presolver).
final class BlockLPs: @unchecked Sendable {
    enum Job {
        /// Solve with the shared rows' upper bounds set to these (one per shared row), then put
        /// the model's own bounds back.
        case rowBounds([Double], seconds: Double)
        /// Solve with this objective (one coefficient per variable).
        case objective([Double], seconds: Double)
        /// Solve with this objective, the shared rows' upper bounds set to `upper` and the
        /// columns `fix` fixed at `at`; then put the model's row and column bounds back
        /// (`NationalPlan`: block LPs at shares, and with the national class counts fixed).
        /// `warm`: from the last solve's basis, without the presolver (a small change, as
        /// between two rounds of class moves; the presolver when that fails).
        case shares(objective: [Double], upper: [Double], fix: [Variable], at: [Double], seconds: Double, warm: Bool = false)
        case stop
    }
    /// An LP optimum: objective, each shared row's activity and dual, and the point (one value
    /// per column of the block's model).
    struct Answer { var value: Double; var usage: [Double]; var duals: [Double]; var x: [Double]; var reducedCosts: [Double] = [] }

    let models: [Model]
    let shared: [[ConstraintRef]]
    private var jobs: [Job]
    private var answers: [Result<Answer, SolveError>?]
    private let go: [DispatchSemaphore]
    private let done = DispatchSemaphore(value: 0)
    private let slots: DispatchSemaphore
    private let lock = NSLock()

    init(models: [Model], shared: [[ConstraintRef]], jobs: Int) {
        self.models = models
        self.shared = shared
        self.jobs = [Job](repeating: .stop, count: models.count)
        answers = [Result<Answer, SolveError>?](repeating: nil, count: models.count)
        go = models.map { _ in DispatchSemaphore(value: 0) }
        slots = DispatchSemaphore(value: max(1, jobs))
        for k in models.indices {
            let t = Thread { [self] in serve(k) }
            t.stackSize = 8 << 20
            t.start()
        }
    }

    private func serve(_ k: Int) {
        let m = models[k]
        let rows = shared[k]
        func answer(_ r: Result<Answer, SolveError>) { lock.lock(); answers[k] = r; lock.unlock(); done.signal() }
        func job() -> Job { go[k].wait(); lock.lock(); defer { lock.unlock() }; return jobs[k] }
        do {
            try m.withGLPKSession { session in
                while true {
                    let j = job()
                    if case .stop = j { return }
                    slots.wait()
                    defer { slots.signal() }
                    do throws(SolveError) {
                        let res: SolveResult
                        switch j {
                        case .rowBounds(let upper, let seconds):
                            try session.setRowBounds(rows, lower: rows.map { m.rowLower[$0.index] }, upper: upper)
                            res = try session.solveRelaxation(timeLimit: seconds, presolve: true)
                            try session.setRowBounds(rows, lower: rows.map { m.rowLower[$0.index] }, upper: rows.map { m.rowUpper[$0.index] })
                        case .objective(let c, let seconds):
                            try session.setObjective(c)
                            res = try session.solveRelaxation(timeLimit: seconds, presolve: true)
                        case .shares(let c, let upper, let fix, let at, let seconds, let warm):
                            try session.setObjective(c)
                            try session.setRowBounds(rows, lower: rows.map { m.rowLower[$0.index] }, upper: upper)
                            defer {
                                try? session.restoreBounds()
                                try? session.setRowBounds(rows, lower: rows.map { m.rowLower[$0.index] }, upper: rows.map { m.rowUpper[$0.index] })
                            }
                            try session.fix(fix, at: at)
                            let began = ContinuousClock.now
                            if warm, let r = try? session.solveRelaxation(timeLimit: seconds, presolve: false), r.status == .optimal {
                                res = r
                            } else {
                                res = try session.solveRelaxation(timeLimit: max(0.1, seconds - elapsed(since: began)), presolve: true)
                            }
                        case .stop: return
                        }
                        guard res.status == .optimal, let z = res.objective else {
                            throw SolveError.glpk("block LP: \(res.status.rawValue) (\(res.detail))")
                        }
                        answer(.success(Answer(value: z, usage: rows.map { m.activity($0, at: res.values) },
                                               duals: rows.map { res.dual($0) ?? 0 }, x: res.values, reducedCosts: res.reducedCosts ?? [])))
                    } catch {
                        answer(.failure(error))
                    }
                }
            }
        } catch {
            // The problem could not be loaded: every job of this block fails.
            let e = (error as? SolveError) ?? .glpk("\(error)")
            while true {
                if case .stop = job() { return }
                answer(.failure(e))
            }
        }
    }

    /// Runs one job on every block and waits for all of them.
    /// - Parameter jobs: one job per block.
    /// - Returns: each block's answer, in block order.
    func run(_ jobs: [Job]) -> [Result<Answer, SolveError>] {
        let out = run(only: Dictionary(uniqueKeysWithValues: jobs.enumerated().map { ($0.offset, $0.element) }))
        return jobs.indices.map { out[$0] ?? .failure(.glpk("a block gave no answer")) }
    }

    /// Runs one job on each of some blocks and waits for them; the others stay as they are.
    /// - Parameter jobs: a job by block index.
    /// - Returns: each of those blocks' answers, by block index.
    func run(only jobs: [Int: Job]) -> [Int: Result<Answer, SolveError>] {
        lock.lock()
        for (k, j) in jobs { self.jobs[k] = j; answers[k] = nil }
        lock.unlock()
        for k in jobs.keys { go[k].signal() }
        for _ in jobs { done.wait() }
        lock.lock(); defer { lock.unlock() }
        var out: [Int: Result<Answer, SolveError>] = [:]
        for k in jobs.keys { out[k] = answers[k] ?? .failure(.glpk("a block gave no answer")) }
        return out
    }

    /// Lets `n` more blocks solve at a time from now on (a core another solve has freed).
    func allowMore(_ n: Int) { for _ in 0..<max(0, n) { slots.signal() } }

    /// Ends every block's thread (and frees its GLPK problem).
    func stop() {
        lock.lock(); jobs = jobs.map { _ in .stop }; lock.unlock()
        for g in go { g.signal() }
    }
}
