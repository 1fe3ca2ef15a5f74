import Scenario
@testable import Timetable

/// Small scenarios built in code for the timetable tests.
enum Fixture {
    static func scenario(days: [String] = ["mon", "tue"],
                         periods: [Period] = [Period(id: "morning", start: "07:30", end: "11:00", lessons: 4),
                                              Period(id: "evening", start: "18:00", end: "21:00", lessons: 3)],
                         termDates: [TermDates] = [TermDates(start: "03-02", end: "06-30")],
                         holidays: [String] = [], useDefaultHolidays: Bool = false,
                         segments: [Segment] = [Segment(id: "staff", tags: ["cbcc"], headcount: [100, 0, 0, 0, 0, 0, 0])],
                         courses: [Course], institutions: [Institution]) -> Scenario {
        Scenario(name: "test",
                 horizon: Horizon(startYear: 2026, endYear: 2026, termsPerYear: termDates.count, milestones: [2026]),
                 calendar: Calendar(termDates: termDates, days: days, periods: periods, holidays: holidays,
                                    useDefaultHolidays: useDefaultHolidays),
                 segments: segments, courses: courses, institutions: institutions,
                 payers: [Payer(id: "state", funds: TagFilter())], budgets: [], targets: [])
    }

    static func course(_ id: String, to level: Int = 3, hours: Int = 24, terms: Int = 1, sessions: Int = 2,
                       modes: [Mode] = [.inPerson, .online]) -> Course {
        Course(id: id, fromLevel: level - 1, toLevel: level, hours: hours, terms: terms,
               modes: modes.map { CourseMode(mode: $0, passRate: 0.8, classSizeMin: 10, classSizeMax: 40, sessionsPerWeek: sessions) })
    }

    static func planned(_ id: String, course: String = "c3", mode: Mode = .inPerson, learners: Int = 20,
                        segments: [SegmentShare]? = nil, term: String = "2026T1", institution: String = "inst") -> PlannedClass {
        PlannedClass(id: id, term: term, institution: institution, course: course, mode: mode, payer: "state",
                     learners: learners, segments: segments ?? [SegmentShare(segment: "staff", learners: learners)])
    }
}
