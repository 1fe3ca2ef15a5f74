// The scale ladder of issue 4: district, province, city, national. For each rung it builds
// the planner's model, plans with GLPK (LP bound, rounding and diving incumbents, branch
// and cut) and prints size, times, gap and attainment against the greedy baseline. With
// --export DIR it also writes each rung's model as MPS for a second solver
// (benchmarks/run.sh hands it to HiGHS side by side).
import Foundation
import LinearModel
import Planner
import Scenario
import Synthetic

var rungs = ["district", "province", "city"]
var timeLimit = 60.0
var exportDir: String?
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--rungs": rungs = (args.popFirst() ?? "").split(separator: ",").map(String.init)
    case "--time-limit": timeLimit = Double(args.popFirst() ?? "") ?? timeLimit
    case "--export": exportDir = args.popFirst()
    case "--help", "-h":
        print("usage: langplan-bench [--rungs district,province,city,national] [--time-limit S] [--export DIR]")
        exit(0)
    default:
        FileHandle.standardError.write("unknown argument \(a)\n".data(using: .utf8)!)  // safe: ASCII
        exit(2)
    }
}

print("| rung | staff | variables | integers | constraints | non-zeros | build s | solve s | s to 0.1% | gap | attainment | greedy | incumbent |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for name in rungs {
    guard let gen = ScenarioGenerator.rung(name) else { print("unknown rung \(name)"); continue }
    let scenario = gen.make()
    if let dir = exportDir {
        let sm = StrategicModel(PlanningData(scenario))
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        do { try sm.model.mps().write(toFile: "\(dir)/\(name).mps", atomically: true, encoding: .utf8) }
        catch { print("export failed: \(error)") }
    }
    var options = PlannerOptions()
    options.timeLimit = timeLimit
    options.monteCarloRuns = 0
    options.minimiseCost = false
    options.progress = { FileHandle.standardError.write("[\(name)] \($0)\n".data(using: .utf8)!) }  // safe: UTF-8
    do {
        let r = try StrategicPlanner.plan(scenario, options: options)
        let staff = scenario.segments.reduce(0) { $0 + $1.total }
        let attainment = r.projection.weightedAttainment(scenario)
        let greedy = r.greedyProjection.weightedAttainment(scenario)
        let to01 = r.secondsToGap01.map { String(format: "%.1f", $0) } ?? "—"
        let gap = r.gap.map { String(format: "%.3f%%", 100 * $0) } ?? "unknown"
        print(String(format: "| %@ | %d | %d | %d | %d | %d | %.2f | %.1f | %@ | %@ | %.4f | %.4f | %@ |",
                     name, staff, r.variables, r.integers, r.constraints, r.nonZeros, r.buildSeconds, r.solveSeconds,
                     to01, gap, attainment, greedy, r.incumbentSource))
    } catch {
        print("| \(name) | failed: \(error) |")
    }
}
