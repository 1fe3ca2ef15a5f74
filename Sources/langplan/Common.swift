import ArgumentParser
import Foundation
import GLPK
import Logging
import Planner
import Reports
import Scenario

// `--lang vi|en`: the values come from `Language.allCases`, so --help lists them and a wrong
// one is refused by the argument parser with the accepted values.
extension Language: ExpressibleByArgument {}

/// Options every command that solves shares.
struct SolverFlags: ParsableArguments {
    @Flag(name: .long, help: "Show GLPK's own output and debug messages.")
    var verbose = false
    @Flag(name: .long, help: "Plan on one core. By default, on a model whose LP relaxation solves in under half a second, a second search (its own dives and sub-MIPs) runs on another core beside the first.")
    var oneCore = false

    /// Sets the planner options these flags decide.
    /// - Parameter options: the options to change (verbosity, second core).
    func apply(to options: inout PlannerOptions) {
        options.verbose = verbose
        if oneCore { options.secondCoreDives = false }
    }
}

/// Sets up logging once: messages to standard error, GLPK's lines at debug unless --verbose.
func bootstrapLogging(verbose: Bool) {
    LoggingBootstrap.once(verbose: verbose)
}

enum LoggingBootstrap {
    nonisolated(unsafe) static var done = false
    static func once(verbose: Bool) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = verbose ? .debug : .warning
            return h
        }
        var logger = Logger(label: "langplan.glpk")
        logger.logLevel = verbose ? .debug : .warning
        GLPKLog.logger = logger
    }
}

/// Loads a scenario, printing every problem (file:line:column: path: message) on failure.
func loadScenario(_ path: String) throws -> Scenario {
    do {
        return try ScenarioLoader.load(path: path)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    }
}

/// Writes a line to standard error (progress and diagnostics; stdout stays for results).
func note(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// Help text written in the source as wrapped lines, reflowed for the terminal: single line
/// breaks become spaces, blank lines stay paragraph breaks (ArgumentParser keeps every break).
func paragraphs(_ text: String) -> String {
    text.components(separatedBy: "\n\n")
        .map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
        .joined(separator: "\n\n")
}
