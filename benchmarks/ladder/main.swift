// The scale ladder of issue 4: district, province, city, national. For each rung it builds
// the planner's model, plans with GLPK (LP bound, rounding and diving incumbents, branch
// and cut) and prints size, times, gap and attainment against the greedy baseline. With
// --export DIR it also writes each rung's model as MPS for a second solver
// (benchmarks/run.sh hands it to HiGHS side by side).
import Foundation
import GLPK
import LinearModel
import Planner
import Scenario
import Synthetic

var rungs = ["district", "province", "city"]
var timeLimit = 60.0
var exportDir: String?
var jsonPath: String?
var monolithic = false
var branching: Int32?, backtracking: Int32?
var cuts: Set<String> = []
var secondCore = true
var rootCutsOnly = false
var rootCuts = true
var bbSeconds = 0.0
var interiorCache: String?
if ProcessInfo.processInfo.environment["LANGPLAN_BENCH_DEBUG"] != nil { var l = GLPKLog.logger; l.logLevel = .debug; GLPKLog.logger = l }
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--rungs": rungs = (args.popFirst() ?? "").split(separator: ",").map(String.init)
    case "--time-limit": timeLimit = Double(args.popFirst() ?? "") ?? timeLimit
    case "--export": exportDir = args.popFirst()
    case "--json": jsonPath = args.popFirst()
    case "--monolithic": monolithic = true
    case "--one-core": secondCore = false   // no dives and sub-MIPs on a second core (PlannerOptions.secondCoreDives)
    // GLPK's br_tech (1 first, 2 last, 3 most fractional, 4 Driebeck-Tomlin, 5 pseudocost) and
    // bt_tech (1 depth first, 2 breadth first, 3 best local bound, 4 best projection).
    case "--br": branching = Int32(args.popFirst() ?? "")
    case "--bt": backtracking = Int32(args.popFirst() ?? "")
    case "--cuts": cuts = Set((args.popFirst() ?? "").split(separator: ",").map(String.init))
    case "--no-root-cuts": rootCuts = false   // PlannerOptions.rootCuts off
    case "--bb": bbSeconds = Double(args.popFirst() ?? "") ?? 0   // with --root-cuts-only: then branch and cut for S s from the greedy plan, on the model with the cuts (without: --no-root-cuts; --br, --bt, --cuts apply)
    case "--interior-cache": interiorCache = args.popFirst()   // national: plan from the interior point saved in FILE (else solve it and save it there)
    case "--root-cuts-only": rootCutsOnly = true   // only the root cut loop (Cuts.strengthen): LP bound per round
    case "--help", "-h":
        print("usage: langplan-bench [--rungs district,province,city,national] [--time-limit S] [--export DIR] [--json FILE] [--monolithic]")
        print("  rungs with several units (national) are planned by province (Decomposition) unless --monolithic;")
        print("  --json appends one line per rung: objective, bound and incumbents over time (benchmarks/run.sh reads it)")
        print("  --interior-cache FILE (national): plan from the national LP point saved in FILE, or solve it and save it there")
        print("  LANGPLAN_BENCH_DEBUG=1 in the environment: GLPK's lines and each sub-MIP's (debug level) on stderr")
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
    if rootCutsOnly {
        let sm = StrategicModel(PlanningData(scenario))
        let t0 = ContinuousClock.now
        do {
            let r = try Cuts.strengthen(sm.model, bounds: sm.fillBounds, rounds: 30, perRound: 100, timeLimit: 120)
            let s = (ContinuousClock.now - t0).components
            print("\(name): \(r.cuts) cuts, LP bound by round: " + r.bounds.map { String(format: "%.6f", $0) }.joined(separator: " ")
                  + String(format: " (%.1f s)", Double(s.seconds) + Double(s.attoseconds) * 1e-18))
            if bbSeconds > 0 {
                var o = SolveOptions()
                o.timeLimit = bbSeconds
                o.relativeGap = 1e-4
                o.mirCuts = false; o.gomoryCuts = false
                if let b = branching.flatMap(SolveOptions.Branching.init(rawValue:)) { o.branching = b }
                if let b = backtracking.flatMap(SolveOptions.Backtracking.init(rawValue:)) { o.backtracking = b }
                o.mirCuts = cuts.contains("mir"); o.gomoryCuts = cuts.contains("gomory")
                let x0 = sm.point(for: GreedyBaseline.plan(sm.data))
                o.start = x0
                let mip = try (rootCuts ? r.model : sm.model).withGLPKSession { try $0.branchAndCut(o) }  // --no-root-cuts: without them
                print(String(format: "\(name): branch and cut on the model \(rootCuts ? "with" : "without") cuts, %.0f s (br %@, bt %@, cuts %@): bound %.6f, plan %.6f",
                             bbSeconds, branching.map { "\($0)" } ?? "default", backtracking.map { "\($0)" } ?? "default",
                             cuts.sorted().joined(separator: ",").isEmpty ? "none" : cuts.sorted().joined(separator: ","),
                             mip.bestBound ?? .nan, mip.objective ?? .nan))
            }
        } catch { print("\(name): \(error)") }
        continue
    }
    let trajectory = Trajectory()
    if gen.units > 1 && !monolithic {
        var o = DecompositionOptions()
        o.timeLimit = timeLimit
        o.progress = { FileHandle.standardError.write("[\(name)] \($0)\n".data(using: .utf8)!) }  // safe: UTF-8
        o.onIncumbent = { t, z in trajectory.add(t, z) }
        if let path = interiorCache, let data = FileManager.default.contents(atPath: path) {
            o.nationalLPPoint = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        }
        do {
            let d = try Decomposition.plan(scenario, options: o)
            if let path = interiorCache, o.nationalLPPoint == nil, let x = d.interiorPoint {
                if !FileManager.default.createFile(atPath: path, contents: x.withUnsafeBytes { Data($0) }) {
                    FileHandle.standardError.write(Data("could not write the national LP point to \(path)\n".utf8))
                }
            }
            trajectory.add(d.seconds, d.modelObjective)
            let staff = scenario.segments.reduce(0) { $0 + $1.total }
            // (The greedy baseline is left out here: on this rung it takes minutes.)
            print(String(format: "| %@ (by province: %d blocks, %d shared rows, %d steps) | %d | | | | | | %.1f | %@ | %.3f%% | %.4f | — | decomposition (%@)%@ |",
                         name, d.blocks.count, d.sharedRows, d.iterations, staff, d.seconds,
                         d.gap <= 1e-3 ? String(format: "%.1f", d.seconds) : "—", 100 * d.gap, d.weightedAttainment, d.source,
                         d.violations.isEmpty ? "" : " (\(d.violations.count) rows broken!)"))
            trajectory.write(jsonPath, rung: name, objective: d.modelObjective, bound: d.modelBound, seconds: d.seconds)
        } catch {
            print("| \(name) | failed: \(error) |")
        }
        continue
    }
    var options = PlannerOptions()
    options.onIncumbent = { t, z in trajectory.add(t, z) }
    if branching != nil || backtracking != nil || !cuts.isEmpty {
        let (br, bt, cu) = (branching, backtracking, cuts)
        options.tuneBranchAndCut = { o in
            if let b = br.flatMap(SolveOptions.Branching.init(rawValue:)) { o.branching = b }
            if let b = bt.flatMap(SolveOptions.Backtracking.init(rawValue:)) { o.backtracking = b }
            o.mirCuts = cu.contains("mir"); o.gomoryCuts = cu.contains("gomory"); o.coverCuts = cu.contains("cover")
            o.cliqueCuts = cu.contains("clique")
        }
    }
    options.timeLimit = timeLimit
    options.secondCoreDives = secondCore
    options.rootCuts = rootCuts
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
        trajectory.write(jsonPath, rung: name, objective: r.objective, bound: r.bestBound, seconds: r.buildSeconds + r.solveSeconds)
    } catch {
        print("| \(name) | failed: \(error) |")
    }
}

