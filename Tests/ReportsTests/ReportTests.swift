import Foundation
import Planner
import Reports
import Scenario
import Testing

/// The plan's report: both languages complete, the cohort split, and charts readable at
/// the edges, checked on the HTML/SVG as written.
@Suite struct ReportTests {
    static let tinyPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scenarios/tiny.yaml").standardized.path

    static func plan(_ s: Scenario, seconds: Double = 5) throws -> PlanResult {
        var o = PlannerOptions()
        o.timeLimit = seconds
        o.monteCarloRuns = 0
        return try StrategicPlanner.plan(s, options: o)
    }

    @Test func vietnameseAndEnglishHaveTheSameKeys() {
        let vi = Set(Language.vietnamese.keys), en = Set(Language.english.keys)
        #expect(vi.subtracting(en).isEmpty, "only in Vietnamese: \(vi.subtracting(en).sorted())")
        #expect(en.subtracting(vi).isEmpty, "only in English: \(en.subtracting(vi).sorted())")
        // Every solver status and every resource the report names has a text in both.
        for status in ["optimal", "feasible", "infeasible", "unbounded", "noSolutionFound"] {
            #expect(vi.contains("status_" + status))
        }
        for resource in ["room slots/week", "teachers", "teacher periods", "teacher sessions/week", "online classes", "exam seats"] {
            #expect(vi.contains("res_" + resource))
        }
        // A text differs between the languages unless it is a symbol or a shared abbreviation.
        let same = en.filter { Language.english[$0] == Language.vietnamese[$0] }
        #expect(same.isSubset(of: ["p10", "p90"]), "untranslated: \(same.sorted())")
    }

    /// The Vietnamese report of tiny.yaml holds no English word the report writes itself
    /// (status, resource, table words), and names the institution and payer by their names.
    @Test func vietnameseReportIsVietnamese() throws {
        // Release at 20% binds (releaseLimitBinds in PlannerTests), so "What binds" has a row.
        var s = try ScenarioLoader.load(path: Self.tinyPath)
        s.policy.maxShareInTraining = 0.2
        let r = try Self.plan(s)
        #expect(r.binding.contains { $0.resource == "release" })
        let html = PlanReport(result: r, language: .vi).htmlReport()
        let text = html.replacingOccurrences(of: "<style>[^<]*</style>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for english in ["optimal", "feasible", "room slots", "teachers", "teacher periods", "sessions/week", "online classes",
                        "Budget", "Target", "Status", "Gap", "open (to be sized)", "release", "(level", "seats"] {
            #expect(!text.contains(english), "English \"\(english)\" in the Vietnamese report")
        }
        #expect(text.contains("tối ưu"))
        #expect(text.contains("người đi học cùng lúc, 2026T1, Civil servants"), "the binding release row, by segment name")
        #expect(text.contains("Training school"), "the institution by its name")
        #expect(text.contains("State budget"), "the payer by its name")
    }

    /// The cohort split by hand. tiny with a second segment "leaders" (40 at level 3), one
    /// term, 2 classes of 20-25 and enrolments staff 30.4 + leaders 14.6 = 45 people.
    /// Segments by largest remainder: 30.4 → 30, 14.6 → 15 (the leftover goes to .6).
    /// Classes as even as possible: 23 + 22 (22.5 each). Filled in segment order: the first
    /// class takes staff, the rest of staff and then leaders go to the second.
    @Test func cohortSplitKeepsSeatsAndSums() throws {
        var s = try ScenarioLoader.load(path: Self.tinyPath)
        s.segments.append(Segment(id: "leaders", tags: ["cbcc"], headcount: [0, 0, 0, 40, 0, 0, 0]))
        let data = PlanningData(s)
        let o = try #require(data.offerings.indices.first)
        let plan = Plan(classes: [ClassKey(offering: o, payer: 0, institution: 0, term: 0): 2],
                        enrolments: [EnrolmentKey(segment: 0, offering: o, payer: 0, term: 0): 30.4,
                                     EnrolmentKey(segment: 1, offering: o, payer: 0, term: 0): 14.6])
        let t = PlanTables(plan: plan, data: data)
        #expect(t.classes.count == 1 && t.classes[0].classes == 2 && t.classes[0].learners == 45)
        #expect(t.cohorts.count == 2)
        #expect(t.cohorts.map(\.learners).sorted() == [22, 23])
        for c in t.cohorts {
            #expect((20...25).contains(c.learners), "class \(c.id): \(c.learners) learners")
            #expect(c.segments.reduce(0) { $0 + $1.learners } == c.learners)
        }
        var bySegment: [Int: Int] = [:]
        for c in t.cohorts { for m in c.segments { bySegment[m.segment, default: 0] += m.learners } }
        #expect(bySegment == [0: 30, 1: 15])
        #expect(t.enrolments.filter { $0.segment == 0 }.reduce(0.0) { $0 + $1.learners } == 30)
        #expect(t.enrolments.filter { $0.segment == 1 }.reduce(0.0) { $0 + $1.learners } == 15)
        // The first class holds staff only (30 ≥ its size), the second the 15 leaders.
        let first = try #require(t.cohorts.first { $0.id == "c00001" })
        #expect(first.segments.count == 1 && first.segments[0].segment == 0)
        let second = try #require(t.cohorts.first { $0.id == "c00002" })
        #expect(second.segments.contains { $0.segment == 1 && $0.learners == 15 })
    }

