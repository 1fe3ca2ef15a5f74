import Spreadsheet
/// A calendar date (proleptic Gregorian), free of time zones: the one date type of the
/// package. Scenario's holidays and term dates, the planner's spans and the timetabler's
/// sessions all use it.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public init(_ year: Int, _ month: Int, _ day: Int) { self.year = year; self.month = month; self.day = day }

    /// Parses "YYYY-MM-DD" (four-digit year, two-digit month and day); nil unless a real date.
    public init?(iso: String) {
        let p = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2,
              p.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]),
              (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: y)).contains(d) else { return nil }
        self.init(y, m, d)
    }

    /// The date of a month-day ("MM-DD") in `year`. "02-29" in a year without it is the last
    /// day of February (28), so a term written "02-29" is valid in every year.
    /// - Returns: nil when `monthDay` is not "MM-DD" with a day the month can have.
    public init?(year: Int, monthDay: String) {
        guard let (m, d) = parseMonthDay(monthDay) else { return nil }
        self.init(year, m, min(d, LocalDate.daysIn(month: m, year: year)))
    }

    /// Days since 1970-01-01 (the package's one date arithmetic, `SerialDate`).
    public var dayNumber: Int { SerialDate.days(year, month, day) }

    public init(dayNumber z0: Int) {
        let (y, m, d) = SerialDate.civil(z0)
        self.init(y, m, d)
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

    /// Days in a month (February 29 in leap years of the Gregorian rule).
    public static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// "MM-DD" → (month, day), 29 February allowed (see `LocalDate(year:monthDay:)`); nil when
/// malformed. The one month-day parser of the package.
public func parseMonthDay(_ s: String) -> (month: Int, day: Int)? {
    let parts = s.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
          parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
          let m = Int(parts[0]), let d = Int(parts[1]), (1...12).contains(m),
          d >= 1, d <= LocalDate.daysIn(month: m, year: 2000) else { return nil }
    return (m, d)
}

/// "2026-04-30" or "2026-02-14..2026-02-22" → the dates (a range of at most 367 days);
/// nil when malformed. The one holiday parser of the package.
public func parseHolidaySpec(_ s: String) -> [LocalDate]? {
    parseHoliday(s).map { r in r.map(LocalDate.init(dayNumber:)) }
}