/// Incumbents over time (seconds since the rung's solve began, objective), written as one
/// JSON line per rung for benchmarks/run.sh.
final class Trajectory: @unchecked Sendable {
    private let lock = NSLock()
    private var points: [(Double, Double)] = []
    func add(_ t: Double, _ z: Double) {
        lock.lock(); defer { lock.unlock() }
        if let last = points.last, z <= last.1 { return }
        points.append((t, z))
    }
    func write(_ path: String?, rung: String, objective: Double, bound: Double?, seconds: Double) {
        guard let path else { return }
        lock.lock(); let pts = points; lock.unlock()
        let object: [String: Any] = ["rung": rung, "objective": objective, "bound": bound ?? NSNull(), "seconds": seconds,
                                     "incumbents": pts.map { [$0.0, $0.1] }]
        guard let data = try? JSONSerialization.data(withJSONObject: object), var line = String(data: data, encoding: .utf8) else { return }
        line += "\n"
        if let h = FileHandle(forWritingAtPath: path) {
            h.seekToEndOfFile(); h.write(Data(line.utf8)); try? h.close()
        } else {
            if !FileManager.default.createFile(atPath: path, contents: Data(line.utf8)) {
                FileHandle.standardError.write(Data("could not write \(path)\n".utf8))
            }
        }
    }
}
