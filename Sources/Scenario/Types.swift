/// The planners' input: staff by segment and level, targets, courses, institutions,
/// budgets and calendar. Everything here is data; nothing about a particular province
/// is hard-coded. Documented field by field in docs/scenario.md.
///
/// Conventions: money in VND as integers (`Int64`), people as integer counts in the file,
/// shares in 0...1, levels 0...6 (0 = no level; 1...6 ≈ CEFR A1...C2).
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var horizon: Horizon
    public var calendar: Calendar
    public var segments: [Segment]
    public var courses: [Course]
    public var institutions: [Institution]
    public var exams: Exams
    public var payers: [Payer]
    public var budgets: [Budget]
    public var policy: Policy
    public var targets: [Target]
    public var history: [HistoryRecord]

    public init(name: String, description: String? = nil, horizon: Horizon, calendar: Calendar = Calendar(),
                segments: [Segment], courses: [Course], institutions: [Institution], exams: Exams = Exams(),
                payers: [Payer], budgets: [Budget], policy: Policy = Policy(), targets: [Target],
                history: [HistoryRecord] = []) {
        self.name = name; self.description = description; self.horizon = horizon; self.calendar = calendar
        self.segments = segments; self.courses = courses; self.institutions = institutions; self.exams = exams
        self.payers = payers; self.budgets = budgets; self.policy = policy; self.targets = targets
        self.history = history
    }
}

public let levelRange = 0...6

/// Years and terms planned. Term t of year y is written "yT t" (e.g. 2026T1).
public struct Horizon: Sendable, Equatable {
    /// First planned year (the survey in `segments` describes its start).
    public var startYear: Int
    /// Last planned year (inclusive).
    public var endYear: Int
    /// Terms per year (1...4).
    public var termsPerYear: Int
    /// Milestone years: targets are measured at the end of each.
    public var milestones: [Int]
    public init(startYear: Int, endYear: Int, termsPerYear: Int, milestones: [Int]) {
        self.startYear = startYear; self.endYear = endYear; self.termsPerYear = termsPerYear; self.milestones = milestones
    }
    public var years: ClosedRange<Int> { startYear...endYear }
    public var termCount: Int { (endYear - startYear + 1) * termsPerYear }
    /// Year of the 0-based term index.
    public func year(ofTerm t: Int) -> Int { startYear + t / termsPerYear }
    /// "2026T1" for term index 0.
    public func label(ofTerm t: Int) -> String { "\(year(ofTerm: t))T\(t % termsPerYear + 1)" }
    /// Index of the last term of `year`.
    public func lastTerm(ofYear year: Int) -> Int { (year - startYear + 1) * termsPerYear - 1 }
}

/// Dates and the weekly grid the timetabler uses.
public struct Calendar: Sendable, Equatable {
    /// Each term's first and last day within its year, as month-day ("MM-DD"); one per term.
    public var termDates: [TermDates]
    /// Teaching days of the week, e.g. ["mon", "tue", "wed", "thu", "fri", "sat"].
    public var days: [String]
    /// Periods of a day, in order.
    public var periods: [Period]
    /// Days without sessions: ISO dates "2026-04-30" or ranges "2026-02-14..2026-02-22".
    /// When `useDefaultHolidays` is true, Vietnam's public holidays for the horizon are added.
    public var holidays: [String]
    public var useDefaultHolidays: Bool
    public init(termDates: [TermDates] = [], days: [String] = ["mon", "tue", "wed", "thu", "fri", "sat"],
                periods: [Period] = [], holidays: [String] = [], useDefaultHolidays: Bool = true) {
        self.termDates = termDates; self.days = days; self.periods = periods; self.holidays = holidays
        self.useDefaultHolidays = useDefaultHolidays
    }
}

public struct TermDates: Sendable, Equatable {
    public var start: String  // "MM-DD"
    public var end: String    // "MM-DD"
    public init(start: String, end: String) { self.start = start; self.end = end }
}

