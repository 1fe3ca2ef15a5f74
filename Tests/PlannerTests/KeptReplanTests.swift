import Foundation
import Planner
import Scenario
import Testing

/// `replan --keep-terms`: announced classes stay unless impossible; otherwise as few change
/// as can (issue 14).
@Suite struct KeptReplanTests {
    /// tiny.yaml re-based to 2027 (one year, two terms): 200 people at level 3, target 50%
    /// at level ≥ 4 (100 people: 125 learners at pass rate 0.8 = 5 classes of 25). A class
    /// costs 50M VND, an exam 1M. A teacher of 200 periods a term carries one class a term:
    /// 100 periods in sessions of 3-4 lessons take up to 102 periods (34 evening sessions of
    /// 3), and two such classes (204) exceed 200. Four teachers: 4 classes a term at school;
    /// one room holds 6 (18 weekly slots / 3 sessions).
    static func scenario(teachers: Int = 4) throws -> Scenario {
        var s = try ScenarioLoader.load(path: HandSolvedTests.tinyPath)
        s.horizon = Horizon(startYear: 2027, endYear: 2027, termsPerYear: 2, milestones: [2027])
        s.segments[0].headcount = [0, 0, 0, 200, 0, 0, 0]
        s.targets[0].milestones = [2027: 0.5]
        s.budgets[0].amounts = [2027: 1_000_000_000]
        s.institutions[0].teachers[0].count = teachers
        return s
    }

    /// Committed (announced) classes at school, paid by the state: `first` in 2027T1,
    /// `second` in 2027T2.
    static func committed(_ first: Int, _ second: Int) -> [ClassKey: Int] {
        [ClassKey(offering: 0, payer: 0, institution: 0, term: 0): first, ClassKey(offering: 0, payer: 0, institution: 0, term: 1): second]
    }

    static func options() -> PlannerOptions {
        var o = PlannerOptions()
        o.timeLimit = 20
        o.monteCarloRuns = 0
        return o
    }

    /// Nothing changed: 3 + 2 announced classes still fit (4 a term) and still give 125
    /// learners, 100 passes: all kept, attainment 1, no change at all; spend
    /// 5 × 50M + 125 × 1M = 375M VND.
    @Test func nothingChangedMovesNothing() throws {
        let s = try Self.scenario()
        let out = try KeptReplanner.replan(s, committed: Self.committed(3, 2), keepTerms: 1, options: Self.options())
        #expect(out.keptAll)
        #expect(out.keptTermChanges == 0)
        #expect(out.result.plan.classes == Self.committed(3, 2))
        #expect(out.changes.isEmpty)
        #expect(abs(out.result.projection.attainment(target: 0, milestone: 0, scenario: s)! - 1) < 1e-6)
        #expect(abs(out.result.projection.spend.values.reduce(0, +) - 375_000_000) < 1)
    }

    /// The teacher group shrank from four to two: 2 classes a term at most, so the 3 announced for
    /// 2027T1 cannot all run. Best attainment: 2 + 2 classes, 100 learners, 80 passes of
    /// 100 needed = 0.8. Fewest changes to 2027T1: 3 → 2 (one class). Announced 3 + 1, so
    /// the class dropped from 2027T1 reappears in 2027T2 (1 → 2): one class moved, and
    /// the two others of 2027T1 stay. Spend 4 × 50M + 100 × 1M = 300M VND.
    @Test func shrunkTeacherGroupMovesOnlyWhatMust() throws {
        let s = try Self.scenario(teachers: 2)
        let out = try KeptReplanner.replan(s, committed: Self.committed(3, 1), keepTerms: 1, options: Self.options())
        #expect(!out.keptAll)
        #expect(out.keptTermChanges == 1)
        #expect(out.result.plan.classes == Self.committed(2, 2))
        #expect(abs(out.result.projection.attainment(target: 0, milestone: 0, scenario: s)! - 0.8) < 1e-6)
        #expect(abs(out.result.projection.spend.values.reduce(0, +) - 300_000_000) < 1)
        #expect(out.changes.count == 1)
        let c = try #require(out.changes.first)
        #expect(c.kind == .moved && c.classes == 1 && c.inKeptTerms)
        #expect(c.from?.term == 0 && c.to?.term == 1)
        // 3 announced classes need 3 teachers (one class each); 2 are left.
        #expect(c.reason.contains("teachers") && c.reason.contains("school in 2027T1"), "\(c.reason)")
    }

    /// Keeping two terms: 2027T2's announced class is promised too, and 2 + 2 still changes
    /// only 2027T1 (3 → 2) and 2027T2 (1 → 2): two kept-term changes, the least possible
    /// at attainment 0.8.
    @Test func keepingTwoTermsCountsBoth() throws {
        let s = try Self.scenario(teachers: 2)
        let out = try KeptReplanner.replan(s, committed: Self.committed(3, 1), keepTerms: 2, options: Self.options())
        #expect(out.keptTermChanges == 2)
        #expect(out.result.plan.classes == Self.committed(2, 2))
    }
}
