import Foundation
import Planner
import Reports
import Scenario
import Testing

/// What binds and what a sweep shows, checked on the HTML as written: values a person can
/// read (never a row of zeros), the chart's coinciding lines kept apart, Vietnamese words.
@Suite struct SweepReportTests {
    func tiny() throws -> Scenario { try ScenarioLoader.load(path: ReportTests.tinyPath) }

    /// Significant digits by hand: 3.4e-5 → 0,0000340 (vi), 0.0160 (en), 1234.6 → 1.235 (vi,
    /// thousands dot), 0 and −0 → 0.
    @Test func significantDigits() {
        #expect(Language.vi.significant(3.4e-5) == "0,0000340")
        #expect(Language.en.significant(0.016) == "0.0160")
        #expect(Language.vi.significant(1234.6) == "1.235")
        #expect(Language.vi.significant(-0.0) == "0" && Language.en.significant(0) == "0")
        #expect(Language.en.significant(-2.5e-7) == "−0.000000250")
    }

    /// tiny with release at 20%: 20 people may train at a time, so one class of 20 a term;
    /// the LP relaxation gains 0.8 passes / 50 wanted = 0.016 weighted attainment per extra
    /// person in training in a term (money, teachers and the room are slack). The table shows
    /// 0,0160, not 0,0000; a limit with dual 0 added by hand is not listed.
    @Test func bindingTableShowsReadableValuesAndNoZeroRows() throws {
        var s = try tiny()
        s.policy.maxShareInTraining = 0.2
        var r = try ReportTests.plan(s)
        let release = r.binding.filter { $0.resource == "release" }
        try #require(!release.isEmpty)
        for b in release { #expect(abs(b.marginalValue - 0.016) < 1e-9, "\(b.what): \(b.marginalValue)") }
        r.binding.append(BindingLimit(what: "budget state 2026", marginalValue: 0, used: 1e8, available: 2.5e8,
                                      resource: "budget", payer: 0, year: 2026))
        let html = PlanReport(result: r, language: .vi).htmlReport()
        let table = try #require(html.range(of: "Yếu tố hạn chế mức đạt").map { String(html[$0.upperBound...]) })
            .components(separatedBy: "</table>")[0]
        #expect(table.contains("<td>0,0160</td>"), "\(table)")
        #expect(!table.contains("State budget"), "a limit with dual 0 is listed: \(table)")
        #expect(!table.contains("0,0000<"))
    }

    /// tiny with a second target on the same people (30% at level 4) swept at 50% and 100%
    /// of 250M: at 100% both targets are met, so both lines end at the top of the chart;
    /// they must stay apart (different dash patterns, markers at different x), be named in
    /// the legend by target name, and the page is in Vietnamese (title, payer by name, no
    /// "payer"/"year"/"budget" headers, no 0,00000 marginal values).
    @Test func sweepChartKeepsCoincidingLinesApart() throws {
        var s = try tiny()
        var t2 = s.targets[0]
        t2.id = "b2-30"; t2.name = "Ba phần mười ở bậc 4"; t2.milestones = [2026: 0.3]
        s.targets.append(t2)
        let result = Sweep.run(s, resource: .budget, from: 0.5, to: 1, steps: 2, timeLimitPerPoint: 5)
        try #require(result.points.count == 2)
        #expect(result.points[1].shares[0][0] >= 0.5 - 1e-9 && result.points[1].shares[1][0] >= 0.3 - 1e-9)
        let html = SweepReport(result: result, scenario: s, language: .vi).html()
        #expect(html.contains("<h1>Mức đạt chỉ tiêu theo kinh phí</h1>"))
        let polylines = html.components(separatedBy: "<polyline").dropFirst().map { String($0.prefix { $0 != ">" }) }
        try #require(polylines.count == 2)
        let dash = polylines.map { p in p.range(of: "stroke-dasharray=\"[0-9,]+", options: .regularExpression).map { String(p[$0]) } ?? "solid" }
        #expect(Set(dash).count == 2, "\(polylines)")
        // Last point of each line (both met): drawn apart by a few pixels, not on top.
        func last(_ p: String) -> (Double, Double)? {
            guard let pts = p.components(separatedBy: "points=\"").last?.split(separator: "\"").first,
                  let xy = pts.split(separator: " ").last?.split(separator: ",") , xy.count == 2 else { return nil }
            return (Double(xy[0]) ?? .nan, Double(xy[1]) ?? .nan)
        }
        let a = try #require(last(polylines[0])), b = try #require(last(polylines[1]))
        #expect(abs(a.1 - b.1) <= 6 && abs(a.0 - b.0) >= 4 && abs(a.1 - b.1) >= 1, "\(a) \(b)")
        #expect(html.contains("Half the staff at level 4 or above 2026") && html.contains("Ba phần mười ở bậc 4 2026"))
        #expect(!html.contains(">payer<") && !html.contains(">year<") && !html.contains("theo budget"))
        // 250M does not bind (187.5M meets the LP's targets): said in words, not as zeros.
        #expect(!html.contains("0,00000") && html.contains("Không hạn chế mức đạt (thêm kinh phí không tăng mức đạt): State budget 2026"))
    }

    /// tiny at 150M binds: 0.8 / 3M / 50 per million = 5.333 per billion (BudgetTests), shown
    /// as 5,33 beside the payer's name under Vietnamese headers, with the check's verdict.
    @Test func sweepMarginalTableIsReadable() throws {
        var s = try tiny()
        s.budgets[0].amounts[2026] = 150_000_000
        let result = Sweep.run(s, resource: .budget, from: 1, to: 1, steps: 1, timeLimitPerPoint: 5)
        let html = SweepReport(result: result, scenario: s, language: .vi).html()
        #expect(html.contains("<th>Nguồn kinh phí</th><th>Năm</th>"))
        #expect(html.contains("<tr><td>State budget</td><td>2026</td><td>5,33</td></tr>"), "\(html)")
        #expect(html.contains(": khớp (dung sai"))
    }
}
