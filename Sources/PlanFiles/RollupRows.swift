// The files `langplan batch` writes next to its scenario folders: one row type each, read
// back by the same Codable schema as the plan files.

/// rollup.csv: one row per scenario of the batch (what happened to it and its headline figures).
public struct RollupScenarioRow: PlanFileRow, Equatable {
    public static let fileName = "rollup.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case folder, file, scenario, state, checksum, status, gap
        case weightedAttainment = "weighted_attainment", totalSpendVND = "total_spend_vnd", classes
        case milestonesMet = "milestones_met", milestones, message
    }
    public typealias Column = CodingKeys
    /// Folder of the plan inside the batch folder.
    public var folder: String
    /// The scenario file as given on the command line.
    public var file: String
    /// The scenario's name (empty when the file could not be read).
    public var scenario: String?
    /// "solved" (planned by this run), "reused" (a finished plan of the same checksum) or "failed".
    public var state: String
    /// `Scenario.checksum` (empty when the file could not be read).
    public var checksum: String?
    /// Stage 1's status (empty when failed).
    public var status: String?
    public var gap: Double?
    public var weightedAttainment: Double?
    public var totalSpendVND: Double?
    public var classes: Int?
    /// Target milestones met and all target milestones of the scenario.
    public var milestonesMet: Int?, milestones: Int?
    /// Why it failed (empty otherwise).
    public var message: String?
    public init(folder: String, file: String, scenario: String?, state: String, checksum: String?, status: String?, gap: Double?,
                weightedAttainment: Double?, totalSpendVND: Double?, classes: Int?, milestonesMet: Int?, milestones: Int?,
                message: String?) {
        self.folder = folder; self.file = file; self.scenario = scenario; self.state = state; self.checksum = checksum
        self.status = status; self.gap = gap; self.weightedAttainment = weightedAttainment; self.totalSpendVND = totalSpendVND
        self.classes = classes; self.milestonesMet = milestonesMet; self.milestones = milestones; self.message = message
    }
}

/// rollup-attainment.csv: attainment per target id and milestone over every plan that has
/// that target, weighted by people: share = Σ reached / Σ population.
public struct RollupAttainmentRow: PlanFileRow, Equatable {
    public static let fileName = "rollup-attainment.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case target, milestone, plans, population, reached, share, targetShare = "target_share", plansMet = "plans_met"
    }
    public typealias Column = CodingKeys
    public var target: String
    public var milestone: Int
    /// Plans that have this target and milestone.
    public var plans: Int
    /// Σ expected people the target covers, Σ of them at or above its level.
    public var population: Double, reached: Double
    /// reached / population (0 when nobody is covered).
    public var share: Double
    /// The share asked for, weighted by people: Σ target_share × population / Σ population.
    public var targetShare: Double
    /// Plans meeting the target at this milestone.
    public var plansMet: Int
    public init(target: String, milestone: Int, plans: Int, population: Double, reached: Double, share: Double,
                targetShare: Double, plansMet: Int) {
        self.target = target; self.milestone = milestone; self.plans = plans; self.population = population
        self.reached = reached; self.share = share; self.targetShare = targetShare; self.plansMet = plansMet
    }
}

/// rollup-budget.csv: spend per year and payer summed over the plans, VND.
public struct RollupBudgetRow: PlanFileRow, Equatable {
    public static let fileName = "rollup-budget.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable { case year, payer, plans, spentVND = "spent_vnd", limitVND = "limit_vnd" }
    public typealias Column = CodingKeys
    public var year: Int, payer: String
    /// Plans with a budget row for this year and payer.
    public var plans: Int
    public var spentVND: Int64
    /// Σ limits; empty when any of the plans has no limit (open) for it.
    public var limitVND: Int64?
    public init(year: Int, payer: String, plans: Int, spentVND: Int64, limitVND: Int64?) {
        self.year = year; self.payer = payer; self.plans = plans; self.spentVND = spentVND; self.limitVND = limitVND
    }
}
