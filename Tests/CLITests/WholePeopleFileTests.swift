import Foundation
import Scenario
import Synthetic
import Testing

/// Whole people, as a user gets them: generated scenarios (no attrition nor transfers, so
/// every learner sits the exam) planned by the binary, then read by Tests/CLITests/check_whole.py with
/// Python's csv, json and yaml against the scenario file: every enrolment a whole number,
/// the cohorts' learners equal the enrolments pool by pool, and the spend rebuilt from the
/// files and the scenario's prices equals budget.csv's and summary.json's and respects every
/// budget.
@Suite struct WholePeopleFileTests {
    @Test(arguments: [UInt64(3), 8])
    func generatedPlansAreWholeAndAddUp(seed: UInt64) throws {
        let dir = temporaryDirectory("whole-\(seed)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s = ScenarioGenerator(name: "whole", staff: 600, institutions: 2, years: 2, termsPerYear: 2,
                                  budgetFactor: 0.6, seed: seed).make()
        for i in s.segments.indices { s.segments[i].demography.attrition = 0; s.segments[i].demography.transfers = [] }
        try ScenarioWriter.yaml(s).write(toFile: dir + "/whole.yaml", atomically: true, encoding: .utf8)
        let run = try langplan("plan", dir + "/whole.yaml", "--out", dir + "/plan", "--runs", "0", "--time-limit", "10")
        #expect(run.status == 0, "\(run.stderr)")
        let check = try python("check_whole.py", [dir + "/whole.yaml", dir + "/plan"])
        #expect(check.status == 0, "\(check.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Int] ?? [:]
        // Not vacuous: learners and classes were planned, and some budget limits the plan.
        #expect((figures["learners"] ?? 0) > 0 && (figures["classes"] ?? 0) > 0 && (figures["limited_rows"] ?? 0) > 0, "\(check.stdout)")
    }
}
