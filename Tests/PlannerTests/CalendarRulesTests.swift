import Foundation
import Planner
import Scenario
import Testing

/// Capacity and calendar rules with answers worked out by hand (docs/calendar-and-capacity.md).
/// All start from scenarios/tiny.yaml: 100 people at level 3, course 3→4 of 100 periods at
/// 3 sessions a week (pass 0.8, classes of 20-25, a class costs 100 × 400,000 + 10,000,000 =
/// 50M VND, exam 1M VND a candidate), one room of 30 seats, 2 teachers of 200 periods a term,
/// grid mon-sat × morning (4 lessons), afternoon (4), evening (3); 2026 in two terms; target
/// 50 people at level ≥ 4 at the end of 2026; budget 250M; release 50%.
@Suite struct CalendarRulesTests {
    func tiny() throws -> Scenario { try ScenarioLoader.load(path: HandSolvedTests.tinyPath) }

    func plan(_ s: Scenario) throws -> PlanResult {
        var o = PlannerOptions()
        o.timeLimit = 20
        o.monteCarloRuns = 0
        return try StrategicPlanner.plan(s, options: o)
    }

    /// Five teaching days (mon-fri), one term (5 Jan-20 Dec), 2 sessions a week. The canonical
    /// day sets of 2 over 5 days are ⌊5/2⌋ = 2 (mon+wed, tue+thu) × 3 periods = 6 patterns, so
    /// one room holds 6 classes (the old count, 15 slots / 2, said 7). 1000 people, budget and
    /// release ample, 20 teachers (each carries ⌊200 / 102⌋ = 1 class: 100 periods are 34
    /// evening sessions = 102 periods): the room binds at 6 classes of 25 = 150 learners.
    @Test func roomHoldsWholePatternsNotSlotsOverSessions() throws {
        var s = try tiny()
        s.horizon = Horizon(startYear: 2026, endYear: 2026, termsPerYear: 1, milestones: [2026])
        s.calendar.termDates = [TermDates(start: "01-05", end: "12-20")]
        s.calendar.days = ["mon", "tue", "wed", "thu", "fri"]
        s.courses[0].modes[0].sessionsPerWeek = 2
        s.segments[0].headcount = [0, 0, 0, 1000, 0, 0, 0]
        s.policy.maxShareInTraining = 1
        s.budgets[0].amounts[2026] = 1_000_000_000_000
        s.institutions[0].teachers[0].count = 20
        let data = PlanningData(s)
        #expect(data.roomClasses(s.institutions[0].rooms[0], sessionsPerWeek: 2) == 6)
        #expect(data.classesPerTeacher(offering: 0, institution: 0, start: 0) == 1)
        let r = try plan(s)
        #expect(r.plan.totalClasses == 6)
        #expect(abs(r.plan.totalLearners - 150) < 1e-6)
    }

