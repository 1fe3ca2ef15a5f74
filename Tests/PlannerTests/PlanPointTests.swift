import Foundation
import TestSupport
import LinearModel
import Planner
import Scenario
import Testing

/// The stage-1 objective langplan reports (summary.json's model_objective) must be the value
/// of a point that is feasible for the model it exports, or a second solver's proven optimum
/// could lie below it. HiGHS's MPS reader parses the exported model and numpy evaluates the
/// reported point on it (check_point.py), so the export and the evaluation are both checked
/// by code that is not langplan's.
///
/// Tolerance 1e-9, relative to max(1, |bound|) per row: GLPK's basic solutions are computed
/// from an LU factorisation and break rows only by rounding (≤ 4e-11 people on hcmc-2026's
/// flow rows, 2026-11-30); a point that used GLPK's primal tolerance (1e-7 on its scaled
/// rows) to gain objective would break rows by more and fail here.
@Suite(.serialized) struct PlanPointTests {
    static let tolerance = 1e-9

    /// The cheap shipped scenarios (duong-minh-chau spends its whole time limit).
    @Test(arguments: ["tiny", "labour-confederation", "hcmc-2026"])
    func reportedPointIsFeasibleForTheExportedModel(_ name: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let scenario = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/\(name).yaml").path)
        var o = PlannerOptions(); o.timeLimit = 10; o.monteCarloRuns = 0; o.minimiseCost = false
        let r = try StrategicPlanner.plan(scenario, options: o)
        let model = StrategicModel(r.data).model
        try #require(r.point.count == model.variableCount)
        let broken = model.violations(at: r.point, tolerance: Self.tolerance)
        #expect(broken.isEmpty, "\(broken.count) rows or columns broken, e.g. \(broken.prefix(3))")
        if let bound = r.bestBound { #expect(r.objective <= bound) }

        let dir = NSTemporaryDirectory() + "langplan-point-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try model.mps().write(toFile: dir + "/model.mps", atomically: true, encoding: .utf8)
        let lines = zip(model.variables, r.point).map { v, x in "\(v.name) \(String(format: "%.17g", x))\n" }
        try lines.joined().write(toFile: dir + "/point.txt", atomically: true, encoding: .utf8)
        let check = try runPython(root.path + "/Tests/PlannerTests/check_point.py",
                                  [dir + "/model.mps", dir + "/point.txt", String(format: "%.17g", r.objective),
                                   String(Self.tolerance)])
        #expect(check.status == 0, "\(check.output)")
    }

    func runPython(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let r = try runChild("/usr/bin/env", ["python3", script] + arguments, directory: FileManager.default.currentDirectoryPath)
        return (r.status, String(decoding: r.stdout + r.stderr, as: UTF8.self))
    }
}
