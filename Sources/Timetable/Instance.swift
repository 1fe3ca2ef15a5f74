import Scenario

/// A weekly time pattern: the same period on each day of a day set.
///
/// Day sets come from one canonical partition of the grid's days per sessions-per-week k:
/// with D days and m = ⌊D/k⌋, set j = {j, j+m, ..., j+(k−1)m} (6 days, k = 2: mon+thu,
/// tue+fri, wed+sat; k = 3: mon+wed+fri, tue+thu+sat). Two patterns of the same k are then
/// either identical or share no slot, which is what makes the second stage (individual
/// teachers and rooms) exact; see `Timetabler.assignIndividuals`.
struct Pattern: Hashable {
    var k: Int
    var daySet: Int
    var days: [Int]      // indices into Calendar.days
    var period: Int      // index into Calendar.periods
    var slots: [Int]     // day * P + period
}

/// Capacity rows shared by the greedy, the MIP and the explanations.
enum RowKind: Hashable {
    case roomBlock(pattern: Int, threshold: Int)
    case roomSlot(slot: Int, threshold: Int)
    case teacherSlot(group: Int, slot: Int)
    case teacherDay(group: Int, day: Int)
    case teacherWeek(group: Int)
    case teacherClasses(group: Int)
    case online(slot: Int)
}

struct CapRow {
    var kind: RowKind
    var cap: Int
}

/// One way to place a class: a pattern and a teacher group, with the rows it uses.
struct Option {
    var cls: Int
    var pattern: Int
    var group: Int
    var penalty: Int
    var brokenCount: Int
    var rows: [(row: Int, coef: Int)]
}

struct ClassInfo {
    var planned: PlannedClass
    var course: Course
    var k: Int
    var needsRoom: Bool
    var hoursInTerm: Int
    /// Room threshold index (smallest room seat value ≥ learners), rooms only.
    var roomLevel: Int
    var options: [Int] = []
}

/// One institution's term, flattened for the solver.
struct Instance {
    let scenario: Scenario
    let institution: Institution
    let calendar: TermCalendar
    let days: [String]
    let weekdays: [Int]          // 0 = Monday, per calendar day
    let periods: [Period]
    var D: Int { days.count }
    var P: Int { periods.count }
    var patterns: [Pattern] = []
    var classes: [ClassInfo] = []
    var options: [Option] = []
    var rows: [CapRow] = []
    var rowIndex: [RowKind: Int] = [:]
    var unplaceable: [UnplacedClass] = []
    var notes: [String] = []
    /// Distinct room seat values, ascending.
    var seatLevels: [Int] = []
    var groupWeeklyCap: [Int] = []     // per teacher, sessions a week usable
    var groupClassCap: [Int] = []      // per teacher, classes per term (hours)
    var groupMaxHours: [Int] = []      // largest hours of one class the group may get

    func slotName(_ s: Int) -> String { "\(dayName(days[s / P])) \(periods[s % P].id)" }
    func slotID(_ s: Int) -> WeeklySlot { WeeklySlot(day: days[s / P], period: periods[s % P].id) }
    func patternName(_ q: Int) -> String {
        let p = patterns[q]
        return p.days.map { dayName(days[$0]) }.joined(separator: "+") + " " + periods[p.period].id
    }

    static func daySets(D: Int, k: Int) -> [[Int]] {
        guard k >= 1, k <= D else { return [] }
        let m = D / k
        return (0..<m).map { j in (0..<k).map { j + $0 * m } }
    }

    /// Whether `slot` ("day.period") is in the list `unavailable` / matched by windows.
    static func matches(_ spec: String, day: String, period: String) -> Bool {
        let parts = spec.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { return parts[0] == day || parts[0] == "*" }
        guard parts.count == 2 else { return false }
        return (parts[0] == "*" || parts[0] == day) && (parts[1] == "*" || parts[1] == period)
    }

    /// Sessions a class of `hours` needs in period `p` and the teaching periods it then gives.
    func lessonsTaught(hours: Int, period p: Int) -> Int {
        let l = max(1, periods[p].lessons)
        return ((hours + l - 1) / l) * l
    }

    init(scenario: Scenario, institution: Institution, calendar: TermCalendar, classes planned: [PlannedClass])
        throws(TimetableError)
    {
        self.scenario = scenario
        self.institution = institution
        self.calendar = calendar
        let cal = scenario.calendar
        days = cal.days
        periods = cal.periods
        var wd: [Int] = []
        for d in days {
            guard let i = LocalDate.weekdayIDs.firstIndex(of: d.lowercased()) else {
                throw .badCalendar("day '\(d)' is not one of \(LocalDate.weekdayIDs.joined(separator: ", "))")
            }
            wd.append(i)
        }
        weekdays = wd
        if Set(wd).count != wd.count { throw .badCalendar("a day is listed twice in calendar.days") }
        if periods.isEmpty { throw .badCalendar("calendar.periods is empty") }
        if Set(periods.map(\.id)).count != periods.count { throw .badCalendar("a period id is listed twice") }
        build(planned)
    }

