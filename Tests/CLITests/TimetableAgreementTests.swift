import Foundation
import Scenario
import Synthetic
import Testing

/// The plan never opens a class the timetabler cannot place (issue 10, the last point of
/// truth): `plan`, then `timetable --all-years`, then `verify-timetable --plan`, as a user runs them.
@Suite(.serialized) struct TimetableAgreementTests {
    /// Rooms shared by a course of 2 sessions a week and one of 3, on a 6-day week with one
    /// period (4 lessons). Canonical day sets: k = 2: mon+thu, tue+fri, wed+sat (3 classes a
    /// room); k = 3: mon+wed+fri, tue+thu+sat (2 a room). Two rooms of 30 seats; 6 teachers
    /// (never binding: a teacher carries 2 classes of b, 3 of a). 200 staff at level 3, target
    /// 50% at level ≥ 4 by the end of 2026: 100 people.
    ///   a: 48 periods, 2 a week, pass rate 0.8, classes of exactly 20, at most 20 learners a term.
    ///   b: 48 periods, 3 a week, pass rate 0.9, classes of exactly 20, at most 60 learners a term.
    /// The old proportional rule (Σ classes_k / C_k ≤ rooms): 1 a + 3 b = 1/3 + 3/2 = 11/6 ≤ 2,
    /// 16 + 54 = 70 passes, 70%: but a room holds one rhythm, so the timetabler places at most 3.
    /// Whole rooms per rhythm (y_a + y_b ≤ 2, a ≤ 3·y_a, b ≤ 2·y_b): (0,2) → 3 b = 54 passes;
    /// (1,1) → 1 a + 2 b = 16 + 36 = 52; (2,0) → 1 a = 16. Optimum: 3 classes of b, no a,
    /// attainment 54/100 = 0.54. The timetabler places all 3; the check needs one round, no cut.
    @Test func roomsSharedByTwoRhythmsCountWholeRooms() throws {
        let dir = temporaryDirectory("rhythms")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yaml = """
        name: rhythms
        horizon: {start_year: 2026, end_year: 2026, terms_per_year: 1, milestones: [2026]}
        calendar:
          term_dates:
            - {start: "01-05", end: "06-30"}
          days: [mon, tue, wed, thu, fri, sat]
          periods:
            - {id: morning, start: "07:30", end: "11:00", lessons: 4}
          use_default_holidays: true
        policy: {max_share_in_training: 0.5}
        exams: {fee_per_candidate_vnd: 1_000_000}
        segments:
          - {id: staff, name: Staff, tags: [cbcc], headcount: {3: 200}}
        courses:
          - id: a
            from_level: 3
            to_level: 4
            hours: 48
            terms: 1
            exam: true
            modes:
              - {mode: in_person, pass_rate: 0.8, class_size_min: 20, class_size_max: 20, sessions_per_week: 2,
                 cost_per_class_vnd: 10_000_000, max_learners_per_term: 20}
          - id: b
            from_level: 3
            to_level: 4
            hours: 48
            terms: 1
            exam: true
            modes:
              - {mode: in_person, pass_rate: 0.9, class_size_min: 20, class_size_max: 20, sessions_per_week: 3,
                 cost_per_class_vnd: 10_000_000, max_learners_per_term: 60}
        institutions:
          - id: school
            modes: [in_person]
            rooms:
              - {id: room, count: 2, seats: 30}
            teachers:
              - {id: teacher, count: 6, max_level: 5, hours_per_term: 200, pay_per_period_vnd: 400_000}
        payers:
          - {id: state, name: State, funds: {all: [cbcc]}}
        budgets:
          - {payer: state, years: {2026: 10_000_000_000}}
        targets:
          - {id: b2, name: Half at B2, filter: {all: [cbcc]}, level: 4, milestones: {2026: 0.5}}

        """
        try yaml.write(toFile: dir + "/rhythms.yaml", atomically: true, encoding: .utf8)
        let plan = try langplan("plan", dir + "/rhythms.yaml", "--out", dir + "/plan", "--runs", "0", "--time-limit", "20")
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let classes = try String(contentsOfFile: dir + "/plan/classes.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // term,institution,course,mode,payer,classes,learners
        #expect(classes.count == 1, "\(classes)")
        #expect(classes.first?[2] == "b" && classes.first?[5] == "3" && classes.first?[6] == "60", "\(classes)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan/summary.json"))) as? [String: Any]
        let attained = summary?["weighted_attainment"] as? Double ?? -1
        #expect(abs(attained - 0.54) < 1e-6, "\(attained)")
        let check = summary?["timetable_check"] as? [String: Any]
        #expect(check?["rounds"] as? Int == 1 && (check?["cuts"] as? [Any])?.isEmpty == true, "\(String(describing: check))")

        let tt = try langplan("timetable", dir + "/rhythms.yaml", "--plan", dir + "/plan", "--out", dir + "/tt", "--all-years")
        #expect(tt.status == 0, "\(tt.stdout)\(tt.stderr)")
        #expect(tt.stdout.contains("total: 3 classes, 3 placed in every timetabled term of their span"), "\(tt.stdout)")
        let v = try langplan("verify-timetable", dir + "/tt", "--scenario", dir + "/rhythms.yaml", "--plan", dir + "/plan")
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }

    /// Generated scenarios (Sources/Synthetic) where rhythms and spans mix: in person at 3 a
    /// week, every second course in person at 2 a week, online at 2 a week; 2 and 4 terms a
    /// year (4: courses of 2 terms). Whatever the plan, every class it opens is placed by
    /// `timetable --all-years` in every term of its span, and `verify-timetable --plan` passes
    /// (its re-projection from the timetabled end dates equals the plan's attainment).
    @Test(arguments: [(UInt64(3), 2, 1), (UInt64(11), 4, 2), (UInt64(29), 2, 2)])
    func generatedPlansArePlacedWhole(seed: UInt64, termsPerYear: Int, institutions: Int) throws {
        let dir = temporaryDirectory("agree-\(seed)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s = ScenarioGenerator(name: "agree\(seed)", staff: 900, institutions: institutions, years: 2,
                                  termsPerYear: termsPerYear, seed: seed).make()
        for c in s.courses.indices where c % 2 == 1 {
            for m in s.courses[c].modes.indices where s.courses[c].modes[m].mode == .inPerson { s.courses[c].modes[m].sessionsPerWeek = 2 }
        }
        let file = dir + "/s.yaml"
        try ScenarioWriter.yaml(s).write(toFile: file, atomically: true, encoding: .utf8)
        // A gap of 1% ends branch and cut early; the generous limit keeps a loaded machine from
        // stopping at a start without classes (which would check nothing).
        let plan = try langplan("plan", file, "--out", dir + "/plan", "--runs", "0", "--time-limit", "30", "--gap", "0.01",
                                "--no-cost-stage")
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let cohorts = try String(contentsOfFile: dir + "/plan/cohorts.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .filter { $0.contains(",in_person,") || $0.contains(",online,") }
        #expect(!cohorts.isEmpty, "the plan opens no class: nothing is checked")
        let tt = try langplan("timetable", file, "--plan", dir + "/plan", "--out", dir + "/tt", "--all-years")
        #expect(tt.status == 0, "\(tt.stdout)\(tt.stderr)")
        #expect(tt.stdout.contains("total: \(cohorts.count) classes, \(cohorts.count) placed in every timetabled term of their span"),
                "\(tt.stdout)")
        let v = try langplan("verify-timetable", dir + "/tt", "--scenario", file, "--plan", dir + "/plan")
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }
}
