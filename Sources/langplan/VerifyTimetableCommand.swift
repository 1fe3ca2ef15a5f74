import ArgumentParser
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

    func run() throws {
        let s = try ScenarioLoader.load(path: scenario)
        let violations = TimetableRun.verifyFiles(dir: dir, scenario: s)
        if violations.isEmpty {
            print("\(dir): every timetable passes")
        } else {
            for v in violations { print(v) }
            print("\(violations.count) violation\(violations.count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }
}
