import Scenario

/// Expected levels, attainment, spend and resource use of a plan, recomputed term by term
/// from the plan and the scenario alone: cohorts are simulated one by one, not read from
/// the solver's variables. The planner checks that this agrees with the solver.
public struct Projection: Sendable {
    /// stock[s][l][state]: expected people; state 0 is the survey, state t+1 the end of term t.
    public private(set) var stock: [[[Double]]]
    /// reached[k][m]: people of target k at or above its level at milestone m.
    public private(set) var reached: [[Double]]
    /// population[k][m]: people target k covers at milestone m.
    public private(set) var population: [[Double]]
    /// Milestone years (inside the horizon), in order.
    public let milestones: [Int]
    /// VND spent per payer and year.
    public private(set) var spend: [SpendKey: Double] = [:]
    /// Use of each resource per (term, institution or nil, resource).
    public private(set) var usage: [UsageKey: Double] = [:]

    public struct SpendKey: Hashable, Sendable, Comparable {
        public var year: Int; public var payer: Int
        public init(year: Int, payer: Int) { self.year = year; self.payer = payer }
        public static func < (a: SpendKey, b: SpendKey) -> Bool { (a.year, a.payer) < (b.year, b.payer) }
    }
    public struct UsageKey: Hashable, Sendable {
        public var term: Int; public var institution: Int?; public var resource: String
        public init(term: Int, institution: Int?, resource: String) {
            self.term = term; self.institution = institution; self.resource = resource
        }
    }

    /// Share of target k's population at or above its level at milestone m.
    public func share(target k: Int, milestone m: Int) -> Double {
        population[k][m] > 0 ? reached[k][m] / population[k][m] : 0
    }

    /// Share of target k's population at or above its level at a state (0: survey,
    /// t + 1: end of term t), for trajectories.
    public func share(target k: Int, state: Int, scenario sc: Scenario) -> Double {
        let t = sc.targets[k]
        var reached = 0.0, all = 0.0
        for (s, seg) in sc.segments.enumerated() where t.filter.matches(seg.tags) {
            for l in 0...6 {
                all += stock[s][l][state]
                if l >= t.level { reached += stock[s][l][state] }
            }
        }
        return all > 0 ? reached / all : 0
    }

    /// Share of what target k asks for at milestone m that is met (capped at 1).
    public func attainment(target k: Int, milestone m: Int, scenario: Scenario) -> Double? {
        guard let wanted = scenario.targets[k].milestones[milestones[m]], wanted > 0 else { return nil }
        return min(1, share(target: k, milestone: m) / wanted)
    }

    /// Σ weight × attainment over targets and milestones (the planner's stage-1 score
    /// without its priority tie-break).
    public func weightedAttainment(_ scenario: Scenario) -> Double {
        var sum = 0.0
        for k in scenario.targets.indices {
            for m in milestones.indices {
                if let a = attainment(target: k, milestone: m, scenario: scenario) { sum += scenario.targets[k].weight * a }
            }
        }
        return sum
    }

    public init(scenario sc: Scenario, plan: Plan, data: PlanningData) {
        self.init(scenario: sc, plan: plan, offerings: data.offerings, passOverride: nil)
    }

    /// A re-projection with each enrolment finishing in the term `endTerm` gives (e.g. the
    /// term of its classes' last timetabled session) instead of its span's last term; nil keeps
    /// the span. Learners count toward a milestone only if that term lies in its year.
    public init(scenario sc: Scenario, plan: Plan, data: PlanningData, endTerm: @escaping (EnrolmentKey) -> Int?) {
        self.init(scenario: sc, plan: plan, offerings: data.offerings, passOverride: nil, endOverride: endTerm)
    }

