import Foundation
import Testing
@testable import Scenario

@Suite struct ShippedScenarios {
    @Test(arguments: ["tiny.yaml"])
    func loadsWithoutIssues(_ name: String) throws {
        let s: Scenario
        do { s = try ScenarioLoader.load(path: shipped(name)) } catch {
            Issue.record("\(error)")
            return
        }
        #expect(validate(s).isEmpty)
        print(s.summary)
    }
}
