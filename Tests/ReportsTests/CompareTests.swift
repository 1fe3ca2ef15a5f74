import Foundation
import Planner
import Reports
import Scenario
import Testing

/// `langplan compare`: tiny.yaml against a copy with its budget cut. Hand-solved: 250M VND buys
/// the 50% target (weighted attainment 1.0); 120M buys one class of 25 with its exams (75M), so
/// 20 passes, 20% at level 4, weighted attainment 0.4.
@Suite struct CompareTests {
    static let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/tiny.yaml").path

    static func tempDir() -> String {
        let d = NSTemporaryDirectory() + "langplan-compare-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// tiny.yaml with the 2026 state budget set to `budget`, written into `dir`.
    static func cutCopy(in dir: String, budget: String = "120_000_000") throws -> String {
        let text = try String(contentsOfFile: tiny, encoding: .utf8)
        #expect(text.contains("2026: 250_000_000"))
        let path = dir + "/tiny-cut.yaml"
        try text.replacingOccurrences(of: "2026: 250_000_000", with: "2026: \(budget)").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static var options: PlannerOptions {
        var o = PlannerOptions()
        o.timeLimit = 30
        o.monteCarloRuns = 0
        return o
    }

    @Test func scenariosBudgetCut() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cut = try Self.cutCopy(in: dir)
        let c = try Comparison.run(Self.tiny, cut, options: Self.options, language: .en)

        // Inputs: exactly the budget line, with its numbers.
        let inputs = try #require(c.inputs)
        #expect(inputs.map(\.title) == ["Budgets"])
        #expect(inputs.flatMap(\.lines) == ["budget state 2026: 250.0 M → 120.0 M VND (−52.0%)"])

        // Results: B's attainment is lower (hand-solved 1.0 → 0.4; shares 50.4% → 20%: A
        // enrols 63 whole learners, 50.4 passers of 100; B one class of 25, 20 passers).
        #expect(abs((c.a.weightedAttainment ?? 0) - 1.0) < 1e-6)
        #expect(abs((c.b.weightedAttainment ?? 0) - 0.4) < 1e-6)
        let key = PlanSnapshot.AttainmentKey(target: "b2", year: 2026)
        #expect(abs((c.a.attainment[key]?.projected ?? 0) - 0.504) < 1e-12)
        #expect(abs((c.b.attainment[key]?.projected ?? 0) - 0.2) < 1e-6)
        #expect(c.a.attainment[key]?.met == true && c.b.attainment[key]?.met == false)
        let spendKey = PlanSnapshot.SpendKey(year: 2026, payer: "state")
        #expect((c.a.spend[spendKey] ?? .infinity) <= 250_000_000 + 1)
        #expect((c.b.spend[spendKey] ?? .infinity) <= 120_000_000 + 1)
        #expect(c.b.totalClasses < c.a.totalClasses)

        let text = c.text(.en)
        #expect(text.contains("budget state 2026: 250.0 M → 120.0 M VND (−52.0%)"))
        #expect(text.contains("b2      2026              50.0%  50.4% ✓  20.0% ✗  −30.4 pp"), "\(text)")
        #expect(text.contains("Weighted attainment        1.000"))

        // Vietnamese by default in the command; the same diff in Vietnamese words and numbers.
        let vi = try Comparison.run(Self.tiny, cut, options: Self.options, language: .vi)
        #expect(vi.inputs?.flatMap(\.lines) == ["kinh phí state 2026: 250,0 triệu → 120,0 triệu đồng (−52,0%)"])
        let viText = vi.text(.vi)
        #expect(viText.contains("Khác biệt về đầu vào") && viText.contains("−30,4 điểm %"))

        // HTML: self-contained, the same tables.
        let html = c.html(.en)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        #expect(html.contains("<li>budget state 2026: 250.0 M → 120.0 M VND (−52.0%)</li>"))
        #expect(html.contains("<td class=\"down\">−30.4 pp</td>"))
        #expect(html.contains("Classes by mode") && html.contains("Spend by year and payer"))
    }

    @Test func sameScenarioHasNoInputChanges() throws {
        let c = try Comparison.run(Self.tiny, Self.tiny, options: Self.options, language: .en)
        #expect(c.inputs?.isEmpty == true)
        #expect(c.text(.en).contains("The inputs do not differ."))
        #expect(c.text(.en).contains("+0.0 pp") == false)
    }

    @Test func planDirectories() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cut = try Self.cutCopy(in: dir)
        var o = Self.options
        o.monteCarloRuns = 10
        var inMemory: [PlanSnapshot] = []
        for (path, out) in [(Self.tiny, dir + "/A"), (cut, dir + "/B")] {
            let sc = try ScenarioLoader.load(path: path)
            let report = PlanReport(result: try StrategicPlanner.plan(sc, options: o), language: .vi)
            try report.write(to: try OutputDirectory(out, force: false))
            inMemory.append(PlanSnapshot(report: report))
        }
        let c = try Comparison.run(dir + "/A", dir + "/B", options: Self.options, language: .en)
        #expect(c.inputs == nil)
        for (read, made) in [(c.a, inMemory[0]), (c.b, inMemory[1])] {
            #expect(read.targets == made.targets && read.payers == made.payers && read.modes == made.modes)
            #expect(read.classesByMode == made.classesByMode)
            #expect(abs((read.weightedAttainment ?? -1) - (made.weightedAttainment ?? -2)) < 1e-9)
            for (k, v) in made.attainment {
                #expect(abs((read.attainment[k]?.projected ?? -1) - v.projected) < 1e-5)
                #expect(read.attainment[k]?.met == v.met)
            }
            for (k, v) in made.spend { #expect(abs((read.spend[k] ?? -1) - v) <= 0.5) }
        }
        #expect(abs((c.b.weightedAttainment ?? 0) - 0.4) < 1e-6)
        let text = c.text(.en)
        #expect(text.contains("Plan directories: inputs not compared."))
        #expect(text.contains("The plans come from different scenario files."))
        #expect(text.contains("−30.4 pp"))
        let same = try Comparison.run(dir + "/A", dir + "/A", options: Self.options, language: .en)
        #expect(same.text(.en).contains("Both plans come from the same scenario file."))
    }

    @Test func unreadableAndMismatchedInputs() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let o = Self.options
        func message(_ a: String, _ b: String) -> String? {
            do { _ = try Comparison.run(a, b, options: o, language: .en); return nil } catch { return error.description }
        }
        // Missing path.
        #expect(message(Self.tiny, dir + "/nope.yaml")?.contains("no such file or directory") == true)
        // A scenario and a directory.
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        #expect(message(Self.tiny, dir + "/empty")?.contains("give two scenario files or two plan directories") == true)
        #expect(message(dir + "/empty", Self.tiny)?.contains("give two scenario files or two plan directories") == true)
        // A directory that is not a plan.
        #expect(message(dir + "/empty", dir + "/empty")?.contains("missing summary.json, attainment.csv, budget.csv, classes.csv") == true)
        // A broken scenario.
        try "name: broken\nhorizon: [".write(toFile: dir + "/broken.yaml", atomically: true, encoding: .utf8)
        let broken = message(Self.tiny, dir + "/broken.yaml")
        #expect(broken?.contains("broken.yaml") == true, "\(broken ?? "")")
        // A plan directory with a corrupted CSV, a missing column, bad JSON.
        let sc = try ScenarioLoader.load(path: Self.tiny)
        let report = PlanReport(result: try StrategicPlanner.plan(sc, options: o))
        try report.write(to: try OutputDirectory(dir + "/plan", force: false))
        let fm = FileManager.default
        try fm.copyItem(atPath: dir + "/plan", toPath: dir + "/bad")
        try "target,milestone,target_share,projected_share,p10,p90,met\nb2,2026,0.5,lots,,,yes\n"
            .write(toFile: dir + "/bad/attainment.csv", atomically: true, encoding: .utf8)
        #expect(message(dir + "/plan", dir + "/bad")?.contains("attainment.csv line 2, column projected_share: \"lots\" is not a number") == true)
        try "year,payer\n2026,state\n".write(toFile: dir + "/bad/budget.csv", atomically: true, encoding: .utf8)
        try fm.removeItem(atPath: dir + "/bad/attainment.csv")
        try fm.copyItem(atPath: dir + "/plan/attainment.csv", toPath: dir + "/bad/attainment.csv")
        #expect(message(dir + "/plan", dir + "/bad")?.contains("budget.csv: missing columns spent_vnd, limit_vnd") == true)
        try "[1, 2".write(toFile: dir + "/bad/summary.json", atomically: true, encoding: .utf8)
        #expect(message(dir + "/plan", dir + "/bad")?.contains("summary.json: not valid JSON") == true)
    }

