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

/// Capacity rows shared by the greedy, the MIP and the explanations. Teacher rows are per
/// (group, k): a teacher teaches classes of one sessions-per-week k only (see `Pool`).
enum RowKind: Hashable {
    case roomBlock(pattern: Int, threshold: Int)
    case teacherSlot(group: Int, k: Int, slot: Int)
    case teacherDay(group: Int, k: Int, day: Int)
    case teacherWeek(group: Int, k: Int)
    case teacherClasses(group: Int, k: Int)
    /// Online classes in the term ≤ onlineClassesMax (the planner's reading: most online
    /// classes running at once in a term).
    case online
}

/// A resource group's share serving classes of one sessions-per-week k. When a teacher or
/// room group serves classes of several k, the MIP splits its count between them (integer
/// variables); within one share all patterns come from one day partition, which keeps the
/// second stage exact. With a single k the share is the whole group (a constant).
enum PoolResource: Hashable { case teacher(Int), room(Int) }

struct Pool {
    var resource: PoolResource
    var k: Int
    var total: Int
    var split: Bool
    /// Greedy's split (proportional to demand).
    var start: Int
}

/// capacity = cap + Σ unit × pool size.
struct CapRow {
    var kind: RowKind
    var cap: Int
    var pool: [(pool: Int, unit: Int)] = []
    func capacity(_ sizes: [Int]) -> Int { cap + pool.reduce(0) { $0 + $1.unit * sizes[$1.pool] } }
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
    var notes: [TimetableNote] = []
    /// Distinct room seat values, ascending.
    var seatLevels: [Int] = []
    var pools: [Pool] = []
    var poolIndex: [PoolKey: Int] = [:]
    struct PoolKey: Hashable { var resource: PoolResource; var k: Int }
    var groupClassCap: [Int] = []      // per teacher, classes per term (hours)
    var groupMaxHours: [Int] = []      // largest hours of one class the group may get
    /// Units of teaching time one teacher of a group gives a term: the lcm of ⌊hours per term /
    /// class hours⌋ over the classes it may get; a class carried c to a teacher takes unit / c
    /// (the planner's 1/c of a whole teacher, `PlanningData.classesPerTeacher`).
    var groupUnit: [Int] = []
    /// Classes one teacher of group g carries when all are like class ci: [g][ci].
    var carry: [Int: [Int: Int]] = [:]

    func slotName(_ s: Int) -> String { "\(dayName(days[s / P])) \(periods[s % P].id)" }
    func slotID(_ s: Int) -> WeeklySlot { WeeklySlot(day: days[s / P], period: periods[s % P].id) }
    func patternName(_ q: Int) -> String {
        let p = patterns[q]
        return p.days.map { dayName(days[$0]) }.joined(separator: "+") + " " + periods[p.period].id
    }

    static func daySets(D: Int, k: Int) -> [[Int]] { TeachingCalendar.daySets(days: D, sessionsPerWeek: k) }

    /// Whether `slot` ("day.period") is in the list `unavailable` / matched by windows.
    static func matches(_ spec: String, day: String, period: String) -> Bool { windowMatches(spec, day: day, period: period) }

    /// Sessions a class of `hours` needs in period `p` and the teaching periods it then gives.
    func lessonsTaught(hours: Int, period p: Int) -> Int {
        let l = max(1, periods[p].lessons)
        return ((hours + l - 1) / l) * l
    }

