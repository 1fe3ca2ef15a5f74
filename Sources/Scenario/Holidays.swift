/// Civil dates as day numbers (days since 1970-01-01): thin names over `LocalDate`, the
/// package's one date type.
public enum CivilDate {
    /// Day number of a proleptic Gregorian date.
    public static func days(year y: Int, month m: Int, day d: Int) -> Int { LocalDate(y, m, d).dayNumber }

    public static func date(_ z: Int) -> (year: Int, month: Int, day: Int) {
        let d = LocalDate(dayNumber: z)
        return (d.year, d.month, d.day)
    }

    /// 0 = Monday ... 6 = Sunday.
    public static func weekday(_ z: Int) -> Int { LocalDate(dayNumber: z).weekday }

    public static func daysInMonth(year: Int, month: Int) -> Int { LocalDate.daysIn(month: month, year: year) }

    /// "2026-04-30" → day number; nil unless a real date in 1900...2200.
    public static func parse(_ s: String) -> Int? {
        guard let d = LocalDate(iso: s), Limits.years.contains(d.year) else { return nil }
        return d.dayNumber
    }

    public static func iso(_ z: Int) -> String { LocalDate(dayNumber: z).description }
}

/// "MM-DD" → month × 100 + day (29 February allowed); nil when malformed.
func monthDay(_ s: String) -> Int? { parseMonthDay(s).map { $0.month * 100 + $0.day } }

/// "HH:MM" → minutes after midnight; nil when malformed.
func clockTime(_ s: String) -> Int? {
    let parts = s.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
          parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
          let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
    return h * 60 + m
}

/// "2026-04-30" or "2026-02-14..2026-02-22" → day numbers (a range of at most 366 days).
func parseHoliday(_ s: String) -> ClosedRange<Int>? {
    let t = s.trimmingSpaces
    if let r = t.range(of: "..") {
        guard let a = CivilDate.parse(String(t[..<r.lowerBound])), let b = CivilDate.parse(String(t[r.upperBound...])),
              a <= b, b - a <= 366 else { return nil }
        return a...b
    }
    guard let a = CivilDate.parse(t) else { return nil }
    return a...a
}

/// Lunar-calendar holidays (Vietnam time): Tết day 1 and Giỗ Tổ Hùng Vương (10/3 lunar).
let tetDay1: [Int: (Int, Int)] = [
    2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29),
    2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 2),
]
let gioTo: [Int: (Int, Int)] = [
    2020: (4, 2), 2021: (4, 21), 2022: (4, 10), 2023: (4, 29), 2024: (4, 18), 2025: (4, 7),
    2026: (4, 26), 2027: (4, 16), 2028: (4, 4), 2029: (4, 23), 2030: (4, 12),
]
/// Breaks the government set officially (these replace the rule-based dates of that holiday).
let officialTet: [Int: ((Int, Int), (Int, Int))] = [2026: ((2, 14), (2, 22))]
let officialNationalDay: [Int: ((Int, Int), (Int, Int))] = [2026: ((8, 29), (9, 2))]

/// Years whose lunar holidays (Tết, Giỗ Tổ) `defaultHolidays` knows.
public let lunarHolidayYears = 2020...2030

/// Vietnam's public holidays (Labour Code 2019, art. 112) for `years`, as sorted ISO dates:
/// 1 Jan; Tết (5 days: the eve and days 1-4, or the official break where one is known: 2026
/// 14-22 Feb); Giỗ Tổ (10/3 lunar); 30 Apr; 1 May; 1 and 2 Sep (2026: the official 29 Aug-2 Sep).
/// A holiday falling on a Sunday moves to the next day that is neither a Sunday nor a holiday.
/// Lunar holidays are known for 2020...2030 only; list others in `calendar.holidays`.
public func defaultHolidays(years: ClosedRange<Int>) -> [String] {
    let lo = max(years.lowerBound, Limits.years.lowerBound), hi = min(years.upperBound, Limits.years.upperBound)
    guard lo <= hi else { return [] }
    var all: Set<Int> = []
    for y in lo...hi {
        var rule: [Int] = []      // dates that move off a Sunday
        var fixed: [Int] = []     // official breaks, kept as they are
        func d(_ md: (Int, Int)) -> Int { CivilDate.days(year: y, month: md.0, day: md.1) }
        rule.append(d((1, 1)))
        if let (a, b) = officialTet[y] { fixed += Array(d(a)...d(b)) } else if let t = tetDay1[y] {
            rule += Array((d(t) - 1)...(d(t) + 3))
        }
        if let g = gioTo[y] { rule.append(d(g)) }
        rule += [d((4, 30)), d((5, 1))]
        if let (a, b) = officialNationalDay[y] { fixed += Array(d(a)...d(b)) } else { rule += [d((9, 1)), d((9, 2))] }
        var days = Set(rule).union(fixed)
        for z in rule.sorted() where CivilDate.weekday(z) == 6 {
            var m = z + 1
            while days.contains(m) || CivilDate.weekday(m) == 6 { m += 1 }
            days.insert(m)
        }
        all.formUnion(days)
    }
    return all.sorted().map(CivilDate.iso)
}

/// Every day without sessions in `years`: the calendar's holidays (ranges expanded) plus the
/// defaults when `useDefaultHolidays` is set. Malformed entries are skipped (validation reports them).
public func holidayDates(_ cal: Calendar, years: ClosedRange<Int>) -> Set<String> {
    var out: Set<String> = []
    let lo = max(years.lowerBound, Limits.years.lowerBound), hi = min(years.upperBound, Limits.years.upperBound)
    guard lo <= hi else { return out }
    let first = CivilDate.days(year: lo, month: 1, day: 1), last = CivilDate.days(year: hi, month: 12, day: 31)
    for h in cal.holidays {
        guard let r = parseHoliday(h) else { continue }
        let a = max(r.lowerBound, first), b = min(r.upperBound, last)
        if a <= b { for z in a...b { out.insert(CivilDate.iso(z)) } }
    }
    if cal.useDefaultHolidays { out.formUnion(defaultHolidays(years: lo...hi)) }
    return out
}
