import Foundation
import Testing
@testable import Scenario

/// The package root (two levels above this file's folder).
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func shipped(_ name: String) -> String { packageRoot.appendingPathComponent("scenarios/\(name)").path }

/// Issues of a YAML text ([] when it is sound).
func issues(_ yaml: String, file: String = "t.yaml") -> [ScenarioIssue] {
    do {
        _ = try ScenarioLoader.parse(yaml: yaml, file: file)
        return []
    } catch {
        return error.issues
    }
}
