import Foundation
import LinearModel

/// A model kept loaded in GLPK between solves, for heuristics that fix variables and
/// re-solve with the previous basis as a warm start (rounding, diving), then hand their
/// best point to branch and cut.
///
/// Lives only inside `Model.withGLPKSession`, on the calling thread; it is not Sendable,
/// so it cannot escape to another thread or across an `await`.
public final class GLPKSession {
    let problem: GLPKProblem
    public let model: Model
    private var kindsAreIntegral = false
    private var changed: Set<Int> = []

    init(model: Model) throws(SolveError) {
        self.model = model
        problem = try GLPKProblem(name: Model.sanitizedName(model.name))
        try problem.load(model, relax: true, names: false)
    }

    /// Solves the LP relaxation with the current bounds (warm-started after the first call).
    /// - Parameter presolve: use GLPK's LP presolver (faster for a first, cold solve of a large
    ///   model; GLPK recovers an optimal basis of the whole problem, so later calls start warm).
    public func solveRelaxation(timeLimit: Double? = nil, verbose: Bool = false, presolve: Bool = false) throws(SolveError) -> SolveResult {
        try setIntegral(false)
        var o = SolveOptions()
        o.presolve = presolve
        o.timeLimit = timeLimit
        o.verbose = verbose
        return try problem.solveLP(model, options: o, started: .now)
    }

    /// Narrows the bounds of `variables` (e.g. fixes rounded class counts).
    public func setBounds(_ variables: [Variable], lower: [Double], upper: [Double]) throws(SolveError) {
        for (k, v) in variables.enumerated() {
            guard v.index >= 0, v.index < model.variableCount, !lower[k].isNaN, !upper[k].isNaN, lower[k] <= upper[k]
            else { throw .invalidModel(.crossedBounds(what: "session bound", lower: lower[k], upper: upper[k])) }
            changed.insert(v.index)
        }
        try problem.setBounds(variables.map { Int32($0.index) }, lower: lower, upper: upper)
    }

    /// Fixes each variable at a value.
    public func fix(_ variables: [Variable], at values: [Double]) throws(SolveError) {
        try setBounds(variables, lower: values, upper: values)
    }

    /// Puts back the model's own bounds on every variable changed so far.
    public func restoreBounds() throws(SolveError) {
        let cols = changed.sorted()
        changed.removeAll()
        if cols.isEmpty { return }
        try problem.setBounds(cols.map { Int32($0) }, lower: cols.map { model.variables[$0].lower },
                              upper: cols.map { model.variables[$0].upper })
    }

    /// Changes the bounds of rows for the following LP solves (e.g. a share of a shared
    /// capacity); the basis is kept, so the next solve starts warm.
    /// - Parameters:
    ///   - rows: rows of `model`; `lower`, `upper`: their new bounds (±∞ for none).
    /// - Throws: `SolveError` when a row is out of range or GLPK refuses the bounds.
    public func setRowBounds(_ rows: [ConstraintRef], lower: [Double], upper: [Double]) throws(SolveError) {
        for (k, r) in rows.enumerated() {
            guard r.index >= 0, r.index < model.constraintCount, !lower[k].isNaN, !upper[k].isNaN, lower[k] <= upper[k]
            else { throw .invalidModel(.crossedBounds(what: "session row bound", lower: lower[k], upper: upper[k])) }
        }
        try problem.setRowBounds(rows.map { Int32($0.index) }, lower: lower, upper: upper)
    }

    /// Replaces the objective coefficient of every column for the following LP solves (the
    /// sense stays the model's); the basis is kept, so the next solve starts warm, primal
    /// feasible. Results then report this objective. Not for `branchAndCut`.
    /// - Parameter coefficients: one per variable of `model`.
    /// - Throws: `SolveError` when the count is wrong or GLPK refuses them.
    public func setObjective(_ coefficients: [Double]) throws(SolveError) {
        guard coefficients.count == model.variableCount, coefficients.allSatisfy(\.isFinite) else {
            throw .glpk("setObjective: \(coefficients.count) finite coefficients needed, one per variable (\(model.variableCount))")
        }
        try problem.setObjectiveCoefficients((0..<Int32(model.variableCount)).map { $0 }, coefficients)
    }

    /// Branch and cut on the model (its own bounds restored), starting from `options.start`
    /// when given. Presolve is off so the start and the warm LP basis stay valid.
    public func branchAndCut(_ options: SolveOptions) throws(SolveError) -> SolveResult {
        try restoreBounds()
        try setIntegral(true)
        var o = options
        o.presolve = false
        return try problem.solveMIP(model, options: o, started: .now)
    }

    /// Branch and cut over a neighbourhood of the model: its integrality, with the bounds of
    /// `variables` narrowed to `lower`...`upper` (e.g. fixed at an incumbent's class counts) for
    /// this solve only; every other column keeps the model's bounds. The model's own bounds
    /// and the LP relaxation's column kinds are back when it returns.
    /// - Parameters:
    ///   - variables: columns to narrow; `lower`, `upper`: their bounds (integral for integer
    ///     columns, else GLPK refuses them).
    ///   - options: as for `branchAndCut`; `options.start` must lie inside the narrowed box to be
    ///     accepted (GLPK does not check it; `solveMIP` checks it against the model's rows).
    /// - Returns: GLPK's answer on the neighbourhood; its bound holds for the neighbourhood only.
    /// - Throws: `SolveError` when a bound is invalid or GLPK fails.
    public func subMIP(narrowing variables: [Variable], lower: [Double], upper: [Double],
                       options: SolveOptions) throws(SolveError) -> SolveResult {
        try restoreBounds()
        try setIntegral(true)
        defer {
            try? restoreBounds()
            // Back to the LP kinds so that branchAndCut later re-applies integral bounds everywhere.
            try? setIntegral(false)
        }
        try setBounds(variables, lower: lower, upper: upper)
        var o = options
        o.presolve = false
        return try problem.solveMIP(model, options: o, started: .now)
    }

    private func setIntegral(_ integral: Bool) throws(SolveError) {
        if integral == kindsAreIntegral { return }
        let kinds: [Int32] = model.variables.map { v in
            guard integral else { return 0 }
            return v.kind == .continuous ? 0 : 1
        }
        try problem.setKinds(kinds)
        if integral {
            // Integer columns need integral bounds (GLPK: GLP_EBOUND otherwise).
            let cols = model.variables.indices.filter { model.variables[$0].kind != .continuous }
            let lo = cols.map { model.variables[$0].integralBounds.lower }
            let hi = cols.map { model.variables[$0].integralBounds.upper }
            try problem.setBounds(cols.map { Int32($0) }, lower: lo, upper: hi)
        }
        kindsAreIntegral = integral
    }
}

extension Model {
    /// Runs `body` with this model loaded in GLPK; the problem is freed when it returns.
    public func withGLPKSession<R>(_ body: (GLPKSession) throws -> R) throws -> R {
        do { try validate() } catch { throw SolveError.invalidModel(error) }
        let session = try GLPKSession(model: self)
        return try withExtendedLifetime(session) { try body(session) }
    }
}