    /// Teachers unavailable mon-fri (free only on Saturday) cannot teach 3 sessions a week on
    /// different days: every day set of 3 (mon+wed+fri, tue+thu+sat) touches a blocked day, so
    /// they carry 0 classes and the plan opens none (attainment 0). The old count gave them
    /// 12 sessions a week each.
    @Test func teachersFreeOnlyOnSaturdayCarryNoClassOfThreeAWeek() throws {
        var s = try tiny()
        s.institutions[0].teachers[0].unavailable = ["mon", "tue", "wed", "thu", "fri"]
        let data = PlanningData(s)
        #expect(data.classesPerTeacher(offering: 0, institution: 0, start: 0) == 0)
        #expect(!data.canRun(offering: 0, institution: 0))
        // One session a week: Saturday's 3 periods, at most max_sessions_per_day = 2 of them.
        #expect(TeachingCalendar.weeklyPatterns(s.calendar, sessionsPerWeek: 1, unavailable: s.institutions[0].teachers[0].unavailable,
                                                perDay: 2) == 2)
        let r = try plan(s)
        #expect(r.plan.totalClasses == 0)
        #expect(abs(r.projection.attainment(target: 0, milestone: 0, scenario: s) ?? 1) < 1e-9)
    }

    /// A room unavailable mornings, afternoons and Saturday ("*.morning", "*.afternoon", "sat")
    /// keeps the evenings of mon-fri: 5 free slots (the old count removed one slot per window:
    /// 18 − 3 = 15). For 3 a week only mon+wed+fri evening is whole (tue+thu+sat has Saturday):
    /// 1 class a term. Two terms: 2 classes of 25 = 50 learners, 40 pass, attainment 40/50 = 0.8,
    /// spend 2 × 50M + 50 × 1M = 150M.
    @Test func roomWindowsRemoveEverySlotTheyMatch() throws {
        var s = try tiny()
        s.institutions[0].rooms[0].unavailable = ["*.morning", "*.afternoon", "sat"]
        let data = PlanningData(s)
        #expect(data.weeklySlots(s.institutions[0].rooms[0]) == 5)
        #expect(data.roomClasses(s.institutions[0].rooms[0], sessionsPerWeek: 1) == 5)
        #expect(data.roomClasses(s.institutions[0].rooms[0], sessionsPerWeek: 3) == 1)
        let r = try plan(s)
        #expect(r.plan.totalClasses == 2)
        #expect(abs(r.plan.totalLearners - 50) < 1e-6)
        #expect(abs((r.projection.attainment(target: 0, milestone: 0, scenario: s) ?? 0) - 0.8) < 1e-6)
        #expect(abs(r.projection.spend.values.reduce(0, +) - 150_000_000) < 1)
    }

    /// max_learners_per_term = 22 on the in-person mode: 22 learners a term (one class, 20-25),
    /// 44 in the year, 35.2 pass: attainment 35.2 / 50 = 0.704; spend 2 × 50M + 44 × 1M = 144M.
    /// (Before, in-person ignored the limit: 3 classes and attainment 1.)
    @Test func maxLearnersPerTermBindsInPerson() throws {
        var s = try tiny()
        s.courses[0].modes[0].maxLearnersPerTerm = 22
        let r = try plan(s)
        #expect(r.plan.totalClasses == 2)
        #expect(abs(r.plan.totalLearners - 44) < 1e-6)
        #expect(abs((r.projection.attainment(target: 0, milestone: 0, scenario: s) ?? 0) - 0.704) < 1e-6)
        #expect(abs(r.projection.spend.values.reduce(0, +) - 144_000_000) < 1)
    }

    /// One teacher keeps to one rhythm a term, as in the timetable. One teacher of 400 periods
    /// (carries ⌊400/102⌋ = 3 classes of either kind), one room free only in the mornings (2
    /// patterns of 3 a week: mon+wed+fri and tue+thu+sat), online 2 a week up to 1 class, 1000
    /// people. Shared in proportion the teacher could take 2 in-person + 1 online classes a term
    /// (2/3 + 1/3 = 1); as a whole person either 2 in-person (the room's limit) or 1 online: 2
    /// in-person classes a term, 4 in the year, 100 learners.
    @Test func aTeacherKeepsToOneRhythm() throws {
        var s = try tiny()
        s.segments[0].headcount = [0, 0, 0, 1000, 0, 0, 0]
        s.budgets[0].amounts[2026] = 1_000_000_000_000
        s.institutions[0].teachers[0].count = 1
        s.institutions[0].teachers[0].hoursPerTerm = 400
        s.institutions[0].rooms[0].unavailable = ["*.afternoon", "*.evening"]
        s.institutions[0].modes = [.inPerson, .online]
        s.institutions[0].onlineClassesMax = 1
        s.courses[0].modes.append(CourseMode(mode: .online, passRate: 0.8, classSizeMin: 20, classSizeMax: 25, sessionsPerWeek: 2,
                                             costPerClass: 10_000_000))
        let data = PlanningData(s)
        #expect(data.classesPerTeacher(offering: 0, institution: 0, start: 0) == 3)
        #expect(data.classesPerTeacher(offering: 1, institution: 0, start: 0) == 3)
        #expect(data.teacherSplit(institution: 0, demand: [3: [4: 2.0 / 3], 2: [4: 1.0 / 3]]) == nil)
        #expect(data.teacherSplit(institution: 0, demand: [3: [4: 2.0 / 3]]) == [0: [3: 1]])
        let r = try plan(s)
        #expect(r.plan.classes.filter { $0.value > 0 }.allSatisfy { data.offerings[$0.key.offering].mode == .inPerson })
        #expect(r.plan.totalClasses == 4)
        #expect(abs(r.plan.totalLearners - 100) < 1e-6)
    }

    /// Rooms keep to one rhythm a term: `roomSplit` gives whole rooms per k. tiny's grid (6
    /// days × 3 periods) and its room of 30 seats, plus one room of 40: a room holds 3 day sets
    /// × 3 periods = 9 classes of 2 a week, 2 × 3 = 6 of 3 a week.
    /// - 6 classes of 3 (≥ 25 seats) and 1 of 2: rhythms in order of k, smallest room first: the
    ///   30-seat room takes the 1 of 2, the 40-seat room the 6 of 3.
    /// - 1 class of 3 needing ≥ 35 seats and 9 of 2 (≥ 25): the 40-seat room goes to 3 a week,
    ///   the 30-seat room holds the 9 of 2.
    /// - 7 classes of 3 and 1 of 2: 7 > 6 takes both rooms, none left for 2 a week (nil), which
    ///   the old proportional count (7/6 + 1/9 ≈ 1.28 ≤ 2 rooms) allowed.
    /// - one class of each rhythm needing ≥ 35 seats: one such room, two rhythms (nil).
    @Test func roomsAreSplitWholeBetweenRhythms() throws {
        var s = try tiny()
        s.institutions[0].rooms.append(RoomGroup(id: "big", count: 1, seats: 40))
        let data = PlanningData(s)
        #expect(data.roomClasses(s.institutions[0].rooms[0], sessionsPerWeek: 2) == 9)
        #expect(data.roomClasses(s.institutions[0].rooms[0], sessionsPerWeek: 3) == 6)
        #expect(data.roomSplit(institution: 0, demand: [3: [25: 6], 2: [25: 1]]) == [0: [2: 1], 1: [3: 1]])
        #expect(data.roomSplit(institution: 0, demand: [3: [35: 1, 25: 1], 2: [25: 9]]) == [1: [3: 1], 0: [2: 1]])
        #expect(data.roomSplit(institution: 0, demand: [3: [25: 7], 2: [25: 1]]) == nil)
        #expect(data.roomSplit(institution: 0, demand: [3: [35: 1], 2: [35: 1]]) == nil)
    }

    /// Limits are rows, not variable bounds, so "what binds" sees them: no class variable has
    /// an upper bound, and with one room of one pattern a term (as above) the binding room row
    /// is listed among the capacity rows of each term.
    @Test func classLimitsAreRowsNotBounds() throws {
        var s = try tiny()
        s.institutions[0].rooms[0].unavailable = ["*.morning", "*.afternoon", "sat"]
        let sm = StrategicModel(PlanningData(s))
        #expect(!sm.classVar.isEmpty)
        for v in sm.classVar.values { #expect(sm.model.variables[v.index].upper == .infinity) }
        let rooms = sm.capacityRows.filter { if case .rooms(seats: 25) = $0.kind { return true } else { return false } }
        #expect(rooms.map(\.term).sorted() == [0, 1])
        #expect(rooms.allSatisfy { $0.capacity == 1 })
    }

    /// A 200-period course from tiny's 2026-2027 calendar. 3 a week at 3-4 periods: 50-67
    /// sessions. 2026T1 (5 Jan-30 Jun) has 71 teaching days on each day set: span 1. 2026T2
    /// (15 Aug-20 Dec) has 52-53 < 67: the class takes 2 terms (100 + 100 periods, 34 evening
    /// sessions each) and ends in 2027T1. 2027T2 is the last term: nothing can finish. A class
    /// of 25 started in 2026T2 counts toward 2027, not 2026: 0 at the 2026 milestone, 20 (25 ×
    /// 0.8) at 2027; its 90M (200 × 400,000 + 10M) is spent 45M in each year, the 25M of exams
    /// in 2027.
    @Test func classStartedInTheShortTermCountsTheYearItEnds() throws {
        var s = try tiny()
        s.horizon = Horizon(startYear: 2026, endYear: 2027, termsPerYear: 2, milestones: [2026, 2027])
        s.courses[0].hours = 200
        s.targets[0].milestones = [2026: 0.5, 2027: 0.5]
        let data = PlanningData(s)
        #expect(data.span(offering: 0, start: 0) == 1)
        #expect(data.span(offering: 0, start: 1) == 2)
        #expect(data.endTerm(offering: 0, start: 1) == 2)
        #expect(data.span(offering: 0, start: 3) == nil)
        var p = Plan()
        p.classes[ClassKey(offering: 0, payer: 0, institution: 0, term: 1)] = 1
        p.enrolments[EnrolmentKey(segment: 0, offering: 0, payer: 0, term: 1)] = 25
        let proj = Projection(scenario: s, plan: p, data: data)
        #expect(abs(proj.reached[0][0] - 0) < 1e-9)
        #expect(abs(proj.reached[0][1] - 20) < 1e-9)
        #expect(abs((proj.spend[Projection.SpendKey(year: 2026, payer: 0)] ?? 0) - 45_000_000) < 1)
        #expect(abs((proj.spend[Projection.SpendKey(year: 2027, payer: 0)] ?? 0) - 70_000_000) < 1)
        // The model agrees: the class is a feasible point and its learners reach level 4 in 2027.
        let sm = StrategicModel(data)
        #expect(sm.classVar[ClassKey(offering: 0, payer: 0, institution: 0, term: 3)] == nil)
        let x = sm.point(for: p)
        #expect(sm.reached(from: x)[0].map { ($0 * 1e6).rounded() / 1e6 } == [0, 20])
    }
}
