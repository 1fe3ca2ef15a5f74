/// The teaching calendar of a scenario: every term's dates, its teaching days with holidays
/// removed, the weekly day patterns a class may meet on, and from these the span of a class,
/// the terms it really needs. Planner, timetabler, verifier, projection checks and validation
/// all read spans from here (docs/calendar-and-capacity.md states the rules).
///
/// Rules, stated once:
/// - A term runs from its start to its end date inside one year ("02-29" in a year without
///   it is 28 February). Sessions fall only on the calendar's `days` inside a term's dates,
///   never on a holiday, never between terms.
/// - A class of k sessions a week meets at one period on each day of one of the canonical
///   day sets of k (`daySets`): with D teaching days and m = ⌊D/k⌋, set j = {j, j+m, …}.
/// - A class of a course of H periods with span n gets H/n periods in each of its n terms
///   (the remainder one by one to the first terms), i.e. ⌈share / lessons⌉ sessions.
/// - The span of a class started in term t is the least n ≥ the course's `terms` such that on
///   every day set and every period each of its n terms holds its sessions. It is the same
///   whichever pattern the timetabler later picks, so the plan never counts on a time the
///   timetable cannot give. The class's last session and its exam fall in term t + n − 1, and
///   its learners count toward the milestone of that term's year only.
/// - A scenario without term dates, days or periods (built in code) keeps the declared terms.
public struct TeachingCalendar: Sendable {
    /// One term of the horizon with its dates.
    public struct Term: Sendable, Equatable {
        public var index: Int
        public var label: String
        public var start: LocalDate
        public var end: LocalDate
    }

    /// One per term of the horizon, in order; nil where the term's dates are missing or malformed.
    public let terms: [Term?]
    /// Weekday (0 = Monday) of each entry of `Calendar.days`; nil for an unknown day id.
    public let weekdays: [Int?]
    /// Lessons (teaching periods) each period of the grid gives.
    public let periodLessons: [Int]
    /// Days without sessions (the calendar's, Vietnam's defaults when asked, and extras).
    public let holidays: Set<LocalDate>
    public let horizon: Horizon

    /// - Parameter extraHolidays: more ISO dates or ranges (e.g. the timetable's `--holiday`);
    ///   malformed entries are skipped (validation and the timetable command report them).
    public init(_ s: Scenario, extraHolidays: [String] = []) {
        horizon = s.horizon
        let cal = s.calendar
        var out: [Term?] = []
        for t in 0..<max(0, s.horizon.termCount) {
            let within = t % max(1, s.horizon.termsPerYear)
            let y = s.horizon.year(ofTerm: t)
            guard within < cal.termDates.count,
                  let a = LocalDate(year: y, monthDay: cal.termDates[within].start),
                  let b = LocalDate(year: y, monthDay: cal.termDates[within].end), a <= b else { out.append(nil); continue }
            out.append(Term(index: t, label: s.horizon.label(ofTerm: t), start: a, end: b))
        }
        terms = out
        weekdays = cal.days.map { LocalDate.weekdayIDs.firstIndex(of: $0.lowercased()) }
        periodLessons = cal.periods.map { max(1, $0.lessons) }
        var h = Set(holidayDates(cal, years: s.horizon.startYear...(s.horizon.endYear + 1)).compactMap(LocalDate.init(iso:)))
        for spec in extraHolidays { h.formUnion(parseHolidaySpec(spec) ?? []) }
        holidays = h
    }

    /// Whether spans come from dates (term dates for every term, days and periods known).
    public var isDated: Bool {
        !terms.isEmpty && terms.allSatisfy { $0 != nil } && !periodLessons.isEmpty && !weekdays.isEmpty
            && weekdays.allSatisfy { $0 != nil }
    }

    /// The canonical day sets for k sessions a week over D teaching days, as indices into
    /// `Calendar.days`: m = ⌊D/k⌋ sets, set j = {j, j+m, …, j+(k−1)m} (6 days, k = 3:
    /// mon+wed+fri, tue+thu+sat). Two sets of the same k share no day. Empty when k > D.
    public static func daySets(days D: Int, sessionsPerWeek k: Int) -> [[Int]] {
        guard k >= 1, k <= D else { return [] }
        let m = D / k
        return (0..<m).map { j in (0..<k).map { j + $0 * m } }
    }

