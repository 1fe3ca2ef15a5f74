import Foundation
import Testing
@testable import Scenario

/// The teaching calendar, spans and calendar checks, with counts made by hand from a wall
/// calendar (2026-03-02 is a Monday).
@Suite struct CalendarTests {
    /// Two terms of two weeks: 2-13 Mar 2026 and 16-27 Mar; days mon-sat; periods of 4 and 3
    /// lessons; one holiday, Wed 4 Mar; no default holidays.
    func twoShortTerms() -> Scenario {
        Scenario(name: "t", horizon: Horizon(startYear: 2026, endYear: 2026, termsPerYear: 2, milestones: [2026]),
                 calendar: Calendar(termDates: [TermDates(start: "03-02", end: "03-13"), TermDates(start: "03-16", end: "03-27")],
                                    periods: [Period(id: "am", start: "08:00", end: "11:30", lessons: 4),
                                              Period(id: "pm", start: "18:00", end: "20:30", lessons: 3)],
                                    holidays: ["2026-03-04"], useDefaultHolidays: false),
                 segments: [], courses: [], institutions: [], payers: [], budgets: [], targets: [])
    }

    /// Day sets of 3 over 6 days: {mon, wed, fri} and {tue, thu, sat}. Term 1: mon/wed/fri are
    /// 2, 4, 6, 9, 11, 13 Mar, less the 4th: 5; tue/thu/sat are 3, 5, 7, 10, 12: 5. Term 2:
    /// 16, 18, 20, 23, 25, 27: 6; 17, 19, 21, 24, 26: 5.
    /// 15 periods need 5 sessions of 3 (or 4 of 4): they fit either term alone (span 1).
    /// 18 periods need 6 sessions of 3: not in term 1 (5); split 9 + 9 (3 sessions each) over
    /// both terms: span 2; started in term 2 nothing is left after it: nil. 7 a week > 6 days: nil.
    @Test func teachingDaysAndSpans() {
        let cal = TeachingCalendar(twoShortTerms())
        #expect(TeachingCalendar.daySets(days: 6, sessionsPerWeek: 3) == [[0, 2, 4], [1, 3, 5]])
        #expect(TeachingCalendar.daySets(days: 5, sessionsPerWeek: 2) == [[0, 2], [1, 3]])
        #expect(cal.teachingDates(term: 0, days: [0, 2, 4]).map(\.description)
                == ["2026-03-02", "2026-03-06", "2026-03-09", "2026-03-11", "2026-03-13"])
        #expect(cal.teachingDates(term: 0, days: [1, 3, 5]).count == 5)
        #expect(cal.teachingDates(term: 1, days: [0, 2, 4]).count == 6)
        #expect(cal.teachingDates(term: 1, days: [1, 3, 5]).count == 5)
        #expect(cal.span(hours: 15, sessionsPerWeek: 3, declaredTerms: 1, start: 0) == 1)
        #expect(cal.span(hours: 15, sessionsPerWeek: 3, declaredTerms: 1, start: 1) == 1)
        #expect(cal.span(hours: 18, sessionsPerWeek: 3, declaredTerms: 1, start: 0) == 2)
        #expect(cal.span(hours: 18, sessionsPerWeek: 3, declaredTerms: 1, start: 1) == nil)
        #expect(cal.span(hours: 15, sessionsPerWeek: 7, declaredTerms: 1, start: 0) == nil)
        #expect(cal.arithmetic(hours: 18, sessionsPerWeek: 3, start: 0)
                == "18 periods at 3 sessions a week of 3-4 periods need 5-6 sessions (2 teaching weeks); 2026T1 (2026-03-02..2026-03-13) has 5 teaching days on a day set (holidays 2026-03-04)")
    }

    /// 18 periods at 3 a week from term 1: span 2, 9 periods in term 2 = 3 sessions at either
    /// period (⌈9/3⌉ = ⌈9/4⌉ = 3): mon/wed/fri 16, 18, 20 Mar; tue/thu/sat 17, 19, 21 Mar. The
    /// latest last session over the patterns is Sat 21 Mar.
    @Test func latestLastSession() {
        let cal = TeachingCalendar(twoShortTerms())
        let course = Course(id: "c", fromLevel: 2, toLevel: 3, hours: 18, terms: 1,
                            modes: [CourseMode(mode: .inPerson, passRate: 1, classSizeMin: 1, classSizeMax: 9, sessionsPerWeek: 3)])
        #expect(cal.latestLastSession(of: course, mode: course.modes[0], start: 0) == LocalDate(2026, 3, 21))
        #expect(cal.latestLastSession(of: course, mode: course.modes[0], start: 1) == nil)
    }

    /// "02-29" is valid in every year: 28 Feb in 2027, 29 Feb in 2028 (leap).
    @Test func leapDayTermEndIsValidEveryYear() {
        var s = twoShortTerms()
        s.horizon = Horizon(startYear: 2027, endYear: 2028, termsPerYear: 2, milestones: [2028])
        s.calendar.termDates = [TermDates(start: "01-05", end: "02-29"), TermDates(start: "03-02", end: "12-20")]
        let cal = TeachingCalendar(s)
        #expect(cal.terms[0]?.end == LocalDate(2027, 2, 28))
        #expect(cal.terms[2]?.end == LocalDate(2028, 2, 29))
        #expect(LocalDate(year: 2027, monthDay: "02-29") == LocalDate(2027, 2, 28))
        #expect(LocalDate(year: 2027, monthDay: "02-30") == nil)
        #expect(!validate(s).contains { $0.path.hasPrefix("calendar") })
    }

    /// Windows: a whole day, "*.period", a single slot.
    @Test func windowsMatchWholeDaysPeriodsAndSlots() {
        #expect(windowMatches("sat", day: "sat", period: "am"))
        #expect(windowMatches("*.pm", day: "mon", period: "pm"))
        #expect(!windowMatches("*.pm", day: "mon", period: "am"))
        #expect(windowMatches("mon.am", day: "mon", period: "am"))
        #expect(!windowMatches("mon.am", day: "tue", period: "am"))
        // 6 days × 2 periods; blocking every "am" and Saturday leaves mon-fri pm: for 3 a week
        // only mon+wed+fri pm is whole (1 pattern); for 1 a week 5; with 1 a day on one set, 1.
        let cal = twoShortTerms().calendar
        #expect(TeachingCalendar.weeklyPatterns(cal, sessionsPerWeek: 3, unavailable: ["*.am", "sat"]) == 1)
        #expect(TeachingCalendar.weeklyPatterns(cal, sessionsPerWeek: 1, unavailable: ["*.am", "sat"]) == 5)
        #expect(TeachingCalendar.weeklyPatterns(cal, sessionsPerWeek: 3, unavailable: []) == 4)
        #expect(TeachingCalendar.weeklyPatterns(cal, sessionsPerWeek: 3, unavailable: [], perDay: 1) == 2)
    }

    static let tinyYAML = (try? String(contentsOfFile: shipped("tiny.yaml"), encoding: .utf8)) ?? ""

    /// Teaching days only Saturday and Sunday cannot hold 3 sessions a week on different days.
    @Test func sessionsAWeekMustFitTheTeachingDays() {
        let yaml = Self.tinyYAML.replacingOccurrences(of: "days: [mon, tue, wed, thu, fri, sat]", with: "days: [sat, sun]")
        let found = issues(yaml)
        #expect(found.contains { $0.path == "courses[0].modes[0].sessions_per_week"
            && $0.message.contains("3 sessions a week on different days, but calendar.days has 2 (sat, sun)") }, "\(found)")
    }

    /// A room group of 20 seats cannot hold classes of up to 25: reported at the rooms.
    @Test func roomTooSmallForTheClassSize() {
        let yaml = Self.tinyYAML.replacingOccurrences(of: "{id: room, count: 1, seats: 30}", with: "{id: room, count: 1, seats: 20}")
        let found = issues(yaml)
        #expect(found.contains { $0.path == "institutions[0].rooms" && $0.line > 0
            && $0.message.contains("class_size_max 25, largest room 20 seats") }, "\(found)")
    }

    /// 5000 periods at 3 a week need at least 1250 sessions; a year has far fewer.
    @Test func courseThatCanNeverFinish() {
        let yaml = Self.tinyYAML.replacingOccurrences(of: "hours: 100", with: "hours: 5000")
        let found = issues(yaml)
        #expect(found.contains { $0.path == "courses[0].hours" && $0.message.contains("cannot finish inside the horizon from any term: 5000 periods") }, "\(found)")
    }

    /// A 200-period course declared as one term, on a 16-week term (Mon 17 Aug-Fri 4 Dec 2026):
    /// mon/wed/fri give 48 days less 31 Aug and 2 Sep (the official 29 Aug-2 Sep break): 46;
    /// tue/thu/sat give 16 + 16 + 15 less Sat 29 Aug and Tue 1 Sep: 45. 200 periods need 50-67
    /// sessions, so a class started there runs 2 terms, to 2027T1, and validate says so.
    @Test func twoHundredPeriodsOnASixteenWeekTerm() throws {
        var yaml = Self.tinyYAML.replacingOccurrences(of: "hours: 100", with: "hours: 200")
        yaml = yaml.replacingOccurrences(of: "{start: \"08-15\", end: \"12-20\"}", with: "{start: \"08-17\", end: \"12-04\"}")
        yaml = yaml.replacingOccurrences(of: "end_year: 2026", with: "end_year: 2027")
        yaml = yaml.replacingOccurrences(of: "years: {2026: 250_000_000}", with: "years: {2026: 250_000_000, 2027: 0}")
        let s = try ScenarioLoader.parse(yaml: yaml, file: "t.yaml")
        let notes = calendarSpanNotes(s)
        #expect(notes == ["courses[0] b1-b2 in_person: 200 periods at 3 sessions a week of 3-4 periods need 50-67 sessions (17-23 teaching weeks); 2026T2 (2026-08-17..2026-12-04) has 45-46 teaching days on a day set (holidays 2026-08-29..2026-09-02): a class started in 2026T2 runs 2 terms, to 2027T1"], "\(notes)")
    }
}
