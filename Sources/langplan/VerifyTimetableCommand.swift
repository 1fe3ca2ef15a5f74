import ArgumentParser
import Foundation
import PlanFiles
import Scenario
import Timetable

/// `langplan verify-timetable DIR --scenario FILE`: the verifier on written timetable files.
struct VerifyTimetableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-timetable",
        abstract: "Check timetable files against the scenario: no double booking, availability, limits, hours, holidays.",
        discussion: "DIR is the output of `langplan timetable` (cohorts.csv, terms.csv, <institution>/sessions.csv, unplaced.csv). Exits 1 on any violation.")

    @Argument(help: "Timetable directory.")
    var dir: String

    @Option(name: .long, help: "Scenario file (YAML or .xlsx workbook).")
    var scenario: String

    @Option(name: .long, help: "Plan directory: also re-project its attainment from the timetable's last session dates (exit 1 if it differs).")
    var plan: String?

    func run() throws {
        let s = try ScenarioLoader.load(path: scenario)
        let violations = TimetableRun.verifyFiles(dir: dir, scenario: s)
        if violations.isEmpty {
            print("\(dir): every timetable passes")
        } else {
            for v in violations { print(v) }
            print("\(violations.count) violation\(violations.count == 1 ? "" : "s")")
        }
        var differs = false
        if let plan {
            // A plan made from another scenario (or another version of it) cannot be re-projected
            // against this one: say so by the checksums rather than by the first row that fails.
            let summaryPath = (plan as NSString).appendingPathComponent("summary.json")
            if let made = try? PlanSummary.read(path: summaryPath), made.scenarioChecksum != s.checksum {
                print("error: \(plan) was planned from scenario \(made.scenario) (checksum \(made.scenarioChecksum)), not from \(scenario) "
                      + "(\(s.name), checksum \(s.checksum)); re-plan it with `langplan plan \(scenario) --out \(plan)` or give the scenario it was made from")
                throw ExitCode(1)
            }
            let r = try TimetableReprojection(scenario: s, planDir: plan, timetableDir: dir)
            if let c = r.covered, r.partial {
                print("the timetable covers only some years, \(c.first)-\(c.last) of the horizon \(s.horizon.label(ofTerm: 0))-\(s.horizon.label(ofTerm: s.horizon.termCount - 1)): "
                      + "\(r.continuingBeyond.count) classes continue beyond it and \(r.notTimetabled) start outside it; the plan's end terms are used for them")
            }
            print("re-projection from the last session of \(r.classes) timetabled classes (\(r.moved.count) end in another term than the plan counts, \(r.continuingBeyond.count) continue beyond the timetable):")
            print("target,milestone,share_with_plan_spans,share_from_timetable")
            for row in r.rows { print("\(row.target),\(row.year),\(row.planned),\(row.timetabled)") }
            for m in r.moved.prefix(10) { print("  moved: \(m)") }
            differs = !r.moved.isEmpty || r.rows.contains { abs($0.planned - $0.timetabled) > 1e-9 }
        }
        if !violations.isEmpty || differs { throw ExitCode(1) }
    }
}
