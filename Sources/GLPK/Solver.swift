import CGLPKGuard
import Foundation
import LinearModel
import Logging

/// GLPK's terminal output and our solver messages go here. Quiet by default: GLPK's
/// progress lines are logged at `.debug` unless a solve asks for `verbose`.
public enum GLPKLog {
    /// Replace to route messages elsewhere. Safe to read and replace from any thread (solves
    /// on other threads log through it while a test swaps it).
    public static var logger: Logger {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
    private static let storage = LockedValue(Logger(label: "langplan.glpk"))
}

/// A value behind a lock (Foundation's NSLock; `Mutex` needs macOS 15).
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock(); defer { lock.unlock() }
        return body(&value)
    }
}

private let installSink: Void = {
    cglpk_set_log_sink { line, isError in
        guard let line else { return }
        let text = String(cString: line).trimmingCharacters(in: .newlines)
        if text.isEmpty { return }
        if isError != 0 {
            GLPKLog.logger.error("\(text)")
        } else if text.contains("numerical instability") {
            // GLPK recovers (it refactorizes and goes on); every plan is checked row by row and a
            // bound below a plan is reported unknown, so this is a notice for --verbose, not a
            // warning a user must act on.
            GLPKLog.logger.notice("\(text)")
        } else if text.lowercased().contains("warning") {
            GLPKLog.logger.warning("\(text)")
        } else {
            // Verbosity is per thread (set by the solve running on it), so a verbose solve
            // does not change how a concurrent quiet one is logged.
            GLPKLog.logger.log(level: cglpk_thread_verbose() != 0 ? .info : .debug, "\(text)")
        }
    }
}()

private final class ProgressBox {
    let callback: @Sendable (SolveProgress) -> Bool
    init(_ callback: @escaping @Sendable (SolveProgress) -> Bool) { self.callback = callback }
}

/// One GLPK problem, confined to the thread that made it. The whole life of a problem
/// (create, load, solve, read, delete) happens inside one synchronous call, so Swift
/// concurrency never moves it to another thread in between.
final class GLPKProblem {
    let handle: OpaquePointer
    var error = cglpk_error()

    init(name: String) throws(SolveError) {
        _ = installSink
        var err = cglpk_error()
        guard let h = cglpk_create(name, &err) else { throw .glpk(GLPKProblem.message(&err)) }
        handle = h
    }

    deinit { cglpk_delete(handle) }

