import Testing
import PlanFiles

/// Issue 11 item 4: a plan's CSV files read back (by compare, replan, the timetabler) whatever
/// the line ends an editor saved them with.
@Suite struct PlanFileLineEndTests {
    @Test(arguments: ["\r\n", "\r"])
    func rowsAreTheSame(_ ending: String) throws {
        // Two budget rows written by hand: 2026 state spends 212,500,000 of 250,000,000 VND;
        // 2027 has no limit (an empty cell).
        let text = "year,payer,spent_vnd,limit_vnd\n2026,state,212500000,250000000\n2027,\"state\",0,\n"
        let lf = try PlanFiles.rows(BudgetRow.self, text: text, file: "budget.csv")
        let other = try PlanFiles.rows(BudgetRow.self, text: text.replacingOccurrences(of: "\n", with: ending), file: "budget.csv")
        #expect(lf.count == 2)
        #expect(lf.first?.year == 2026 && lf.first?.payer == "state" && lf.first?.spentVND == 212_500_000)
        #expect(other == lf)
    }
}
