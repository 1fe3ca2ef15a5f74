import Foundation
import Testing
@testable import Scenario

@Suite struct Format {
    @Test(arguments: ["tiny.yaml", "duong-minh-chau.yaml", "labour-confederation.yaml", "hcmc-2026.yaml"])
    func canonicalYAMLReadsBackTheSame(_ name: String) throws {
        let s = try ScenarioLoader.load(path: shipped(name))
        let again = try ScenarioLoader.parse(yaml: s.canonicalYAML, file: "canonical.yaml")
        #expect(again == s)
        #expect(again.checksum == s.checksum)
        #expect(s.checksum.count == 16 && s.checksum.allSatisfy(\.isHexDigit))
    }

    @Test func checksumIgnoresLayoutButNotContent() throws {
        let a = try ScenarioLoader.parse(yaml: baseYAML, file: "a")
        let reformatted = baseYAML.replacingOccurrences(of: "    headcount: [10, 20, 30, 40, 0, 0, 0]", with: "    # a comment\n    headcount: {0: 10, 1: 20, 2: 30, 3: 40}")
        #expect(try ScenarioLoader.parse(yaml: reformatted, file: "b").checksum == a.checksum)
        let changed = baseYAML.replacingOccurrences(of: "[10, 20, 30, 40, 0, 0, 0]", with: "[10, 20, 30, 41, 0, 0, 0]")
        #expect(try ScenarioLoader.parse(yaml: changed, file: "c").checksum != a.checksum)
    }

    @Test func defaultsFillWhatIsLeftOut() throws {
        let minimal = """
            name: minimal
            horizon: {start_year: 2026, end_year: 2027}
            segments: [{id: s, headcount: {3: 10}}]
            courses: [{id: c, from_level: 3, to_level: 4, hours: 100, modes: [{mode: self_study, pass_rate: 0.5}]}]
            institutions: [{id: i}]
            payers: [{id: p}]
            budgets: [{payer: p, open: true}]
            targets: [{id: t, level: 4, milestones: {2027: 0.5}}]
            """
        let s = try ScenarioLoader.parse(yaml: minimal, file: "m")
        #expect(s.horizon.termsPerYear == 2 && s.horizon.milestones == [2027])
        #expect(s.calendar.termDates == defaultTermDates(termsPerYear: 2))
        #expect(s.calendar.periods == defaultPeriods && s.calendar.useDefaultHolidays)
        #expect(s.calendar.days == ["mon", "tue", "wed", "thu", "fri", "sat"])
        #expect(s.policy == Policy() && s.exams == Exams())
        #expect(s.courses[0].terms == 1 && s.courses[0].exam)
        #expect(s.payers[0].funds == TagFilter() && s.payers[0].modes == Mode.allCases)
        #expect(s.targets[0].weight == 1 && s.targets[0].filter == TagFilter())
        #expect(s.segments[0].headcount == [0, 0, 0, 10, 0, 0, 0] && s.segments[0].demography == Demography())
        #expect(s.institutions[0].modes == [.inPerson, .online])
    }

    @Test func numbersInTheirUsualSpellings() throws {
        var y = baseYAML.replacingOccurrences(of: "fee_per_candidate_vnd: 1_800_000", with: "fee_per_candidate_vnd: 1.8e6")
        y = y.replacingOccurrences(of: "milestones: {2027: 0.3}", with: "milestones: {2027: 30%}")
        let s = try ScenarioLoader.parse(yaml: y, file: "n")
        #expect(s.exams.feePerCandidate == 1_800_000)
        #expect(s.targets[0].milestones[2027] == 0.3)
        #expect(s.budgets[0].amounts[2026] == 500_000_000)
    }

    @Test func summaryShowsTheEssentials() throws {
        let s = try ScenarioLoader.load(path: shipped("hcmc-2026.yaml"))
        let text = s.summary
        for needle in ["hcmc-2026", "150,000 people", "12 segments".replacingOccurrences(of: "12 segments", with: "segments    12"),
                       "cbcc-city-b2", "institutions 12", "state", "unit", "learner", "sponsor", "2030", "checksum"] {
            #expect(text.contains(needle), "\(needle)")
        }
        #expect(text.split(separator: "\n").count <= 40, "one screen")
    }
}

@Suite struct Holidays {
    @Test func official2026Breaks() {
        let d = Set(defaultHolidays(years: 2026...2026))
        for day in 14...22 { #expect(d.contains("2026-02-\(day)")) }
        #expect(!d.contains("2026-02-13") && !d.contains("2026-02-23"))
        #expect(d.contains("2026-01-01") && d.contains("2026-04-30") && d.contains("2026-05-01"))
        #expect(d.contains("2026-04-27"), "Giỗ Tổ on Sunday 26 April is observed on Monday 27")
        for day in ["2026-08-29", "2026-08-30", "2026-08-31", "2026-09-01", "2026-09-02"] { #expect(d.contains(day)) }
        #expect(d.count == 19)
    }

    @Test func ruleBasedYears() {
        let d = Set(defaultHolidays(years: 2027...2027))
        // Tết day 1 is Sat 6 Feb 2027: 5-9 Feb, and Sunday the 7th moves to Wednesday the 10th.
        #expect(["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10"].allSatisfy(d.contains))
        #expect(d.contains("2027-04-16") && d.contains("2027-09-01") && d.contains("2027-09-02"))
        // 2028: 30 April is a Sunday → the next day not already a holiday (1 May is one) is 2 May.
        let d28 = Set(defaultHolidays(years: 2028...2028))
        #expect(d28.contains("2028-04-30") && d28.contains("2028-05-01") && d28.contains("2028-05-02"))
        #expect(defaultHolidays(years: 2026...2030).count == Set(defaultHolidays(years: 2026...2030)).count)
        #expect(defaultHolidays(years: 2026...2030) == defaultHolidays(years: 2026...2030).sorted())
        // Lunar holidays are unknown after 2030: only the fixed-date ones.
        // (1 Jan, 30 Apr, 1 May, 1 and 2 Sep 2031 fall Wednesday to Tuesday: none moves.)
        #expect(defaultHolidays(years: 2031...2031) == ["2031-01-01", "2031-04-30", "2031-05-01", "2031-09-01", "2031-09-02"])
    }

    @Test func holidayDatesExpandsRanges() {
        var cal = Calendar(holidays: ["2026-03-10..2026-03-12", "2026-12-31", "2025-12-30..2026-01-02", "nonsense"], useDefaultHolidays: false)
        #expect(holidayDates(cal, years: 2026...2026) == ["2026-03-10", "2026-03-11", "2026-03-12", "2026-12-31", "2026-01-01", "2026-01-02"])
        cal.useDefaultHolidays = true
        #expect(holidayDates(cal, years: 2026...2026).count == 19 + 5)
        #expect(holidayDates(cal, years: 2300...2400).isEmpty)
    }

    @Test func civilDates() {
        #expect(CivilDate.iso(CivilDate.days(year: 2026, month: 2, day: 17)) == "2026-02-17")
        #expect(CivilDate.weekday(CivilDate.days(year: 2026, month: 11, day: 23)) == 0)  // a Monday
        #expect(CivilDate.parse("2028-02-29") != nil && CivilDate.parse("2027-02-29") == nil)
        #expect(CivilDate.parse("2026-1-01") == nil && CivilDate.parse("x") == nil)
    }
}
