import LinearModel

/// How GLPK should solve a model. Defaults suit the planner: presolve on, MIR and
/// Gomory cuts on (class counts are general integers, so cover/clique cuts and the
/// binary-only heuristics do nothing), 1e-4 relative gap.
public struct SolveOptions: Sendable {
    /// Wall-clock limit in seconds for the whole solve (nil: none).
    public var timeLimit: Double? = nil
    /// Stop when (|bound − incumbent|) / |incumbent| ≤ relativeGap.
    public var relativeGap: Double = 1e-4
    /// GLPK's MIP presolver. Off when a start is given (the start names the original columns).
    public var presolve: Bool = true
    public var mirCuts: Bool = true
    public var gomoryCuts: Bool = true
    public var coverCuts: Bool = false
    public var cliqueCuts: Bool = false
    /// Feasibility pump (binary variables only).
    public var feasibilityPump: Bool = false
    /// Proximity search (binary variables only).
    public var proximitySearch: Bool = false
    /// GLPK's simple rounding heuristic.
    public var simpleRounding: Bool = true
    public var branching: Branching = .driebeckTomlin
    public var backtracking: Backtracking = .bestLocalBound
    /// A point to hand to branch and cut as its first incumbent (one value per variable).
    /// It must satisfy every constraint: `solve` checks it and drops it if not.
    public var start: [Double]? = nil
    /// Solve the LP relaxation even when the model has integer variables.
    public var relaxIntegrality: Bool = false
    /// How an LP is solved: the simplex method (a vertex, warm starts, exact duals) or GLPK's
    /// interior-point method (no presolve, no warm start; on large sparse LPs with many
    /// linking rows it can finish where the simplex method does not: the national rung's LP,
    /// benchmarks/README.md). An interior-point solve past `timeLimit` returns no point.
    public var lpMethod: LPMethod = .simplex
    public enum LPMethod: Sendable { case simplex, interior }
    /// Print GLPK's own progress lines through the logger at info level (else debug).
    public var verbose: Bool = false
    /// Called about every `progressInterval` seconds during branch and cut; return false
    /// to stop (the incumbent is kept).
    public var progress: (@Sendable (SolveProgress) -> Bool)? = nil
    public var progressInterval: Double = 1

    public enum Branching: Int32, Sendable {
        case firstFractional = 1, lastFractional = 2, mostFractional = 3, driebeckTomlin = 4, pseudocost = 5
    }
    public enum Backtracking: Int32, Sendable {
        case depthFirst = 1, breadthFirst = 2, bestLocalBound = 3, bestProjection = 4
    }

    public init() {}
}

/// A snapshot of branch and cut.
public struct SolveProgress: Sendable {
    public var elapsedSeconds: Double
    public var incumbent: Double?
    public var bound: Double?
    public var activeNodes: Int
    public var totalNodes: Int
    /// Relative gap between incumbent and bound, when both are known.
    public var gap: Double? {
        guard let i = incumbent, let b = bound else { return nil }
        return relativeGap(incumbent: i, bound: b)
    }
}

/// |bound − incumbent| / max(|incumbent|, 1e-9), GLPK's definition of the MIP gap.
public func relativeGap(incumbent: Double, bound: Double) -> Double {
    abs(bound - incumbent) / max(abs(incumbent), 1e-9)
}

/// How a solve ended.
public enum SolveStatus: String, Sendable, Codable {
    /// Proven optimal (MIP: within the requested relative gap).
    case optimal
    /// A feasible solution, stopped by the time limit or by the progress callback.
    case feasible
    case infeasible
    case unbounded
    /// The time ran out before any feasible solution was found.
    case noSolutionFound
}

/// What a solve found.
public struct SolveResult: Sendable {
    public var status: SolveStatus
    /// Objective of the returned point (nil when there is none).
    public var objective: Double?
    /// The best bound known on the optimum (MIP: from branch and cut; LP: the optimum).
    public var bestBound: Double?
    /// Relative gap between objective and bound.
    public var gap: Double? {
        guard let o = objective, let b = bestBound else { return nil }
        return relativeGap(incumbent: o, bound: b)
    }
    /// One value per variable (empty when there is no solution).
    public var values: [Double]
    /// LP only: one dual value per constraint, and the reduced cost of each variable.
    /// GLPK's convention (checked by GLPKTests' transportation test): a row's dual is the rate
    /// of change of the objective per unit of its active bound, so when minimising a binding
    /// ≤ row has dual ≤ 0 and a binding ≥ row dual ≥ 0, and maximising flips both signs; a
    /// variable's reduced cost is c_j − Σ_i a_ij·dual_i (zero for basic variables).
    public var duals: [Double]?
    public var reducedCosts: [Double]?
    public var seconds: Double
    /// Why the solver stopped, in words (e.g. "time limit", "relative gap reached").
    public var detail: String
    /// Whether a supplied start was accepted as the first incumbent.
    public var startAccepted: Bool = false

    public var hasSolution: Bool { !values.isEmpty }

    public subscript(_ v: Variable) -> Double { values[v.index] }
    public func value(_ e: LinearExpression) -> Double { e.value(at: values) }
    public func dual(_ c: ConstraintRef) -> Double? { duals?[c.index] }
}

/// Errors that stop a solve before or inside GLPK.
public enum SolveError: Error, CustomStringConvertible, Sendable {
    case invalidModel(ModelError)
    case glpk(String)

    public var description: String {
        switch self {
        case .invalidModel(let e): return "invalid model: \(e)"
        case .glpk(let m): return "GLPK error: \(m)"
        }
    }
}
