import Foundation
import PlanFiles
import Scenario
import Synthetic
import Testing

/// Each command run as a user runs it: the built binary on scenarios/tiny.yaml, its files
/// read back by Python's csv and json modules (Tests/CLITests/check_plan.py), not by langplan.
///
/// tiny.yaml by hand (see its header): 100 staff at level 3, target 50% at level ≥ 4 in 2026
/// with pass rate 0.8 → 50 / 0.8 = 62.5 enrolments, i.e. 63 whole people (62 pass 49.6),
/// 3 classes of 20-25 (2 cannot hold 63). Spend: 3 classes × (100 periods × 400,000 +
/// 10,000,000) = 150,000,000 VND plus 63 exams × 1,000,000 = 63,000,000: 213,000,000 VND,
/// under the 250,000,000 budget.
@Suite(.serialized) struct CommandTests {
    static let tiny = "scenarios/tiny.yaml"

    @Test func versionAndHelp() throws {
        let v = try langplan("--version")
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("langplan "), "\(v.stdout)")
        let help = try langplan("export-model", "--help")
        #expect(help.stdout.contains("--out"), "\(help.stdout)")
        #expect(!help.stdout.contains("--output"), "the old spelling stays hidden")
    }

    /// `--one-core` (what `batch` gives its children when several run at once) plans without
    /// the second search and reaches the same hand optimum: 3 classes, 63 learners, 213M VND.
    @Test func planOnOneCoreReachesTheHandOptimum() throws {
        let dir = temporaryDirectory("plan-one-core")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try langplan("plan", Self.tiny, "--out", dir + "/plan", "--runs", "0", "--one-core")
        #expect(run.status == 0, "\(run.stderr)")
        let check = try python("check_plan.py", [dir + "/plan"])
        #expect(check.status == 0, "\(check.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(figures["classes"] as? Int == 3)
        #expect(figures["total_spend_vnd"] as? Int == 213_000_000)
        #expect(figures["met"] as? Int == 1)
        let help = try langplan("batch", "--help")
        #expect(help.stdout.contains("--one-core"), "\(help.stdout)")
    }

    /// The console says when whole people cost attainment, and only then: on tiny (62.5 → 63
    /// learners, still met) it is silent; on a generated 900-staff scenario whose targets are met
    /// by fractions of a person it speaks exactly when summary.json's whole-people attainment is
    /// below the continuous plan's (the web app shows the line in Vietnamese: ProgressTests'
    /// shapes include it).
    @Test func wholePeopleShortfallIsSaid() throws {
        let dir = temporaryDirectory("whole-short")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let generated = ScenarioGenerator(name: "size", staff: 900, institutions: 2, years: 2, termsPerYear: 2, budgetFactor: 10, seed: 4).make()
        try ScenarioWriter.yaml(generated).write(toFile: dir + "/g.yaml", atomically: true, encoding: .utf8)
        for (scenario, limit) in [(Self.tiny, "10"), (dir + "/g.yaml", "20")] {
            let out = dir + "/plan-\((scenario as NSString).lastPathComponent)"
            let run = try langplan("plan", scenario, "--out", out, "--runs", "0", "--time-limit", limit)
            #expect(run.status == 0, "\(run.stderr)")
            let w = try #require(try PlanSummary.read(path: out + "/summary.json").wholePeople)
            let short = w.weightedAttainment < w.continuousWeightedAttainment - 1e-9
            #expect(run.stderr.contains("whole people fall short") == short, "\(scenario): \(w.weightedAttainment) vs \(w.continuousWeightedAttainment)")
            if scenario == Self.tiny { #expect(!short) }
        }
    }

    @Test func planAsAUserRunsIt() throws {
        let dir = temporaryDirectory("plan")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/plan"
        let run = try langplan("plan", Self.tiny, "--out", out, "--runs", "20", "--lang", "en")
        #expect(run.status == 0, "\(run.stderr)")
        let check = try python("check_plan.py", [out])
        #expect(check.status == 0, "\(check.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(figures["classes"] as? Int == 3)
        #expect(figures["cohorts"] as? Int == 3)
        // 63 whole learners (62.5 would meet 50% by half a person): 3 × 50M + 63 × 1M.
        #expect(figures["total_spend_vnd"] as? Int == 213_000_000)
        #expect(figures["met"] as? Int == 1 && figures["milestones"] as? Int == 1)
        // Stage 2 ran and its status is in summary.json.
        let stage2 = figures["stage_2"] as? [String: Any]
        #expect(stage2?["status"] as? String == "optimal", "\(String(describing: stage2))")
        // summary.json by hand: tiny has no priority segment, so stage 1's objective is the
        // weighted attainment, 1 (the one target met), and its bound 1; stage 2's least spend
        // in the continuous model is 62.5 learners' 212.5 million, proven (gap 0); the
        // whole-people stage reports the plan's 63 learners and 213 million beside it.
        let summary = try PlanSummary.read(path: out + "/summary.json")
        #expect(abs(summary.modelObjective - 1) < 1e-9 && abs((summary.modelBound ?? 0) - 1) < 1e-9)
        #expect(abs((summary.stage2?.spendMillionVND ?? 0) - 212.5) < 1e-6)
        #expect(summary.wholePeople?.learners == 63)
        #expect(abs((summary.wholePeople?.continuousLearners ?? 0) - 62.5) < 1e-6)
        #expect(abs((summary.wholePeople?.spendMillionVND ?? 0) - 213) < 1e-9)
        #expect(abs(summary.totalSpendVND - 213_000_000) < 1e-6)
        #expect(abs((summary.stage2?.boundMillionVND ?? 0) - 212.5) < 1e-3)
        #expect((summary.stage2?.gap ?? 1) < 1e-6)
        // One checksum: the one `validate` prints for the same file.
        let validate = try langplan("validate", Self.tiny)
        #expect(validate.status == 0)
        let checksum = try #require(figures["checksum"] as? String)
        #expect(validate.stdout.contains("(checksum \(checksum))"), "\(validate.stdout)")
        // A second run into the same directory is allowed (langplan wrote it), a user's
        // non-empty directory is not.
        try "mine".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let refused = try langplan("plan", Self.tiny, "--out", dir, "--runs", "0")
        #expect(refused.status == 1 && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: dir + "/notes.txt", encoding: .utf8) == "mine")
        // A fixed-value option refuses other values, naming the accepted ones.
        let badLang = try langplan("plan", Self.tiny, "--out", out, "--lang", "fr")
        #expect(badLang.status != 0 && badLang.stderr.contains("'vi'") && badLang.stderr.contains("'en'"), "\(badLang.stderr)")
        // compare of a plan directory with itself: no difference, exit 0.
        let same = try langplan("compare", out, out, "--lang", "en")
        #expect(same.status == 0, "\(same.stderr)")
        // timetable and verify-timetable on that plan.
        let tt = try langplan("timetable", Self.tiny, "--plan", out, "--out", dir + "/tt")
        #expect(tt.status == 0, "\(tt.stderr)")
        let verified = try langplan("verify-timetable", dir + "/tt", "--scenario", Self.tiny)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        // The plan re-projected against another version of the scenario (another name, so
        // another checksum) is refused by the checksums, not by the first row that fails.
        let other = dir + "/other.yaml"
        try String(contentsOfFile: Self.tiny, encoding: .utf8).replacingOccurrences(of: "\nname: ", with: "\nname: other-")
            .write(toFile: other, atomically: true, encoding: .utf8)
        let mismatched = try langplan("verify-timetable", dir + "/tt", "--scenario", other, "--plan", out)
        #expect(mismatched.status == 1 && mismatched.stdout.contains("was planned from scenario tiny"), "\(mismatched.stdout)\(mismatched.stderr)")
        let matched = try langplan("verify-timetable", dir + "/tt", "--scenario", Self.tiny, "--plan", out)
        #expect(matched.status == 0, "\(matched.stdout)\(matched.stderr)")
    }

    @Test func exportModelTakesOutAndNeverOverwrites() throws {
        let dir = temporaryDirectory("export")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try langplan("export-model", Self.tiny, "--out", dir + "/m.mps")
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: dir + "/m.mps", encoding: .utf8)
        #expect(text.contains("OBJSENSE") && text.contains("MAX"))
        // Without --force the file is kept; --output (the old name) still works.
        let again = try langplan("export-model", Self.tiny, "--format", "lp", "--output", dir + "/m.mps")
        #expect(again.status == 1 && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(try String(contentsOfFile: dir + "/m.mps", encoding: .utf8) == text)
        let lp = try langplan("export-model", Self.tiny, "--format", "lp", "--output", dir + "/m.lp")
        #expect(lp.status == 0, "\(lp.stderr)")
        let bad = try langplan("export-model", Self.tiny, "--format", "xml")
        #expect(bad.status != 0 && bad.stderr.contains("'mps'"), "\(bad.stderr)")
    }

    /// size-budget on tiny: the least budget meeting 50% with whole people is 213,000,000 VND
    /// (above), already whole millions (2026, state).
    @Test func sizeBudgetAsAUserRunsIt() throws {
        let dir = temporaryDirectory("size")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try langplan("size-budget", Self.tiny, "--out", dir, "--time-limit", "10")
        #expect(run.status == 0, "\(run.stderr)")
        let sized = try String(contentsOfFile: dir + "/sized-budget.csv", encoding: .utf8)
        #expect(sized == "year,payer,amount_vnd\n2026,state,213000000\n", "\(sized)")
        let summary = try PlanSummary.read(path: dir + "/summary.json")
        let stages = try #require(summary.budgetSizing)
        #expect(stages.count == 1 && stages[0].status == "optimal" && stages[0].gap.map { $0 <= 1e-3 } == true, "\(stages)")
        let check = try python("check_plan.py", [dir])
        #expect(check.status == 0, "\(check.stderr)")
    }

    /// A target no money can meet (100% at level ≥ 4 with pass rate 0.8 and half the staff at
    /// most in training): size-budget plans with unlimited money and must show no limit,
    /// never a limit of 0, and compare with the baseline `plan` shows (the greedy plan at the
    /// scenario's budget of 250,000,000 VND, which spends money: not 0).
    @Test func sizeBudgetWithoutAnAnswerShowsNoLimit() throws {
        let dir = temporaryDirectory("nolimit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var yaml = try String(contentsOfFile: packageRoot + "/" + Self.tiny, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "milestones: {2026: 0.5}", with: "milestones: {2026: 1.0}")
        try yaml.write(toFile: dir + "/hard.yaml", atomically: true, encoding: .utf8)
        let run = try langplan("size-budget", dir + "/hard.yaml", "--out", dir + "/out", "--time-limit", "10", "--lang", "en")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("No budget meets every target"), "\(run.stdout)")
        let budget = try PlanFiles.read(BudgetRow.self, directory: dir + "/out")
        #expect(budget.count == 1 && budget[0].limitVND == nil, "\(budget)")
        let html = try String(contentsOfFile: dir + "/out/report.html", encoding: .utf8)
        #expect(html.contains("no limit (sized)"))
        let summary = try PlanSummary.read(path: dir + "/out/summary.json")
        #expect(summary.budgetsUnlimited)
        #expect(summary.greedyTotalSpendVND > 0, "the baseline is plan's, not a plan at a budget of 0")
        #expect(summary.budgetSizing?.first?.status == "infeasible", "\(String(describing: summary.budgetSizing))")
    }

    /// sweep at 50% and 100% of tiny's 250M. At 125M two classes (≥ 40 learners: 100M + 40M
    /// exams) do not fit; one class of 25 (75M) passes 20: 20 / 50 → attainment 0.4. The LP
    /// relaxation pays 50M / 25 + 1M = 3M a learner: 125 / 3 learners × 0.8 / 50 = 0.6667.
    /// At 250M the target is met: attainment 1.
    @Test func sweepAsAUserRunsIt() throws {
        let dir = temporaryDirectory("sweep")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try langplan("sweep", Self.tiny, "--budget", "50%..100%", "--steps", "2", "--time-limit", "5", "--out", dir)
        #expect(run.status == 0, "\(run.stderr)")
        let check = try spawn("/usr/bin/env", ["python3", "-c", """
            import csv, json, sys
            print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))))
            """, dir + "/sweep.csv"])
        let rows = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: String]] ?? []
        try #require(rows.count == 2, "\(check.stdout)\(check.stderr)")
        #expect(rows[0]["total_budget_vnd"] == "125000000" && rows[1]["total_budget_vnd"] == "250000000")
        #expect(abs((Double(rows[0]["weighted_attainment"] ?? "") ?? 0) - 0.4) < 1e-6)
        #expect(abs((Double(rows[0]["lp_bound"] ?? "") ?? 0) - 2.0 / 3.0) < 1e-5)
        #expect(abs((Double(rows[1]["weighted_attainment"] ?? "") ?? 0) - 1) < 1e-6)
    }

    /// replan of a two-year tiny (2026-2027, targets 50% in 2026 and 60% in 2027) from a
    /// survey in 2027 of 60 at level 3 and 40 at level 4: 60% needs 20 more passers, i.e.
    /// 25 learners = 1 class (20-25 seats): re-planned share 0.6 in 2027, 2026 is history.
    @Test func replanAsAUserRunsIt() throws {
        let dir = temporaryDirectory("replan")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var yaml = try String(contentsOfFile: packageRoot + "/" + Self.tiny, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "end_year: 2026", with: "end_year: 2027")
            .replacingOccurrences(of: "milestones: [2026]", with: "milestones: [2026, 2027]")
            .replacingOccurrences(of: "years: {2026: 250_000_000}", with: "years: {2026: 250_000_000, 2027: 250_000_000}")
            .replacingOccurrences(of: "milestones: {2026: 0.5}", with: "milestones: {2026: 0.5, 2027: 0.6}")
        try yaml.write(toFile: dir + "/two.yaml", atomically: true, encoding: .utf8)
        try "as_of: 2027\nsegments:\n  staff: {3: 60, 4: 40}\n".write(toFile: dir + "/survey.yaml", atomically: true, encoding: .utf8)
        let plan = try langplan("plan", dir + "/two.yaml", "--out", dir + "/plan", "--runs", "0", "--time-limit", "10")
        #expect(plan.status == 0, "\(plan.stderr)")
        let run = try langplan("replan", dir + "/two.yaml", "--survey", dir + "/survey.yaml", "--plan", dir + "/plan",
                               "--out", dir + "/replan", "--time-limit", "10")
        #expect(run.status == 0, "\(run.stderr)")
        let att = try PlanFiles.read(AttainmentFileRow.self, directory: dir + "/replan")
        let y2027 = try #require(att.first { $0.milestone == 2027 })
        #expect(abs(y2027.projectedShare - 0.6) < 1e-6 && y2027.met == .yes)
        let classes = try PlanFiles.read(ClassesRow.self, directory: dir + "/replan")
        #expect(classes.map(\.classes).reduce(0, +) == 1 && classes.first?.learners == 25, "\(classes)")
        #expect(FileManager.default.fileExists(atPath: dir + "/replan/replan-vs-plan.csv"))
    }

    /// import-roster: three people → counts by segment and level, and no id or name in the
    /// output. A (CBCC, not commune, not leader, born 1990: under 40 in 2026) at B1 → level 3;
    /// B the same at B2 → 4; C (VC, born 1970) with no certificate → level 0.
    @Test func importRosterAsAUserRunsIt() throws {
        let dir = temporaryDirectory("roster")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            id,name,category,commune,leader,birth_year,certificate
            p-001,Nguyễn Văn An,CBCC,no,no,1990,B1
            p-002,"Trần Thị, Bình",CBCC,no,no,1991,VSTEP B2
            p-003,Lê Chí,VC,no,no,1970,
            """.write(toFile: dir + "/roster.csv", atomically: true, encoding: .utf8)
        let run = try langplan("import-roster", dir + "/roster.csv", "--into", dir + "/segments.yaml", "--as-of", "2026")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let text = try String(contentsOfFile: dir + "/segments.yaml", encoding: .utf8)
        for secret in ["p-001", "p-002", "Nguyễn", "Bình", "Lê Chí"] {
            #expect(!text.contains(secret) && !run.stdout.contains(secret) && !run.stderr.contains(secret), "\(secret) leaked")
        }
        // Read back by PyYAML, not langplan's reader: cbcc-u40 has 1 at level 3 and 1 at
        // level 4, vc-40plus 1 at level 0.
        let read = try spawn("/usr/bin/env", ["python3", "-c", """
            import json, sys, yaml
            doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
            print(json.dumps({s["id"]: s["headcount"] for s in doc["segments"]}))
            """, dir + "/segments.yaml"])
        let counts = try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: [Int]]
        #expect(counts == ["cbcc-u40": [0, 0, 0, 1, 1, 0, 0], "vc-40plus": [1, 0, 0, 0, 0, 0, 0]], "\(read.stdout)\(read.stderr)")
        let again = try langplan("import-roster", dir + "/roster.csv", "--into", dir + "/segments.yaml", "--as-of", "2026")
        #expect(again.status != 0, "an existing --into is not replaced without --force")
    }

    /// tiny with self-study only (pass rate 0.5, 2,000,000 VND a learner + the 1,000,000 exam):
    /// 250,000,000 VND buys ⌊250 / 3⌋ = 83 whole learners (84 would cost 252M), 41.5
    /// passers, 41.5% < 50%. The files must let a finance officer rebuild the spend:
    /// enrolments.csv's learners, whole numbers, × 3,000,000 = budget.csv's 249,000,000.
    @Test func selfStudyFilesRebuildTheSpend() throws {
        let dir = temporaryDirectory("selfstudy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yaml = try String(contentsOfFile: packageRoot + "/" + Self.tiny, encoding: .utf8)
        let classes = """
                  - mode: in_person
                    pass_rate: 0.8
                    class_size_min: 20
                    class_size_max: 25
                    sessions_per_week: 3
                    cost_per_class_vnd: 10_000_000
            """
        try #require(yaml.contains(classes))
        try yaml.replacingOccurrences(of: classes, with: """
                  - mode: self_study
                    pass_rate: 0.5
                    cost_per_learner_vnd: 2_000_000
            """).write(toFile: dir + "/self.yaml", atomically: true, encoding: .utf8)
        let run = try langplan("plan", dir + "/self.yaml", "--out", dir + "/plan", "--runs", "0")
        #expect(run.status == 0, "\(run.stderr)")
        let rebuilt = try spawn("/usr/bin/env", ["python3", "-c", """
            import csv, json, sys
            d = sys.argv[1]
            learners = sum(float(r["learners"]) for r in csv.DictReader(open(d + "/enrolments.csv", newline="")))
            spent = sum(int(r["spent_vnd"]) for r in csv.DictReader(open(d + "/budget.csv", newline="")))
            print(json.dumps({"learners": learners, "spent": spent}))
            """, dir + "/plan"])
        let figures = try JSONSerialization.jsonObject(with: Data(rebuilt.stdout.utf8)) as? [String: Double] ?? [:]
        let learners = try #require(figures["learners"], "\(rebuilt.stderr)")
        #expect(learners == 83, "\(learners)")
        #expect(learners * 3_000_000 == figures["spent"], "\(learners) × 3M vs \(figures["spent"] ?? 0)")
        #expect(figures["spent"] == 249_000_000)
    }
}
