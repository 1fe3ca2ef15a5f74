import Foundation
import Scenario
import Testing
@testable import Timetable

/// The timetabler obeys the planner's calendar and capacity rules (docs/calendar-and-capacity.md).
@Suite struct HorizonTests {
    /// A class of 100 periods at 2 a week (mon+tue, the only day set of 2 days) started in
    /// 2026T2 (7 Sep-18 Dec: 15 Mondays + 15 Tuesdays = 30 days, no holidays) needs 25-34
    /// sessions: not in one term, so its span is 2, 50 + 50 periods, ending in 2027T1. Timetabled
    /// over the whole horizon it runs in both terms with the same weekly time, teacher and room,
    /// never after 2027T1's end, and no term clashes with another.
    @Test func classRunsItsSpanAcrossTheYearEnd() throws {
        var s = Fixture.scenario(termDates: [TermDates(start: "03-02", end: "06-30"), TermDates(start: "09-07", end: "12-18")],
                                 courses: [Fixture.course("c3", hours: 100, sessions: 2)],
                                 institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 2, seats: 30)],
                                                            teachers: [TeacherGroup(id: "t", count: 2, maxLevel: 4, hoursPerTerm: 100, payPerPeriod: 1)])])
        s.horizon = Horizon(startYear: 2026, endYear: 2027, termsPerYear: 2, milestones: [2027])
        let teaching = TeachingCalendar(s)
        #expect(teaching.teachingDates(term: 1, days: [0, 1]).count == 30)
        #expect(teaching.span(hours: 100, sessionsPerWeek: 2, declaredTerms: 1, start: 1) == 2)
        let classes = [Fixture.planned("A", term: "2026T2"), Fixture.planned("B", term: "2027T1")]
        let tts = try Timetabler.solveAll(scenario: s, classes: classes, terms: Array(0..<4))
        #expect(tts.map(\.term) == ["2026T2", "2027T1"])
        let a1 = try #require(tts[0].assignments.first { $0.classID == "A" })
        let a2 = try #require(tts[1].assignments.first { $0.classID == "A" })
        #expect(a1.hoursInTerm == 50 && a2.hoursInTerm == 50)
        #expect(a1.slots == a2.slots && a1.teacher == a2.teacher && a1.room == a2.room)
        #expect(a1.lastDate! <= LocalDate(2026, 12, 18))
        #expect(a2.firstDate! >= LocalDate(2027, 3, 2) && a2.lastDate! <= LocalDate(2027, 6, 30))
        #expect(tts[1].assignments.contains { $0.classID == "B" })
        for t in tts { #expect(TimetableVerifier.verify(t, scenario: s, classes: classes).isEmpty) }
        #expect(TimetableVerifier.verifyAcrossTerms(tts.map(\.record), horizon: s.horizon).isEmpty)
    }

    /// Five days, 2 sessions a week, one room, 3 periods: the day sets are mon+wed and tue+thu
    /// (⌊5/2⌋ = 2), 6 patterns: of 7 classes 6 are placed, as the planner counts (not 7 = 15/2).
    @Test func roomHoldsSixClassesOfTwoOnFiveDays() throws {
        let s = Fixture.scenario(days: ["mon", "tue", "wed", "thu", "fri"],
                                 periods: [Period(id: "morning", start: "07:30", end: "11:00", lessons: 4),
                                           Period(id: "afternoon", start: "13:30", end: "17:00", lessons: 4),
                                           Period(id: "evening", start: "18:00", end: "21:00", lessons: 3)],
                                 courses: [Fixture.course("c3", hours: 24, sessions: 2)],
                                 institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 1, seats: 30)],
                                                            teachers: [TeacherGroup(id: "t", count: 20, maxLevel: 4, hoursPerTerm: 100, payPerPeriod: 1)])])
        #expect(TeachingCalendar.weeklyPatterns(s.calendar, sessionsPerWeek: 2, unavailable: []) == 6)
        let classes = (1...7).map { Fixture.planned("A\($0)") }
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(tt.stats.placed == 6)
        #expect(tt.unplaced.count == 1)
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
    }

    /// Teachers free only on Saturday: no day set of 3 (mon+wed+fri, tue+thu+sat) is free, so
    /// nothing is placed, as the planner counts (0 classes a teacher).
    @Test func teachersFreeOnlyOnSaturdayGetNoClassOfThree() throws {
        let s = Fixture.scenario(days: ["mon", "tue", "wed", "thu", "fri", "sat"],
                                 courses: [Fixture.course("c3", hours: 24, sessions: 3)],
                                 institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 1, seats: 30)],
                                                            teachers: [TeacherGroup(id: "t", count: 2, maxLevel: 4, hoursPerTerm: 100, payPerPeriod: 1,
                                                                                    unavailable: ["mon", "tue", "wed", "thu", "fri"])])])
        let tt = try Timetabler.solve(scenario: s, classes: [Fixture.planned("A")], institution: "inst", term: 0)
        #expect(tt.stats.placed == 0)
        #expect(tt.unplaced.first?.reason.contains("teachers t unavailable") == true)
    }

    /// A term where nothing can be placed is still written: unplaced.csv gives the reason (the
    /// arithmetic of the span), and no .fet is written for it (fet-cl refuses a file without
    /// activities). The class of classThatCannotFinishIsNotPlaced: 49 h, 2 a week, T1 of 4 days.
    @Test func termWithoutPlacedClassesIsWrittenWithoutFET() throws {
        let s = Fixture.scenario(termDates: [TermDates(start: "03-02", end: "03-13"), TermDates(start: "03-16", end: "06-30")],
                                 courses: [Fixture.course("c3", hours: 49, terms: 2, sessions: 2)],
                                 institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 1, seats: 30)],
                                                            teachers: [TeacherGroup(id: "t", count: 1, maxLevel: 4, hoursPerTerm: 100, payPerPeriod: 1)])])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("langplan-horizon-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try TimetableRun.run(scenario: s, classes: [Fixture.planned("A")], terms: [0, 1], out: dir)
        #expect(r.violations.isEmpty)
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/inst")
        #expect(!files.contains { $0.hasSuffix(".fet") }, "\(files)")
        let unplaced = try String(contentsOfFile: "\(dir)/inst/unplaced.csv", encoding: .utf8)
        #expect(unplaced.contains("A") && unplaced.contains("has 4 teaching days on a day set"), "\(unplaced)")
    }

    /// Teachers count teaching time as the planner does: 2 teachers of 200 periods a term, one
    /// class of 100 periods (102 taught in evening sessions of 3: a teacher carries ⌊200/102⌋ =
    /// 1) and two of 40 (42 taught: ⌊200/42⌋ = 4 each). The planner needs 1 + 1/4 + 1/4 = 1.5
    /// teachers; capping every teacher by the longest class (1 class each) left one out. All 3
    /// are placed, on both teachers, within every teacher's hours (the verifier).
    @Test func teachersCountTeachingTimeNotTheLongestClass() throws {
        let s = Fixture.scenario(days: ["mon", "tue", "wed", "thu", "fri", "sat"],
                                 courses: [Fixture.course("c3", hours: 100, sessions: 2), Fixture.course("s3", hours: 40, sessions: 2)],
                                 institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 3, seats: 30)],
                                                            teachers: [TeacherGroup(id: "t", count: 2, maxLevel: 4, hoursPerTerm: 200, payPerPeriod: 1)])])
        let classes = [Fixture.planned("L"), Fixture.planned("S1", course: "s3"), Fixture.planned("S2", course: "s3")]
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(tt.stats.placed == 3, "\(tt.unplaced.map(\.reason))")
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
        #expect(Set(tt.assignments.map(\.teacher)).count == 2)
    }

    /// A term ending "02-29" is a valid term in a year without it (28 Feb).
    @Test func leapDayTermEnd() throws {
        var s = Fixture.scenario(termDates: [TermDates(start: "01-05", end: "02-29"), TermDates(start: "03-02", end: "12-20")],
                                 courses: [Fixture.course("c3")], institutions: [])
        s.horizon = Horizon(startYear: 2027, endYear: 2028, termsPerYear: 2, milestones: [2028])
        #expect(try TermCalendar(scenario: s, term: 0).end == LocalDate(2027, 2, 28))
        #expect(try TermCalendar(scenario: s, term: 2).end == LocalDate(2028, 2, 29))
    }
}
