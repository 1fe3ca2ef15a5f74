import ArgumentParser
import Foundation
import Scenario

/// `import-roster … --scenario scenario.xlsx`: the imported segments put into a scenario
/// workbook, written as a workbook (`--into x.xlsx`) or as YAML.
extension ImportRosterCommand {
    /// The bytes of `path` when it is a workbook scenario; nil for YAML (or an unreadable
    /// file, which the YAML path reports).
    func workbookScenario(_ path: String) -> Data? {
        guard let data = try? ScenarioLoader.readData(path: path), ScenarioLoader.format(of: data) == .workbook else { return nil }
        return data
    }

    /// Replaces the workbook scenario's segments by the imported ones (keeping what its own
    /// segments of the same id add, as for YAML), checks the result and writes it to --into.
    /// - Throws: `ExitCode(1)` after printing the problems; nothing is written then.
    func importIntoWorkbookScenario(_ result: RosterImport, scenario path: String, data: Data) throws {
        var sc: Scenario
        do { sc = try ScenarioLoader.load(data: data, name: path) } catch {
            print(error.description)
            print("the scenario has problems; nothing was written")
            throw ExitCode(1)
        }
        sc.segments = Roster.merged(result.segments, keeping: Dictionary(sc.segments.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b }))
        // Checked as the written file will be read: the canonical YAML of the result.
        let check = ScenarioLoader.read(data: Data(sc.canonicalYAML.utf8), name: into)
        if !check.issues.isEmpty {
            for issue in check.issues {
                print("\(into) (not written): \(issue.path.isEmpty ? "" : issue.path + ": ")\(issue.message)")
            }
            print("the scenario with the imported segments has problems; nothing was written")
            throw ExitCode(1)
        }
        if into.lowercased().hasSuffix(".xlsx") {
            try writeWorkbook(ScenarioWorkbook.workbook(sc), to: into, force: force)
        } else {
            do { try Roster.write(sc.canonicalYAML, to: into, force: force) } catch {
                print(error.description)
                throw ExitCode(1)
            }
        }
    }
}
