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
        #expect(!s.summary.isEmpty)
    }

    /// Targets are not met at the start, yet enough people stand within two steps of each.
    @Test(arguments: ["duong-minh-chau.yaml", "labour-confederation.yaml", "hcmc-2026.yaml"])
    func targetsAreReachableButNotTrivial(_ name: String) throws {
        let s = try ScenarioLoader.load(path: shipped(name))
        for t in s.targets {
            let people = s.segments.filter { t.filter.matches($0.tags) }
            let total = Double(people.reduce(0) { $0 + $1.total })
            func share(atLeast level: Int) -> Double {
                Double(people.reduce(0) { $0 + $1.headcount[max(0, level)...].reduce(0, +) }) / total
            }
            let first = try #require(t.milestones.min { $0.key < $1.key })
            #expect(share(atLeast: t.level) < first.value, "\(name) \(t.id) is met at the start")
            #expect(share(atLeast: t.level - 2) > t.milestones.values.max() ?? 1, "\(name) \(t.id) is out of reach")
        }
    }

    @Test func hcmcIsCityScale() throws {
        let s = try ScenarioLoader.load(path: shipped("hcmc-2026.yaml"))
        let people = s.segments.reduce(0) { $0 + $1.total }
        #expect((100_000...200_000).contains(people))
        #expect((10...16).contains(s.segments.count) && (10...20).contains(s.institutions.count))
        let vc = s.segments.filter { $0.tags.contains("vc") }.reduce(0) { $0 + $1.total }
        #expect(Double(vc) > 0.6 * Double(people), "viên chức are the large majority")
        #expect(Set(s.courses.flatMap { $0.modes.map(\.mode) }) == [.inPerson, .online, .selfStudy])
        #expect(s.horizon.termsPerYear == 2 && s.horizon.years == 2026...2030 && s.exams.feePerCandidate == 1_800_000)
        #expect(s.history.allSatisfy { $0.year == 2025 } && s.history.count == s.targets.count)
        #expect(s.segments.filter { $0.tags.contains("leader") }.allSatisfy { $0.preferredWindows == ["*.evening", "sat"] })
        #expect(s.calendar.useDefaultHolidays && s.calendar.days.count == 6 && s.calendar.periods.map(\.id) == ["morning", "afternoon", "evening"])
    }

    @Test func tinyIsHandCheckable() throws {
        let s = try ScenarioLoader.load(path: shipped("tiny.yaml"))
        #expect(s.segments.count == 1 && s.segments[0].headcount == [0, 0, 0, 100, 0, 0, 0])
        #expect(s.courses.count == 1 && s.courses[0].fromLevel == 3 && s.courses[0].toLevel == 4)
        #expect(s.institutions.count == 1 && s.payers.count == 1 && s.targets.count == 1)
        #expect(s.horizon.termCount == 2 && s.targets[0].milestones == [2026: 0.5])
    }
}