    /// Every kind of input change is named in plain words.
    @Test func inputsDiffInWords() throws {
        let a = try ScenarioLoader.load(path: Self.tiny)
        var b = a
        b.segments[0].headcount[3] = 80
        b.segments[0].headcount[2] = 20
        b.segments[0].tags.append("leader")
        b.segments.append(Segment(id: "young", tags: ["cbcc"], headcount: [0, 0, 5, 0, 0, 0, 0]))
        b.targets[0].milestones[2026] = 0.6
        b.targets[0].weight = 2
        b.institutions[0].rooms[0].count = 2
        b.institutions[0].onlineClassesMax = 4
        b.courses[0].modes[0].passRate = 0.7
        b.courses[0].modes[0].costPerClass = 12_000_000
        b.budgets[0].amounts[2026] = 30_000_000_000
        let lines = ScenarioDiff(a, b, language: .en).sections().flatMap(\.lines)
        for want in [
            "segment staff, level 2: 0 → 20 (+20)",
            "segment staff, level 3: 100 → 80 (−20, −20.0%)",
            "segment staff, tags: cbcc → cbcc, leader",
            "segment young added: 5 people (level 2: 5); tags: cbcc",
            "target b2 2026: 50.0% → 60.0%",
            "target b2, weight: 1.00 → 2.00",
            "institution school, rooms room: 1 → 2 (+1, +100.0%)",
            "institution school, online classes: 0 → 4 (+4)",
            "course b1-b2 (in_person), pass rate: 80.0% → 70.0%",
            "course b1-b2 (in_person), cost per class: 10.0 M → 12.0 M VND (+20.0%)",
            "budget state 2026: 250.0 M → 30.0 bn VND (+11,900.0%)",
        ] {
            #expect(lines.contains(want), "missing \(want) in \(lines)")
        }
        #expect(!lines.contains { $0.contains("segment staff, headcount") })  // total unchanged: 100 → 100 is no change
    }