    /// - Parameter passOverride: for Monte Carlo runs, the number of passers of each
    ///   enrolment (instead of pass rate × survivors).
    init(scenario sc: Scenario, plan: Plan, offerings: [Offering],
         passOverride: ((EnrolmentKey, Double, Double) -> Double)?, endOverride: ((EnrolmentKey) -> Int?)? = nil) {
        let hz = sc.horizon
        let T = hz.termCount
        let S = sc.segments.count
        let segmentIndex = Dictionary(sc.segments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Year-end flows, recomputed here on purpose (not taken from PlanningData).
        var leaving = sc.segments.map { $0.demography.attrition }
        var arrivals = [[(Int, Double)]](repeating: [], count: S)
        for (s, seg) in sc.segments.enumerated() {
            for tr in seg.demography.transfers {
                guard let j = segmentIndex[tr.to] else { continue }
                leaving[s] += tr.share
                arrivals[j].append((s, tr.share))
            }
        }
        // Spans from the dates (the calendar's teaching days), not from PlanningData: a cohort
        // finishes, sits its exam and counts toward a milestone in the term of its last session.
        let calendar = TeachingCalendar(sc)
        func courseMode(_ o: Int) -> CourseMode? {
            let off = offerings[o]
            return sc.courses[off.course].modes.first { $0.mode == off.mode }
        }

        var level = [[Double]](repeating: [Double](repeating: 0, count: 7), count: S)
        for (s, seg) in sc.segments.enumerated() {
            for l in 0..<min(7, seg.headcount.count) { level[s][l] = Double(seg.headcount[l]) }
        }
        var history = [[[Double]]](repeating: [[Double]](repeating: [], count: 7), count: S)
        func record() { for s in 0..<S { for l in 0..<7 { history[s][l].append(level[s][l]) } } }
        record()

        // Cohorts in progress: learners still in the segment, by enrolment.
        struct Cohort { var key: EnrolmentKey; var from: Int; var to: Int; var end: Int; var pass: Double; var present: Double }
        var cohorts: [Cohort] = []
        let byTerm = Dictionary(grouping: plan.enrolments.keys, by: \.term)
        var spend: [SpendKey: Double] = [:]
        var usage: [UsageKey: Double] = [:]

        // Classes: cost spread over the terms they run, and their use of rooms and teachers.
        for (key, count) in plan.classes where count > 0 {
            let off = offerings[key.offering]
            let course = sc.courses[off.course]
            guard let cm = courseMode(key.offering) else { continue }
            let inst = sc.institutions[key.institution]
            let span = calendar.span(of: course, mode: cm, start: key.term) ?? course.terms
            let pay = inst.teachers.filter { $0.maxLevel >= course.toLevel && $0.count > 0 }.map(\.payPerPeriod).max() ?? 0
            let perClass = Double(course.hours) * Double(pay) + Double(cm.costPerClass) + Double(inst.costPerClass)
            for t in key.term..<min(T, key.term + span) {
                spend[SpendKey(year: hz.year(ofTerm: t), payer: key.payer), default: 0] += Double(count) * perClass / Double(span)
                let n = Double(count)
                if off.mode == .inPerson {
                    usage[UsageKey(term: t, institution: key.institution, resource: "room slots/week"), default: 0] += n * Double(cm.sessionsPerWeek)
                } else if off.mode == .online {
                    usage[UsageKey(term: t, institution: key.institution, resource: "online classes"), default: 0] += n
                }
                usage[UsageKey(term: t, institution: key.institution, resource: "teacher periods"), default: 0]
                    += n * Double(TeachingCalendar.hoursInTerm(hours: course.hours, terms: span, offset: t - key.term))
                usage[UsageKey(term: t, institution: key.institution, resource: "teacher sessions/week"), default: 0]
                    += n * Double(cm.sessionsPerWeek)
                // Teachers as whole people: one teacher a class all term, so a teacher of
                // group g carries ⌊hours per term / class periods per term⌋ classes at most.
                let perTerm = Double(TeachingCalendar.hoursInTerm(hours: course.hours, terms: span, offset: 0))
                let lessons = sc.calendar.periods.map { Double(max(1, $0.lessons)) }
                let taught = lessons.map { ($0 * (perTerm / $0).rounded(.up)) }.max() ?? perTerm
                let carry = inst.teachers.filter { $0.maxLevel >= course.toLevel && $0.count > 0 }.map {
                    min(Int((Double($0.hoursPerTerm) / taught + 1e-9).rounded(.down)), $0.maxSessionsPerWeek / max(1, cm.sessionsPerWeek))
                }.min() ?? 1
                usage[UsageKey(term: t, institution: key.institution, resource: "teachers"), default: 0] += n / Double(max(1, carry))
            }
        }

        for t in 0..<T {
            for key in byTerm[t] ?? [] {
                guard let n = plan.enrolments[key], n > 0, let cm = courseMode(key.offering) else { continue }
                let course = sc.courses[offerings[key.offering].course]
                let span = calendar.span(of: course, mode: cm, start: t) ?? course.terms
                cohorts.append(Cohort(key: key, from: course.fromLevel, to: course.toLevel, end: endOverride?(key) ?? (t + span - 1),
                                      pass: cm.passRate, present: n))
                spend[SpendKey(year: hz.year(ofTerm: t), payer: key.payer), default: 0] += n * Double(cm.costPerLearner)
            }
            // Who is away or busy this term.
            for c in cohorts {
                let mode = offerings[c.key.offering].mode
                if mode == .inPerson || mode == .abroad {  // away from work (stated here again on purpose)
                    usage[UsageKey(term: t, institution: nil, resource: "release:\(c.key.segment)"), default: 0] += c.present
                }
            }
            // Courses ending this term: results and exams.
            var still: [Cohort] = []
            for c in cohorts {
                guard c.end == t else { still.append(c); continue }
                let course = sc.courses[offerings[c.key.offering].course]
                if course.exam {
                    usage[UsageKey(term: t, institution: nil, resource: "exam seats"), default: 0] += c.present
                    spend[SpendKey(year: hz.year(ofTerm: t), payer: c.key.payer), default: 0]
                        += c.present * Double(sc.exams.feePerCandidate)
                }
                // Drawn passers can never exceed the people still at the course's level.
                let passed = passOverride.map { min($0(c.key, c.present, c.pass), max(0, level[c.key.segment][c.from])) }
                    ?? c.present * c.pass
                level[c.key.segment][c.from] -= passed
                level[c.key.segment][c.to] += passed
            }
            cohorts = still
            // Year end: attrition, transfers between segments, recruits.
            if (t + 1) % hz.termsPerYear == 0 {
                var next = level
                for s in 0..<S {
                    for l in 0..<7 { next[s][l] = level[s][l] * max(0, 1 - leaving[s]) }
                    let recruits = Double(sc.segments[s].demography.recruitsPerYear)
                    let mix = sc.segments[s].demography.recruitLevels
                    for l in 0..<min(7, mix.count) { next[s][l] += recruits * mix[l] }
                    for (from, share) in arrivals[s] { for l in 0..<7 { next[s][l] += share * level[from][l] } }
                }
                level = next
                for i in cohorts.indices { cohorts[i].present *= max(0, 1 - leaving[cohorts[i].key.segment]) }
            }
            record()
        }
        stock = history
        self.spend = spend
        self.usage = usage
        milestones = hz.milestones.filter { hz.years.contains($0) }.sorted()
        var reached: [[Double]] = [], population: [[Double]] = []
        for target in sc.targets {
            let members = sc.segments.indices.filter { target.filter.matches(sc.segments[$0].tags) }
            var r: [Double] = [], p: [Double] = []
            for y in milestones {
                let state = (y - hz.startYear + 1) * hz.termsPerYear
                r.append(members.reduce(0.0) { acc, s in acc + (target.level...6).reduce(0.0) { $0 + history[s][$1][state] } })
                p.append(members.reduce(0.0) { acc, s in acc + (0...6).reduce(0.0) { $0 + history[s][$1][state] } })
            }
            reached.append(r); population.append(p)
        }
        self.reached = reached
        self.population = population
    }
}