    /// `keep`: classes continuing from an earlier term, with their weekly slots and teacher
    /// group; only that option is offered to them (none when it is not possible: not placed).
    init(scenario: Scenario, institution: Institution, calendar: TermCalendar, classes planned: [PlannedClass],
         keep: [String: (slots: [WeeklySlot], group: String)] = [:])
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
        build(planned, keep: keep)
    }

    var poolStarts: [Int] { pools.map { $0.split ? $0.start : $0.total } }

    private mutating func row(_ kind: RowKind, cap: Int, pool: [(pool: Int, unit: Int)] = []) -> Int {
        if let r = rowIndex[kind] { return r }
        rows.append(CapRow(kind: kind, cap: cap, pool: pool))
        rowIndex[kind] = rows.count - 1
        return rows.count - 1
    }

    private mutating func build(_ planned: [PlannedClass], keep: [String: (slots: [WeeklySlot], group: String)]) {
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
            guard c.mode.hasClasses, start <= calendar.index else { continue }  // self-study and abroad have no timetable
            guard let cm = course.modes.first(where: { $0.mode == c.mode }) else {
                if start == calendar.index { unplace(c, "course \(course.id) does not run in mode \(c.mode.rawValue)") }
                continue
            }
            // The span is the planner's (one rule, `TeachingCalendar.span`): a class that cannot
            // finish inside the horizon is not placed, and the arithmetic says why.
            guard let span = calendar.teaching.span(of: course, mode: cm, start: start) else {
                if start == calendar.index {
                    unplace(c, "course \(course.id) (\(c.mode.rawValue)) started in \(c.term) cannot finish inside the horizon: "
                        + calendar.teaching.arithmetic(hours: course.hours, sessionsPerWeek: cm.sessionsPerWeek, start: start))
                }
                continue
            }
            guard calendar.index < start + span else { continue }
            if !inst.modes.contains(c.mode) {
                unplace(c, "institution \(inst.id) does not run \(c.mode.rawValue) classes"); continue
            }
            if c.mode == .online && inst.onlineClassesMax <= 0 {
                unplace(c, "online classes at \(inst.id): 1 needed, 0 available (online_classes_max is 0)"); continue
            }
            let offset = calendar.index - start
            let hours = TeachingCalendar.hoursInTerm(hours: course.hours, terms: span, offset: offset)
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
        func eligible(_ g: Int, _ c: ClassInfo) -> Bool {
            let t = teachers[g]
            guard t.count > 0, t.maxLevel >= c.course.toLevel, t.maxSessionsPerWeek >= c.k, t.maxSessionsPerDay >= 1
            else { return false }
            // Hours of this class in its cheapest period must fit in a term.
            return (0..<P).contains { lessonsTaught(hours: c.hoursInTerm, period: $0) <= t.hoursPerTerm }
        }
        var demand: [PoolKey: Int] = [:]
        for c in classes {
            for g in 0..<G where eligible(g, c) {
                demand[PoolKey(resource: .teacher(g), k: c.k), default: 0] += c.k
                let h = (0..<P).map { lessonsTaught(hours: c.hoursInTerm, period: $0) }
                    .filter { $0 <= teachers[g].hoursPerTerm }.max() ?? 0
                groupMaxHours[g] = max(groupMaxHours[g], h)
                if h > 0, let ci = classes.firstIndex(where: { $0.planned.id == c.planned.id }) {
                    carry[g, default: [:]][ci] = max(1, teachers[g].hoursPerTerm / h)
                }
            }
            if c.needsRoom {
                for h in roomGroups.indices where roomGroups[h].count > 0 && roomGroups[h].seats >= c.planned.learners {
                    demand[PoolKey(resource: .room(h), k: c.k), default: 0] += c.k
                }
            }
        }
        groupClassCap = (0..<G).map { g in groupMaxHours[g] > 0 ? teachers[g].hoursPerTerm / groupMaxHours[g] : 0 }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        groupUnit = (0..<G).map { g in (carry[g]?.values ?? [:].values).reduce(1) { $0 / gcd($0, $1) * $1 } }
        // Pools: one per (resource, k) with demand; split when a resource serves several k.
        var resources: [PoolResource] = []
        for key in demand.keys where !resources.contains(key.resource) { resources.append(key.resource) }
        resources.sort { String(describing: $0) < String(describing: $1) }
        for r in resources {
            let total: Int
            switch r { case .teacher(let g): total = teachers[g].count; case .room(let h): total = roomGroups[h].count }
            let ks = demand.keys.filter { $0.resource == r }.map(\.k).sorted()
            let sum = ks.reduce(0) { $0 + demand[PoolKey(resource: r, k: $1)]! }
            var starts = ks.map { total * demand[PoolKey(resource: r, k: $0)]! / max(1, sum) }
            var spare = total - starts.reduce(0, +)
            var i = 0
            while spare > 0 && !ks.isEmpty { starts[i % ks.count] += 1; spare -= 1; i += 1 }
            for (j, k) in ks.enumerated() {
                pools.append(Pool(resource: r, k: k, total: total, split: ks.count > 1, start: starts[j]))
                poolIndex[PoolKey(resource: r, k: k)] = pools.count - 1
            }
        }

        // 3. Options and rows.
        let slotIDs = (0..<(D * P)).map { (days[$0 / P], periods[$0 % P].id) }
        func teacherFree(_ g: Int, _ s: Int) -> Bool {
            !teachers[g].unavailable.contains { Instance.matches($0, day: slotIDs[s].0, period: slotIDs[s].1) }
        }
        func roomFree(_ h: Int, _ s: Int) -> Bool {
            !roomGroups[h].unavailable.contains { Instance.matches($0, day: slotIDs[s].0, period: slotIDs[s].1) }
        }
        /// Rooms with ≥ seatLevels[i] seats free at every slot of q, as constant + pool terms.
        func roomCapBlock(_ q: Int, _ i: Int) -> (Int, [(pool: Int, unit: Int)]) {
            var cap = 0
            var terms: [(pool: Int, unit: Int)] = []
            for h in roomGroups.indices where roomGroups[h].count > 0 && roomGroups[h].seats >= seatLevels[i]
                && patterns[q].slots.allSatisfy({ roomFree(h, $0) }) {
                guard let p = poolIndex[PoolKey(resource: .room(h), k: patterns[q].k)] else { continue }
                if pools[p].split { terms.append((p, 1)) } else { cap += roomGroups[h].count }
            }
            return (cap, terms)
        }
        let onlineCap = inst.onlineClassesMax
        var windowsOfSegment: [String: [String]] = [:]
        for s in segments.values where !s.preferredWindows.isEmpty { windowsOfSegment[s.id] = s.preferredWindows }

        var teachingDates: [[Int]: [LocalDate]] = [:]
        for ci in classes.indices {
            let c = classes[ci]
            var reasons: [String] = []
            var opts: [Int] = []
            for q in patternsFor(c.k) {
                let pat = patterns[q]
                // Hard rule: the class's sessions of this term fall inside the term's dates.
                let needed = TeachingCalendar.sessionsNeeded(hours: c.hoursInTerm, lessons: periods[pat.period].lessons)
                let dates = teachingDates[pat.days] ?? calendar.teaching.teachingDates(term: calendar.index, days: pat.days)
                teachingDates[pat.days] = dates
                if dates.count < needed {
                    reasons.append("\(patternName(q)): \(needed) sessions needed, \(dates.count) teaching days in \(calendar.label) (\(calendar.start)..\(calendar.end))")
                    continue
                }
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
                if c.needsRoom {
                    let (cap, terms) = roomCapBlock(q, c.roomLevel)
                    if cap == 0 && terms.isEmpty {
                        reasons.append("\(patternName(q)): no room with ≥ \(seatLevels[c.roomLevel]) seats free"); continue
                    }
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
                            let (cap, terms) = roomCapBlock(q, i)
                            rs.append((row(.roomBlock(pattern: q, threshold: i), cap: cap, pool: terms), 1))
                        }
                    } else if c.planned.mode == .online {
                        rs.append((row(.online, cap: onlineCap), 1))
                    }
                    let t = teachers[g]
                    let p = poolIndex[PoolKey(resource: .teacher(g), k: c.k)]!
                    let split = pools[p].split
                    func add(_ kind: RowKind, _ unit: Int, _ coef: Int) {
                        rs.append((split ? row(kind, cap: 0, pool: [(p, unit)]) : row(kind, cap: t.count * unit), coef))
                    }
                    for s in pat.slots { add(.teacherSlot(group: g, k: c.k, slot: s), 1, 1) }
                    for d in pat.days { add(.teacherDay(group: g, k: c.k, day: d), t.maxSessionsPerDay, 1) }
                    add(.teacherWeek(group: g, k: c.k), c.k * (t.maxSessionsPerWeek / c.k), c.k)
                    // Teaching time, not a count: a class carried c to a teacher takes unit / c.
                    add(.teacherClasses(group: g, k: c.k), groupUnit[g], groupUnit[g] / max(1, carry[g]?[ci] ?? 1))
                    options.append(Option(cls: ci, pattern: q, group: g, penalty: pen, brokenCount: broken,
                                           rows: rs.map { (row: $0.0, coef: $0.1) }))
                    opts.append(options.count - 1)
                }
            }
            // A continuing class keeps its weekly time and teacher group (a hard rule, issue 10):
            // only that option is offered, and without it the class is not placed.
            if let k = keep[c.planned.id] {
                let same = opts.filter { o in
                    patterns[options[o].pattern].slots.map(slotID) == k.slots && teachers[options[o].group].id == k.group
                }
                opts = same
                if same.isEmpty {
                    let why = "continuing class: its weekly time \(k.slots.map(\.description).joined(separator: "+")) with teachers \(k.group) "
                        + "from the term before is not possible in \(calendar.label)"
                        + (reasons.isEmpty ? "" : " (" + Array(Set(reasons)).sorted().prefix(4).joined(separator: "; ") + ")")
                    classes[ci].options = []
                    unplaceable.append(UnplacedClass(planned: c.planned, reason: why))
                    continue
                }
            }
            classes[ci].options = opts
            if opts.isEmpty {
                let why = reasons.isEmpty ? "no teacher group may teach it (level \(c.course.toLevel), \(c.k) sessions a week, \(c.hoursInTerm) hours)"
                    : "no weekly pattern is possible: " + Array(Set(reasons)).sorted().prefix(4).joined(separator: "; ")
                unplaceable.append(UnplacedClass(planned: c.planned, reason: why))
            }
        }
        for p in pools where p.split && p.k == pools.first(where: { $0.resource == p.resource && $0.split })!.k {
            switch p.resource {
            case .teacher(let g): notes.append(TimetableNote("note.rhythm.teachers", [teachers[g].id]))
            case .room(let h): notes.append(TimetableNote("note.rhythm.rooms", [roomGroups[h].id]))
            }
        }
    }
}
