import Scenario

/// Learners of one staff segment in a class.
public struct SegmentShare: Sendable, Equatable, Hashable {
    public var segment: String
    public var learners: Int
    public init(segment: String, learners: Int) { self.segment = segment; self.learners = learners }
}

/// One class the strategic plan opened: a row of `cohorts.csv`.
///
/// `term` is the label of the term the class starts in (`Horizon.label(ofTerm:)`, e.g. "2026T1");
/// a course of `terms` > 1 keeps running (and is timetabled) in the following terms.
public struct PlannedClass: Sendable, Equatable, Hashable {
    public var id: String
    public var term: String
    public var institution: String
    public var course: String
    public var mode: Mode
    public var payer: String
    public var learners: Int
    public var segments: [SegmentShare]
    public init(id: String, term: String, institution: String, course: String, mode: Mode, payer: String,
                learners: Int, segments: [SegmentShare]) {
        self.id = id; self.term = term; self.institution = institution; self.course = course; self.mode = mode
        self.payer = payer; self.learners = learners; self.segments = segments
    }
}

/// A weekly slot of the grid: a day id of `Calendar.days` and a period id of `Calendar.periods`.
public struct WeeklySlot: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var day: String
    public var period: String
    public init(day: String, period: String) { self.day = day; self.period = period }
    /// "mon.evening", the form `unavailable` and `preferredWindows` use.
    public var description: String { "\(day).\(period)" }
}

/// One dated session of a class.
public struct DatedSession: Sendable, Equatable, Hashable {
    public var classID: String
    public var date: LocalDate
    public var day: String
    public var period: String
    /// Individual teacher id "<group>-<n>".
    public var teacher: String
    /// Individual room id "<group>-<n>"; nil for online classes.
    public var room: String?
    /// Teaching periods (tiết) the session gives (the period's `lessons`).
    public var lessons: Int
    public init(classID: String, date: LocalDate, day: String, period: String, teacher: String, room: String?,
                lessons: Int) {
        self.classID = classID; self.date = date; self.day = day; self.period = period; self.teacher = teacher
        self.room = room; self.lessons = lessons
    }
}

/// What one class got: a teacher, a room (in person), weekly slots and dated sessions.
public struct ClassAssignment: Sendable, Equatable {
    public var planned: PlannedClass
    /// Hours (teaching periods) this class must get in this term.
    public var hoursInTerm: Int
    public var teacher: String
    public var room: String?
    public var slots: [WeeklySlot]
    public var sessions: [DatedSession]
    /// Sessions outside a segment's preferred windows, weighted by that segment's learners.
    public var brokenPreferenceWeight: Int
    public var classID: String { planned.id }
    public var firstDate: LocalDate? { sessions.first?.date }
    public var lastDate: LocalDate? { sessions.last?.date }
}

/// A class that could not be placed, with the reason in words.
public struct UnplacedClass: Sendable, Equatable {
    public var planned: PlannedClass
    public var reason: String
}

/// Figures of one term's timetable.
public struct TimetableStats: Sendable, Equatable {
    public var classes = 0
    public var placed = 0
    /// Σ over placed classes, sessions and segments with preferences of the segment's learners
    /// when the session falls outside its preferred windows (the MIP objective).
    public var brokenPreferenceWeight = 0
    /// (class, weekly session, segment) triples outside the segment's preferred windows.
    public var brokenPreferences = 0
    /// Lower bound on `brokenPreferenceWeight` over the model's time patterns (MIP bound),
    /// valid when every class is placed.
    public var bound: Double?
    public var gap: Double?
    /// "optimal", "feasible (time limit)", "greedy" ...
    public var solverStatus = ""
    public var seconds = 0.0
    public var variables = 0
    public var constraints = 0
    /// Idle periods between a teacher's first and last session of a day, summed over teachers and days.
    public var teacherGaps = 0
    /// Classes whose weekly sessions are not all at the same period (0 by construction).
    public var periodChanges = 0
    /// Classes whose last session falls after the term's end date (0: sessions are dated only
    /// inside the term; kept as a check).
    public var spilledClasses = 0
    public var lastSessionDate: LocalDate?
}

/// The timetable of one institution in one term.
public struct TermTimetable: Sendable, Equatable {
    public var institution: String
    public var term: String
    public var termIndex: Int
    public var termStart: LocalDate
    public var termEnd: LocalDate
    public var assignments: [ClassAssignment]
    public var unplaced: [UnplacedClass]
    /// When classes are unplaced: which resource and which time runs short.
    public var explanations: [String]
    /// Things worth knowing that are not errors (e.g. sessions spilling past the term's end).
    public var notes: [TimetableNote]
    public var stats: TimetableStats

    public var sessions: [DatedSession] { assignments.flatMap(\.sessions) }
}

/// A note of a term's timetable: a sentence of `TimetableLanguage` (its key) and its values, so
/// that timetable.html says it in the page's language.
public struct TimetableNote: Sendable, Equatable {
    /// A key of `TimetableLanguage`'s strings ("note.continuing", …).
    public var key: String
    /// The values of its placeholders, in order.
    public var values: [String]
    public init(_ key: String, _ values: [String]) { self.key = key; self.values = values }

    /// The note in `language`.
    public func text(_ language: TimetableLanguage) -> String { language.t(key, values) }
}

/// How the timetabler runs.
public struct TimetableOptions: Sendable {
    /// Seconds for each MIP (one per institution and term).
    public var timeLimit: Double = 10
    public var relativeGap: Double = 1e-6
    /// Solve the MIP (false: greedy only, for comparison).
    public var useMIP = true
    /// Extra holidays beyond the scenario's (ISO dates or ranges).
    public var extraHolidays: [String] = []
    /// Parallel solves (default: active processors).
    public var parallelism: Int? = nil
    /// Print GLPK's progress.
    public var verbose = false
    /// Language of timetable.html and the calendars' text (default Vietnamese).
    public var language: TimetableLanguage = .vi
    public init() {}
}

public enum TimetableError: Error, CustomStringConvertible, Equatable {
    case unknownInstitution(String)
    case badTerm(String)
    case badCalendar(String)
    case badFile(String)

    public var description: String {
        switch self {
        case .unknownInstitution(let s): return "unknown institution '\(s)'"
        case .badTerm(let s): return "bad term: \(s)"
        case .badCalendar(let s): return "calendar: \(s)"
        case .badFile(let s): return s
        }
    }
}
