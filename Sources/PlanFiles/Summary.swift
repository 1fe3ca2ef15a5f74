import Foundation

/// summary.json: how the plan was found and how good it is, for a second solver and for
/// `compare`. Keys are snake_case; money in VND unless the key says million.
public struct PlanSummary: Codable, Sendable, Equatable {
    /// A stage that minimises spend: stage 2 of `plan`, or a stage of `size-budget`.
    public struct SpendStage: Codable, Sendable, Equatable {
        /// What the stage minimised, e.g. "least total spend at stage 1's attainment".
        public var what: String
        /// "optimal" (proven within `gap` of least), "feasible" (not proven), or why it stopped.
        public var status: String
        /// Spend of the plan kept, million VND (the stage's objective).
        public var spendMillionVND: Double?
        /// Lower bound on that spend, million VND (nil: unknown).
        public var boundMillionVND: Double?
        /// Relative gap |bound − spend| / spend (0: proven least; nil: unknown).
        public var gap: Double?
        public var detail: String
        public init(what: String, status: String, spendMillionVND: Double?, boundMillionVND: Double?, gap: Double?, detail: String) {
            self.what = what; self.status = status; self.spendMillionVND = spendMillionVND
            self.boundMillionVND = boundMillionVND; self.gap = gap; self.detail = detail
        }
        enum CodingKeys: String, CodingKey {
            case what, status, gap, detail
            case spendMillionVND = "spend_million_vnd", boundMillionVND = "bound_million_vnd"
        }
    }

    /// The whole-people stage: the plan the files show enrols whole people, and
    /// `weighted_attainment`, `total_spend_vnd` and every file are computed from them;
    /// `model_objective` and `model_bound` stay the exported (continuous) model's, whose
    /// pooled learners may be fractional (docs/plan-files.md).
    public struct WholePeople: Codable, Sendable, Equatable {
        /// Learners of the plan (whole people) and of the continuous point it was made from.
        public var learners: Int
        public var continuousLearners: Double
        /// Σ weight × attainment (no tie-break) of the whole plan and of the continuous point.
        public var weightedAttainment: Double
        public var continuousWeightedAttainment: Double
        /// Spend of the whole plan and of the continuous point, million VND.
        public var spendMillionVND: Double
        public var continuousSpendMillionVND: Double
        /// Classes opened beyond the continuous point's (0 or 1).
        public var addedClasses: Int
        /// "optimal": GLPK proved the learners best for these classes; "feasible": time ran out.
        public var status: String
        /// How the whole plan was found, e.g. "term-by-term rounding + GLPK (spend)".
        public var source: String
        public var seconds: Double
        public init(learners: Int, continuousLearners: Double, weightedAttainment: Double, continuousWeightedAttainment: Double,
                    spendMillionVND: Double, continuousSpendMillionVND: Double, addedClasses: Int, status: String,
                    source: String, seconds: Double) {
            self.learners = learners; self.continuousLearners = continuousLearners
            self.weightedAttainment = weightedAttainment; self.continuousWeightedAttainment = continuousWeightedAttainment
            self.spendMillionVND = spendMillionVND; self.continuousSpendMillionVND = continuousSpendMillionVND
            self.addedClasses = addedClasses; self.status = status; self.source = source; self.seconds = seconds
        }
        enum CodingKeys: String, CodingKey {
            case learners, status, source, seconds
            case continuousLearners = "continuous_learners", weightedAttainment = "weighted_attainment"
            case continuousWeightedAttainment = "continuous_weighted_attainment", spendMillionVND = "spend_million_vnd"
            case continuousSpendMillionVND = "continuous_spend_million_vnd", addedClasses = "added_classes"
        }
    }

    public var scenario: String
    /// `Scenario.checksum`: the same as `langplan validate` prints for the scenario.
    public var scenarioChecksum: String
    public var solver: String
    /// Stage 1's status (optimal: within the requested gap of the bound).
    public var status: String
    /// Stage 1's objective in the exported model's own units (`langplan export-model`):
    /// weighted attainment plus the priority tie-break, at the stage-1 plan.
    public var modelObjective: Double
    /// Best bound on that objective (an upper bound: stage 1 maximises); nil when unknown.
    /// Any solver's optimum of the exported model lies in [model_objective, model_bound].
    public var modelBound: Double?
    /// Relative gap between model_objective and model_bound.
    public var gap: Double?
    /// Stage 2 (least spend at stage 1's attainment); nil when it was not run.
    public var stage2: SpendStage?
    /// size-budget's stages (least spend meeting every target); nil for other commands.
    public var budgetSizing: [SpendStage]?
    /// Whether the budgets were left unlimited because `size-budget` found no budget that
    /// meets the targets (the plan is then the best reachable with unlimited money).
    public var budgetsUnlimited: Bool
    /// Σ weight × share of target met, from the independent projection of the plan kept.
    public var weightedAttainment: Double
    public var greedyWeightedAttainment: Double
    public var totalSpendVND: Double
    public var greedyTotalSpendVND: Double
    public var classes: Int
    public var solveSeconds: Double, buildSeconds: Double
    public var variables: Int, integerVariables: Int, constraints: Int, nonZeros: Int
    public var incumbentSource: String
    /// `plan`'s timetable check: how many timetabler runs, which rows it added; nil when skipped.
    public var timetableCheck: TimetableCheck? = nil

