import Foundation
import Testing

/// `plan --confidence`, `size-budget --confidence` and `replan --keep-terms` run as a user
/// runs them, their files read by Python's csv module (Tests/CLITests/csv_rows.py).
@Suite(.serialized) struct RobustCommandTests {
    /// Rows of a CSV file as Python reads them.
    func rows(_ path: String) throws -> [[String: String]] {
        let run = try python("csv_rows.py", [path])
        #expect(run.status == 0, "\(run.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: String]]) ?? []
    }

    /// tiny.yaml edited as text: `edits` are (from, to) replacements.
    func tinyVariant(_ dir: String, _ name: String, _ edits: [(String, String)]) throws -> String {
        var text = try String(contentsOfFile: packageRoot + "/scenarios/tiny.yaml", encoding: .utf8)
        for (a, b) in edits {
            #expect(text.contains(a), "tiny.yaml no longer has \(a)")
            text = text.replacingOccurrences(of: a, with: b)
        }
        let path = dir + "/\(name).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The scenario of PlannerTests/RobustTests as a file: 1000 staff at level 3, classes of
    /// exactly 25, pass rate {0.6, 0.8, 1.0}. Nominal: 25 classes, P(met) ≈ 50%; robust at
    /// 90%: 30 classes (2,250M VND), P(met) ≈ 94% (derivation in RobustTests).
    @Test func planWithConfidenceWritesBothPlansProbabilities() throws {
        let dir = temporaryDirectory("robust")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try tinyVariant(dir, "uncertain", [
            ("headcount: {3: 100}", "headcount: {3: 1000}"), ("max_share_in_training: 0.5", "max_share_in_training: 1"),
            ("pass_rate: 0.8\n        class_size_min: 20", "pass_rate: {low: 0.6, likely: 0.8, high: 1.0}\n        class_size_min: 25"),
            ("{id: room, count: 1,", "{id: room, count: 20,"), ("{id: teacher, count: 2,", "{id: teacher, count: 30,"),
            ("{2026: 250_000_000}", "{2026: 100_000_000_000}"),
        ])
        let run = try langplan("plan", path, "--out", dir + "/plan", "--confidence", "0.9", "--lang", "en")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("robust (90%): 30 classes, 2.250 bn VND"), "\(run.stdout)")
        let robust = try rows(dir + "/plan/robust.csv")
        #expect(robust.count == 1)
        let nominal = Double(robust.first?["nominal_p_met"] ?? "") ?? -1, held = Double(robust.first?["robust_p_met"] ?? "") ?? -1
        #expect(nominal > 0.4 && nominal < 0.6 && held >= 0.9, "\(robust)")
        let att = try rows(dir + "/plan/attainment.csv")
        #expect(Double(att.first?["p_met"] ?? "") == held, "attainment.csv's p_met is the robust plan's, on the same fresh draws")
        let html = try String(contentsOfFile: dir + "/plan/report.html", encoding: .utf8)
        #expect(html.contains("Robust plan beside the nominal plan") && html.contains("How sure is each target?"))
        // size-budget at 90%: the least budget meeting the target at the rate's 10% quantile
        // (30 classes, 750 exams: 2,250M VND); quantiles 0.3 and 0.2 (27 and 28 classes)
        // meet it in 75% and 84% of runs only.
        let sized = try langplan("size-budget", path, "--out", dir + "/sized", "--confidence", "0.9", "--lang", "en")
        #expect(sized.status == 0, "\(sized.stderr)")
        #expect(sized.stdout.contains("least budget meeting every target with probability 90%: 2.250 bn VND"), "\(sized.stdout)")
        // The scenario workbook holds one number per field: converting ranges is refused,
        // not done with the ranges silently lost.
        let convert = try langplan("convert", path, dir + "/uncertain.xlsx")
        #expect(convert.status == 1 && convert.stderr.contains("courses[0].modes[0].pass_rate"), "\(convert.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/uncertain.xlsx"))
        // Out of range: refused before any work.
        let bad = try langplan("plan", path, "--out", dir + "/bad", "--confidence", "1.5")
        #expect(bad.status != 0 && bad.stderr.contains("--confidence"), "\(bad.stderr)")
    }

    /// tiny.yaml over 2026-2027 with 200 staff, target 60% in 2027 (120 people, 150
    /// learners = 6 classes of 25); release 30% (60 a term): 2 classes a term. The plan runs
    /// 2 classes in each of 2026T1, 2026T2, 2027T1. A survey as of 2027 with what the plan
    /// expected (120 at level 3, 80 at 4): the re-plan keeps 2027T1's 2 classes. With the
    /// teachers cut from 4 to 1 (one class a term each), 2027T1 holds 1: one class moves to
    /// 2027T2, for the same 60%.
    @Test func replanKeepsAnnouncedClassesOrMovesOnlyWhatMust() throws {
        let dir = temporaryDirectory("replan")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base: [(String, String)] = [
            ("end_year: 2026", "end_year: 2027"), ("milestones: [2026]", "milestones: [2027]"), ("headcount: {3: 100}", "headcount: {3: 200}"),
            ("years: {2026: 250_000_000}", "years: {2026: 1_000_000_000, 2027: 1_000_000_000}"),
            ("milestones: {2026: 0.5}", "milestones: {2027: 0.6}"), ("max_share_in_training: 0.5", "max_share_in_training: 0.3"),
        ]
        let path = try tinyVariant(dir, "two-years", base + [("{id: teacher, count: 2,", "{id: teacher, count: 4,")])
        let shrunk = try tinyVariant(dir, "shrunk", base + [("{id: teacher, count: 2,", "{id: teacher, count: 1,")])
        #expect(try langplan("plan", path, "--out", dir + "/plan", "--runs", "0").status == 0)
        try "as_of: 2027\nsegments:\n  staff: {3: 120, 4: 80}\n".write(toFile: dir + "/survey.yaml", atomically: true, encoding: .utf8)
        let same = try langplan("replan", path, "--survey", dir + "/survey.yaml", "--plan", dir + "/plan", "--out", dir + "/same")
        #expect(same.status == 0, "\(same.stderr)")
        #expect(try rows(dir + "/same/replan-changes.csv").isEmpty)
        let before = try rows(dir + "/plan/classes.csv").filter { $0["term"] == "2027T1" }
        let after = try rows(dir + "/same/classes.csv").filter { $0["term"] == "2027T1" }
        #expect(before == after && before.first?["classes"] == "2", "\(before) vs \(after)")
        let cut = try langplan("replan", shrunk, "--survey", dir + "/survey.yaml", "--plan", dir + "/plan", "--out", dir + "/cut",
                               "--keep-terms", "1")
        #expect(cut.status == 0, "\(cut.stderr)")
        let changes = try rows(dir + "/cut/replan-changes.csv")
        #expect(changes.count == 1, "\(changes)")
        #expect(changes.first?["change"] == "moved" && changes.first?["classes"] == "1" && changes.first?["from_term"] == "2027T1"
                && changes.first?["to_term"] == "2027T2" && changes.first?["kept_term"] == "yes", "\(changes)")
        #expect(changes.first?["reason"]?.contains("teachers") == true)
    }
}
