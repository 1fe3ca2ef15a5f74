import Scenario

/// Classes of one offering, funded by one payer, at one institution, starting in one term.
public struct ClassKey: Hashable, Sendable, Comparable {
    public var offering: Int
    public var payer: Int
    public var institution: Int
    public var term: Int
    public init(offering: Int, payer: Int, institution: Int, term: Int) {
        self.offering = offering; self.payer = payer; self.institution = institution; self.term = term
    }
    public static func < (a: ClassKey, b: ClassKey) -> Bool {
        (a.term, a.institution, a.offering, a.payer) < (b.term, b.institution, b.offering, b.payer)
    }
}

/// Learners of one segment starting one offering, funded by one payer, in one term.
/// Institutions are pooled: any total between Σ min and Σ max class sizes can be split
/// over the classes opened, so the split is made after solving.
public struct EnrolmentKey: Hashable, Sendable, Comparable {
    public var segment: Int
    public var offering: Int
    public var payer: Int
    public var term: Int
    public init(segment: Int, offering: Int, payer: Int, term: Int) {
        self.segment = segment; self.offering = offering; self.payer = payer; self.term = term
    }
    public static func < (a: EnrolmentKey, b: EnrolmentKey) -> Bool {
        (a.term, a.segment, a.offering, a.payer) < (b.term, b.segment, b.offering, b.payer)
    }
}

/// A cohort plan: classes opened and learners placed. Plans the planner returns enrol whole
/// people (its whole-people stage, docs/planning-model.md); learners are held as Double
/// because the solver's points and the projection's expected stocks are.
public struct Plan: Sendable, Equatable {
    public var classes: [ClassKey: Int] = [:]
    public var enrolments: [EnrolmentKey: Double] = [:]
    public init(classes: [ClassKey: Int] = [:], enrolments: [EnrolmentKey: Double] = [:]) {
        self.classes = classes; self.enrolments = enrolments
    }

    public var totalClasses: Int { classes.values.reduce(0, +) }
    public var totalLearners: Double { enrolments.values.reduce(0, +) }
}
