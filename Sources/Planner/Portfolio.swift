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

    /// The planner's own dives after its first (on the calling thread).
    static let mainSettings: [Setting] = (1...8).map { Setting(batches: 64, noise: 0.2, seed: $0) }
    /// The second core's dives: other batch sizes, other seeds.
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
    init(model: Model, integerVars: [Variable], shares: [ShareGroup], settings: [Setting], deadline: Double,
         stageStart: ContinuousClock.Instant) {
        Thread { [self] in
            defer { done.signal() }
            _ = try? model.withGLPKSession { session in
                guard let lp = try? session.solveRelaxation(timeLimit: max(0.1, deadline - elapsed(since: stageStart))),
                      lp.status == .optimal else { return }
                for (k, s) in settings.enumerated() where !isStopped && elapsed(since: stageStart) < deadline {
                    // A failed LP inside a dive (GLPK's numerical trouble) just ends that dive.
                    if let x = try? StrategicPlanner.dive(session: session, model: model, integerVars: integerVars, shares: shares,
                                                          from: lp.values, deadline: deadline, stageStart: stageStart,
                                                          lpSeconds: lp.seconds, noise: s.noise, seed: s.seed, batches: s.batches,
                                                          stop: { self.isStopped }) {
                        lock.lock(); found.append((x, "LP diving (second core, dive \(k + 1))")); lock.unlock()
                    }
                }
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
