import Foundation
import GLPK
import LinearModel
import Logging
import Testing

@Suite("Garbage in, fatal errors")
struct GarbageTests {
    static func base() -> (Model, Variable, Variable) {
        var m = Model(name: "garbage")
        let x = m.addVariable("x", upper: 10)
        let y = m.addVariable("y", upper: 10, kind: .integer)
        m.maximize(x + y)
        return (m, x, y)
    }

    static func expectInvalid(_ m: Model, _ expected: ModelError, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try m.solve()
            Issue.record("solve accepted an invalid model", sourceLocation: sourceLocation)
        } catch {
            guard case .invalidModel(let e) = error else {
                Issue.record("expected invalidModel, got \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(e == expected, sourceLocation: sourceLocation)
        }
        #expect(GLPKDiagnostics.liveProblems == 0, sourceLocation: sourceLocation)
    }

    @Test func nanCoefficient() {
        var (m, x, y) = Self.base()
        m.add(Double.nan * x + y <= 3, name: "row")
        Self.expectInvalid(m, .notFinite(what: "coefficient of x in row"))
    }

    @Test func infiniteCoefficient() {
        var (m, x, y) = Self.base()
        m.add(Double.infinity * x + y <= 3, name: "row")
        Self.expectInvalid(m, .notFinite(what: "coefficient of x in row"))
    }

    @Test func nanObjectiveCoefficient() {
        var (m, x, y) = Self.base()
        m.maximize(Double.nan * x + y)
        Self.expectInvalid(m, .notFinite(what: "objective coefficient of x"))
        m.maximize(x + y + Double.infinity)
        Self.expectInvalid(m, .notFinite(what: "objective constant"))
    }

    @Test func nanBounds() {
        var (m, x, _) = Self.base()
        m.setBounds(x, lower: .nan, upper: 4)
        Self.expectInvalid(m, .notFinite(what: "bound of variable x"))
        var (m2, x2, y2) = Self.base()
        m2.add(x2 + y2 <= .nan, name: "row")
        Self.expectInvalid(m2, .notFinite(what: "bound of constraint row"))
        var (m3, x3, y3) = Self.base()
        m3.add(x3 + y3 + Double.nan <= 3, name: "row")  // a NaN constant moves into the bound
        Self.expectInvalid(m3, .notFinite(what: "bound of constraint row"))
    }

    @Test func infiniteLowerBound() {
        var (m, x, _) = Self.base()
        m.setBounds(x, lower: .infinity, upper: .infinity)
        Self.expectInvalid(m, .notFinite(what: "bound of variable x"))
        var (m2, x2, _) = Self.base()
        m2.setBounds(x2, lower: -.infinity, upper: -.infinity)
        Self.expectInvalid(m2, .notFinite(what: "bound of variable x"))
        var (m3, x3, y3) = Self.base()
        m3.add(x3 + y3 >= .infinity, name: "row")
        Self.expectInvalid(m3, .notFinite(what: "bound of constraint row"))
    }

    @Test func crossedBounds() {
        var (m, x, _) = Self.base()
        m.setBounds(x, lower: 5, upper: 4)
        Self.expectInvalid(m, .crossedBounds(what: "variable x", lower: 5, upper: 4))
        var (m2, x2, y2) = Self.base()
        m2.add((x2 + y2).between(7, 6), name: "row")
        Self.expectInvalid(m2, .crossedBounds(what: "constraint row", lower: 7, upper: 6))
    }

    @Test func integerWithoutIntegerPoint() {
        var (m, _, y) = Self.base()
        m.setBounds(y, lower: 0.2, upper: 0.8)
        Self.expectInvalid(m, .fractionalIntegerBounds(variable: "y", lower: 0.2, upper: 0.8))
        // Relaxed it would be fine, but validation looks at the model as written.
        var o = SolveOptions(); o.relaxIntegrality = true
        #expect(throws: SolveError.self) { try m.solve(o) }
    }

    @Test func emptyModel() {
        Self.expectInvalid(Model(name: "nothing"), .empty)
    }

    @Test("Options that GLPK would reject or that overflow are handled")
    func silllyOptions() throws {
        let (m, _) = Knapsack.model()
        var o = SolveOptions()
        o.timeLimit = .infinity
        #expect(approx(try m.solve(o).objective, Knapsack.optimum))
        o.timeLimit = 1e12
        #expect(approx(try m.solve(o).objective, Knapsack.optimum))
        o.timeLimit = .nan
        #expect(approx(try m.solve(o).objective, Knapsack.optimum))
        o.timeLimit = nil
        o.relativeGap = .nan
        #expect(throws: SolveError.self) { try m.solve(o) }
        o.relativeGap = -1
        #expect(throws: SolveError.self) { try m.solve(o) }
        #expect(GLPKDiagnostics.liveProblems == 0)
    }

    @Test("GLPK's fatal error comes back as SolveError.glpk and the thread's GLPK still works")
    func fatalErrorRecovered() throws {
        for _ in 0..<3 {
            do {
                try GLPKDiagnostics.provokeFatalError()
                Issue.record("no error")
            } catch {
                guard case .glpk(let message) = error else { Issue.record("wrong error \(error)"); continue }
                #expect(message.contains("glp_set_col_bnds"), "\(message)")
                #expect(message.contains("out of range"), "\(message)")
            }
            #expect(GLPKDiagnostics.liveProblems == 0)
            let (m, _) = Knapsack.model()
            #expect(approx(try m.solve().objective, Knapsack.optimum))
            #expect(GLPKDiagnostics.liveProblems == 0)
        }
    }
}

@Suite("Threads")
struct ConcurrencyTests {
    /// Four different models with known optima, solved on four threads at once, several times.
    @Test("Four solves on four threads at once, each right, no problem left alive")
    func concurrentSolves() throws {
        struct Job: Sendable { let model: Model; let optimum: Double }
        var jobs: [Job] = []
        jobs.append(Job(model: Knapsack.model().0, optimum: Knapsack.optimum))
        // Knapsack scaled by k: optimum k·31.
        for k in [2.0, 3.0] {
            var m = Knapsack.model().0
            var e = LinearExpression()
            for j in 0..<m.variableCount { e.add(Variable(index: j), k * m.objectiveCoefficients[j]) }
            m.maximize(e)
            jobs.append(Job(model: m, optimum: k * Knapsack.optimum))
        }
        // A transportation LP (cost 140, see KnownAnswerTests).
        var t = Model(name: "transport")
        let cost: [[Double]] = [[2, 4, 5], [3, 1, 7]]
        let x = (0..<2).map { i in (0..<3).map { j in t.addVariable("x\(i)\(j)") } }
        t.add(x[0].sum() <= 25); t.add(x[1].sum() <= 30)
        for (j, d) in [10.0, 15, 20].enumerated() { t.add(x[0][j] + x[1][j] >= d) }
        t.minimize((0..<2).sum { i in (0..<3).sum { j in cost[i][j] * x[i][j] } })
        jobs.append(Job(model: t, optimum: 140))

        let results = ResultBox(count: jobs.count)
        let group = DispatchGroup()
        for (k, job) in jobs.enumerated() {
            group.enter()
            let thread = Thread {
                var ok = true
                for _ in 0..<25 {
                    do {
                        let r = try job.model.solve()
                        ok = ok && r.status == .optimal && approx(r.objective, job.optimum)
                    } catch { ok = false }
                }
                results.set(k, ok: ok, live: GLPKDiagnostics.liveProblems)
                group.leave()
            }
            thread.start()
        }
        #expect(group.wait(timeout: .now() + 120) == .success)
        for k in jobs.indices {
            #expect(results.ok[k] == true, "job \(k)")
            #expect(results.live[k] == 0, "job \(k)")
        }
    }

