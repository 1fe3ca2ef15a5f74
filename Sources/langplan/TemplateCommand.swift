import ArgumentParser
import Foundation
import Scenario
import Spreadsheet

/// `langplan template --xlsx scenario.xlsx [--from SCENARIO] [--lang en]`: a scenario workbook to fill in.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write a scenario workbook (.xlsx) to fill in: one sheet per part, notes, drop-down lists.",
        discussion: paragraphs("""
            Headers are in Vietnamese unless --lang en; the reader accepts both. With --from the \
            workbook holds that scenario's values. Every command that takes a scenario reads the \
            filled workbook. See docs/scenario.md, "Workbooks".
            """))

    @Option(name: .long, help: "The workbook to write (.xlsx).")
    var xlsx: String

    @Option(name: .long, help: "A scenario (YAML or workbook) whose values fill the template.")
    var from: String?

    @Option(name: .long, help: "Header language: vi (default) or en.")
    var lang: String = "vi"

    @Flag(name: .long, help: "Replace --xlsx when it exists.")
    var force = false

    func run() throws {
        guard let language = ScenarioWorkbook.Language(rawValue: lang) else {
            throw ValidationError("--lang \(lang): expected vi or en")
        }
        let scenario = try from.map(loadScenario)
        try writeWorkbook(ScenarioWorkbook.workbook(scenario, language: language), to: xlsx, force: force)
        print("wrote \(xlsx)\(scenario.map { " (scenario \($0.name), checksum \($0.checksum))" } ?? " (empty template)")")
    }
}

/// Writes a workbook, refusing to replace an existing file without `force`.
func writeWorkbook(_ book: Workbook, to path: String, force: Bool) throws {
    if FileManager.default.fileExists(atPath: path) && !force {
        note("\(path) exists; nothing was written (use --force to replace it)")
        throw ExitCode(1)
    }
    do { try book.write(to: path) } catch {
        note(error.description)
        throw ExitCode(1)
    }
}
