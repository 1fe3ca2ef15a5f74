import ArgumentParser
import Foundation
import Scenario

/// `langplan import-roster ROSTER.csv --into OUT.yaml`: people → segments by level, counts only.
struct ImportRosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-roster",
        abstract: "Count an HR roster (CSV or .xlsx) into segments by level; write a segments file or a scenario.",
        discussion: paragraphs("""
            Columns: id, unit, category (CBCC/VC), commune (yes/no), leader (yes/no), birth_year, \
            and level (0-6) or certificate (B1, VSTEP B2, IELTS 6.0, ...). Segments are split by \
            category, commune, leader and under 40 (as of --as-of). Only counts are printed or written: \
            no id, name or other personal data. See docs/scenario.md.
            """))

    @Argument(help: "The roster: a CSV file or an .xlsx workbook, with a header row.")
    var roster: String

    @Option(name: .long, help: "Where to write: a segments file, or a whole scenario with --scenario.")
    var into: String

    @Option(name: .long, help: "A scenario whose segments section is replaced by the imported segments (other sections are kept).")
    var scenario: String?

    @Option(name: .long, help: "In a workbook roster, the sheet to read (default: the first visible sheet).")
    var sheet: String?

    @Option(name: .customLong("as-of"), help: "Year in which ages are counted (default: this year).")
    var asOf: Int?

    @Option(name: .long, help: "A province's certificate score table (YAML or CSV) replacing the default bands of the tests it names.")
    var certificates: String?

    @Flag(name: .long, help: "Replace --into when it exists.")
    var force = false

    func run() throws {
        let year = asOf ?? Foundation.Calendar(identifier: .gregorian).component(.year, from: Date())
        var table = CertificateTable.vietnam
        if let certificates {
            do { table = try CertificateTable.load(path: certificates) } catch {
                print(error.description)
                print("the certificate table has problems; nothing was written")
                throw ExitCode(1)
            }
        }
        var result: RosterImport
        var place = roster
        do {
            let data = try Roster.readData(path: roster)
            if ScenarioLoader.format(of: data) == .workbook {
                // A workbook: the first visible sheet or --sheet; problems by sheet, row and column letter.
                do {
                    let read = try Roster.aggregate(workbook: data, sheet: sheet, asOf: year, certificates: table)
                    result = read.result
                    place = "\(roster):\(read.sheet)"
                } catch {
                    print("\(roster): \(error.message)")
                    throw ExitCode(1)
                }
            } else {
                result = Roster.aggregate(csv: try Roster.text(of: data, file: roster), asOf: year, certificates: table)
            }
        } catch let error as RosterFileError {
            print(error.description)
            throw ExitCode(1)
        }
        if !result.problems.isEmpty {
            for p in result.problems.prefix(200) { print("\(place): \(p)") }
            if result.problems.count > 200 { print("… and \(result.problems.count - 200) more") }
            print("\(result.problems.count) problem\(result.problems.count == 1 ? "" : "s"); nothing was written")
            throw ExitCode(1)
        }
        var output = Roster.segmentsFile(result)
        var written = false
        if let scenario, let book = workbookScenario(scenario) {
            try importIntoWorkbookScenario(result, scenario: scenario, data: book)
            written = true
        } else if let scenario {
            do {
                let template = try ScenarioLoader.readText(path: scenario)
                output = try Roster.splice(result, into: template, file: scenario)
                let check = ScenarioLoader.read(data: Data(output.utf8), name: "\(into) (not written)")
                if !check.issues.isEmpty {
                    // Problems the template has outside its segments (which are replaced) are
                    // named in the template, by its own lines, where the user can fix them.
                    let own = ScenarioLoader.read(data: Data(template.utf8), name: scenario).issues
                        .filter { !$0.path.hasPrefix("segments") }
                    throw ScenarioError(issues: own.isEmpty ? check.issues : own)
                }
            } catch {
                print("\(error)")
                print("the scenario with the imported segments has problems; nothing was written")
                throw ExitCode(1)
            }
        }
        if !written {
            do { try Roster.write(output, to: into, force: force) } catch {
                print(error.description)
                throw ExitCode(1)
            }
        }
        print("imported \(result.people) people\(result.units > 0 ? " of \(result.units) units" : "") into \(result.segments.count) segments (ages as of \(year)) → \(into)")
        for s in result.segments {
            print("  \(s.id): \(s.total) \(s.total == 1 ? "person" : "people"), by level 0..6 \(s.headcount.map(String.init).joined(separator: "/"))")
        }
    }
}