    private mutating func row(_ kind: RowKind, cap: Int) -> Int {
        if let r = rowIndex[kind] { return r }
        rows.append(CapRow(kind: kind, cap: cap))
        rowIndex[kind] = rows.count - 1
        return rows.count - 1
    }

    private mutating func build(_ planned: [PlannedClass]) {
        let inst = institution
        let horizon = scenario.horizon
        let courses = Dictionary(scenario.courses.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let segments = Dictionary(scenario.segments.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let teachers = inst.teachers
        let roomGroups = inst.rooms
        seatLevels = Array(Set(roomGroups.filter { $0.count > 0 }.map(\.seats))).sorted()

        func unplace(_ c: PlannedClass, _ why: String) { unplaceable.append(UnplacedClass(planned: c, reason: why)) }

        // Patterns per k, created on demand.
        var patternsOfK: [Int: [Int]] = [:]
        func patternsFor(_ k: Int) -> [Int] {
            if let ps = patternsOfK[k] { return ps }
            var ids: [Int] = []
            for (j, set) in Instance.daySets(D: D, k: k).enumerated() {
                for p in 0..<P {
                    patterns.append(Pattern(k: k, daySet: j, days: set, period: p, slots: set.map { $0 * P + p }))
                    ids.append(patterns.count - 1)
                }
            }
            patternsOfK[k] = ids
            return ids
        }

        // 1. Classes running in this term.
        for c in planned where c.institution == inst.id {
            guard let start = TermCalendar.termIndex(of: c.term, horizon: horizon) else {
                unplace(c, "term '\(c.term)' is not a term of the horizon"); continue
            }
            guard let course = courses[c.course] else { unplace(c, "unknown course '\(c.course)'"); continue }
            let span = max(1, course.terms)
            guard start <= calendar.index, calendar.index < start + span else { continue }
            guard c.mode.hasClasses else { continue }  // self-study and abroad have no timetable
            guard let cm = course.modes.first(where: { $0.mode == c.mode }) else {
                unplace(c, "course \(course.id) does not run in mode \(c.mode.rawValue)"); continue
            }
            if !inst.modes.contains(c.mode) {
                unplace(c, "institution \(inst.id) does not run \(c.mode.rawValue) classes"); continue
            }
            let offset = calendar.index - start
            let hours = course.hours / span + (offset < course.hours % span ? 1 : 0)
            let k = cm.sessionsPerWeek
            if k < 1 { unplace(c, "course \(course.id) (\(c.mode.rawValue)) has sessionsPerWeek \(k)"); continue }
            if k > D {
                unplace(c, "course \(course.id) needs \(k) sessions a week on different days; the grid has \(D) days")
                continue
            }
            var level = 0
            if c.mode.needsRoom {
                guard let l = seatLevels.firstIndex(where: { $0 >= c.learners }) else {
                    unplace(c, "rooms with at least \(c.learners) seats: none at \(inst.id) (largest: \(seatLevels.last ?? 0))")
                    continue
                }
                level = l
            }
            if !teachers.contains(where: { $0.count > 0 && $0.maxLevel >= course.toLevel }) {
                unplace(c, "teachers able to teach level \(course.toLevel): 1 needed, 0 available at \(inst.id)")
                continue
            }
            classes.append(ClassInfo(planned: c, course: course, k: k, needsRoom: c.mode.needsRoom, hoursInTerm: hours,
                                     roomLevel: level))
        }

        // 2. Per-teacher caps of each group (see assignIndividuals for why they suffice).
        let G = teachers.count
        groupMaxHours = Array(repeating: 0, count: G)
        var ksOfGroup = Array(repeating: Set<Int>(), count: G)
        func eligible(_ g: Int, _ c: ClassInfo) -> Bool {
            let t = teachers[g]
            guard t.count > 0, t.maxLevel >= c.course.toLevel, t.maxSessionsPerWeek >= c.k, t.maxSessionsPerDay >= 1
            else { return false }
            // Hours of this class in its most expensive period must fit in a term.
            return (0..<P).contains { lessonsTaught(hours: c.hoursInTerm, period: $0) <= t.hoursPerTerm }
        }
        for c in classes {
            for g in 0..<G where eligible(g, c) {
                ksOfGroup[g].insert(c.k)
                let h = (0..<P).map { lessonsTaught(hours: c.hoursInTerm, period: $0) }
                    .filter { $0 <= teachers[g].hoursPerTerm }.max() ?? 0
                groupMaxHours[g] = max(groupMaxHours[g], h)
            }
        }
        groupWeeklyCap = (0..<G).map { g in
            let w = teachers[g].maxSessionsPerWeek
            if ksOfGroup[g].count == 1, let k = ksOfGroup[g].first { return k * (w / k) }
            return w
        }
        groupClassCap = (0..<G).map { g in groupMaxHours[g] > 0 ? teachers[g].hoursPerTerm / groupMaxHours[g] : 0 }

        // 3. Options and rows.
        let slotIDs = (0..<(D * P)).map { (days[$0 / P], periods[$0 % P].id) }
        func teacherFree(_ g: Int, _ s: Int) -> Bool {
            !teachers[g].unavailable.contains { Instance.matches($0, day: slotIDs[s].0, period: slotIDs[s].1) }
        }
        func roomFree(_ h: Int, _ s: Int) -> Bool {
            !roomGroups[h].unavailable.contains { Instance.matches($0, day: slotIDs[s].0, period: slotIDs[s].1) }
        }
        func roomCapSlot(_ s: Int, _ i: Int) -> Int {
            roomGroups.indices.filter { roomGroups[$0].seats >= seatLevels[i] && roomFree($0, s) }
                .reduce(0) { $0 + roomGroups[$1].count }
        }
        func roomCapBlock(_ q: Int, _ i: Int) -> Int {
            roomGroups.indices.filter { h in roomGroups[h].seats >= seatLevels[i] && patterns[q].slots.allSatisfy { roomFree(h, $0) } }
                .reduce(0) { $0 + roomGroups[$1].count }
        }
        let onlineCap = inst.onlineClassesMax
        var windowsOfSegment: [String: [String]] = [:]
        for s in segments.values where !s.preferredWindows.isEmpty { windowsOfSegment[s.id] = s.preferredWindows }

        for ci in classes.indices {
            let c = classes[ci]
            var reasons: [String] = []
            var opts: [Int] = []
            for q in patternsFor(c.k) {
                let pat = patterns[q]
                // Preference penalty of this pattern.
                var pen = 0, broken = 0
                for s in pat.slots {
                    for share in c.planned.segments {
                        guard let w = windowsOfSegment[share.segment], share.learners > 0 else { continue }
                        if !w.contains(where: { Instance.matches($0, day: slotIDs[s].0, period: slotIDs[s].1) }) {
                            pen += share.learners; broken += 1
                        }
                    }
                }
                if c.needsRoom && roomCapBlock(q, c.roomLevel) == 0 {
                    reasons.append("\(patternName(q)): no room with ≥ \(seatLevels[c.roomLevel]) seats free"); continue
                }
                for g in 0..<G where eligible(g, c) {
                    if !pat.slots.allSatisfy({ teacherFree(g, $0) }) {
                        reasons.append("\(patternName(q)): teachers \(teachers[g].id) unavailable"); continue
                    }
                    let taught = lessonsTaught(hours: c.hoursInTerm, period: pat.period)
                    if taught > teachers[g].hoursPerTerm { continue }
                    var rs: [(Int, Int)] = []
                    if c.needsRoom {
                        for i in 0...c.roomLevel {
                            rs.append((row(.roomBlock(pattern: q, threshold: i), cap: roomCapBlock(q, i)), 1))
                            for s in pat.slots { rs.append((row(.roomSlot(slot: s, threshold: i), cap: roomCapSlot(s, i)), 1)) }
                        }
                    } else if c.planned.mode == .online && onlineCap > 0 {
                        for s in pat.slots { rs.append((row(.online(slot: s), cap: onlineCap), 1)) }
                    }
                    let t = teachers[g]
                    for s in pat.slots { rs.append((row(.teacherSlot(group: g, slot: s), cap: t.count), 1)) }
                    for d in pat.days {
                        rs.append((row(.teacherDay(group: g, day: d), cap: t.count * t.maxSessionsPerDay), 1))
                    }
                    rs.append((row(.teacherWeek(group: g), cap: t.count * groupWeeklyCap[g]), c.k))
                    rs.append((row(.teacherClasses(group: g), cap: t.count * groupClassCap[g]), 1))
                    options.append(Option(cls: ci, pattern: q, group: g, penalty: pen, brokenCount: broken,
                                           rows: rs.map { (row: $0.0, coef: $0.1) }))
                    opts.append(options.count - 1)
                }
            }
            classes[ci].options = opts
            if opts.isEmpty {
                let why = reasons.isEmpty ? "no teacher group may teach it (level \(c.course.toLevel), \(c.k) sessions a week, \(c.hoursInTerm) hours)"
                    : "no weekly pattern is possible: " + Array(Set(reasons)).sorted().prefix(4).joined(separator: "; ")
                unplaceable.append(UnplacedClass(planned: c.planned, reason: why))
            }
        }
        let ks = Set(classes.filter(\.needsRoom).map(\.k))
        if ks.count > 1 {
            notes.append("in-person classes with different sessions a week (\(ks.sorted().map(String.init).joined(separator: ", "))) share rooms: their patterns may overlap, rooms are then assigned first-fit")
        }
    }
}
