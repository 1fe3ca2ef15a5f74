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

/// attainment.csv: projected share of each target at each milestone (shares in 0...1), and
/// the expected people behind the share (projected_share = reached / population), which a
/// roll-up over many plans adds up.
public struct AttainmentFileRow: PlanFileRow, Equatable {
    public static let fileName = "attainment.csv"
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case target, milestone, targetShare = "target_share", projectedShare = "projected_share", p10, p90, met
        case population, reached
    }
    public typealias Column = CodingKeys
    /// Plans written before langplan 0.11 have no population and reached columns.
    public static let optionalColumns: Set<String> = ["population", "reached"]
    public var target: String
    public var milestone: Int
    public var targetShare: Double, projectedShare: Double
    public var p10: Double?, p90: Double?
    public var met: YesNo
    /// Expected people the target covers at the milestone (nil in older plan files).
    public var population: Double?
    /// Expected people of that population at or above the target's level (nil in older plan files).
    public var reached: Double?
    public init(target: String, milestone: Int, targetShare: Double, projectedShare: Double, p10: Double?, p90: Double?, met: YesNo,
                population: Double? = nil, reached: Double? = nil) {
        self.target = target; self.milestone = milestone; self.targetShare = targetShare; self.projectedShare = projectedShare
        self.p10 = p10; self.p90 = p90; self.met = met; self.population = population; self.reached = reached
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
