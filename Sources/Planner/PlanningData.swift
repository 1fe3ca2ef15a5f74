import Scenario

/// A course run in one mode: the unit the plan opens classes or places learners in.
public struct Offering: Hashable, Sendable {
    public var course: Int   // index into scenario.courses
    public var mode: Mode
}

/// Facts derived once from a scenario and shared by the formulation, the greedy
/// baseline and the reports (not by the projection, which recomputes its own).
public struct PlanningData: Sendable {
    public let scenario: Scenario
    public let termCount: Int
    /// Offerings with their course-mode data.
    public let offerings: [Offering]
    public let offeringMode: [CourseMode]
    /// payersOfSegment[s]: payers (indices) funding segment s.
    public let payersOfSegment: [[Int]]
    /// Segments each target covers.
    public let segmentsOfTarget: [[Int]]
    /// Milestones inside the horizon, in order.
    public let milestones: [Int]
    /// headcount[s][t]: people in segment s at the start of term t (t = termCount: end state).
    /// Training does not change it, so shares stay linear.
    public let headcount: [[Double]]
    /// Share of a segment that stays in it across a year end (1 − attrition − transfers out).
    public let keep: [Double]
    /// Transfers into segment s: (from segment, share).
    public let transfersIn: [[(from: Int, share: Double)]]
    /// Budget limits per payer and year (nil: open).
    public let budget: [[Int: Int64]?]
    public let segmentIndex: [String: Int]
    public let courseIndex: [String: Int]
    public let payerIndex: [String: Int]

    public init(_ s: Scenario) {
        scenario = s
        termCount = s.horizon.termCount
        var offerings: [Offering] = []
        var modes: [CourseMode] = []
        for (c, course) in s.courses.enumerated() {
            for cm in course.modes {
                offerings.append(Offering(course: c, mode: cm.mode)); modes.append(cm)
            }
        }
        self.offerings = offerings
        offeringMode = modes
        segmentIndex = Dictionary(s.segments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        courseIndex = Dictionary(s.courses.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        payerIndex = Dictionary(s.payers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        payersOfSegment = s.segments.map { seg in
            s.payers.indices.filter { s.payers[$0].funds.matches(seg.tags) }
        }
        segmentsOfTarget = s.targets.map { k in s.segments.indices.filter { k.filter.matches(s.segments[$0].tags) } }
        milestones = s.horizon.milestones.filter { s.horizon.years.contains($0) }.sorted()

        var keep = [Double](repeating: 1, count: s.segments.count)
        var into = [[(from: Int, share: Double)]](repeating: [], count: s.segments.count)
        let index = segmentIndex
        for (i, seg) in s.segments.enumerated() {
            var out = seg.demography.attrition
            for tr in seg.demography.transfers {
                guard let j = index[tr.to] else { continue }
                out += tr.share
                into[j].append((i, tr.share))
            }
            keep[i] = max(0, 1 - out)
        }
        self.keep = keep
        transfersIn = into

        var head = [[Double]](repeating: [Double](repeating: 0, count: termCount + 1), count: s.segments.count)
        for (i, seg) in s.segments.enumerated() { head[i][0] = Double(seg.total) }
        for t in 0..<termCount {
            let yearEnd = (t + 1) % s.horizon.termsPerYear == 0
            for i in s.segments.indices {
                if yearEnd {
                    var v = keep[i] * head[i][t] + Double(s.segments[i].demography.recruitsPerYear)
                    for tr in into[i] { v += tr.share * head[tr.from][t] }
                    head[i][t + 1] = v
                } else {
                    head[i][t + 1] = head[i][t]
                }
            }
        }
        headcount = head
        budget = s.payers.map { p in
            guard let b = s.budgets.first(where: { $0.payer == p.id }) else { return nil }
            return b.open ? nil : b.amounts
        }
    }

    /// State index (into stock) of the end of `year`.
    public func endState(ofYear year: Int) -> Int { scenario.horizon.lastTerm(ofYear: year) + 1 }

    /// Whether a year end falls right after term t.
    public func isYearEnd(afterTerm t: Int) -> Bool { (t + 1) % scenario.horizon.termsPerYear == 0 }

    /// Product of keep factors over the year ends crossed by a course that starts in term
    /// `start` and ends in term `end` (the year end after `end` itself is not crossed).
    public func survival(segment s: Int, start: Int, end: Int) -> Double {
        var f = 1.0
        var t = start
        while t < end { if isYearEnd(afterTerm: t) { f *= keep[s] }; t += 1 }
        return f
    }

    /// Whether payer p pays for mode m.
    public func payer(_ p: Int, pays mode: Mode) -> Bool { scenario.payers[p].modes.contains(mode) }

    /// Teacher pay per period at institution i for a course reaching `level`: the highest
    /// pay among groups qualified to teach it (conservative: the budget is never short).
    public func teacherPay(institution i: Int, level: Int) -> Int64? {
        scenario.institutions[i].teachers.filter { $0.maxLevel >= level && $0.count > 0 }.map(\.payPerPeriod).max()
    }

    /// Cost of one class of offering o at institution i, VND (teacher pay + class costs).
    public func classCost(offering o: Int, institution i: Int) -> Int64? {
        let course = scenario.courses[offerings[o].course]
        guard let pay = teacherPay(institution: i, level: course.toLevel) else { return nil }
        return Int64(course.hours) * pay + offeringMode[o].costPerClass + scenario.institutions[i].costPerClass
    }

    /// Classes of offering o one teacher at institution i can carry in a term: each class
    /// keeps one teacher all term (as the timetabler assigns them), so a teacher holds
    /// ⌊hours per term / class periods per term⌋ classes, and no more than their weekly
    /// sessions allow. The least over the qualified groups (safe when groups differ).
    public func classesPerTeacher(offering o: Int, institution i: Int) -> Int {
        let course = scenario.courses[offerings[o].course]
        let perTerm = Double(course.hours) / Double(max(1, course.terms))
        let spw = max(1, offeringMode[o].sessionsPerWeek)
        let groups = scenario.institutions[i].teachers.filter { $0.maxLevel >= course.toLevel && $0.count > 0 }
        guard !groups.isEmpty, perTerm > 0 else { return 0 }
        return groups.map { g in
            min(Int((Double(g.hoursPerTerm) / perTerm + 1e-9).rounded(.down)), g.maxSessionsPerWeek / spw)
        }.min() ?? 0
    }

    /// Weekly room slots of a room group (grid size minus unavailable slots).
    public func weeklySlots(_ r: RoomGroup) -> Int {
        let grid = scenario.calendar.days.count * max(1, scenario.calendar.periods.count)
        return max(0, grid - Set(r.unavailable).count)
    }

    /// Whether offering o can run at institution i (mode offered, a qualified teacher, a room).
    public func canRun(offering o: Int, institution i: Int) -> Bool {
        let inst = scenario.institutions[i]
        let mode = offerings[o].mode
        guard mode.hasClasses, inst.modes.contains(mode), classCost(offering: o, institution: i) != nil,
              classesPerTeacher(offering: o, institution: i) > 0 else { return false }
        if mode.needsRoom {
            return inst.rooms.contains { $0.seats >= offeringMode[o].classSizeMax && $0.count > 0 }
        }
        return inst.onlineClassesMax > 0
    }
}
