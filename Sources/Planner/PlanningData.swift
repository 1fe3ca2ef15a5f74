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
    /// The scenario's teaching calendar: term dates, teaching days, spans.
    public let calendar: TeachingCalendar
    /// spans[o][t]: terms a class (or learner) of offering o started in term t runs, from the
    /// dates (`TeachingCalendar.span`); nil when it cannot finish inside the horizon.
    public let spans: [[Int?]]

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
        let calendar = TeachingCalendar(s)
        self.calendar = calendar
        spans = offerings.indices.map { o in
            (0..<s.horizon.termCount).map { t in calendar.span(of: s.courses[offerings[o].course], mode: modes[o], start: t) }
        }
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

    /// Terms a class (or learner) of offering o started in term t runs; nil when it cannot
    /// finish inside the horizon (see `TeachingCalendar`).
    public func span(offering o: Int, start t: Int) -> Int? {
        spans.indices.contains(o) && spans[o].indices.contains(t) ? spans[o][t] : nil
    }

    /// The term in which a class of offering o started in term t has its last session and its
    /// exam: its learners count toward the milestone of this term's year, not before.
    public func endTerm(offering o: Int, start t: Int) -> Int? { span(offering: o, start: t).map { t + $0 - 1 } }

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
}
