import Foundation
import GLPK
import LinearModel

/// LP dives on a second core, beside the planner's own: GLPK is single-threaded, so this
/// thread loads the model into a GLPK problem of its own, solves the LP relaxation and dives
/// from it with settings of its own (batch sizes, perturbed orders), handing every integral
/// point to the planner, which checks it row by row like its own. Why: a dive's plan on the
/// city rung depends on its batch size and order by chance (11.5621–11.5697 over five
/// settings, the 0.1% line at 11.5670), so two trajectories find a good one sooner than one.
final class DivePortfolio: @unchecked Sendable {
    /// One dive: its batch count (see `StrategicPlanner.dive`), the weight of the random
    /// term in its order and that term's seed.
    struct Setting: Sendable {
        var batches: Int
        var noise: Double
        var seed: UInt64
    }

    /// The second core's dives: other batch sizes and seeds than the planner's own.
    static let helperSettings: [Setting] = [Setting(batches: 32, noise: 0, seed: 1)]
        + (1...8).map { Setting(batches: $0 % 2 == 0 ? 48 : 96, noise: 0.2, seed: 100 + $0) }

    private let lock = NSLock()
    private var found: [(x: [Double], name: String)] = []
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    /// Starts the dives on a thread of their own.
    /// - Parameters:
    ///   - model: the model (loaded anew into GLPK on the thread).
    ///   - integerVars: the class-count columns; `shares`: the share groups.
    ///   - settings: the dives to run, in order.
    ///   - deadline: seconds after `stageStart` after which no dive starts or goes on.
    ///   - improve: after the dives, sub-MIPs (`Improvement.improve`) from the best dive until
    ///     `deadline`, sharing the best plan with the planner's own through `shared`; nil: none.
    ///     Random neighbourhoods only (another seed): the planner's thread runs the structured
    ///     ones, and both running those ended on the same plan by the same steps.
    ///   - onFound: called on this thread with the objective of each plan its sub-MIPs find
    ///     (feasible: `Improvement` checks every row), e.g. for a benchmark's timeline.
    init(model: Model, integerVars: [Variable], shares: [ShareGroup], settings: [Setting], deadline: Double,
         stageStart: ContinuousClock.Instant,
         improve: (columns: [Improvement.Column], gap: Double, deadline: Double, shared: SharedIncumbent)? = nil,
         onFound: (@Sendable (Double) -> Void)? = nil) {
        Thread { [self] in
            defer { done.signal() }
            let maximize = model.sense == .maximize
            _ = try? model.withGLPKSession { session in
                let last = max(deadline, improve?.deadline ?? 0)
                guard let lp = try? session.solveRelaxation(timeLimit: max(0.1, last - elapsed(since: stageStart))),
                      lp.status == .optimal, let bound = lp.objective else { return }
                var best: (x: [Double], z: Double)?
                for (k, s) in settings.enumerated() where !isStopped && elapsed(since: stageStart) < deadline {
                    // A failed LP inside a dive (GLPK's numerical trouble) just ends that dive.
                    if let x = try? StrategicPlanner.dive(session: session, model: model, integerVars: integerVars, shares: shares,
                                                          from: lp.values, deadline: deadline, stageStart: stageStart,
                                                          lpSeconds: lp.seconds, noise: s.noise, seed: s.seed, batches: s.batches,
                                                          stop: { self.isStopped }) {
                        lock.lock(); found.append((x, "LP diving (second core, dive \(k + 1))")); lock.unlock()
                        let z = model.objectiveValue(at: x)
                        if model.violations(at: x, tolerance: 1e-6).isEmpty, best.map({ maximize ? z > $0.z : z < $0.z }) ?? true { best = (x, z) }
                    }
                }
                guard let improve, let start = best else { return }
                improve.shared.offer(start.x, start.z, maximize: maximize)
                _ = Improvement.improve(session: session, model: model, columns: improve.columns, from: start.x, lp: lp.values,
                                        bound: bound, gap: improve.gap, deadline: improve.deadline, stageStart: stageStart,
                                        kinds: [.random], shared: improve.shared, seed: 20_261_131, stop: { self.isStopped },
                                        found: { x, name in
                                            // (Plans taken over from the planner's own trajectory are its already.)
                                            guard name != "other core" else { return }
                                            self.lock.lock(); self.found.append((x, "second core: \(name)")); self.lock.unlock()
                                            onFound?(model.objectiveValue(at: x))
                                        })
            }
        }.start()
    }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    /// The points found since the last call (integral in every integer column; not yet checked
    /// against the rows), with a name for the log.
    func take() -> [(x: [Double], name: String)] {
        lock.lock(); defer { lock.unlock() }
        let f = found
        found.removeAll()
        return f
    }

    /// Stops the dives (the one under way ends at its next step), waits for the thread and
    /// returns what it found since the last `take`.
    /// (Safe to call again: it waits only the first time.)
    func finish() -> [(x: [Double], name: String)] {
        lock.lock(); let first = !stopped; stopped = true; lock.unlock()
        if first { done.wait() }
        return take()
    }
}
