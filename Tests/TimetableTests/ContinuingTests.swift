import Scenario
import Testing
@testable import Timetable

/// Continuing classes keep their word: teacher, room and weekly time in every term of their span.
@Suite struct ContinuingTests {
    /// Two terms (2 Mar-24 Apr, 4 May-26 Jun 2026), days mon+tue (one day set for 2 a week),
    /// periods morning (4 lessons) and evening (3), one room, two teachers.
    /// A (5 learners who prefer mornings) is a course of 48 periods over 2 terms: 24 + 24.
    /// In 2026T1 A is alone: mornings, 0 broken. In 2026T2 B (20 learners who prefer mornings,
    /// 12 periods, one term) competes for the one room. Without the rule the cheapest term 2 is
    /// B in the morning and A in the evening (A's 5 learners × 2 sessions = 10 broken); with the
    /// rule A keeps mon+tue mornings, its teacher and room, and B takes the evening: 20 × 2 = 40.
    static func scenario(roomUnavailable: [String] = []) -> Scenario {
        Fixture.scenario(termDates: [TermDates(start: "03-02", end: "04-24"), TermDates(start: "05-04", end: "06-26")],
                         segments: [Segment(id: "early", tags: ["cbcc"], headcount: [100, 0, 0, 0, 0, 0, 0], preferredWindows: ["*.morning"])],
                         courses: [Fixture.course("c3", hours: 48, terms: 2, sessions: 2), Fixture.course("c1", to: 1, hours: 12, sessions: 2)],
                         institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 1, seats: 30, unavailable: roomUnavailable)],
                                                    teachers: [TeacherGroup(id: "t", count: 2, maxLevel: 4, hoursPerTerm: 200, payPerPeriod: 1)])])
    }
    static let classes = [
        Fixture.planned("A", learners: 5, segments: [SegmentShare(segment: "early", learners: 5)], term: "2026T1"),
        Fixture.planned("B", course: "c1", learners: 20, segments: [SegmentShare(segment: "early", learners: 20)], term: "2026T2"),
    ]

    @Test func continuingClassKeepsItsWordAgainstACompetitor() throws {
        let s = Self.scenario()
        let tts = try Timetabler.solveAll(scenario: s, classes: Self.classes, terms: [0, 1])
        #expect(tts.map(\.term) == ["2026T1", "2026T2"])
        let a1 = try #require(tts[0].assignments.first { $0.classID == "A" })
        let a2 = try #require(tts[1].assignments.first { $0.classID == "A" })
        let b = try #require(tts[1].assignments.first { $0.classID == "B" })
        let mornings = [WeeklySlot(day: "mon", period: "morning"), WeeklySlot(day: "tue", period: "morning")]
        #expect(a1.slots == mornings && a2.slots == mornings)
        #expect(a1.teacher == a2.teacher && a1.room == "r-1" && a2.room == "r-1")
        #expect(b.slots == [WeeklySlot(day: "mon", period: "evening"), WeeklySlot(day: "tue", period: "evening")])
        #expect(tts[0].stats.brokenPreferenceWeight == 0 && tts[1].stats.brokenPreferenceWeight == 40)
        // 24 periods at 4 a morning: 6 sessions a term.
        #expect(a1.sessions.count == 6 && a2.sessions.count == 6)
        for t in tts { #expect(TimetableVerifier.verify(t, scenario: s, classes: Self.classes).isEmpty) }
        #expect(TimetableVerifier.verifyAcrossTerms(tts.map(\.record), horizon: s.horizon).isEmpty)
    }

    /// The verifier reads the rule from the sessions alone: A's term-2 sessions moved to
    /// another teacher, or to evenings, are each reported.
    @Test func verifierCatchesAChangeOfTeacherOrTime() throws {
        let s = Self.scenario()
        let tts = try Timetabler.solveAll(scenario: s, classes: Self.classes, terms: [0, 1])
        var records = tts.map(\.record)
        let other = tts[0].assignments[0].teacher == "t-1" ? "t-2" : "t-1"
        var teacherChanged = records
        teacherChanged[1].sessions = records[1].sessions.map { x in var x = x; if x.classID == "A" { x.teacher = other }; return x }
        let v1 = TimetableVerifier.verifyAcrossTerms(teacherChanged, horizon: s.horizon)
        #expect(v1.count == 1 && v1[0].contains("A continues in 2026T2 from 2026T1 with another teacher"))
        records[1].sessions = records[1].sessions.map { x in var x = x; if x.classID == "A" { x.period = "evening" }; return x }
        let v2 = TimetableVerifier.verifyAcrossTerms(records, horizon: s.horizon)
        #expect(v2.contains { $0.contains("A continues in 2026T2 from 2026T1 at another weekly time") })
    }

    /// When the kept weekly time is impossible in the next term (here: A held Mon+Tue evenings
    /// and the room is now closed in the evening), A is not placed elsewhere: it is left out with
    /// a reason naming the rule, and B still gets the room (mornings, the only time it is open).
    @Test func impossibleKeptTimeLeavesTheClassOutWithAReason() throws {
        let s = Self.scenario(roomUnavailable: ["*.evening"])
        let evenings = [WeeklySlot(day: "mon", period: "evening"), WeeklySlot(day: "tue", period: "evening")]
        let before = ClassAssignment(planned: Self.classes[0], hoursInTerm: 24, teacher: "t-1", room: "r-1", slots: evenings,
                                     sessions: [], brokenPreferenceWeight: 10)
        let tt = try Timetabler.solve(scenario: s, classes: Self.classes, institution: "inst", term: 1, previous: ["A": before])
        #expect(tt.assignments.map(\.classID) == ["B"])
        #expect(tt.assignments[0].slots == [WeeklySlot(day: "mon", period: "morning"), WeeklySlot(day: "tue", period: "morning")])
        let a = try #require(tt.unplaced.first { $0.planned.id == "A" })
        #expect(a.reason.hasPrefix("continuing class: its weekly time mon.evening+tue.evening with teachers t"))
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: Self.classes).isEmpty)
    }
}