    @Test("A fatal error on one thread does not disturb a solve on another")
    func fatalErrorOnOneThread() throws {
        let results = ResultBox(count: 2)
        let group = DispatchGroup()
        let mkp = MultiKnapsack.model(items: 25, rows: 3, seed: 7).0
        let reference = try mkp.solve()
        let t1 = Thread {
            var ok = true
            for _ in 0..<5 {
                do { let r = try mkp.solve(); ok = ok && approx(r.objective, reference.objective ?? .nan) }
                catch { ok = false }
            }
            results.set(0, ok: ok, live: GLPKDiagnostics.liveProblems)
            group.leave()
        }
        let t2 = Thread {
            var ok = true
            for _ in 0..<10 {
                do { try GLPKDiagnostics.provokeFatalError(); ok = false } catch { }
            }
            results.set(1, ok: ok, live: GLPKDiagnostics.liveProblems)
            group.leave()
        }
        group.enter(); group.enter()
        t1.start(); t2.start()
        #expect(group.wait(timeout: .now() + 120) == .success)
        #expect(results.ok == [true, true])
        #expect(results.live == [0, 0])
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _ok: [Bool?]
    private var _live: [Int?]
    init(count: Int) { _ok = Array(repeating: nil, count: count); _live = Array(repeating: nil, count: count) }
    func set(_ k: Int, ok: Bool, live: Int) { lock.lock(); _ok[k] = ok; _live[k] = live; lock.unlock() }
    var ok: [Bool?] { lock.lock(); defer { lock.unlock() }; return _ok }
    var live: [Int?] { lock.lock(); defer { lock.unlock() }; return _live }
}

/// Collects log lines (thread-safe), with the thread that logged each.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [(Logger.Level, String, pthread_t)] = []
    func append(_ level: Logger.Level, _ s: String) {
        lock.lock(); all.append((level, s, pthread_self())); lock.unlock()
    }
    /// Lines logged on the calling thread (GLPK's lines are logged on the solving thread;
    /// other tests may be solving on other threads meanwhile).
    var lines: [(Logger.Level, String)] {
        lock.lock(); defer { lock.unlock() }
        let me = pthread_self()
        return all.filter { pthread_equal($0.2, me) != 0 }.map { ($0.0, $0.1) }
    }
}

struct CaptureHandler: LogHandler {
    let sink: CapturedLog
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] } set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?,
             source: String, file: String, function: String, line: UInt) {
        sink.append(level, message.description)
    }
}

