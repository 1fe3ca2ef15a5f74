import Scenario

/// A limit of the plan, typed (reports name it in their language; nothing matches strings).
public enum Resource: Hashable, Sendable, CustomStringConvertible {
    /// Rooms with at least `seats` seats, counted in classes a week (`PlanningData.roomClasses`).
    case rooms(seats: Int)
    /// Teachers qualified up to at least `level`, counted as whole people.
    case teachers(level: Int)
    /// Online classes running at once at an institution.
    case online
    /// People of a segment away from work (`max_share_in_training`).
    case release
    /// Exam seats in a term.
    case examSeats
    /// Learners starting a course in a mode in a term (`max_learners_per_term`).
    case places(course: String, mode: Mode)

    public var description: String {
        switch self {
        case .rooms(let s): return "room classes/week (≥\(s) seats)"
        case .teachers(let l): return "teachers (level ≥\(l))"
        case .online: return "online classes"
        case .release: return "release"
        case .examSeats: return "exam seats"
        case .places(let c, let m): return "\(m.rawValue) places (\(c))"
        }
    }
}

/// The planning rules, written once: what a class costs, how many classes a teacher carries,
/// how many classes a room holds in a week, who is away from work. The formulation, the
/// greedy baseline and the reports use these; the timetabler reaches the same numbers from
/// the same Scenario rules (`TeachingCalendar.daySets`, `weeklyPatterns`, `windowMatches`,
/// `span`), which live in Scenario so that dependencies point one way (Timetable and Planner
/// both depend on Scenario, neither on the other). The projection recomputes on purpose.
extension PlanningData {
    /// Whether learners of `mode` are away from work while they study (they count against
    /// `max_share_in_training`): in-person classes and study abroad.
    public static func isAwayFromWork(_ mode: Mode) -> Bool { mode == .inPerson || mode == .abroad }

    /// Teacher pay per period at institution i for a course reaching `level`: the highest
    /// pay among groups qualified to teach it (conservative: the budget is never short).
    /// - Returns: VND per period, nil when no group may teach the level.
    public func teacherPay(institution i: Int, level: Int) -> Int64? {
        scenario.institutions[i].teachers.filter { $0.maxLevel >= level && $0.count > 0 }.map(\.payPerPeriod).max()
    }

    /// Cost of one class of offering o at institution i, VND: the course's periods × teacher
    /// pay + the mode's and the institution's cost per class.
    /// - Returns: nil when no teacher there may teach it.
    public func classCost(offering o: Int, institution i: Int) -> Int64? {
        let course = scenario.courses[offerings[o].course]
        guard let pay = teacherPay(institution: i, level: course.toLevel) else { return nil }
        return Int64(course.hours) * pay + offeringMode[o].costPerClass + scenario.institutions[i].costPerClass
    }

    /// Teaching periods a class of offering o started in term t gives in its busiest term at
    /// each period of the grid: its largest per-term share (`TeachingCalendar.hoursInTerm`)
    /// rounded up to whole sessions of that period's lessons (as the timetabler counts them).
    public func periodsPerTerm(offering o: Int, start t: Int) -> [Int] {
        let course = scenario.courses[offerings[o].course]
        let n = span(offering: o, start: t) ?? max(1, course.terms)
        let share = TeachingCalendar.hoursInTerm(hours: course.hours, terms: n, offset: 0)
        let lessons = scenario.calendar.periods.map { max(1, $0.lessons) }
        return lessons.isEmpty ? [share] : lessons.map { TeachingCalendar.sessionsNeeded(hours: share, lessons: $0) * $0 }
    }

    /// Classes of offering o one teacher of group g can carry in a term when the class starts
    /// in term t: one teacher keeps a class all term, so the least of ⌊hours per term / class
    /// periods⌋ (the largest class periods among the grid's periods that fit the teacher's
    /// hours at all, as the timetabler caps a group), ⌊sessions a week / k⌋, and the weekly
    /// patterns left free by the group's `unavailable` windows with at most
    /// `max_sessions_per_day` classes on a day set (`TeachingCalendar.weeklyPatterns`; teachers
    /// free only on Saturday carry no class of 3 a week). Without periods: no pattern count.
    public func classesPerTeacher(_ g: TeacherGroup, offering o: Int, start t: Int) -> Int {
        let k = max(1, offeringMode[o].sessionsPerWeek)
        guard let taught = periodsPerTerm(offering: o, start: t).filter({ $0 <= g.hoursPerTerm }).max(), taught > 0 else { return 0 }
        var carry = min(g.hoursPerTerm / taught, g.maxSessionsPerWeek / k)
        if !scenario.calendar.periods.isEmpty {
            carry = min(carry, TeachingCalendar.weeklyPatterns(scenario.calendar, sessionsPerWeek: k, unavailable: g.unavailable,
                                                               perDay: max(0, g.maxSessionsPerDay)))
        }
        return max(0, carry)
    }

    /// Classes of offering o one teacher at institution i can carry in a term (class started
    /// in term t): the least over the qualified groups (safe when groups differ).
    public func classesPerTeacher(offering o: Int, institution i: Int, start t: Int) -> Int {
        let course = scenario.courses[offerings[o].course]
        let groups = scenario.institutions[i].teachers.filter { $0.maxLevel >= course.toLevel && $0.count > 0 }
        return groups.map { classesPerTeacher($0, offering: o, start: t) }.min() ?? 0
    }

