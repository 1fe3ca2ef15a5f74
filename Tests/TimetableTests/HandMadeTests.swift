import Scenario
import Testing
@testable import Timetable

/// Terms small enough to solve by hand; every slot of the answer is checked.
@Suite struct HandMadeTests {
    /// 2 days × 2 periods, one room, one group of 2 teachers (≤ 2 sessions a day), three classes
    /// of 2 sessions a week. With 2 days, k = 2 has one day set (mon+tue), so a class picks a
    /// period. A and B are in person (one room: different periods), C is online.
    /// Leaders (A: 10, B: 8) prefer evenings, C's 5 learners too. A and B cannot both have the
    /// evening, so the cheapest is B in the morning: 8 learners × 2 sessions = 16, A and C in
    /// the evening (2 teachers there, each teacher ≤ 2 sessions a day holds).
    @Test func threeClassesTwoTeachersOneRoom() throws {
        let s = Fixture.scenario(
            segments: [Segment(id: "leaders", tags: ["leader"], headcount: [50, 0, 0, 0, 0, 0, 0], preferredWindows: ["*.evening"]),
                       Segment(id: "staff", tags: ["cbcc"], headcount: [50, 0, 0, 0, 0, 0, 0], preferredWindows: ["*.evening"])],
            courses: [Fixture.course("c3", hours: 14)],
            institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 1, seats: 30)],
                                       teachers: [TeacherGroup(id: "t", count: 2, maxLevel: 4, hoursPerTerm: 200, payPerPeriod: 1,
                                                               maxSessionsPerWeek: 12, maxSessionsPerDay: 2)],
                                       onlineClassesMax: 1)])
        let classes = [
            Fixture.planned("A", learners: 10, segments: [SegmentShare(segment: "leaders", learners: 10)]),
            Fixture.planned("B", learners: 8, segments: [SegmentShare(segment: "leaders", learners: 8)]),
            Fixture.planned("C", mode: .online, learners: 5, segments: [SegmentShare(segment: "staff", learners: 5)]),
        ]
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(tt.unplaced.isEmpty)
        #expect(tt.stats.placed == 3)
        #expect(tt.stats.brokenPreferenceWeight == 16)
        #expect(tt.stats.brokenPreferences == 2)
        #expect(tt.stats.bound == 16)
        let a = try #require(tt.assignments.first { $0.classID == "A" })
        let b = try #require(tt.assignments.first { $0.classID == "B" })
        let c = try #require(tt.assignments.first { $0.classID == "C" })
        #expect(a.slots == [WeeklySlot(day: "mon", period: "evening"), WeeklySlot(day: "tue", period: "evening")])
        #expect(b.slots == [WeeklySlot(day: "mon", period: "morning"), WeeklySlot(day: "tue", period: "morning")])
        #expect(c.slots == [WeeklySlot(day: "mon", period: "evening"), WeeklySlot(day: "tue", period: "evening")])
        #expect(a.room == "r-1" && b.room == "r-1" && c.room == nil)
        #expect(a.teacher != c.teacher)
        #expect(Set([a.teacher, b.teacher, c.teacher]).isSubset(of: ["t-1", "t-2"]))
        // Hours: A and C 14 h in 3-lesson evenings → 5 sessions; B in 4-lesson mornings → 4.
        #expect(a.sessions.count == 5 && c.sessions.count == 5 && b.sessions.count == 4)
        // Term starts Monday 2 March 2026: B's sessions are Mon 2, Tue 3, Mon 9, Tue 10 March.
        #expect(b.sessions.map(\.date.description) == ["2026-03-02", "2026-03-03", "2026-03-09", "2026-03-10"])
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
    }

    /// Same grid, everyone prefers evenings, one teacher with at most 1 session a day: only
    /// one class fits a day ... and each class needs a session on both days, so one class is
    /// placed and the explanation names the teacher day limit.
    @Test func teacherDailyLimitLeavesClassesOut() throws {
        let s = Fixture.scenario(
            courses: [Fixture.course("c3", hours: 8)],
            institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 3, seats: 30)],
                                       teachers: [TeacherGroup(id: "t", count: 1, maxLevel: 4, hoursPerTerm: 200, payPerPeriod: 1,
                                                               maxSessionsPerWeek: 12, maxSessionsPerDay: 1)])])
        let classes = ["A", "B"].map { Fixture.planned($0) }
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(tt.stats.placed == 1)
        #expect(tt.unplaced.count == 1)
        #expect(tt.explanations.contains { $0.contains("sessions a day") && $0.contains("teachers of t") })
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
    }

    /// Rooms one short: 2 days × 2 periods, in-person classes of 2 sessions a week → 2 blocks
    /// (mon+tue morning, mon+tue evening). One room holds 2 classes; the third is left out and
    /// the explanation names a slot and the rooms.
    @Test func roomsOneShort() throws {
        let s = Fixture.scenario(
            courses: [Fixture.course("c3", hours: 8)],
            institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 1, seats: 30)],
                                       teachers: [TeacherGroup(id: "t", count: 5, maxLevel: 4, hoursPerTerm: 200, payPerPeriod: 1)])])
        let classes = ["A", "B", "C"].map { Fixture.planned($0) }
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(tt.stats.placed == 2)
        #expect(tt.unplaced.count == 1)
        let slotMessage = tt.explanations.first { $0.hasPrefix("Monday morning") || $0.hasPrefix("Monday evening") }
        #expect(slotMessage != nil)
        #expect(slotMessage?.contains("2 in-person classes want it, 1 room ") == true)
        #expect(tt.explanations.contains { $0.contains("left out for lack of capacity: ") })
        #expect(tt.unplaced.first?.reason.contains("in-person classes want it, 1 room ") == true)
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
        // With a second room everything fits.
        var s2 = s
        s2.institutions[0].rooms[0].count = 2
        let tt2 = try Timetabler.solve(scenario: s2, classes: classes, institution: "inst", term: 0)
        #expect(tt2.stats.placed == 3 && tt2.explanations.isEmpty)
    }

    /// Level-5 classes with two level-5 teachers who each take at most 2 sessions a week:
    /// 3 classes of 2 sessions need 3 teachers.
    @Test func qualifiedTeachersShort() throws {
        let s = Fixture.scenario(
            days: ["mon", "tue", "wed", "thu", "fri", "sat"],
            courses: [Fixture.course("c5", to: 5, hours: 8)],
            institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 5, seats: 30)],
                                       teachers: [TeacherGroup(id: "senior", count: 2, maxLevel: 5, hoursPerTerm: 200, payPerPeriod: 1,
                                                               maxSessionsPerWeek: 2),
                                                  TeacherGroup(id: "junior", count: 10, maxLevel: 3, hoursPerTerm: 200, payPerPeriod: 1)])])
        let classes = ["A", "B", "C"].map { Fixture.planned($0, course: "c5") }
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(tt.stats.placed == 2)
        #expect(tt.explanations.contains { $0.hasPrefix("teachers able to teach level 5: 3 needed, 2 available") })
        #expect(tt.unplaced.first?.reason.contains("teachers of senior") == true)
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
    }

    /// Online classes count against online_classes_max for the term (as the planner reads it).
    @Test func onlineClassesMax() throws {
        let s = Fixture.scenario(
            courses: [Fixture.course("c3", hours: 8)],
            institutions: [Institution(id: "inst", rooms: [], teachers: [TeacherGroup(id: "t", count: 4, maxLevel: 4, hoursPerTerm: 200, payPerPeriod: 1)],
                                       onlineClassesMax: 1)])
        let classes = ["A", "B"].map { Fixture.planned($0, mode: .online) }
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(tt.stats.placed == 1)
        #expect(tt.unplaced.first?.reason == "capacity: online classes: 2 want to run, at most 1 at once in a term at inst")
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
        var r = tt.record
        r.unplacedClassIDs = []
        let other = r.sessions.map { s -> DatedSession in var t = s; t.classID = tt.unplaced[0].planned.id; t.teacher = "t-4"; return t }
        r.sessions += other
        #expect(TimetableVerifier.verify(r, scenario: s, classes: classes).contains { $0.contains("2 online classes in 2026T1, online_classes_max is 1") })
        var s0 = s
        s0.institutions[0].onlineClassesMax = 0
        let t0 = try Timetabler.solve(scenario: s0, classes: classes, institution: "inst", term: 0)
        #expect(t0.stats.placed == 0 && t0.unplaced.allSatisfy { $0.reason.contains("online_classes_max is 0") })
    }

    /// A class needing more seats than any room, and a level nobody teaches: listed with reasons.
    @Test func structuralReasons() throws {
        let s = Fixture.scenario(
            courses: [Fixture.course("c3", hours: 8), Fixture.course("c6", to: 6, hours: 8)],
            institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 2, seats: 30)],
                                       teachers: [TeacherGroup(id: "t", count: 2, maxLevel: 4, hoursPerTerm: 200, payPerPeriod: 1)])])
        let classes = [Fixture.planned("big", learners: 40), Fixture.planned("c6", course: "c6"), Fixture.planned("ok")]
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(tt.stats.placed == 1)
        #expect(tt.unplaced.first { $0.planned.id == "big" }?.reason.contains("rooms with at least 40 seats: none") == true)
        #expect(tt.unplaced.first { $0.planned.id == "c6" }?.reason.contains("teachers able to teach level 6: 1 needed, 0 available") == true)
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
    }
}