    /// Periods (tiết) of a course of `hours` in the `offset`-th (0-based) of its `terms` terms:
    /// an even split, the remainder one by one to the first terms.
    public static func hoursInTerm(hours: Int, terms n: Int, offset o: Int) -> Int {
        let n = max(1, n)
        return hours / n + (o < hours % n ? 1 : 0)
    }

    /// Sessions giving at least `hours` periods at `lessons` a session: ⌈hours / lessons⌉.
    public static func sessionsNeeded(hours: Int, lessons: Int) -> Int { (hours + max(1, lessons) - 1) / max(1, lessons) }

    /// Teaching dates of term `t` on the given days of the grid (indices into `Calendar.days`),
    /// holidays removed, in order.
    public func teachingDates(term t: Int, days: [Int]) -> [LocalDate] {
        guard terms.indices.contains(t), let term = terms[t] else { return [] }
        let wanted = Set(days.compactMap { weekdays.indices.contains($0) ? weekdays[$0] : nil })
        var out: [LocalDate] = []
        for z in term.start.dayNumber...term.end.dayNumber {
            let d = LocalDate(dayNumber: z)
            if wanted.contains(d.weekday) && !holidays.contains(d) { out.append(d) }
        }
        return out
    }

    /// Whether a class of `hours` periods at k sessions a week, started in term `t` with span
    /// `n`, gets all its sessions inside its terms on day set `daySet` at a period of `lessons`.
    public func fits(hours: Int, terms n: Int, start t: Int, daySet: [Int], lessons: Int) -> Bool {
        guard t >= 0, t + n <= terms.count else { return false }
        return (0..<n).allSatisfy { o in
            Self.sessionsNeeded(hours: Self.hoursInTerm(hours: hours, terms: n, offset: o), lessons: lessons)
                <= teachingDates(term: t + o, days: daySet).count
        }
    }

    /// The span (terms) of a class of `hours` periods at `sessionsPerWeek` started in term `t`:
    /// the least n ≥ `declaredTerms` that fits on every day set and period (see the type's rules).
    /// - Returns: nil when no span ends inside the horizon (or k exceeds the teaching days).
    ///   Without dates (`isDated` false): `declaredTerms` when it ends inside the horizon.
    public func span(hours: Int, sessionsPerWeek k: Int, declaredTerms: Int, start t: Int) -> Int? {
        let first = max(1, declaredTerms)
        guard t >= 0, t + first <= terms.count else { return nil }
        guard isDated, k >= 1 else { return first }
        let sets = Self.daySets(days: weekdays.count, sessionsPerWeek: k)
        guard !sets.isEmpty else { return nil }
        let lessons = Set(periodLessons)
        for n in first...(terms.count - t) {
            if sets.allSatisfy({ set in lessons.allSatisfy { fits(hours: hours, terms: n, start: t, daySet: set, lessons: $0) } }) {
                return n
            }
        }
        return nil
    }

    /// The span of `course` in `mode` started in term `t` (classes: `span(hours:…)`; self-study
    /// and abroad: the declared terms, which have no sessions).
    public func span(of course: Course, mode: CourseMode, start t: Int) -> Int? {
        if mode.mode.hasClasses {
            return span(hours: course.hours, sessionsPerWeek: mode.sessionsPerWeek, declaredTerms: course.terms, start: t)
        }
        let n = max(1, course.terms)
        return t >= 0 && t + n <= terms.count ? n : nil
    }

    /// The latest date the last session of a class of `course` in `mode` started in term `t`
    /// can fall on, over every pattern the timetabler may give it (its exam follows, by the end
    /// of the same term). nil when the class cannot finish inside the horizon or has no sessions.
    public func latestLastSession(of course: Course, mode: CourseMode, start t: Int) -> LocalDate? {
        guard mode.mode.hasClasses, isDated, let n = span(of: course, mode: mode, start: t) else { return nil }
        let share = Self.hoursInTerm(hours: course.hours, terms: n, offset: n - 1)
        var latest: LocalDate?
        for set in Self.daySets(days: weekdays.count, sessionsPerWeek: mode.sessionsPerWeek) {
            let dates = teachingDates(term: t + n - 1, days: set)
            for l in Set(periodLessons) {
                let k = Self.sessionsNeeded(hours: share, lessons: l)
                if k >= 1, k <= dates.count { latest = max(latest ?? dates[k - 1], dates[k - 1]) }
            }
        }
        return latest
    }

