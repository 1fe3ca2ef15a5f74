// The plan directory's CSV files, one row type each. Labels are the scenario's ids (term
// labels such as "2026T1"); amounts are in the units the column names give.

/// classes.csv: classes opened per term, institution, offering and payer.
public struct ClassesRow: PlanFileRow, Equatable {
    public static let fileName = "classes.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable { case term, institution, course, mode, payer, classes, learners }
    public typealias Column = CodingKeys
    public var term: String, institution: String, course: String, mode: String, payer: String
    public var classes: Int
    /// Whole learners starting these classes.
    public var learners: Int
    public init(term: String, institution: String, course: String, mode: String, payer: String, classes: Int, learners: Int) {
        self.term = term; self.institution = institution; self.course = course; self.mode = mode; self.payer = payer
        self.classes = classes; self.learners = learners
    }
}

/// enrolments.csv: learners starting an offering by segment. Learners of self-study and
/// abroad are written with the fractions the spend uses (expected values), class-based
/// modes as whole people.
public struct EnrolmentsRow: PlanFileRow, Equatable {
    public static let fileName = "enrolments.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable { case term, segment, course, mode, institution, payer, learners }
    public typealias Column = CodingKeys
    public var term: String, segment: String, course: String, mode: String
    /// Empty for modes without classes.
    public var institution: String
    public var payer: String
    public var learners: Double
    public init(term: String, segment: String, course: String, mode: String, institution: String, payer: String, learners: Double) {
        self.term = term; self.segment = segment; self.course = course; self.mode = mode; self.institution = institution
        self.payer = payer; self.learners = learners
    }
}

/// cohorts.csv: one row per class opened, with its learners by segment as
/// "segment:learners;segment:learners" (what the timetabler places).
public struct CohortsRow: PlanFileRow, Equatable {
    public static let fileName = "cohorts.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case classId = "class_id", term, institution, course, mode, payer, learners, segments
    }
    public typealias Column = CodingKeys
    public var classId: String, term: String, institution: String, course: String, mode: String, payer: String
    public var learners: Int
    public var segments: String
    public init(classId: String, term: String, institution: String, course: String, mode: String, payer: String,
                learners: Int, segments: String) {
        self.classId = classId; self.term = term; self.institution = institution; self.course = course; self.mode = mode
        self.payer = payer; self.learners = learners; self.segments = segments
    }
}

/// "yes" or "no" in a file (what spreadsheets filter on).
public enum YesNo: String, Codable, Sendable { case yes, no }

/// attainment.csv: projected share of each target at each milestone (shares in 0...1), with
/// the Monte Carlo P10/P50/P90 and `p_met` (the share of runs meeting the target), and the
/// expected people behind the share (projected_share = reached / population), which a roll-up
/// over many plans adds up.
public struct AttainmentFileRow: PlanFileRow, Equatable {
    public static let fileName = "attainment.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case target, milestone, targetShare = "target_share", projectedShare = "projected_share", p10, p50, p90, pMet = "p_met", met
        case population, reached
    }
    public typealias Column = CodingKeys
    /// Columns added after plan files were first written (p50 and p_met with uncertain pass
    /// rates, population and reached with batch roll-ups); older plan directories still read.
    public static let optionalColumns: Set<String> = ["p50", "p_met", "population", "reached"]
    public var target: String
    public var milestone: Int
    public var targetShare: Double, projectedShare: Double
    public var p10: Double?, p50: Double?, p90: Double?
    /// Probability (share of Monte Carlo runs) that the target is met; empty without runs.
    public var pMet: Double?
    public var met: YesNo
    /// Expected people the target covers at the milestone (nil in older plan files).
    public var population: Double?
    /// Expected people of that population at or above the target's level (nil in older plan files).
    public var reached: Double?
    public init(target: String, milestone: Int, targetShare: Double, projectedShare: Double, p10: Double?, p90: Double?, met: YesNo,
                p50: Double? = nil, pMet: Double? = nil, population: Double? = nil, reached: Double? = nil) {
        self.target = target; self.milestone = milestone; self.targetShare = targetShare; self.projectedShare = projectedShare
        self.p10 = p10; self.p50 = p50; self.p90 = p90; self.pMet = pMet; self.met = met
        self.population = population; self.reached = reached
    }
}