    /// Charts at the edges: a 50-year horizon with no money (all-zero budget axis) and a
    /// target of 100% that no projection reaches.
    @Test func chartsStayReadableAtTheEdges() throws {
        var s = try ScenarioLoader.load(path: Self.tinyPath)
        s.horizon = Horizon(startYear: 2026, endYear: 2075, termsPerYear: 2, milestones: [2026, 2075])
        s.budgets = [Budget(payer: "state", amounts: Dictionary(uniqueKeysWithValues: (2026...2075).map { ($0, Int64(0)) }))]
        s.targets[0].milestones = [2026: 1.0, 2075: 1.0]
        let r = try Self.plan(s, seconds: 10)
        let html = PlanReport(result: r, language: .en).htmlReport()
        #expect(!html.lowercased().contains("nan") && !html.contains("inf"), "NaN or inf in the report")
        let svgs = html.components(separatedBy: "<svg").dropFirst().map { "<svg" + $0.components(separatedBy: "</svg>")[0] }
        func attr(_ name: String, _ tag: String) -> Double? {
            guard let m = tag.range(of: "\(name)=\"?(-?[0-9.]+)", options: .regularExpression) else { return nil }
            return Double(tag[m].split(separator: "=")[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        /// Text elements with their left and right ends (6.5 px a character at 11 px).
        func texts(_ svg: String) -> [(x: Double, y: Double, left: Double, right: Double, text: String)] {
            svg.components(separatedBy: "<text").dropFirst().compactMap { part in
                let head = part.components(separatedBy: ">")[0]
                let body = part.components(separatedBy: ">").dropFirst().first?.components(separatedBy: "<")[0] ?? ""
                guard let x = attr("x", head), let y = attr("y", head) else { return nil }
                let w = 6.5 * Double(body.count)
                let left = head.contains("text-anchor=\"middle\"") ? x - w / 2 : head.contains("text-anchor=\"end\"") ? x - w : x
                return (x, y, left, left + w, body)
            }
        }
        let budget = try #require(svgs.first { $0.hasPrefix("<svg width=\"640\"") })
        // Year labels: 4-digit labels at 11 px need about 28 px each.
        for svg in svgs {
            let width = attr("width", svg) ?? 0
            let years = texts(svg).filter { $0.text.count == 4 && Int($0.text) != nil }.sorted { $0.left < $1.left }
            #expect(years.count >= 2)
            for (a, b) in zip(years, years.dropFirst()) {
                #expect(b.left >= a.right, "year labels \(a.text) and \(b.text) overlap (\(a.right) > \(b.left))")
            }
            #expect(years.allSatisfy { $0.left >= 0 && $0.right <= width }, "a year label outside the chart: \(years.map { ($0.text, $0.left, $0.right) })")
        }
        // The budget axis: five distinct tick labels even when every amount is 0.
        let ticks = texts(budget).filter { $0.x == 2 }.map(\.text)
        #expect(ticks.count == 5 && Set(ticks).count == 5, "\(ticks)")
        // The 100% target dots lie inside their charts (above every projected value).
        for svg in svgs where svg.contains("<circle") {
            let height = attr("height", svg) ?? 0
            for circle in svg.components(separatedBy: "<circle").dropFirst() {
                let cy = try #require(attr("cy", circle))
                #expect(cy >= 4 && cy <= height - 4, "a target dot at y \(cy) outside 0...\(height)")
            }
        }
    }

    /// capacity.csv counts teachers qualified for what is taught: tiny's 2 teachers (level ≤ 5)
    /// teach the 3→4 course; 5 juniors (level ≤ 3) cannot, so "teachers" stays at 2 available,
    /// teacher periods at 2 × 200 = 400, not 7 and 1,400.
    @Test func capacityCountsOnlyQualifiedTeachers() throws {
        var s = try ScenarioLoader.load(path: Self.tinyPath)
        s.institutions[0].teachers.append(TeacherGroup(id: "junior", count: 5, maxLevel: 3, hoursPerTerm: 200, payPerPeriod: 300_000))
        let r = try Self.plan(s)
        let rows = PlanReport(result: r).capacityRows().filter { $0.term == 0 && $0.institution == 0 }
        let teachers = try #require(rows.first { $0.resource == "teachers" })
        #expect(teachers.available == 2)
        let periods = try #require(rows.first { $0.resource == "teacher periods" })
        #expect(periods.available == 400)
    }
}
