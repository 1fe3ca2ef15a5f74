import Foundation
import Spreadsheet

/// The one way into a scenario, shared by the CLI and the web app: a YAML file or an Office
/// Open XML workbook (.xlsx), told apart by content (a ZIP archive starts with `PK\u{3}\u{4}`),
/// never by trusting the name alone.
public enum ScenarioFormat: String, Sendable, Codable {
    case yaml
    case workbook
}

/// What reading a scenario found: the scenario when it is sound, and every issue at once.
public struct ScenarioReading: Sendable {
    /// The validated scenario; nil when any issue was found.
    public var scenario: Scenario?
    /// Every problem, in file order (line and column for YAML, sheet and cell for workbooks).
    public var issues: [ScenarioIssue]
    /// The format the bytes were read as.
    public var format: ScenarioFormat

    public init(scenario: Scenario?, issues: [ScenarioIssue], format: ScenarioFormat) {
        self.scenario = scenario; self.issues = issues; self.format = format
    }
}

extension ScenarioLoader {
    /// The format of `data`: a workbook when it is a ZIP archive, YAML otherwise.
    public static func format(of data: Data) -> ScenarioFormat {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? .workbook : .yaml
    }

    /// Reads a scenario from bytes, as uploaded to the web app or read from disk.
    /// - Parameters:
    ///   - data: the file's bytes (YAML text in UTF-8, or an .xlsx workbook); at most `maxFileBytes`.
    ///   - name: the file name shown in every issue (never used as a path).
    /// - Returns: the scenario when sound, and every issue found.
    public static func read(data: Data, name: String) -> ScenarioReading {
        if data.count > maxFileBytes {
            return ScenarioReading(scenario: nil, issues: [ScenarioIssue(file: name, line: 0, column: 0, path: "",
                message: "file is larger than the \(maxFileBytes / 1_048_576) MB a scenario may have; refused")], format: format(of: data))
        }
        switch format(of: data) {
        case .workbook:
            return readWorkbook(data: data, name: name)
        case .yaml:
            let text: String
            do { text = try decodeText(data, file: name) } catch {
                return ScenarioReading(scenario: nil, issues: error.issues, format: .yaml)
            }
            let (scenario, issues) = parseCollecting(yaml: text, file: name)
            return ScenarioReading(scenario: issues.isEmpty ? scenario : nil, issues: issues, format: .yaml)
        }
    }

    /// Reads and validates a scenario from bytes.
    /// - Throws: `ScenarioError` with every issue when the scenario is not sound.
    public static func load(data: Data, name: String) throws(ScenarioError) -> Scenario {
        let reading = read(data: data, name: name)
        if let s = reading.scenario { return s }
        throw ScenarioError(issues: reading.issues.isEmpty
            ? [ScenarioIssue(file: name, line: 0, column: 0, path: "", message: "could not be read")] : reading.issues)
    }

    /// Reads a scenario workbook (layout: `ScenarioWorkbook`, docs/scenario.md "Workbooks"):
    /// its cells become the tree a YAML file composes to and go through the same decoder and
    /// checks, so the rules and messages are the YAML ones, placed at `Sheet!C12`.
    static func readWorkbook(data: Data, name: String) -> ScenarioReading {
        let sheets: [SheetData]
        do { sheets = try WorkbookReader.read(data: data) } catch {
            return ScenarioReading(scenario: nil, issues: [ScenarioIssue(file: name, line: 0, column: 0, path: "", message: error.message)],
                                   format: .workbook)
        }
        var reader = WorkbookScenarioReader(file: name, sheets: sheets)
        let (scenario, issues) = reader.read()
        return ScenarioReading(scenario: issues.isEmpty ? scenario : nil, issues: issues, format: .workbook)
    }
}