    private static func message(_ err: inout cglpk_error) -> String {
        withUnsafeBytes(of: &err.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func check(_ rc: Int32) throws(SolveError) {
        if rc != 0 { throw .glpk(GLPKProblem.message(&error)) }
    }

    func load(_ m: Model, relax: Bool, names: Bool) throws(SolveError) {
        let n = m.variableCount
        var kind = [Int32](repeating: 0, count: n)
        var lower = [Double](repeating: 0, count: n)
        var upper = [Double](repeating: 0, count: n)
        for (j, v) in m.variables.enumerated() {
            let integral = v.kind != .continuous && !relax
            kind[j] = integral ? (v.kind == .binary ? 2 : 1) : 0
            // GLPK rejects fractional bounds on integer columns (GLP_EBOUND).
            (lower[j], upper[j]) = integral ? v.integralBounds : (v.lower, v.upper)
            if kind[j] == 2 && (lower[j] != 0 || upper[j] != 1) { kind[j] = 1 }
        }
        let rowStart = m.rowStart.map { Int32($0) }
        let colNames: [String]? = names ? m.variables.map(\.name) : nil
        let rowNames: [String]? = names ? m.rowNames : nil
        let rc = withCStrings(colNames) { cn in
            withCStrings(rowNames) { rn in
                cglpk_load(handle, m.sense == .maximize ? 1 : 0, Int32(m.constraintCount), Int32(n),
                           m.objectiveCoefficients, m.objectiveConstant, kind, lower, upper,
                           m.rowLower, m.rowUpper, rowStart, m.columnIndex, m.coefficient,
                           cn, rn, &error)
            }
        }
        try check(rc)
        if names { try check(cglpk_set_names(handle, Model.sanitizedName(m.name), m.objectiveName, &error)) }
    }

    func simplex(presolve: Bool, timeLimitMs: Int32, verbose: Bool) throws(SolveError) -> Int32 {
        var par = cglpk_lp_params(msg_lev: verbose ? 2 : 1, presolve: presolve ? 1 : 0,
                                  tm_lim_ms: timeLimitMs, meth: 0)
        var ret: Int32 = 0
        cglpk_set_thread_verbose(verbose ? 1 : 0)
        defer { cglpk_set_thread_verbose(0) }
        try check(cglpk_simplex(handle, &par, &ret, &error))
        return ret
    }

    func lpSolution(columns n: Int, rows m: Int)
        throws(SolveError) -> (status: Int32, objective: Double, x: [Double], redCost: [Double], duals: [Double])
    {
        var status: Int32 = 0, obj = 0.0
        var x = [Double](repeating: 0, count: n), d = [Double](repeating: 0, count: n)
        var y = [Double](repeating: 0, count: m)
        try check(cglpk_lp_solution(handle, &status, &obj, &x, &d, nil, &y, &error))
        return (status, obj, x, d, y)
    }

    func intopt(_ o: SolveOptions, timeLimitMs: Int32, start: [Double]?)
        throws(SolveError) -> (ret: Int32, bound: Double?, startAccepted: Bool)
    {
        var ret: Int32 = 0, bound = 0.0, hasBound: Int32 = 0
        let accepted = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        accepted.initialize(to: 0)
        defer { accepted.deallocate() }
        cglpk_set_thread_verbose(o.verbose ? 1 : 0)
        defer { cglpk_set_thread_verbose(0) }
        let box = o.progress.map(ProgressBox.init)
        let ctx = box.map { Unmanaged.passUnretained($0).toOpaque() }
        let rc: Int32 = withExtendedLifetime(box) {
            (start ?? []).withUnsafeBufferPointer { startBuf in
                var par = cglpk_mip_params()
                par.msg_lev = o.verbose ? 2 : 1
                par.tm_lim_ms = timeLimitMs
                par.mip_gap = o.relativeGap
                par.presolve = (o.presolve && start == nil) ? 1 : 0
                par.mir_cuts = o.mirCuts ? 1 : 0
                par.gmi_cuts = o.gomoryCuts ? 1 : 0
                par.cov_cuts = o.coverCuts ? 1 : 0
                par.clq_cuts = o.cliqueCuts ? 1 : 0
                par.fp_heur = o.feasibilityPump ? 1 : 0
                par.ps_heur = o.proximitySearch ? 1 : 0
                par.sr_heur = o.simpleRounding ? 1 : 0
                par.br_tech = o.branching.rawValue
                par.bt_tech = o.backtracking.rawValue
                par.pp_tech = -1
                par.start = start == nil ? nil : startBuf.baseAddress
                par.progress_every_s = o.progressInterval
                par.progress_ctx = ctx
                par.start_accepted = accepted
                if box != nil {
                    par.progress = { ctx, p in
                        guard let ctx, let p = p?.pointee else { return 0 }
                        let box = Unmanaged<ProgressBox>.fromOpaque(ctx).takeUnretainedValue()
                        let snapshot = SolveProgress(
                            elapsedSeconds: p.elapsed_s,
                            incumbent: p.has_incumbent != 0 ? p.incumbent : nil,
                            bound: p.has_bound != 0 ? p.bound : nil,
                            activeNodes: Int(p.active_nodes), totalNodes: Int(p.total_nodes))
                        return box.callback(snapshot) ? 0 : 1
                    }
                }
                return cglpk_intopt(handle, &par, &ret, &bound, &hasBound, &error)
            }
        }
        try check(rc)
        return (ret, hasBound != 0 ? bound : nil, accepted.pointee != 0)
    }

    func mipSolution(columns n: Int) throws(SolveError) -> (status: Int32, objective: Double, x: [Double]) {
        var status: Int32 = 0, obj = 0.0
        var x = [Double](repeating: 0, count: n)
        try check(cglpk_mip_solution(handle, &status, &obj, &x, nil, &error))
        return (status, obj, x)
    }

    func write(format: Int32, path: String) throws(SolveError) {
        try check(cglpk_write(handle, format, path, &error))
    }

    func provokeError() throws(SolveError) { try check(cglpk_provoke_error(handle, &error)) }
}

/// Calls `body` with a C array of C strings (or nil), valid for the call only.
private func withCStrings<R>(_ strings: [String]?, _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    guard let strings else { return body(nil) }
    let pointers: [UnsafePointer<CChar>?] = strings.map { UnsafePointer(strdup($0)) }
    defer { for p in pointers { free(UnsafeMutablePointer(mutating: p)) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}

// GLPK return codes and statuses used below (glpk.h).
enum GLP {
    static let undef: Int32 = 1, feas: Int32 = 2, infeas: Int32 = 3, nofeas: Int32 = 4, opt: Int32 = 5, unbnd: Int32 = 6
    static let eBound: Int32 = 0x04, eRoot: Int32 = 0x0C, eFail: Int32 = 0x05, eTimeLimit: Int32 = 0x09
    static let eNoPrimalFeasible: Int32 = 0x0A, eNoDualFeasible: Int32 = 0x0B
    static let eStop: Int32 = 0x0D, eMipGap: Int32 = 0x0E
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// What is left of `limit` seconds after `started` (at least 1 ms); nil when there is no limit
/// (nil, NaN or ∞).
func remaining(_ limit: Double?, since started: ContinuousClock.Instant) -> Double? {
    guard let limit, limit.isFinite else { return nil }
    return max(0.001, limit - seconds(since: started))
}

/// A time limit in GLPK's milliseconds; 0 (none) for nil, NaN, ∞ or more than Int32 holds.
func milliseconds(_ limit: Double?) -> Int32 {
    guard let limit, limit.isFinite else { return 0 }
    let ms = (limit * 1000).rounded(.up)
    return ms >= Double(Int32.max) ? 0 : Int32(max(1, ms))
}

extension GLPKProblem {
    func setBounds(_ columns: [Int32], lower: [Double], upper: [Double]) throws(SolveError) {
        try check(cglpk_set_col_bounds(handle, Int32(columns.count), columns, lower, upper, &error))
    }

    func setRowBounds(_ rows: [Int32], lower: [Double], upper: [Double]) throws(SolveError) {
        try check(cglpk_set_row_bounds(handle, Int32(rows.count), rows, lower, upper, &error))
    }

    func setObjectiveCoefficients(_ columns: [Int32], _ coefficients: [Double]) throws(SolveError) {
        try check(cglpk_set_obj_coefs(handle, Int32(columns.count), columns, coefficients, &error))
    }

    func setKinds(_ kinds: [Int32]) throws(SolveError) {
        try check(cglpk_set_col_kinds(handle, kinds, &error))
    }

    /// Runs GLPK's interior-point method within `seconds` (nil: none) and maps its answer.
    /// Past the limit the problem is gone (see `cglpk_interior`): the result has no point.
    func solveInterior(_ m: Model, seconds limit: Double?, verbose: Bool, started: ContinuousClock.Instant) throws(SolveError) -> SolveResult {
        var ret: Int32 = 0
        cglpk_set_thread_verbose(verbose ? 1 : 0)
        defer { cglpk_set_thread_verbose(0) }
        let rc = cglpk_interior(handle, limit ?? 0, &ret, &error)
        if rc == -2 { return SolveResult(status: .noSolutionFound, values: [], seconds: seconds(since: started), detail: "time limit") }
        try check(rc)
        guard ret == 0 else {
            return SolveResult(status: .noSolutionFound, values: [], seconds: seconds(since: started),
                               detail: "interior-point method stopped (GLPK code \(ret))")
        }
        var status: Int32 = 0, obj = 0.0
        var x = [Double](repeating: 0, count: m.variableCount), d = [Double](repeating: 0, count: m.variableCount)
        var y = [Double](repeating: 0, count: m.constraintCount)
        try check(cglpk_ipt_solution(handle, &status, &obj, &x, &d, nil, &y, &error))
        let t = seconds(since: started)
        switch status {
        case GLP.opt:
            return SolveResult(status: .optimal, objective: obj, bestBound: obj, values: x, duals: y, reducedCosts: d, seconds: t, detail: "optimal (interior point)")
        case GLP.nofeas: return SolveResult(status: .infeasible, values: [], seconds: t, detail: "infeasible")
        default: return SolveResult(status: .noSolutionFound, values: [], seconds: t, detail: "interior-point status \(status)")
        }
    }

    /// Runs the simplex method and maps GLPK's answer to a result.
    func solveLP(_ m: Model, options: SolveOptions, started: ContinuousClock.Instant) throws(SolveError) -> SolveResult {
        if options.lpMethod == .interior { return try solveInterior(m, seconds: options.timeLimit, verbose: options.verbose, started: started) }
        var ret = try simplex(presolve: options.presolve, timeLimitMs: milliseconds(options.timeLimit),
                              verbose: options.verbose)
        if ret == GLP.eNoDualFeasible && options.presolve {
            // The presolver's "no dual feasible solution" also covers problems that are primal
            // infeasible as well; the simplex method without presolve tells the two apart.
            ret = try simplex(presolve: false, timeLimitMs: milliseconds(remaining(options.timeLimit, since: started)),
                              verbose: options.verbose)
        }
        if ret == GLP.eNoPrimalFeasible {
            return SolveResult(status: .infeasible, values: [], seconds: seconds(since: started), detail: "no primal feasible solution")
        }
        if ret == GLP.eNoDualFeasible {
            return SolveResult(status: .unbounded, values: [], seconds: seconds(since: started), detail: "no dual feasible solution")
        }
        if ret != 0 && ret != GLP.eTimeLimit { throw .glpk("simplex failed with code \(ret)") }
        let s = try lpSolution(columns: m.variableCount, rows: m.constraintCount)
        let t = seconds(since: started)
        switch s.status {
        case GLP.opt:
            return SolveResult(status: .optimal, objective: s.objective, bestBound: s.objective, values: s.x,
                               duals: s.duals, reducedCosts: s.redCost, seconds: t, detail: "optimal")
        case GLP.nofeas: return SolveResult(status: .infeasible, values: [], seconds: t, detail: "infeasible")
        case GLP.unbnd: return SolveResult(status: .unbounded, values: [], seconds: t, detail: "unbounded")
        case GLP.feas: return SolveResult(status: .feasible, objective: s.objective, values: s.x, seconds: t, detail: "time limit")
        default: return SolveResult(status: .noSolutionFound, values: [], seconds: t, detail: "time limit")
        }
    }

    /// Runs branch and cut (after the LP relaxation when presolve is off) and maps the answer.
    func solveMIP(_ m: Model, options: SolveOptions, started: ContinuousClock.Instant) throws(SolveError) -> SolveResult {
        guard options.relativeGap >= 0 else {  // also false for NaN; GLPK would stop with a fatal error
            throw .glpk("relativeGap must be a number ≥ 0, not \(options.relativeGap)")
        }
        var start = options.start
        if let s = start {
            if s.count != m.variableCount {
                GLPKLog.logger.warning("start ignored: \(s.count) values for \(m.variableCount) variables")
                start = nil
            } else {
                // GLPK needs exactly integral values for integer columns: round those first, then
                // check the rounded point (GLPK itself does not check feasibility).
                var x = s
                for (j, v) in m.variables.enumerated() where v.kind != .continuous && !options.relaxIntegrality {
                    if abs(x[j] - x[j].rounded()) <= 1e-6 { x[j] = x[j].rounded() }
                }
                let broken = m.violations(at: x, tolerance: 1e-6)
                if !broken.isEmpty {
                    GLPKLog.logger.warning("start ignored: it breaks \(broken.count) rows or bounds, e.g. \(broken[0])")
                    start = nil
                } else {
                    start = x
                }
            }
        }
        let run = try intopt(options, timeLimitMs: milliseconds(remaining(options.timeLimit, since: started)), start: start)
        var ret = run.ret
        let (callbackBound, startAccepted) = (run.bound, run.startAccepted)
        if ret == GLP.eNoDualFeasible {
            // With presolve, "no dual feasible solution" also covers an LP relaxation that is
            // primal infeasible too: solve the relaxation without presolve to tell them apart.
            ret = try simplex(presolve: false, timeLimitMs: milliseconds(remaining(options.timeLimit, since: started)),
                              verbose: options.verbose)
            if ret == 0 { ret = -2 }
        }
        let t = { seconds(since: started) }
        if ret == -2 || ret == GLP.eNoPrimalFeasible || ret == GLP.eNoDualFeasible {
            // The LP relaxation is not optimal: infeasible, unbounded or out of time.
            let s = try lpSolution(columns: m.variableCount, rows: m.constraintCount)
            if ret == GLP.eNoPrimalFeasible || s.status == GLP.nofeas {
                return SolveResult(status: .infeasible, values: [], seconds: t(), detail: "LP relaxation infeasible")
            }
            if ret == GLP.eNoDualFeasible || s.status == GLP.unbnd {
                return SolveResult(status: .unbounded, values: [], seconds: t(), detail: "LP relaxation unbounded")
            }
            return SolveResult(status: .noSolutionFound, values: [], seconds: t(), detail: "time limit during the LP relaxation")
        }
        if ret != 0 && ret != GLP.eTimeLimit && ret != GLP.eStop && ret != GLP.eMipGap {
            throw .glpk("branch and cut failed with code \(ret)")
        }
        let s = try mipSolution(columns: m.variableCount)
        let hasIncumbent = s.status == GLP.opt || s.status == GLP.feas
        if !hasIncumbent {
            if s.status == GLP.nofeas {
                return SolveResult(status: .infeasible, values: [], seconds: t(), detail: "no integer solution exists")
            }
            return SolveResult(status: .noSolutionFound, bestBound: callbackBound, values: [], seconds: t(),
                               detail: ret == GLP.eStop ? "stopped" : "time limit")
        }
        let proven = s.status == GLP.opt && ret == 0
        var bound = proven ? s.objective : callbackBound
        // A bound on the wrong side of the incumbent means the tree closed between callbacks.
        if let b = bound, (m.sense == .maximize ? b < s.objective : b > s.objective) { bound = s.objective }
        let status: SolveStatus = (proven || ret == GLP.eMipGap) ? .optimal : .feasible
        let detail = proven ? "optimal" : ret == GLP.eMipGap ? "relative gap reached"
            : ret == GLP.eStop ? "stopped" : "time limit"
        var result = SolveResult(status: status, objective: s.objective, bestBound: bound, values: s.x,
                                 seconds: t(), detail: detail)
        result.startAccepted = startAccepted
        return result
    }
}

extension Model {
    /// Solves the model with GLPK on the calling thread.
    ///
    /// Validates first (nothing invalid reaches GLPK). A MIP stopped by the time limit
    /// returns its incumbent with status `.feasible` and its gap; it is never thrown away.
    public func solve(_ options: SolveOptions = SolveOptions()) throws(SolveError) -> SolveResult {
        do { try validate() } catch { throw .invalidModel(error) }
        let started = ContinuousClock.now
        let isMIP = integerCount > 0 && !options.relaxIntegrality
        let problem = try GLPKProblem(name: Model.sanitizedName(name))
        try problem.load(self, relax: !isMIP, names: false)
        return isMIP ? try problem.solveMIP(self, options: options, started: started)
            : try problem.solveLP(self, options: options, started: started)
    }

    /// Writes the model with GLPK's own MPS (format 0) or LP (format 1) writer, as a
    /// cross-check of our exporters. GLPK's LP writer keeps the objective constant only as a
    /// comment ("constant term = …"): readers of that file lose it; its MPS writer keeps it.
    public func writeWithGLPK(to path: String, lp: Bool) throws(SolveError) {
        do { try validate(); try validateNames() } catch { throw .invalidModel(error) }
        // GLPK's MPS writer leaves the objective row out when the problem has a free row, and
        // its readers drop free rows: write free rows as a·x ≥ −1e30, as our own exporters do.
        var m = self
        for i in 0..<constraintCount where !rowLower[i].isFinite && !rowUpper[i].isFinite {
            m.setBounds(ConstraintRef(index: i), lower: -1e30, upper: .infinity)
        }
        let problem = try GLPKProblem(name: Model.sanitizedName(name))
        try problem.load(m, relax: false, names: true)
        try problem.write(format: lp ? 1 : 0, path: path)
    }
}

/// Test hooks for the guard.
public enum GLPKDiagnostics {
    /// Problems alive on the calling thread.
    public static var liveProblems: Int { Int(cglpk_live_problems()) }

    /// Makes GLPK hit a fatal error (an out-of-range column) inside the guard; the error
    /// must come back as `SolveError.glpk` and the process must go on.
    public static func provokeFatalError() throws(SolveError) {
        let p = try GLPKProblem(name: "provoke")
        var m = Model(name: "provoke")
        m.addVariable("x")
        try p.load(m, relax: false, names: false)
        try p.provokeError()
    }
}