/// budget.csv: spend and limit per year and payer, VND. An empty limit: no limit (open).
public struct BudgetRow: PlanFileRow, Equatable {
    public static let fileName = "budget.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable { case year, payer, spentVND = "spent_vnd", limitVND = "limit_vnd" }
    public typealias Column = CodingKeys
    public var year: Int, payer: String
    public var spentVND: Int64
    public var limitVND: Int64?
    public init(year: Int, payer: String, spentVND: Int64, limitVND: Int64?) {
        self.year = year; self.payer = payer; self.spentVND = spentVND; self.limitVND = limitVND
    }
}

/// capacity.csv: use of each limited resource per term (institution empty for exam seats).
public struct CapacityFileRow: PlanFileRow, Equatable {
    public static let fileName = "capacity.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable { case term, institution, resource, used, available }
    public typealias Column = CodingKeys
    public var term: String, institution: String, resource: String
    public var used: Double, available: Double
    public init(term: String, institution: String, resource: String, used: Double, available: Double) {
        self.term = term; self.institution = institution; self.resource = resource; self.used = used; self.available = available
    }
}

/// sized-budget.csv (`size-budget`): the least budget per year and payer meeting every
/// target, VND, rounded up to the million.
public struct SizedBudgetRow: PlanFileRow, Equatable {
    public static let fileName = "sized-budget.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable { case year, payer, amountVND = "amount_vnd" }
    public typealias Column = CodingKeys
    public var year: Int, payer: String
    public var amountVND: Int64
    public init(year: Int, payer: String, amountVND: Int64) { self.year = year; self.payer = payer; self.amountVND = amountVND }
}

/// replan-vs-plan.csv (`replan`): each milestone's share as first planned and as re-planned
/// (shares in 0...1; planned empty when the first plan had no such milestone).
public struct ReplanRow: PlanFileRow, Equatable {
    public static let fileName = "replan-vs-plan.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case target, milestone, targetShare = "target_share", plannedShare = "planned_share", replannedShare = "replanned_share"
    }
    public typealias Column = CodingKeys
    public var target: String, milestone: Int
    public var targetShare: Double
    public var plannedShare: Double?
    public var replannedShare: Double
    public init(target: String, milestone: Int, targetShare: Double, plannedShare: Double?, replannedShare: Double) {
        self.target = target; self.milestone = milestone; self.targetShare = targetShare
        self.plannedShare = plannedShare; self.replannedShare = replannedShare
    }
}

/// robust.csv (`plan --confidence`): per target and milestone, the probability of meeting it
/// under the nominal and the robust plan, both on the same fresh Monte Carlo draws.
public struct RobustFileRow: PlanFileRow, Equatable {
    public static let fileName = "robust.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case target, milestone, targetShare = "target_share", nominalPMet = "nominal_p_met", robustPMet = "robust_p_met", guarded
    }
    public typealias Column = CodingKeys
    public var target: String
    public var milestone: Int
    public var targetShare: Double
    public var nominalPMet: Double, robustPMet: Double
    /// "no" for a target the nominal plan misses even at likely values (no plan guards it).
    public var guarded: YesNo
    public init(target: String, milestone: Int, targetShare: Double, nominalPMet: Double, robustPMet: Double, guarded: YesNo) {
        self.target = target; self.milestone = milestone; self.targetShare = targetShare
        self.nominalPMet = nominalPMet; self.robustPMet = robustPMet; self.guarded = guarded
    }
}

/// replan-changes.csv (`replan --keep-terms`): every class count that differs from the plan
/// being revised, and the limit that forced it. Terms and institutions empty where not
/// applicable (an added class has no "from", a dropped one no "to").
public struct ReplanChangeRow: PlanFileRow, Equatable {
    public static let fileName = "replan-changes.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case change, course, mode, payer, classes
        case fromTerm = "from_term", fromInstitution = "from_institution", toTerm = "to_term", toInstitution = "to_institution"
        case keptTerm = "kept_term", reason
    }
    public typealias Column = CodingKeys
    /// "added", "moved" or "dropped".
    public var change: String
    public var course: String, mode: String, payer: String
    public var classes: Int
    public var fromTerm: String, fromInstitution: String, toTerm: String, toInstitution: String
    /// "yes" when the change touches a term whose classes were announced.
    public var keptTerm: YesNo
    public var reason: String
    public init(change: String, course: String, mode: String, payer: String, classes: Int, fromTerm: String, fromInstitution: String,
                toTerm: String, toInstitution: String, keptTerm: YesNo, reason: String) {
        self.change = change; self.course = course; self.mode = mode; self.payer = payer; self.classes = classes
        self.fromTerm = fromTerm; self.fromInstitution = fromInstitution; self.toTerm = toTerm; self.toInstitution = toInstitution
        self.keptTerm = keptTerm; self.reason = reason
    }
}
