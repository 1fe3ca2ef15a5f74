import Foundation
import Testing
@testable import Scenario

@Suite struct ShippedScenarios {
    @Test(arguments: ["tiny.yaml", "duong-minh-chau.yaml", "labour-confederation.yaml", "hcmc-2026.yaml"])
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
