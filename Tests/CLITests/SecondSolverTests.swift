import Foundation
import Testing

/// A second solver on the model `plan` solves: for every shipped scenario, `plan` writes
/// summary.json with stage 1's objective and bound (model_objective, model_bound), and
/// HiGHS reads `export-model`'s MPS file (Tests/CLITests/check_highs.py). Stage 1
/// maximises, so any solver's optimum z* of that file must satisfy
/// model_objective ≤ z* ≤ model_bound, and HiGHS's own [objective, bound] holds z* too: the
/// intervals must overlap. Where HiGHS proves its optimum within the time given ("exact") its
/// interval is at most 1e-6 wide. HiGHS runs with mip_feasibility_tolerance 1e-9: at its
/// default (1e-6, node LPs' dual tolerance 1e-7) it ignored part of the 1e-5 priority tie-break
/// and "proved" 5.50007397 on hcmc-2026, below langplan's feasible plan 5.50008507 (see
/// check_highs.py). Stage 2 is skipped: it does not change stage 1's objective or bound.
@Suite(.serialized) struct SecondSolverTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var scenario: String
        var planSeconds: Int
        var highsSeconds: Int
        var exact: Bool
        var testDescription: String { scenario }
    }

    // HiGHS proves tiny, labour-confederation (5 s) and hcmc-2026 (1.5 s) in seconds;
    // duong-minh-chau takes it more than 30 s, so it is checked under a time limit.
    static let cases = [
        Case(scenario: "tiny", planSeconds: 5, highsSeconds: 20, exact: true),
        Case(scenario: "labour-confederation", planSeconds: 10, highsSeconds: 30, exact: true),
        Case(scenario: "duong-minh-chau", planSeconds: 10, highsSeconds: 10, exact: false),
        Case(scenario: "hcmc-2026", planSeconds: 10, highsSeconds: 20, exact: true),
    ]

    @Test(arguments: cases) func highsLandsInsideTheReportedInterval(_ c: Case) throws {
        let dir = temporaryDirectory("highs-\(c.scenario)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scenario = "scenarios/\(c.scenario).yaml"
        let plan = try langplan("plan", scenario, "--out", dir + "/plan", "--runs", "0", "--no-cost-stage",
                                "--time-limit", String(c.planSeconds))
        #expect(plan.status == 0, "\(plan.stderr)")
        let export = try langplan("export-model", scenario, "--out", dir + "/model.mps")
        #expect(export.status == 0, "\(export.stderr)")
        let check = try python("check_highs.py", [dir + "/model.mps", dir + "/plan/summary.json", String(c.highsSeconds),
                                                  c.exact ? "exact" : "limited"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