/// A block of a teaching day (e.g. morning 07:30-11:00), holding one session.
public struct Period: Sendable, Equatable {
    public var id: String        // "morning", "afternoon", "evening"
    public var start: String     // "HH:MM"
    public var end: String       // "HH:MM"
    /// Teaching periods (tiết, 45-50 min) one session in this block gives.
    public var lessons: Int
    public init(id: String, start: String, end: String, lessons: Int) {
        self.id = id; self.start = start; self.end = end; self.lessons = lessons
    }
}

/// A group of staff planned together: same tags, same demography, counted by level.
public struct Segment: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// Free labels targets and payers filter on, e.g. ["cbcc", "commune", "leader", "under40"].
    public var tags: [String]
    /// People at each level 0...6 at the start of the horizon (7 entries).
    public var headcount: [Int]
    public var demography: Demography
    /// Weight > 0 of this segment's people above target levels beyond the targets
    /// (under-40 leaders first). Default 0.
    public var priority: Double
    /// Weekly windows learners of this segment prefer, as "day.period" or "day" or
    /// "*.period" (e.g. ["*.evening", "sat"]). Empty: no preference.
    public var preferredWindows: [String]
    /// Override of `Policy.maxShareInTraining` for this segment.
    public var maxShareInTraining: Double?
    public init(id: String, name: String? = nil, tags: [String], headcount: [Int], demography: Demography = Demography(),
                priority: Double = 0, preferredWindows: [String] = [], maxShareInTraining: Double? = nil) {
        self.id = id; self.name = name; self.tags = tags; self.headcount = headcount; self.demography = demography
        self.priority = priority; self.preferredWindows = preferredWindows; self.maxShareInTraining = maxShareInTraining
    }
    public var total: Int { headcount.reduce(0, +) }
}

/// Linear yearly flows of a segment; applied at each year's end, level by level.
public struct Demography: Sendable, Equatable {
    /// Share of people leaving per year (retirement, leaving the service), at every level,
    /// as an estimate (drawn once per Monte Carlo run for the segment; `likely` in the plan).
    public var attritionEstimate: Estimate
    /// Share per year moving to another segment (e.g. ageing out of under-40), keeping level.
    public var transfers: [Transfer]
    /// People recruited per year as an estimate (whole people; drawn once per run for the
    /// segment and rounded), with their level mix (7 shares summing to 1).
    public var recruitsEstimate: Estimate
    public var recruitLevels: [Double]
    public init(attrition: Double = 0, transfers: [Transfer] = [], recruitsPerYear: Int = 0,
                recruitLevels: [Double] = [1, 0, 0, 0, 0, 0, 0], attritionEstimate: Estimate? = nil,
                recruitsEstimate: Estimate? = nil) {
        self.attritionEstimate = attritionEstimate ?? Estimate(attrition); self.transfers = transfers
        self.recruitsEstimate = recruitsEstimate ?? Estimate(Double(recruitsPerYear))
        self.recruitLevels = recruitLevels
    }
    /// The likely yearly attrition (what the plan uses); setting it makes it a known number.
    public var attrition: Double {
        get { attritionEstimate.likely }
        set { attritionEstimate = Estimate(newValue) }
    }
    /// The likely recruits per year (what the plan uses); setting it makes it a known number.
    public var recruitsPerYear: Int {
        get { Int(recruitsEstimate.likely.rounded()) }
        set { recruitsEstimate = Estimate(Double(newValue)) }
    }
}

public struct Transfer: Sendable, Equatable {
    /// Id of the receiving segment.
    public var to: String
    /// Share per year.
    public var share: Double
    public init(to: String, share: Double) { self.to = to; self.share = share }
}

public enum Mode: String, Sendable, Equatable, CaseIterable, Codable {
    case inPerson = "in_person", online, selfStudy = "self_study", abroad
    /// Modes that form classes with a teacher.
    public var hasClasses: Bool { self == .inPerson || self == .online }
    /// Modes that need a room.
    public var needsRoom: Bool { self == .inPerson }
}

