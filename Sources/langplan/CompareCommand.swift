import ArgumentParser
import Foundation
import Planner
import Reports

/// `langplan compare A B`: two scenarios (inputs diff, both planned) or two plan directories.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two scenarios or two plan directories: inputs, attainment, spend, classes by mode.",
        discussion: paragraphs("""
        A and B are two scenario files (YAML or .xlsx) or two plan directories written by `langplan plan` \
        (summary.json, attainment.csv, budget.csv, classes.csv). For scenarios, prints what differs \
        in the inputs (segments, targets, budgets, capacity, courses) and plans both (no Monte Carlo \
        runs); for plan directories, reads their files. Then prints attainment per target and \
        milestone, spend per year and payer and classes by mode as tables (A, B, Δ = B − A); \
        --html writes the same as one self-contained page.
        """))

    @Argument(help: "First scenario file or plan directory (A).") var a: String
    @Argument(help: "Second scenario file or plan directory (B).") var b: String
    @Option(name: .long, help: "Time limit in seconds for planning each scenario.") var timeLimit: Double = 30
    @Option(name: .long, help: "Language.") var lang: Language = .vi
    @Option(name: .long, help: "Also write the comparison as an HTML page to this file.") var html: String?
    @Flag(name: .long, help: "Overwrite the --html file if it exists.") var force = false
    @OptionGroup var solver: SolverFlags

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    func run() throws {
        bootstrapLogging(verbose: solver.verbose)
        let language = lang
        // Refuse to overwrite before spending time planning.
        if let html {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: html, isDirectory: &isDir) {
                if isDir.boolValue { note("error: \(html) is a directory"); throw ExitCode(1) }
                if !force { note("error: \(html) exists; use --force to overwrite it"); throw ExitCode(1) }
            }
            let parent = (html as NSString).deletingLastPathComponent
            if !parent.isEmpty && !(FileManager.default.fileExists(atPath: parent, isDirectory: &isDir) && isDir.boolValue) {
                note("error: cannot write \(html): \(parent) is not a directory"); throw ExitCode(1)
            }
        }
        var options = PlannerOptions()
        options.timeLimit = timeLimit
        options.monteCarloRuns = 0
        solver.apply(to: &options)
        options.progress = { note($0) }
        let comparison: Comparison
        do { comparison = try Comparison.run(a, b, options: options, language: language) } catch {
            note("error: \(error)")
            throw ExitCode(1)
        }
        print(comparison.text(language), terminator: "")
        if let html {
            do { try comparison.html(language).write(toFile: html, atomically: true, encoding: .utf8) } catch {
                note("error: cannot write \(html): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            note("wrote \(html)")
        }
    }
}
