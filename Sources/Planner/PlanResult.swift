import GLPK
import Scenario

/// Everything a planning run produces.
public struct PlanResult: Sendable {
    public var data: PlanningData
    public var plan: Plan
    public var greedy: Plan
    public var projection: Projection
    public var greedyProjection: Projection
    public var status: SolveStatus
    /// Stage-1 objective (weighted attainment with the priority tie-break) and its bound.
    public var objective: Double
    /// nil when the LP relaxation did not finish in time (the plan is then the best start,
    /// e.g. the greedy plan, and its distance from the optimum is unknown).
    public var bestBound: Double?
    public var gap: Double? { bestBound.map { relativeGap(incumbent: objective, bound: $0) } }
    /// The stage-1 LP relaxation's optimum (weighted attainment with unbounded integrality).
    public var lpBound: Double?
    public var buildSeconds: Double
    public var solveSeconds: Double
    /// Seconds until the incumbent was first within 0.1% of the final bound (nil: never).
    public var secondsToGap01: Double?
    public var variables: Int, integers: Int, constraints: Int, nonZeros: Int
    /// How the incumbent was obtained: "rounding", "greedy", "branch-and-cut" ...
    public var incumbentSource: String
    public var uncertainty: [[Uncertainty]]
    public var binding: [BindingLimit]
    public var log: [String]
    /// Stage 2 (least spend at stage 1's attainment), nil when it did not run.
    public var costStage: CostStage? = nil
    /// The stage-1 point (one value per column of `StrategicModel.model`) whose objective is
    /// `objective`: a second solver can check it against the exported model.
    public var point: [Double] = []
    /// `plan --confidence`: the nominal plan beside this (robust) one, on fresh draws.
    public var robustComparison: RobustComparison? = nil
    /// `replan --keep-terms`: classes added, moved or dropped against the committed plan.
    public var replanOutcome: KeptReplanner.Summary? = nil
    /// `plan`'s timetable check (rounds, rows added); nil when it did not run.
    public var timetableCheck: TimetableCheckSummary? = nil
    /// The whole-people stage (WholePeople.swift): `plan`, `projection` and every figure
    /// reported come from its whole learners; `objective` and `bestBound` stay the exported
    /// (continuous) model's. nil only for results not made by `StrategicPlanner.plan`.
    public var wholePeople: WholePeopleStage? = nil
}

/// What stage 2 reached: is the spend proven least?
public struct CostStage: Sendable, Equatable {
    /// `optimal` when the spend is within `gap` of its lower bound, `feasible` when a plan at
    /// stage 1's attainment was found but not proven least, else why stage 2 gave up.
    public var status: SolveStatus
    /// Total spend of the plan kept, million VND (the stage-2 model's objective).
    public var objective: Double?
    /// Lower bound on the least spend at that attainment, million VND (nil: unknown).
    public var bound: Double?
    /// Why stage 2 stopped or was skipped, in the solver's words.
    public var detail: String
    /// Relative gap between `objective` and `bound` (0 = proven least; nil: unknown).
    public var gap: Double? {
        guard let z = objective, let b = bound else { return nil }
        return relativeGap(incumbent: z, bound: b)
    }
    public init(status: SolveStatus, objective: Double?, bound: Double?, detail: String) {
        self.status = status; self.objective = objective; self.bound = bound; self.detail = detail
    }
}

public struct Uncertainty: Sendable {
    public var p10: Double; public var p50: Double; public var p90: Double
    /// Share of Monte Carlo runs meeting the target (nil where it asks nothing).
    public var pMet: Double? = nil
}
