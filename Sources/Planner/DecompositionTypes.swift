import Foundation
import GLPK
import LinearModel
import Scenario

/// Options of a decomposed (province by province) planning run.
public struct DecompositionOptions: Sendable {
    /// Wall-clock seconds for the whole run (bound and plan).
    public var timeLimit: Double = 120
    /// Blocks solved at the same time (one GLPK problem per thread).
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Most subgradient steps on the Lagrangian bound.
    public var maxIterations: Int = 25
    /// Share of the time limit spent on the bound; the rest plans the blocks.
    public var boundShare: Double = 0.25
    /// Plan with class counts decided nationally (`Decomposition.nationalPlan`) before the
    /// province-split plan.
    public var nationalClasses: Bool = true
    /// Relative gap to the bound at which a plan is good enough: the province-split plan and
    /// the greedy plan are not waited for once a plan is this close (0: always made).
    public var gap: Double = 1e-3
    /// Make the province-split plan and wait for the greedy plan even when a national plan
    /// keeps every row (for comparisons; else they are made only as fallbacks).
    public var everyPlan: Bool = false
    /// Most rounds of class moves on the best national plan (`Decomposition.improve`).
    public var improvementRounds: Int = 400
    /// Most rounds of Dantzig–Wolfe column generation (`DecompositionMaster`) after the
    /// subgradient steps: block LPs at the master's (smoothed) prices, their points added.
    /// None by default: on the national rung (benchmarks/README.md, "Issue 15, national rung:
    /// the Dantzig–Wolfe master") six rounds left the master at the staff-share point while
    /// each took 30–48 s; on small sets it reaches the LP optimum in 9–28 rounds.
    public var masterRounds: Int = 0
    /// Relative gap between the master's value and the bound at which the rounds stop.
    public var masterGap: Double = 1e-4
    /// Prices of a round: this share of the master's duals, the rest the multipliers of the
    /// best bound so far (Wentges smoothing, against the duals' jumps on 2,800 rows); 1: plain
    /// column generation.
    public var masterSmoothing: Double = 0.5
    /// Seconds kept after the rounds for the plans (national class counts, filling, moves),
    /// on top of one more round of block LPs.
    public var planReserve: Double = 40
    /// Solve the whole national LP with GLPK's interior-point method on a thread of its own
    /// (`DecompositionInterior.swift`; the blocks get one job less meanwhile) and plan from
    /// its point too, when the time limit leaves room for it (`interiorSecondsPerNonzero`).
    public var interiorLP: Bool = true
    /// Expected seconds of the interior-point solve per non-zero of the national model (measured
    /// on the national rung: ~230 s for 898k non-zeros on one core); the solve is started only
    /// when this estimate fits the time limit less `interiorReserve`.
    public var interiorSecondsPerNonzero: Double = 2.6e-4
    /// Seconds kept after the interior-point solve for the plan from its point.
    public var interiorReserve: Double = 25
    /// A point of the national LP relaxation to plan from instead of solving it (the model's
    /// columns; for experiments, e.g. the interior point of an earlier run: `interiorPoint`).
    public var nationalLPPoint: [Double]? = nil
    /// Keep the master's national LP point (`DecomposedPlan.lpPoint`, for checks).
    public var keepLPPoint: Bool = false
    /// A line of progress per step.
    public var progress: (@Sendable (String) -> Void)? = nil
    /// Called with (seconds since the start, the national model's objective) for each national
    /// plan that keeps every row of the national model, as the class moves improve it (checked
    /// at most every `checkpointSeconds`) and for the plan returned.
    public var onIncumbent: (@Sendable (Double, Double) -> Void)? = nil
    /// Least seconds between two checked plans while class moves improve the national plan
    /// (each check builds the plan and checks every row, about a second on the national rung,
    /// on a thread of its own while the moves go on).
    public var checkpointSeconds: Double = 3
    public init() {}
}

/// A national plan made block by block, with a bound proven for the whole.
public struct DecomposedPlan: Sendable {
    /// The combined plan, in the national scenario's indices.
    public var plan: Plan
    /// "national" (class counts decided nationally, `Decomposition.nationalPlan`), "provinces"
    /// (the block plans within their shares added up) or "greedy" (the greedy plan of the
    /// whole scenario): the best of those made that keeps every row.
    public var source: String
    /// Σ weight × share of target met of `plan` (the national model's weighted attainment).
    public var weightedAttainment: Double
    /// An upper bound on the weighted attainment of every plan of the national model
    /// (integer or not): the best Lagrangian bound found.
    public var bound: Double
    /// (bound − weighted attainment) / weighted attainment.
    public var gap: Double { relativeGap(incumbent: weightedAttainment, bound: bound) }
    /// The national model's objective at the plan (what `export-model` writes: weighted
    /// attainment and the priority tie-break), and a bound on it (`bound` plus the largest
    /// value the tie-break can take), for comparison with another solver on that model.
    public var modelObjective: Double, modelBound: Double
    /// Segment indices of each block.
    public var blocks: [[Int]]
    /// Rows the blocks share (capacity of institutions, exam seats, places, budgets).
    public var sharedRows: Int
    public var iterations: Int
    public var seconds: Double
    /// Rows of the national model the combined plan breaks (empty: feasible).
    public var violations: [String]
    /// Weighted attainment of every plan made that keeps every row, by source ("national",
    /// "provinces", "greedy").
    public var made: [String: Double]
    /// Weighted attainment of the blocks' LP points at staff shares of every shared row (a
    /// national LP point, the first one made).
    public var staffShareValue: Double = 0
    /// Weighted attainment of the Dantzig–Wolfe master's national LP point (its optimum over
    /// the blocks' points), and the rounds of column generation after the subgradient steps.
    public var masterValue: Double = 0
    public var masterRounds: Int = 0
    /// The master's point in the national model's columns (Σ over blocks of each block's
    /// combination, column by column name), when `DecompositionOptions.keepLPPoint`.
    public var lpPoint: [Double]? = nil
    /// The national LP's point by the interior-point method (model columns), when it finished.
    public var interiorPoint: [Double]? = nil
}