    /// Weekly slots of a room group not matched by any of its `unavailable` windows (whole
    /// days, `*.period`, single slots).
    public func weeklySlots(_ r: RoomGroup) -> Int {
        let cal = scenario.calendar
        let periods = cal.periods.isEmpty ? ["*"] : cal.periods.map(\.id)
        return cal.days.reduce(0) { acc, d in
            acc + periods.filter { p in !r.unavailable.contains { windowMatches($0, day: d, period: p) } }.count
        }
    }

    /// Classes of k sessions a week one room of group r holds at once: the timetabler's weekly
    /// patterns free in the room (`TeachingCalendar.weeklyPatterns`). With 2 sessions a week on
    /// a 5-day week that is 2 per period, not 2.5. A scenario built without periods: ⌊slots / k⌋.
    public func roomClasses(_ r: RoomGroup, sessionsPerWeek k: Int) -> Int {
        if scenario.calendar.periods.isEmpty { return weeklySlots(r) / max(1, k) }
        return TeachingCalendar.weeklyPatterns(scenario.calendar, sessionsPerWeek: max(1, k), unavailable: r.unavailable)
    }

    /// Classes of k sessions a week the rooms of institution i with at least `seats` seats hold.
    public func roomClasses(institution i: Int, seats: Int, sessionsPerWeek k: Int) -> Int {
        scenario.institutions[i].rooms.filter { $0.seats >= seats && $0.count > 0 }
            .reduce(0) { $0 + $1.count * roomClasses($1, sessionsPerWeek: k) }
    }

    /// Whether offering o can run at institution i (mode offered, a qualified teacher who can
    /// carry a class in some start term, a room large enough for `class_size_max`).
    public func canRun(offering o: Int, institution i: Int) -> Bool {
        let inst = scenario.institutions[i]
        let mode = offerings[o].mode
        guard mode.hasClasses, inst.modes.contains(mode), classCost(offering: o, institution: i) != nil,
              (0..<termCount).contains(where: { span(offering: o, start: $0) != nil && classesPerTeacher(offering: o, institution: i, start: $0) > 0 })
        else { return false }
        if mode.needsRoom {
            return roomClasses(institution: i, seats: offeringMode[o].classSizeMax, sessionsPerWeek: offeringMode[o].sessionsPerWeek) > 0
        }
        return inst.onlineClassesMax > 0
    }
}

extension PlanningData {
    /// Whole teachers of each group given to each rhythm k (sessions a week) at institution i in
    /// one term: the timetabler lets a teacher keep to one rhythm a term, so when classes of
    /// several k run, a group's teachers are split between them. `demand[k][λ]` is the
    /// teachers classes of k reaching level ≥ λ need (Σ classes / classes a teacher carries).
    /// The split is found level by level from the highest (the qualified groups are nested, so
    /// this greedy is exact).
    /// - Returns: teachers by group index and k, or nil when the groups cannot meet the demand.
    public func teacherSplit(institution i: Int, demand: [Int: [Int: Double]]) -> [Int: [Int: Int]]? {
        let groups = scenario.institutions[i].teachers
        var left = groups.map { max(0, $0.count) }
        var given: [Int: [Int: Int]] = [:]
        for lambda in Set(demand.values.flatMap(\.keys)).sorted(by: >) {
            let qualified = groups.indices.filter { groups[$0].maxLevel >= lambda && groups[$0].count > 0 }
                .sorted { groups[$0].maxLevel < groups[$1].maxLevel }
            for k in demand.keys.sorted() {
                guard let d = demand[k]?[lambda], d > 1e-6 else { continue }
                var need = Int((d - 1e-6).rounded(.up)) - qualified.reduce(0) { $0 + (given[$1]?[k] ?? 0) }
                for g in qualified where need > 0 {
                    let take = min(need, left[g])
                    left[g] -= take; need -= take
                    given[g, default: [:]][k, default: 0] += take
                }
                if need > 0 { return nil }
            }
        }
        return given
    }
}

extension PlanningData {
    /// Whole rooms of each group given to each rhythm k (sessions a week) at institution i in
    /// one term: the timetabler lets a room keep to one rhythm a term (two patterns of different
    /// k overlap), so when in-person classes of several k run, a group's rooms are split between
    /// them. `demand[k][σ]` is the classes of k needing rooms of at least σ seats (cumulative:
    /// every class counted at each threshold up to its size). A room of group h given to k holds
    /// `roomClasses(h, k)` of them. Found threshold by threshold from the largest, smallest
    /// suitable rooms first (rooms with more seats serve every smaller threshold too).
    /// - Returns: rooms by group index and k, or nil when the groups cannot hold the demand.
    public func roomSplit(institution i: Int, demand: [Int: [Int: Int]]) -> [Int: [Int: Int]]? {
        let groups = scenario.institutions[i].rooms
        var left = groups.map { max(0, $0.count) }
        var given: [Int: [Int: Int]] = [:]
        for sigma in Set(demand.values.flatMap(\.keys)).sorted(by: >) {
            let suitable = groups.indices.filter { groups[$0].seats >= sigma && groups[$0].count > 0 }
                .sorted { groups[$0].seats < groups[$1].seats }
            for k in demand.keys.sorted() {
                guard let d = demand[k]?[sigma], d > 0 else { continue }
                var need = d - suitable.reduce(0) { $0 + (given[$1]?[k] ?? 0) * roomClasses(groups[$1], sessionsPerWeek: k) }
                for h in suitable where need > 0 {
                    let per = roomClasses(groups[h], sessionsPerWeek: k)
                    guard per > 0 else { continue }
                    let take = min(left[h], (need + per - 1) / per)
                    guard take > 0 else { continue }
                    left[h] -= take; need -= take * per
                    given[h, default: [:]][k, default: 0] += take
                }
                if need > 0 { return nil }
            }
        }
        return given
    }
}
