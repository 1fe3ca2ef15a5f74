/// Validation of what the calendar and the rooms allow (docs/calendar-and-capacity.md):
/// a course's sessions a week must fit the teaching days, a class must be able to finish
/// inside the horizon, and an institution that runs in-person classes of a course it has
/// teachers for must have a room seating its `class_size_max` (classes are not shrunk to the
/// room: the plan would silently open none there).
extension SemanticChecker {
    mutating func checkCalendarCapacity(_ s: Scenario) {
        let cal = s.calendar
        // Only with a sane grid and horizon: the other checks report a broken one.
        guard trustHorizon, !cal.days.isEmpty, cal.days.allSatisfy(dayNames.contains), Set(cal.days).count == cal.days.count,
              !cal.periods.isEmpty, cal.periods.allSatisfy({ (1...12).contains($0.lessons) }),
              (1...4).contains(s.horizon.termsPerYear), cal.termDates.count == s.horizon.termsPerYear,
              Limits.years.contains(s.horizon.startYear), Limits.years.contains(s.horizon.endYear),
              s.horizon.startYear <= s.horizon.endYear, s.horizon.endYear - s.horizon.startYear < Limits.horizonYears
        else { return }
        let teaching = TeachingCalendar(s)
        guard teaching.isDated else { return }
        for (i, c) in s.courses.enumerated() where (1...Limits.hours).contains(c.hours) && (1...12).contains(c.terms) {
            for (j, m) in c.modes.enumerated() where m.mode.hasClasses && (1...42).contains(m.sessionsPerWeek) {
                let q = "courses[\(i)].modes[\(j)]"
                if m.sessionsPerWeek > cal.days.count {
                    add("\(q).sessions_per_week", "\(m.sessionsPerWeek) sessions a week on different days, but calendar.days has \(cal.days.count) (\(cal.days.joined(separator: ", "))); expected at most \(cal.days.count)")
                    continue
                }
                if (0..<s.horizon.termCount).allSatisfy({ teaching.span(of: c, mode: m, start: $0) == nil }) {
                    add("courses[\(i)].hours", "\(c.id) \(m.mode.rawValue) cannot finish inside the horizon from any term: "
                        + teaching.arithmetic(hours: c.hours, sessionsPerWeek: m.sessionsPerWeek, start: 0))
                }
                guard m.mode.needsRoom, m.classSizeMax > 0 else { continue }
                for (k, inst) in s.institutions.enumerated() where inst.modes.contains(.inPerson)
                    && inst.teachers.contains(where: { $0.count > 0 && $0.maxLevel >= c.toLevel }) && !inst.rooms.isEmpty {
                    let largest = inst.rooms.filter { $0.count > 0 }.map(\.seats).max() ?? 0
                    if largest < m.classSizeMax {
                        add("institutions[\(k)].rooms", "no room at \(inst.id) seats a class of \(c.id) in_person (class_size_max \(m.classSizeMax), largest room \(largest) seats); expected a room group of at least \(m.classSizeMax) seats, a smaller class_size_max, or in_person removed from institutions[\(k)].modes")
                    }
                }
            }
        }
    }
}

/// The spans the calendar gives each course, in words, for `langplan validate`: one line per
/// course and mode whose classes run longer than the declared `terms` from some start term,
/// e.g. "courses[3] b2 in_person: 200 periods at 3 sessions a week of 3-4 periods need 50-67
/// sessions (17-23 teaching weeks); 2026T2 (2026-08-15..2026-12-20) has 51-52 teaching days
/// on a day set (holidays …): a class started in 2026T2 runs 2 terms, to 2027T1".
/// - Returns: lines without a trailing newline; empty when every class fits its declared terms.
public func calendarSpanNotes(_ s: Scenario) -> [String] {
    let teaching = TeachingCalendar(s)
    guard teaching.isDated else { return [] }
    var out: [String] = []
    for (i, c) in s.courses.enumerated() {
        for m in c.modes where m.mode.hasClasses && m.sessionsPerWeek >= 1 {
            for t in 0..<s.horizon.termCount {
                let span = teaching.span(of: c, mode: m, start: t)
                guard span != max(1, c.terms) else { continue }
                let what = span.map { "a class started in \(s.horizon.label(ofTerm: t)) runs \($0) terms, to \(s.horizon.label(ofTerm: t + $0 - 1))" }
                    ?? "a class started in \(s.horizon.label(ofTerm: t)) cannot finish inside the horizon"
                out.append("courses[\(i)] \(c.id) \(m.mode.rawValue): "
                    + teaching.arithmetic(hours: c.hours, sessionsPerWeek: m.sessionsPerWeek, start: t) + ": " + what)
                break  // the first such start term says it; the plan uses every term's own span
            }
        }
    }
    return out
}
