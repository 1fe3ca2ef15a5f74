import ArgumentParser
import Foundation
import Scenario

/// `langplan convert A B`: a scenario from YAML to a workbook or back (told by B's extension).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a scenario between YAML (.yaml) and a workbook (.xlsx); the checksum is kept.",
        discussion: paragraphs("""
            The input is read by content (YAML or workbook) with every check `validate` makes; \
            the output format follows the output's extension. YAML is written in langplan's \
            canonical form (every field written out). Nothing is replaced without --force.
            """))

    @Argument(help: "The scenario to read (.yaml or .xlsx).")
    var input: String

    @Argument(help: "The file to write: .xlsx for a workbook, .yaml or .yml for YAML.")
    var output: String

    @Option(name: .long, help: "Workbook header language: vi (default) or en.")
    var lang: String = "vi"

    @Flag(name: .long, help: "Replace the output when it exists.")
    var force = false

    func run() throws {
        guard let language = ScenarioWorkbook.Language(rawValue: lang) else {
            throw ValidationError("--lang \(lang): expected vi or en")
        }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard ["xlsx", "yaml", "yml"].contains(ext) else {
            throw ValidationError("\(output): expected a name ending in .xlsx, .yaml or .yml")
        }
        let scenario = try loadScenario(input)
        if ext == "xlsx" {
            // The workbook holds one number per field: ranges would be lost without a word.
            let ranged = scenario.rangedFields
            if !ranged.isEmpty {
                note("error: \(input): \(ranged.count) field(s) are ranges {low, likely, high} (\(ranged.prefix(3).joined(separator: ", "))\(ranged.count > 3 ? ", ..." : "")), which the scenario workbook cannot hold; keep the YAML file")
                throw ExitCode(1)
            }
            try writeWorkbook(ScenarioWorkbook.workbook(scenario, language: language), to: output, force: force)
        } else {
            let text = "# \(scenario.name): converted from \(URL(fileURLWithPath: input).lastPathComponent) by langplan convert\n"
                + scenario.canonicalYAML
            do { try Roster.write(text, to: output, force: force) } catch {
                note(error.description)
                throw ExitCode(1)
            }
        }
        print("wrote \(output) (scenario \(scenario.name), checksum \(scenario.checksum))")
    }
}
