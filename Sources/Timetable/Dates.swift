import Foundation
import Scenario

/// English name of a day id ("tue" → "Tuesday"); the id itself when unknown.
func dayName(_ id: String) -> String {
    if let i = LocalDate.weekdayIDs.firstIndex(of: id.lowercased()) { return LocalDate.weekdayNames[i] }
    return id
}

/// Dates of a term and the days without sessions.
public struct TermCalendar: Sendable {
    public var index: Int
    public var label: String
    public var start: LocalDate
    public var end: LocalDate
    public var holidays: Set<LocalDate>

    /// The whole horizon's teaching calendar (Scenario's `TeachingCalendar`): term dates,
    /// holidays and spans come from there, one rule for planner and timetabler.
    public var teaching: TeachingCalendar

    /// The term with 0-based index `term` of the scenario's horizon.
    public init(scenario: Scenario, term: Int, extraHolidays: [String] = []) throws(TimetableError) {
        try self.init(TeachingCalendar(scenario, extraHolidays: extraHolidays), scenario: scenario, term: term,
                      extraHolidays: extraHolidays)
    }

    /// The term with index `term` of an already built teaching calendar.
    public init(_ teaching: TeachingCalendar, scenario: Scenario, term: Int, extraHolidays: [String] = []) throws(TimetableError) {
        let h = scenario.horizon
        let cal = scenario.calendar
        guard h.termsPerYear > 0, term >= 0, term < h.termCount else { throw .badTerm("term index \(term)") }
        let within = term % h.termsPerYear
        guard within < cal.termDates.count else {
            throw .badCalendar("no termDates entry for term \(within + 1) of the year (\(cal.termDates.count) given)")
        }
        for spec in cal.holidays + extraHolidays where parseHolidaySpec(spec) == nil {
            throw .badCalendar("holiday '\(spec)' is not an ISO date or range")
        }
        guard let t = teaching.terms[term] else {
            let td = cal.termDates[within]
            throw .badCalendar("term dates '\(td.start)'..'\(td.end)' are not MM-DD, or the term ends before it starts")
        }
        self.teaching = teaching
        index = term; label = t.label; start = t.start; end = t.end
        holidays = teaching.holidays
    }

    /// "2026-04-30" or "2026-02-14..2026-02-22" (Scenario's one holiday parser).
    public static func parseHolidays(_ spec: String) throws(TimetableError) -> Set<LocalDate> {
        guard let dates = parseHolidaySpec(spec.trimmingCharacters(in: .whitespaces)) else {
            throw .badCalendar("holiday '\(spec)' is not an ISO date or range")
        }
        return Set(dates)
    }

    /// Parses "2026T1" against the horizon; nil when it is not a term of the horizon.
    public static func termIndex(of label: String, horizon: Horizon) -> Int? { horizon.termIndex(of: label) }
}
