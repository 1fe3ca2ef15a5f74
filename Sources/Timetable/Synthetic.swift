import Scenario

/// Generated terms for property tests and the benchmark (seeded, reproducible).
public enum SyntheticTerm {
    /// SplitMix64.
    public struct RNG: RandomNumberGenerator, Sendable {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// One institution ("inst"), one term (2026T1, 2 Mar - 30 Jun, default holidays), Monday-
    /// Saturday × morning/afternoon/evening, `classes` classes (about 80% in person with 2
    /// sessions a week, the rest online with `onlineSessions`), rooms and teachers sized so the
    /// term fits with about `slack` spare capacity. Leaders prefer evenings or Saturday.
    public static func make(classes n: Int, seed: UInt64, slack: Double = 1.25, onlineSessions: Int = 2,
                            hours: Int = 60) -> (Scenario, [PlannedClass]) {
        var rng = RNG(seed: seed)
        let periods = [Period(id: "morning", start: "07:30", end: "11:00", lessons: 4),
                       Period(id: "afternoon", start: "13:30", end: "17:00", lessons: 4),
                       Period(id: "evening", start: "18:00", end: "21:00", lessons: 3)]
        let segments = [
            Segment(id: "leader_u40", tags: ["cbcc", "leader", "under40"], headcount: [500, 300, 200, 100, 0, 0, 0],
                    preferredWindows: ["*.evening", "sat"]),
            Segment(id: "cbcc_u40", tags: ["cbcc", "under40"], headcount: [2000, 1000, 500, 200, 0, 0, 0],
                    preferredWindows: ["*.afternoon", "*.evening"]),
            Segment(id: "vc", tags: ["vc"], headcount: [5000, 2000, 1000, 500, 0, 0, 0]),
        ]
        var courses: [Course] = []
        for l in 1...5 {
            courses.append(Course(id: "l\(l - 1)_l\(l)", fromLevel: l - 1, toLevel: l, hours: hours, terms: 1, modes: [
                CourseMode(mode: .inPerson, passRate: 0.8, classSizeMin: 15, classSizeMax: 40, sessionsPerWeek: 2),
                CourseMode(mode: .online, passRate: 0.7, classSizeMin: 15, classSizeMax: 40, sessionsPerWeek: onlineSessions),
            ]))
        }
        var planned: [PlannedClass] = []
        var inPersonSessions = 0, sessions = 0, highLevelSessions = 0, bigClasses = 0
        for i in 0..<n {
            let level = [1, 2, 2, 3, 3, 3, 4, 4, 5][Int.random(in: 0..<9, using: &rng)]
            let mode: Mode = Double.random(in: 0..<1, using: &rng) < 0.8 ? .inPerson : .online
            let learners = Int.random(in: 18...38, using: &rng)
            var segs: [SegmentShare] = []
            var left = learners
            for (j, s) in segments.enumerated() {
                let take = j == segments.count - 1 ? left : Int.random(in: 0...left, using: &rng) / (j == 0 ? 3 : 1)
                if take > 0 { segs.append(SegmentShare(segment: s.id, learners: take)) }
                left -= take
            }
            let k = mode == .inPerson ? 2 : onlineSessions
            sessions += k
            if mode == .inPerson { inPersonSessions += k; if learners > 30 { bigClasses += 1 } }
            if level >= 5 { highLevelSessions += k }
            planned.append(PlannedClass(id: String(format: "c%04d", i + 1), term: "2026T1", institution: "inst",
                                        course: "l\(level - 1)_l\(level)", mode: mode, payer: "state", learners: learners,
                                        segments: segs))
        }
        let slots = 18.0
        let rooms = Int((Double(inPersonSessions) / slots * slack).rounded(.up))
        let big = max(1, Int((Double(bigClasses * 2) / slots * slack).rounded(.up)))
        // Each teacher: ≤ 10 sessions a week, ≤ 2 a day, hours for 5 classes of `hours`.
        let perTeacher = 10.0
        let seniors = max(2, Int((Double(highLevelSessions) / perTeacher * slack * 1.5).rounded(.up)))
        let juniors = max(2, Int((Double(sessions - highLevelSessions) / perTeacher * slack).rounded(.up)))
        let inst = Institution(id: "inst", name: "Synthetic institution",
                               rooms: [RoomGroup(id: "std", count: max(1, rooms - big), seats: 30),
                                       RoomGroup(id: "big", count: big, seats: 40, unavailable: ["sat.evening"])],
                               teachers: [TeacherGroup(id: "lect", count: juniors, maxLevel: 4, hoursPerTerm: 5 * hours + 10,
                                                       payPerPeriod: 300_000, maxSessionsPerWeek: 10, maxSessionsPerDay: 2),
                                          TeacherGroup(id: "senior", count: seniors, maxLevel: 6, hoursPerTerm: 5 * hours + 10,
                                                       payPerPeriod: 400_000, maxSessionsPerWeek: 10, maxSessionsPerDay: 2,
                                                       unavailable: ["mon.morning"])],
                               onlineClassesMax: planned.filter { $0.mode == .online }.count)
        let scenario = Scenario(
            name: "synthetic-\(n)-\(seed)",
            horizon: Horizon(startYear: 2026, endYear: 2026, termsPerYear: 2, milestones: [2026]),
            calendar: Calendar(termDates: [TermDates(start: "03-02", end: "06-30"), TermDates(start: "09-07", end: "12-31")],
                               days: ["mon", "tue", "wed", "thu", "fri", "sat"], periods: periods, holidays: [],
                               useDefaultHolidays: true),
            segments: segments, courses: courses, institutions: [inst],
            payers: [Payer(id: "state", funds: TagFilter())], budgets: [], targets: [])
        return (scenario, planned)
    }
}