/// A course taking learners from one level to the next one(s).
public struct Course: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var fromLevel: Int
    public var toLevel: Int
    /// Guided hours (teaching periods of 45-50 min) of the course.
    public var hours: Int
    /// Length in terms (a course started in term t ends at the end of t + terms − 1).
    public var terms: Int
    public var modes: [CourseMode]
    /// Whether passing requires a certifying exam (fee and seat in the last term).
    public var exam: Bool
    public init(id: String, name: String? = nil, fromLevel: Int, toLevel: Int, hours: Int, terms: Int,
                modes: [CourseMode], exam: Bool = true) {
        self.id = id; self.name = name; self.fromLevel = fromLevel; self.toLevel = toLevel; self.hours = hours
        self.terms = terms; self.modes = modes; self.exam = exam
    }
}

/// How a course runs in one mode and what it costs.
public struct CourseMode: Sendable, Equatable {
    public var mode: Mode
    /// Share of learners reaching `toLevel` (an estimate: no pass rates are published). Drawn
    /// once per Monte Carlo run for this course and mode; each learner then passes with it.
    public var passRateEstimate: Estimate
    /// Learners per class (classes only).
    public var classSizeMin: Int
    public var classSizeMax: Int
    /// Sessions per week (classes only); each session fills one period of the grid.
    public var sessionsPerWeek: Int
    /// Cost per class opened beyond teacher pay (materials, room, admin), VND.
    public var costPerClass: Int64
    /// Cost per learner (subsidy for self-study, tuition and travel abroad, materials), VND.
    public var costPerLearner: Int64
    /// Most learners in this mode per term across the scenario (nil: no limit). Useful for
    /// self-study and abroad, which have no classes.
    public var maxLearnersPerTerm: Int?
    public init(mode: Mode, passRate: Double, classSizeMin: Int = 0, classSizeMax: Int = 0, sessionsPerWeek: Int = 0,
                costPerClass: Int64 = 0, costPerLearner: Int64 = 0, maxLearnersPerTerm: Int? = nil,
                passRateEstimate: Estimate? = nil) {
        self.mode = mode; self.passRateEstimate = passRateEstimate ?? Estimate(passRate); self.classSizeMin = classSizeMin; self.classSizeMax = classSizeMax
        self.sessionsPerWeek = sessionsPerWeek; self.costPerClass = costPerClass; self.costPerLearner = costPerLearner
        self.maxLearnersPerTerm = maxLearnersPerTerm
    }
    /// The likely pass rate (what the nominal plan uses); setting it makes it a known number.
    public var passRate: Double {
        get { passRateEstimate.likely }
        set { passRateEstimate = Estimate(newValue) }
    }
}

/// A training institution: its rooms, teachers and online capacity.
public struct Institution: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var rooms: [RoomGroup]
    public var teachers: [TeacherGroup]
    /// Most online classes running at once in a term.
    public var onlineClassesMax: Int
    /// Modes it runs (subset of in_person, online).
    public var modes: [Mode]
    /// Fixed cost per class it runs (administration), VND.
    public var costPerClass: Int64
    public init(id: String, name: String? = nil, rooms: [RoomGroup], teachers: [TeacherGroup], onlineClassesMax: Int = 0,
                modes: [Mode] = [.inPerson, .online], costPerClass: Int64 = 0) {
        self.id = id; self.name = name; self.rooms = rooms; self.teachers = teachers
        self.onlineClassesMax = onlineClassesMax; self.modes = modes; self.costPerClass = costPerClass
    }
}

/// `count` identical rooms (ids "<id>-1"...).
public struct RoomGroup: Sendable, Equatable {
    public var id: String
    public var count: Int
    public var seats: Int
    /// Weekly slots ("day.period") the rooms are not available.
    public var unavailable: [String]
    public init(id: String, count: Int, seats: Int, unavailable: [String] = []) {
        self.id = id; self.count = count; self.seats = seats; self.unavailable = unavailable
    }
}

