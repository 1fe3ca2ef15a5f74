import Scenario
import Testing
@testable import Timetable

/// Generated terms: whatever the timetabler produces must pass the verifier, and the
/// verifier must catch planted faults.
@Suite struct PropertyTests {
    /// A random small institution and term: 2-6 days, 1-3 periods, mixed sessions a week,
    /// rooms and teachers sometimes too few (so some classes are left out), unavailability,
    /// holidays inside the term.
    static func randomTerm(seed: UInt64) -> (Scenario, [PlannedClass]) {
        var rng = SyntheticTerm.RNG(seed: seed)
        func r(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        let allDays = ["mon", "tue", "wed", "thu", "fri", "sat"]
        let days = Array(allDays.prefix(r(2...6)))
        let periods = [Period(id: "morning", start: "07:30", end: "11:00", lessons: 4),
                       Period(id: "afternoon", start: "13:30", end: "17:00", lessons: 4),
                       Period(id: "evening", start: "18:00", end: "20:30", lessons: 3)].prefix(r(1...3))
        let segs = [Segment(id: "lead", tags: ["leader"], headcount: [9, 0, 0, 0, 0, 0, 0], preferredWindows: ["*.evening", "sat"]),
                    Segment(id: "staff", tags: ["cbcc"], headcount: [9, 0, 0, 0, 0, 0, 0], preferredWindows: r(0...1) == 0 ? [] : ["mon", "*.morning"])]
        var courses: [Course] = []
        for l in 1...5 {
            let k1 = r(1...min(3, days.count)), k2 = r(1...min(3, days.count))
            courses.append(Course(id: "c\(l)", fromLevel: l - 1, toLevel: l, hours: r(10...40), terms: r(1...2), modes: [
                CourseMode(mode: .inPerson, passRate: 0.8, classSizeMin: 10, classSizeMax: 40, sessionsPerWeek: k1),
                CourseMode(mode: .online, passRate: 0.8, classSizeMin: 10, classSizeMax: 40, sessionsPerWeek: k2)]))
        }
        let slack = Double(r(6...14)) / 10
        let n = r(5...40)
        let slots = Double(days.count * periods.count)
        let rooms = [RoomGroup(id: "small", count: max(0, Int(Double(n) * 2 / slots * slack * 0.6)), seats: 25,
                               unavailable: r(0...2) == 0 ? ["\(days[0]).\(periods[0].id)"] : []),
                     RoomGroup(id: "large", count: max(1, Int(Double(n) * 2 / slots * slack * 0.5)), seats: 40)]
        let teachers = [TeacherGroup(id: "t", count: max(1, Int(Double(n) / 4 * slack)), maxLevel: 4, hoursPerTerm: r(40...160),
                                     payPerPeriod: 1, maxSessionsPerWeek: r(3...10), maxSessionsPerDay: r(1...3),
                                     unavailable: r(0...2) == 0 ? ["sat"] : []),
                        TeacherGroup(id: "s", count: max(1, Int(Double(n) / 12 * slack)), maxLevel: 6, hoursPerTerm: r(40...160),
                                     payPerPeriod: 1, maxSessionsPerWeek: r(3...10), maxSessionsPerDay: r(1...3))]
        let inst = Institution(id: "inst", rooms: rooms, teachers: teachers, onlineClassesMax: r(0...3) == 0 ? 0 : r(1...max(1, n / 3)))
        let scenario = Fixture.scenario(days: days, periods: Array(periods),
                                        termDates: [TermDates(start: "03-02", end: "05-29"), TermDates(start: "09-01", end: "12-18")],
                                        holidays: ["2026-03-10", "2026-09-14..2026-09-18"], useDefaultHolidays: true,
                                        segments: segs, courses: courses, institutions: [inst])
        var classes: [PlannedClass] = []
        for i in 0..<n {
            let learners = r(12...42)
            let lead = r(0...learners)
            classes.append(PlannedClass(id: "k\(i)", term: r(0...3) == 0 ? "2026T2" : "2026T1", institution: "inst",
                                        course: "c\(r(1...5))", mode: r(0...3) == 0 ? .online : .inPerson, payer: "state",
                                        learners: learners,
                                        segments: [SegmentShare(segment: "lead", learners: lead),
                                                   SegmentShare(segment: "staff", learners: learners - lead)].filter { $0.learners > 0 }))
        }
        return (scenario, classes)
    }

    @Test(arguments: 1...40)
    func everyTimetablePassesTheVerifier(seed: Int) throws {
        let (s, classes) = Self.randomTerm(seed: UInt64(seed))
        var options = TimetableOptions()
        options.timeLimit = 5
        for term in 0..<2 {
            let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: term, options: options)
            let v = TimetableVerifier.verify(tt, scenario: s, classes: classes)
            #expect(v.isEmpty, "seed \(seed) term \(term): \(v.prefix(5))")
            // Every class of the term is either placed or listed with a reason.
            #expect(tt.stats.placed + tt.unplaced.count == tt.stats.classes)
            if !tt.unplaced.isEmpty { #expect(!tt.explanations.isEmpty) }
            // The second stage (named teachers and rooms from counts) never loses a class.
            #expect(!tt.unplaced.contains { $0.reason.hasPrefix("no single") }, "seed \(seed) term \(term)")
            // The MIP's bound never exceeds what it found.
            if let b = tt.stats.bound { #expect(b <= Double(tt.stats.brokenPreferenceWeight) + 1e-6) }
        }
    }

    /// The benchmark's 300-class term (not timed here): every class placed, conflict-free, the
    /// MIP proves its preference count optimal and it is no worse than the greedy start.
    @Test func benchmarkTermIsSolvedToOptimality() throws {
        let (s, classes) = SyntheticTerm.make(classes: 300, seed: 1)
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(tt.stats.placed == 300)
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
        #expect(tt.stats.bound == Double(tt.stats.brokenPreferenceWeight))
        var greedy = TimetableOptions()
        greedy.useMIP = false
        let g = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0, options: greedy)
        #expect(g.stats.placed == 300 && TimetableVerifier.verify(g, scenario: s, classes: classes).isEmpty)
        #expect(tt.stats.brokenPreferenceWeight <= g.stats.brokenPreferenceWeight)
    }

    /// A synthetic term with at least two classes placed at the same time, for planting faults.
    static func solved() throws -> (Scenario, [PlannedClass], TermTimetable) {
        let (s, classes) = SyntheticTerm.make(classes: 40, seed: 7)
        let tt = try Timetabler.solve(scenario: s, classes: classes, institution: "inst", term: 0)
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: classes).isEmpty)
        return (s, classes, tt)
    }

    @Test func verifierCatchesDoubleBookedTeacher() throws {
        let (s, classes, tt) = try Self.solved()
        var r = tt.record
        // Give the first session of one class the teacher of another class's session at the same date and period.
        let first = r.sessions[0]
        let j = try #require(r.sessions.firstIndex { $0.classID != first.classID && $0.teacher != first.teacher }
        )
        r.sessions[j].date = first.date; r.sessions[j].day = first.day; r.sessions[j].period = first.period
        r.sessions[j].lessons = first.lessons
        r.sessions[j].teacher = first.teacher
        let v = TimetableVerifier.verify(r, scenario: s, classes: classes)
        #expect(v.contains { $0.contains("teacher \(first.teacher) double-booked") })
    }

    @Test func verifierCatchesDoubleBookedRoom() throws {
        let (s, classes, tt) = try Self.solved()
        var r = tt.record
        let first = try #require(r.sessions.first { $0.room != nil })
        let j = try #require(r.sessions.firstIndex { $0.classID != first.classID && $0.room != nil && $0.room != first.room })
        r.sessions[j].room = first.room
        r.sessions[j].date = first.date; r.sessions[j].day = first.day; r.sessions[j].period = first.period
        r.sessions[j].lessons = first.lessons
        let v = TimetableVerifier.verify(r, scenario: s, classes: classes)
        #expect(v.contains { $0.contains("room \(first.room!) double-booked") })
    }

    @Test func verifierCatchesHolidaySession() throws {
        let (s, classes, tt) = try Self.solved()
        var r = tt.record
        // 30 April 2026 is a Thursday and a public holiday (default list).
        let j = try #require(r.sessions.firstIndex { $0.day == "thu" })
        r.sessions[j].date = LocalDate(2026, 4, 30)
        let v = TimetableVerifier.verify(r, scenario: s, classes: classes)
        #expect(v.contains { $0.contains("2026-04-30 is a holiday") })
        #expect(!tt.sessions.contains { $0.date == LocalDate(2026, 4, 30) })
    }

    @Test func verifierCatchesMissingHour() throws {
        let (s, classes, tt) = try Self.solved()
        var r = tt.record
        let id = r.sessions.last!.classID
        r.sessions.removeLast()
        let v = TimetableVerifier.verify(r, scenario: s, classes: classes)
        #expect(v.contains { $0.hasPrefix("\(id):") && $0.contains("teaching periods, needs") })
        // And a class dropped altogether.
        var r2 = tt.record
        r2.sessions.removeAll { $0.classID == id }
        #expect(TimetableVerifier.verify(r2, scenario: s, classes: classes).contains { $0.contains("neither timetabled nor listed") })
    }

    @Test func verifierCatchesUnqualifiedTeacherAndSmallRoom() throws {
        let (s, classes, tt) = try Self.solved()
        var r = tt.record
        let level5 = Set(classes.filter { $0.course == "l4_l5" }.map(\.id))
        let j = try #require(r.sessions.firstIndex { level5.contains($0.classID) })
        r.sessions[j].teacher = "lect-1"
        let big = Set(classes.filter { $0.learners > 30 && $0.mode == .inPerson }.map(\.id))
        let k = try #require(r.sessions.firstIndex { big.contains($0.classID) })
        r.sessions[k].room = "std-1"
        let v = TimetableVerifier.verify(r, scenario: s, classes: classes)
        #expect(v.contains { $0.contains("cannot teach level 5") })
        #expect(v.contains { $0.contains("room std-1 has 30 seats") })
    }

    /// Sessions of one term spilling into the next meet its sessions: caught across terms.
    @Test func verifierCatchesClashAcrossTerms() throws {
        let (s, _, tt) = try Self.solved()
        let a = tt.record
        var b = tt.record
        b.termIndex = 1
        b.sessions = [a.sessions[0]]
        b.sessions[0].classID = "other"
        let v = TimetableVerifier.verifyAcrossTerms([a, b], horizon: s.horizon)
        #expect(v.contains { $0.contains("teacher \(a.sessions[0].teacher) has other (2026T2)") })
        #expect(TimetableVerifier.verifyAcrossTerms([a], horizon: s.horizon).isEmpty)
    }
}
