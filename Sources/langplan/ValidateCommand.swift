import ArgumentParser
import Scenario

/// `langplan validate FILE...`: every problem of every file, or a summary of each sound one.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files; print every problem (file:line:column: field: message) or a summary.",
        discussion: "Exits 0 when every file is sound, 1 when any has a problem. The format is described in docs/scenario.md.")

    @Argument(help: "Scenario files (YAML or .xlsx workbooks).")
    var files: [String]

    @Flag(name: .long, help: "Print only problems, no summaries.")
    var quiet = false

    func run() throws {
        var problems = 0
        var bad = 0
        for (i, file) in files.enumerated() {
            do {
                let scenario = try ScenarioLoader.load(path: file)
                if !quiet {
                    if i > 0 { print("") }
                    print("\(file): ok")
                    print(scenario.summary)
                    for line in calendarSpanNotes(scenario) { print("note: \(line)") }
                }
            } catch {
                bad += 1
                problems += error.issues.count
                if i > 0 && !quiet { print("") }
                print(error.description)
            }
        }
        if bad > 0 {
            print("\n\(problems) problem\(problems == 1 ? "" : "s") in \(bad) of \(files.count) file\(files.count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }
}
