import Foundation
import Planner
import Scenario
import Spreadsheet
import Testing

/// `plan` on a scenario workbook gives the plan the YAML gives.
@Suite struct ScenarioWorkbookPlanTests {
    static func viaWorkbook(_ s: Scenario) throws -> Scenario {
        let path = NSTemporaryDirectory() + "plan-\(UUID().uuidString).xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ScenarioWorkbook.workbook(s).write(to: path)
        return try ScenarioLoader.load(path: path)
    }

    static func root() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// tiny solves to optimality at once: the two plans are the same, class for class and
    /// enrolment for enrolment, with the same attainment.
    @Test func tinyPlansTheSameFromItsWorkbook() throws {
        let yaml = try ScenarioLoader.load(path: Self.root().appendingPathComponent("scenarios/tiny.yaml").path)
        let book = try Self.viaWorkbook(yaml)
        var o = PlannerOptions()
        o.timeLimit = 20
        o.monteCarloRuns = 0
        let a = try StrategicPlanner.plan(yaml, options: o)
        let b = try StrategicPlanner.plan(book, options: o)
        #expect(a.status == b.status)
        #expect(a.plan.classes == b.plan.classes)
        #expect(a.plan.enrolments == b.plan.enrolments)
        #expect(a.objective == b.objective)
    }

    /// duong-minh-chau stops at its time limit, where the incumbent depends on timing; the model
    /// (its size) and the deterministic greedy plan must be identical, and both plans feasible.
    @Test func duongBuildsTheSameModelFromItsWorkbook() throws {
        let yaml = try ScenarioLoader.load(path: Self.root().appendingPathComponent("scenarios/duong-minh-chau.yaml").path)
        let book = try Self.viaWorkbook(yaml)
        #expect(book.checksum == yaml.checksum)
        var o = PlannerOptions()
        o.timeLimit = 3
        o.monteCarloRuns = 0
        o.minimiseCost = false
        let a = try StrategicPlanner.plan(yaml, options: o)
        let b = try StrategicPlanner.plan(book, options: o)
        #expect((a.variables, a.integers, a.constraints, a.nonZeros) == (b.variables, b.integers, b.constraints, b.nonZeros))
        #expect(a.greedy.classes == b.greedy.classes)
        #expect(a.greedy.classes.values.reduce(0, +) == b.greedy.classes.values.reduce(0, +))
        #expect(a.greedy.classes.values.reduce(0, +) > 0)
    }
}