    /// The arithmetic behind a class's span in words, for validation and reports, e.g.
    /// "200 periods at 3 sessions a week of 3-4 periods need 50-67 sessions (17-23 teaching
    /// weeks); 2026T2 (2026-08-15..2026-12-20) has 51-52 teaching days on a day set
    /// (holidays 2026-08-29..2026-09-02)".
    public func arithmetic(hours: Int, sessionsPerWeek k: Int, start t: Int) -> String {
        let lo = periodLessons.min() ?? 1, hi = periodLessons.max() ?? 1
        let most = Self.sessionsNeeded(hours: hours, lessons: lo), least = Self.sessionsNeeded(hours: hours, lessons: hi)
        func range(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "\(a)-\(b)" }
        let kk = max(1, k)
        var s = "\(hours) periods at \(k) sessions a week of \(range(lo, hi)) periods need \(range(least, most)) sessions "
            + "(\(range((least + kk - 1) / kk, (most + kk - 1) / kk)) teaching weeks)"
        guard terms.indices.contains(t), let term = terms[t] else { return s }
        let counts = Self.daySets(days: weekdays.count, sessionsPerWeek: k).map { teachingDates(term: t, days: $0).count }
        s += "; \(term.label) (\(term.start)..\(term.end)) has \(range(counts.min() ?? 0, counts.max() ?? 0)) teaching days on a day set"
        let inTerm = holidays.filter { $0 >= term.start && $0 <= term.end }.sorted()
        if !inTerm.isEmpty {
            // Consecutive holidays shown as ranges.
            var parts: [String] = []
            var a = inTerm[0], b = inTerm[0]
            for d in inTerm.dropFirst() {
                if d.dayNumber == b.dayNumber + 1 { b = d; continue }
                parts.append(a == b ? "\(a)" : "\(a)..\(b)"); a = d; b = d
            }
            parts.append(a == b ? "\(a)" : "\(a)..\(b)")
            s += " (holidays \(parts.prefix(6).joined(separator: ", "))\(parts.count > 6 ? ", …" : ""))"
        }
        return s
    }
}

/// Whether a weekly window matches a slot: "day" (a whole day), "day.period", "*.period"
/// (that period every day) or "*" / "day.*". The one rule for `unavailable` and
/// `preferred_windows`, used by the planner's capacity, the timetabler and the verifier.
public func windowMatches(_ spec: String, day: String, period: String) -> Bool {
    let parts = spec.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 1 { return parts[0] == day || parts[0] == "*" }
    guard parts.count == 2 else { return false }
    return (parts[0] == "*" || parts[0] == day) && (parts[1] == "*" || parts[1] == period)
}

extension TeachingCalendar {
    /// Classes of k sessions a week that one room (or one teacher's week) can hold: the
    /// canonical patterns (a day set of k and one period) whose every slot is outside
    /// `unavailable`, with at most `perDay` classes on one day set (a teacher's daily limit;
    /// rooms: no limit). Two patterns of one k share no slot, so this many classes fit.
    /// - Parameters:
    ///   - calendar: the grid (days and periods).
    ///   - unavailable: weekly windows (see `windowMatches`).
    /// - Returns: a count of classes (0 when k exceeds the teaching days).
    public static func weeklyPatterns(_ calendar: Calendar, sessionsPerWeek k: Int, unavailable: [String],
                                      perDay: Int = .max) -> Int {
        let days = calendar.days, periods = calendar.periods.map(\.id)
        return daySets(days: days.count, sessionsPerWeek: k).reduce(0) { acc, set in
            let free = periods.filter { p in set.allSatisfy { d in !unavailable.contains { windowMatches($0, day: days[d], period: p) } } }
            return acc + min(perDay, free.count)
        }
    }
}

extension Horizon {
    /// The 0-based index of a term label "2026T1" (`label(ofTerm:)` read back); nil when it is
    /// not a term of the horizon. The one parser of term labels.
    public func termIndex(of label: String) -> Int? {
        let p = label.split(separator: "T", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count == 4, let y = Int(p[0]), let t = Int(p[1]), years.contains(y),
              (1...max(1, termsPerYear)).contains(t) else { return nil }
        return (y - startYear) * termsPerYear + t - 1
    }
}