/// GLPKLog.logger is process-wide: this suite swaps it, so its tests run one at a time.
/// Other suites may log through the captured logger meanwhile; the checks only look for
/// lines that these tests' own solves produce.
@Suite("GLPK output through swift-log", .serialized)
struct LoggingTests {
    static let lock = NSLock()

    func withCapture(_ body: (CapturedLog) throws -> Void) rethrows {
        let sink = CapturedLog()
        let saved = GLPKLog.logger
        GLPKLog.logger = Logger(label: "test.glpk") { _ in CaptureHandler(sink: sink) }
        defer { GLPKLog.logger = saved }
        try body(sink)
    }

    @Test("A verbose solve's GLPK lines reach the logger at info level")
    func verboseSolveLogs() throws {
        try withCapture { sink in
            let (m, _) = Knapsack.model()
            var o = SolveOptions()
            o.verbose = true
            o.presolve = false
            _ = try m.solve(o)
            let lines = sink.lines
            // GLP_MSG_ON: the simplex method's "obj =" lines and branch and cut's "mip =" lines.
            #expect(lines.contains { $0.0 == .info && $0.1.contains("obj =") }, "\(lines)")
            #expect(lines.contains { $0.0 == .info && $0.1.contains("mip =") && $0.1.contains("tree is empty") }, "\(lines)")
            #expect(!lines.contains { $0.1.hasSuffix("\n") })
        }
    }

    @Test("A quiet solve logs GLPK's lines at debug level, never above")
    func quietSolve() throws {
        try withCapture { sink in
            let (m, _) = Knapsack.model()
            _ = try m.solve()
            let lines = sink.lines
            #expect(!lines.contains { $0.0 > .debug }, "\(lines)")
        }
    }

    @Test("GLPK's fatal error message is logged at error level")
    func fatalErrorLogged() {
        withCapture { sink in
            #expect(throws: SolveError.self) { try GLPKDiagnostics.provokeFatalError() }
            #expect(sink.lines.contains { $0.0 == .error && $0.1.contains("glp_set_col_bnds") })
        }
    }
}
