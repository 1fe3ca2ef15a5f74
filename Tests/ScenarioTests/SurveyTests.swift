import Foundation
import Scenario
import Testing

/// Re-basing a scenario on a new survey (what `langplan replan` plans from).
@Suite struct SurveyTests {
    static let dmc = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scenarios/duong-minh-chau.yaml").standardized.path

    @Test func rebaseKeepsTheFutureAndTakesTheSurvey() throws {
        let s = try ScenarioLoader.load(path: Self.dmc)
        let first = s.segments[0].id
        let survey = Survey(asOf: 2026, headcount: [first: [1, 2, 3, 4, 5, 6, 7]])
        // scenarios/duong-minh-chau.yaml: budgets[0] is state with 2026: 200_000_000 and
        // budgets[1] unit with 2026: 150_000_000 (read off the file, not the loader).
        #expect(s.budgets[0].payer == "state" && s.budgets[1].payer == "unit")
        // 1,000,000 of state's 2026 budget is spent already (left: 199,000,000); unit spent
        // more than its 150,000,000 (left: 0, never negative); spending in 2025, before the
        // survey year, is gone with the years before it.
        let r = survey.rebase(s, spentAlready: ["state": [2026: 1_000_000, 2025: 9], "unit": [2026: 160_000_000]])
        #expect(r.horizon.startYear == 2026)
        #expect(r.horizon.milestones == s.horizon.milestones.filter { $0 >= 2026 })
        #expect(r.segments[0].headcount == [1, 2, 3, 4, 5, 6, 7])
        #expect(r.segments[1].headcount == s.segments[1].headcount)
        #expect(r.budgets.allSatisfy { $0.amounts.keys.allSatisfy { $0 >= 2026 } })
        #expect(r.budgets[0].amounts[2026] == 199_000_000)
        #expect(r.budgets[1].amounts[2026] == 0)
        #expect(r.budgets[0].amounts[2027] == 200_000_000)
        #expect(r.problems.isEmpty, "\(r.problems.prefix(3))")
    }

    @Test func surveyFileErrorsNameTheKey() throws {
        let s = try ScenarioLoader.load(path: Self.dmc)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("survey-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let bad = dir.appendingPathComponent("bad.yaml").path
        try "as_of: 2026\nsegments:\n  nobody: [1, 2, 3, 4, 5, 6, 7]\n  \(s.segments[0].id): [1, -2]\n".write(toFile: bad, atomically: true, encoding: .utf8)
        do {
            _ = try Survey.load(path: bad, scenario: s)
            Issue.record("a bad survey must be refused")
        } catch {
            let paths = error.issues.map(\.path)
            #expect(paths.contains("segments.nobody"))
            #expect(paths.contains("segments.\(s.segments[0].id)"))
        }
        let good = dir.appendingPathComponent("good.yaml").path
        try "as_of: 2027\nsegments:\n  \(s.segments[0].id): {3: 40, 4: 10}\n".write(toFile: good, atomically: true, encoding: .utf8)
        let sv = try Survey.load(path: good, scenario: s)
        #expect(sv.asOf == 2027)
        #expect(sv.headcount[s.segments[0].id] == [0, 0, 0, 40, 10, 0, 0])
    }

    /// A roster cannot say "city": a CBCC leader over 40 outside a commune has tags
    /// [cbcc, leader], which hcmc-2026's cbcc-city-leader-40plus and cbcc-commune-leader-40plus
    /// (both [cbcc, …, leader], three tags) include equally. The message names both and says
    /// what to do instead.
    @Test func ambiguousRosterGroupNamesTheSegmentsAndTheWayOut() throws {
        let hcmc = URL(fileURLWithPath: Self.dmc).deletingLastPathComponent().appendingPathComponent("hcmc-2026.yaml").path
        let s = try ScenarioLoader.load(path: hcmc)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("survey-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let roster = dir.appendingPathComponent("roster.csv").path
        try "id,unit,category,commune,leader,birth_year,level\nX1,A,CBCC,no,yes,1970,3\n".write(toFile: roster, atomically: true, encoding: .utf8)
        do {
            _ = try Survey.fromRoster(path: roster, asOf: 2027, scenario: s)
            Issue.record("an ambiguous roster group must be refused")
        } catch {
            let text = error.description
            #expect(text.contains("cbcc-city-leader-40plus, cbcc-commune-leader-40plus equally"), "\(text)")
            #expect(!text.contains("u40"), "\(text)")
            #expect(text.contains("give the survey as YAML"), "\(text)")
            #expect(!text.contains("X1"))
        }
    }
}