    /// The timetable check of `plan` (docs/calendar-and-capacity.md).
    public struct TimetableCheck: Codable, Sendable, Equatable {
        /// One row added: classes of `mode` running at `institution` in `term` ≤ `limit`.
        public struct Cut: Codable, Sendable, Equatable {
            public var institution: String, term: String, mode: String
            /// Classes the plan ran there when the row was added, and the limit.
            public var planned: Int, limit: Int
            /// The round (1-based) that added it.
            public var round: Int
            public init(institution: String, term: String, mode: String, planned: Int, limit: Int, round: Int) {
                self.institution = institution; self.term = term; self.mode = mode; self.planned = planned; self.limit = limit
                self.round = round
            }
        }
        /// Timetabler runs (1: the first plan was placed whole).
        public var rounds: Int
        public var cuts: [Cut]
        /// Class-terms of the plan kept that the timetabler could not place (0 unless rounds ran out).
        public var unplacedClassTerms: Int
        /// Seconds timetabling (all rounds) and re-solving (rounds after the first).
        public var timetableSeconds: Double, resolveSeconds: Double
        /// Re-solves with the rows added, then classes taken out of the plan after the last.
        public var resolves: Int, classesTakenOut: Int
        public init(rounds: Int, cuts: [Cut], unplacedClassTerms: Int, timetableSeconds: Double, resolveSeconds: Double,
                    resolves: Int, classesTakenOut: Int) {
            self.rounds = rounds; self.cuts = cuts; self.unplacedClassTerms = unplacedClassTerms
            self.timetableSeconds = timetableSeconds; self.resolveSeconds = resolveSeconds
            self.resolves = resolves; self.classesTakenOut = classesTakenOut
        }
        enum CodingKeys: String, CodingKey {
            case rounds, cuts, resolves, classesTakenOut = "classes_taken_out"
            case unplacedClassTerms = "unplaced_class_terms", timetableSeconds = "timetable_seconds", resolveSeconds = "resolve_seconds"
        }
    }
    /// The whole-people stage; nil in files written before it existed.
    public var wholePeople: WholePeople? = nil

    public init(scenario: String, scenarioChecksum: String, solver: String, status: String, modelObjective: Double,
                modelBound: Double?, gap: Double?, stage2: SpendStage?, budgetSizing: [SpendStage]?, budgetsUnlimited: Bool,
                weightedAttainment: Double, greedyWeightedAttainment: Double, totalSpendVND: Double, greedyTotalSpendVND: Double,
                classes: Int, solveSeconds: Double, buildSeconds: Double, variables: Int, integerVariables: Int,
                constraints: Int, nonZeros: Int, incumbentSource: String) {
        self.scenario = scenario; self.scenarioChecksum = scenarioChecksum; self.solver = solver; self.status = status
        self.modelObjective = modelObjective; self.modelBound = modelBound; self.gap = gap; self.stage2 = stage2
        self.budgetSizing = budgetSizing; self.budgetsUnlimited = budgetsUnlimited
        self.weightedAttainment = weightedAttainment; self.greedyWeightedAttainment = greedyWeightedAttainment
        self.totalSpendVND = totalSpendVND; self.greedyTotalSpendVND = greedyTotalSpendVND; self.classes = classes
        self.solveSeconds = solveSeconds; self.buildSeconds = buildSeconds; self.variables = variables
        self.integerVariables = integerVariables; self.constraints = constraints; self.nonZeros = nonZeros
        self.incumbentSource = incumbentSource
    }

    enum CodingKeys: String, CodingKey {
        case scenario, solver, status, gap, classes, variables, constraints
        case scenarioChecksum = "scenario_checksum", modelObjective = "model_objective", modelBound = "model_bound"
        case stage2 = "stage_2", budgetSizing = "budget_sizing", budgetsUnlimited = "budgets_unlimited"
        case weightedAttainment = "weighted_attainment", greedyWeightedAttainment = "greedy_weighted_attainment"
        case totalSpendVND = "total_spend_vnd", greedyTotalSpendVND = "greedy_total_spend_vnd"
        case solveSeconds = "solve_seconds", buildSeconds = "build_seconds", integerVariables = "integer_variables"
        case nonZeros = "non_zeros", incumbentSource = "incumbent_source", timetableCheck = "timetable_check", wholePeople = "whole_people"
    }

    /// Pretty-printed JSON with sorted keys and a final newline; absent optionals are left out.
    public func json() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings, finite numbers and optionals cannot fail.
        guard let d = try? e.encode(self) else { return "{}\n" }
        // Numbers as in the CSV files (`PlanFiles.number`): at most 15 significant digits, so
        // no arithmetic noise (0.040371804000000004 s) reaches the reader. Pretty-printed, every
        // number stands at the end of its line ("key" : 0.04, or an array's element); strings
        // are quoted and never match.
        let value = /^(?<head>\s*(?:"(?:[^"\\]|\\.)*"\s*:\s*)?)(?<number>-?\d+\.\d+(?:[eE][-+]?\d+)?)(?<tail>,?)$/
        let lines = String(decoding: d, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let m = line.wholeMatch(of: value), let x = Double(m.output.number) else { return String(line) }
            return m.output.head + PlanFiles.number(x) + m.output.tail
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads summary.json.
    /// - Throws: `PlanFileError` naming the file and what is wrong.
    public static func read(path: String) throws(PlanFileError) -> PlanSummary {
        guard let data = FileManager.default.contents(atPath: path) else { throw PlanFileError("\(path): cannot read the file") }
        do { return try JSONDecoder().decode(PlanSummary.self, from: data) } catch {
            throw PlanFileError("\(path): \(PlanFiles.describe(error))")
        }
    }
}