    /// Solver noise shows as no change: "0", "0.0 pp", "0.000", never "+0" or "−0.0".
    @Test func noiseIsNoChange() {
        var a = PlanSnapshot(), b = PlanSnapshot()
        a.targets = ["t"]; b.targets = ["t"]; a.payers = ["p"]; b.payers = ["p"]
        let k = PlanSnapshot.AttainmentKey(target: "t", year: 2030)
        a.attainment[k] = .init(targetShare: 0.35, projected: 0.35, met: true)
        b.attainment[k] = .init(targetShare: 0.35, projected: 0.35 - 1e-12, met: true)
        let s = PlanSnapshot.SpendKey(year: 2030, payer: "p")
        a.spend[s] = 1_500_000_000; b.spend[s] = 1_500_000_000 - 1e-6
        a.weightedAttainment = 5.5; b.weightedAttainment = 5.5 - 1e-12
        let text = Comparison(pathA: "a", pathB: "b", a: a, b: b, inputs: []).text(.en)
        #expect(text.contains("35.0% ✓  35.0% ✓  0.0 pp"), "\(text)")
        #expect(text.contains("1,500,000,000  1,500,000,000  0"), "\(text)")
        #expect(!text.contains("+0") && !text.contains("−0"), "\(text)")
    }
}
