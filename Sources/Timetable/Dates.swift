import Scenario

/// A calendar date (proleptic Gregorian), free of time zones.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public init(_ year: Int, _ month: Int, _ day: Int) { self.year = year; self.month = month; self.day = day }

    /// Parses "YYYY-MM-DD".
    public init?(iso: String) {
        let p = iso.split(separator: "-")
        guard p.count == 3, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]),
              (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: y)).contains(d) else { return nil }
        self.init(y, m, d)
    }

    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Monday ... 6 = Sunday.
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }
    /// "mon" ... "sun".
    public var weekdayID: String { LocalDate.weekdayIDs[weekday] }
    /// Day number of the Monday of this date's week.
    public var weekStart: Int { dayNumber - weekday }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
    /// "20260302" (iCalendar DATE).
    public var compact: String { description.replacingOccurrences(of: "-", with: "") }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    public static let weekdayIDs = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    public static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

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

    /// The term with 0-based index `term` of the scenario's horizon.
    public init(scenario: Scenario, term: Int, extraHolidays: [String] = []) throws(TimetableError) {
        let h = scenario.horizon
        let cal = scenario.calendar
        guard h.termsPerYear > 0, term >= 0 else { throw .badTerm("term index \(term)") }
        let within = term % h.termsPerYear
        guard within < cal.termDates.count else {
            throw .badCalendar("no termDates entry for term \(within + 1) of the year (\(cal.termDates.count) given)")
        }
        let year = h.year(ofTerm: term)
        let td = cal.termDates[within]
        guard let s = LocalDate(iso: "\(year)-\(td.start)"), var e = LocalDate(iso: "\(year)-\(td.end)") else {
            throw .badCalendar("term dates '\(td.start)'..'\(td.end)' are not MM-DD")
        }
        if e < s { e = LocalDate(iso: "\(year + 1)-\(td.end)") ?? e }
        index = term; label = h.label(ofTerm: term); start = s; end = e
        // Holidays of the term's years and the next (sessions may spill past the end).
        // Scenario's `holidayDates`: the calendar's own dates plus Vietnam's defaults when asked.
        var set = Set(holidayDates(cal, years: s.year...(e.year + 1)).compactMap(LocalDate.init(iso:)))
        for spec in cal.holidays + extraHolidays {
            set.formUnion(try TermCalendar.parseHolidays(spec))
        }
        holidays = set
    }

    /// "2026-04-30" or "2026-02-14..2026-02-22".
    public static func parseHolidays(_ spec: String) throws(TimetableError) -> Set<LocalDate> {
        let parts = spec.components(separatedBy: "..")
        guard let a = LocalDate(iso: parts[0].trimmingCharacters(in: .whitespaces)) else {
            throw .badCalendar("holiday '\(spec)' is not an ISO date or range")
        }
        if parts.count == 1 { return [a] }
        guard parts.count == 2, let b = LocalDate(iso: parts[1].trimmingCharacters(in: .whitespaces)), a <= b else {
            throw .badCalendar("holiday '\(spec)' is not an ISO date or range")
        }
        return Set((a.dayNumber...b.dayNumber).map(LocalDate.init(dayNumber:)))
    }

    /// Parses "2026T1" against the horizon; nil when it is not a term of the horizon.
    public static func termIndex(of label: String, horizon: Horizon) -> Int? {
        let p = label.split(separator: "T")
        guard p.count == 2, let y = Int(p[0]), let t = Int(p[1]), horizon.years.contains(y), (1...max(1, horizon.termsPerYear)).contains(t) else {
            return nil
        }
        return (y - horizon.startYear) * horizon.termsPerYear + t - 1
    }

    /// The dates of `count` sessions on weekdays `weekdays` (0 = Monday), from the term's
    /// first week onward, skipping holidays. Runs past the term's end when needed.
    /// `from` (default: the term's start) is the first day a session may fall on.
    public func sessionDates(weekdays: [Int], count: Int, from: LocalDate? = nil) -> [LocalDate] {
        guard count > 0, !weekdays.isEmpty else { return [] }
        let start = max(self.start, from ?? self.start)
        var out: [LocalDate] = []
        var week = start.weekStart
        let wd = weekdays.sorted()
        var guardWeeks = 0
        while out.count < count && guardWeeks < 520 {
            for d in wd {
                let date = LocalDate(dayNumber: week + d)
                if date < start || holidays.contains(date) { continue }
                out.append(date)
                if out.count == count { break }
            }
            week += 7; guardWeeks += 1
        }
        return out
    }
}

import Foundation