/// `count` interchangeable teachers (ids "<id>-1"...).
public struct TeacherGroup: Sendable, Equatable {
    public var id: String
    public var count: Int
    /// Highest course `toLevel` they may teach.
    public var maxLevel: Int
    /// Teaching periods each may give per term.
    public var hoursPerTerm: Int
    /// Pay per teaching period (tiết), VND.
    public var payPerPeriod: Int64
    /// Most sessions per week and per day for one teacher.
    public var maxSessionsPerWeek: Int
    public var maxSessionsPerDay: Int
    public var unavailable: [String]
    public init(id: String, count: Int, maxLevel: Int, hoursPerTerm: Int, payPerPeriod: Int64,
                maxSessionsPerWeek: Int = 12, maxSessionsPerDay: Int = 2, unavailable: [String] = []) {
        self.id = id; self.count = count; self.maxLevel = maxLevel; self.hoursPerTerm = hoursPerTerm
        self.payPerPeriod = payPerPeriod; self.maxSessionsPerWeek = maxSessionsPerWeek
        self.maxSessionsPerDay = maxSessionsPerDay; self.unavailable = unavailable
    }
}

/// Certifying exams (e.g. VSTEP).
public struct Exams: Sendable, Equatable {
    public var feePerCandidate: Int64
    /// Exam seats per term across the scenario (nil: no limit).
    public var seatsPerTerm: Int?
    public init(feePerCandidate: Int64 = 0, seatsPerTerm: Int? = nil) {
        self.feePerCandidate = feePerCandidate; self.seatsPerTerm = seatsPerTerm
    }
}

/// A funding source: state budget, unit funds, learner contributions, sponsors.
public struct Payer: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// Segments this payer funds.
    public var funds: TagFilter
    /// Modes it pays for (default: all).
    public var modes: [Mode]
    public init(id: String, name: String? = nil, funds: TagFilter, modes: [Mode] = Mode.allCases) {
        self.id = id; self.name = name; self.funds = funds; self.modes = modes
    }
}

/// A payer's money per year. `amounts[year] == nil` for a year in the horizon is an error
/// unless `open` is true (the budget is to be sized).
public struct Budget: Sendable, Equatable {
    public var payer: String
    public var amounts: [Int: Int64]
    public var open: Bool
    public init(payer: String, amounts: [Int: Int64], open: Bool = false) {
        self.payer = payer; self.amounts = amounts; self.open = open
    }
}

public struct Policy: Sendable, Equatable {
    /// Largest share of a segment away in training in any term.
    public var maxShareInTraining: Double
    public init(maxShareInTraining: Double = 0.2) { self.maxShareInTraining = maxShareInTraining }
}

/// Which segments a target or payer covers: all of `all` tags, at least one of `any`
/// (when non-empty), none of `none`.
public struct TagFilter: Sendable, Equatable {
    public var all: [String]
    public var any: [String]
    public var none: [String]
    public init(all: [String] = [], any: [String] = [], none: [String] = []) {
        self.all = all; self.any = any; self.none = none
    }
    public func matches(_ tags: [String]) -> Bool {
        all.allSatisfy(tags.contains) && (any.isEmpty || any.contains(where: tags.contains))
            && !none.contains(where: tags.contains)
    }
}

/// "Share `milestones[y]` of the people matching `filter` at level ≥ `level` by the end of y".
public struct Target: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var filter: TagFilter
    public var level: Int
    public var milestones: [Int: Double]
    public var weight: Double
    public init(id: String, name: String? = nil, filter: TagFilter, level: Int, milestones: [Int: Double],
                weight: Double = 1) {
        self.id = id; self.name = name; self.filter = filter; self.level = level; self.milestones = milestones
        self.weight = weight
    }
}

/// What was achieved before the horizon (e.g. the 2025 milestone), for reports.
public struct HistoryRecord: Sendable, Equatable {
    public var target: String
    public var year: Int
    public var share: Double
    public init(target: String, year: Int, share: Double) { self.target = target; self.year = year; self.share = share }
}
