import Foundation
import PlanFiles
import Scenario
import Synthetic
import Testing

/// `langplan batch` run as a user runs it; the roll-up is checked against the plans' own
/// files by Python's csv, json and openpyxl (Tests/CLITests/check_rollup.py), not by langplan.
@Suite(.serialized) struct BatchTests {
    /// Modification time of `path`, nil when missing.
    func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    func rollupRows(_ dir: String) throws -> [RollupScenarioRow] {
        try PlanFiles.read(RollupScenarioRow.self, directory: dir)
    }

    /// The four shipped scenarios, a second copy of tiny.yaml under the same file name, and a
    /// broken scenario: the broken one is reported with its file and line and the other five
    /// are planned; the roll-up is the sum of the parts.
    ///
    /// By hand for the two copies of tiny.yaml (see CommandTests): each has 100 staff under
    /// target b2 in 2026 and reaches 50.4 of them (63 whole learners × 0.8), so b2@2026 over
    /// the batch covers 200 people, 100.8 reached: share 0.504 over 2 plans, both meeting it.
    /// Each spends 213,000,000 VND in 2026 from payer state (3 classes × 50M + 63 exams × 1M).
    @Test func shippedScenariosRollUpToTheSumOfTheirParts() throws {
        let dir = temporaryDirectory("batch-shipped")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/copy", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: packageRoot + "/scenarios/tiny.yaml", toPath: dir + "/copy/tiny.yaml")
        try "name: broken\nhorizon: {start_year: 2026, end_year: 2026, terms_per_year: 2}\nsegments: 12\n"
            .write(toFile: dir + "/broken.yaml", atomically: true, encoding: .utf8)
        let shipped = ["duong-minh-chau", "hcmc-2026", "labour-confederation", "tiny"].map { "scenarios/\($0).yaml" }
        let out = dir + "/out"
        let run = try langplan(["batch"] + shipped + [dir + "/copy/tiny.yaml", dir + "/broken.yaml",
                                "--out", out, "--time-limit", "20", "--runs", "10", "--jobs", "2", "--lang", "en"])
        // One failure: exit status 1, and every other scenario planned.
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("5 planned, 0 reused, 1 failed of 6 scenarios"), "\(run.stdout)\(run.stderr)")
        let rows = try rollupRows(out)
        #expect(rows.count == 6)
        let broken = try #require(rows.first { $0.file.hasSuffix("broken.yaml") })
        #expect(broken.state == "failed" && broken.message?.contains("broken.yaml:1:1: courses: missing required field") == true, "\(broken.message ?? "")")
        // Two files named tiny.yaml get two folders.
        #expect(Set(rows.filter { $0.file.hasSuffix("tiny.yaml") }.map(\.folder)) == ["tiny", "tiny-2"])
        // The two copies are the same staff: the roll-up says so (its sums count them twice).
        #expect(["tiny, tiny-2", "tiny-2, tiny"].contains { run.stderr.contains("Plans \($0) have the same targets and the same people") },
                "\(run.stderr)")
        let check = try python("check_rollup.py", [out])
        #expect(check.status == 0, "\(check.stderr)")
        let attainment = try PlanFiles.read(RollupAttainmentRow.self, directory: out)
        let b2 = try #require(attainment.first { $0.target == "b2" && $0.milestone == 2026 })
        #expect(b2.plans == 2 && b2.plansMet == 2)
        #expect(abs(b2.population - 200) < 1e-6 && abs(b2.reached - 100.8) < 1e-9 && abs(b2.share - 0.504) < 1e-12, "\(b2)")
        let tinyBudgets = try ["tiny", "tiny-2"].map { try PlanFiles.read(BudgetRow.self, directory: out + "/" + $0) }
        #expect(tinyBudgets.allSatisfy { $0.reduce(0) { $0 + $1.spentVND } == 213_000_000 })
    }

    /// 34 generated provinces: the batch is killed (SIGKILL) after some provinces are planned
    /// and run again with one province's file changed. The re-run plans only the provinces
    /// that were not finished and the changed one: the finished folders' files are not
    /// rewritten (their modification times stay), and the roll-up is the sum of all 34 parts.
    @Test func killedBatchResumesOnlyWhatWasNotFinished() throws {
        let dir = temporaryDirectory("batch-provinces")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let provinces = ScenarioGenerator.provinceSet(count: 34, staff: 300, institutions: 1, years: 2, seed: 7)
        var files: [String] = []
        for s in provinces {
            let f = dir + "/\(s.name).yaml"
            try ScenarioWriter.yaml(s).write(toFile: f, atomically: true, encoding: .utf8)
            files.append(f)
        }
        let out = dir + "/out"
        let args = ["batch"] + files + ["--out", out, "--time-limit", "2", "--runs", "0", "--jobs", "2", "--no-cost-stage"]
        let p = Process()
        p.executableURL = URL(fileURLWithPath: packageRoot + "/.build/debug/langplan")
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        func finished() -> [String] { provinces.map(\.name).filter { modified(out + "/\($0)/summary.json") != nil } }
        let start = Date()
        while finished().count < 6 && p.isRunning && Date().timeIntervalSince(start) < 300 { Thread.sleep(forTimeInterval: 0.05) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let done = finished()
        #expect(done.count >= 6 && done.count < 34, "\(done.count) provinces finished before the kill")
        var before: [String: Date] = [:]
        for name in done { for f in ["summary.json", "budget.csv", "plan.xlsx"] { before["\(name)/\(f)"] = modified(out + "/\(name)/\(f)") } }
        // The children leave once the batch is gone; give them a moment.
        Thread.sleep(forTimeInterval: 0.5)
        // A finished province whose scenario changed (a larger budget) must be planned again.
        let changed = done[0]
        var edited = provinces.first { $0.name == changed }!  // safe: done comes from provinces
        edited.budgets = edited.budgets.map { var b = $0; b.amounts = b.amounts.mapValues { $0 * 2 }; return b }
        try ScenarioWriter.yaml(edited).write(toFile: dir + "/\(changed).yaml", atomically: true, encoding: .utf8)
        Thread.sleep(forTimeInterval: 1.1)  // file times have 1 s resolution on some file systems

        let rerun = try langplan(args)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("\(34 - done.count + 1) planned, \(done.count - 1) reused, 0 failed of 34"), "\(rerun.stdout)")
        for name in done {
            for f in ["summary.json", "budget.csv", "plan.xlsx"] {
                let now = modified(out + "/\(name)/\(f)")
                if name == changed { #expect(now != before["\(name)/\(f)"], "\(name)/\(f) was not planned again") }
                else { #expect(now == before["\(name)/\(f)"], "\(name)/\(f) was rewritten") }
            }
        }
        #expect(finished().count == 34)
        #expect(!FileManager.default.fileExists(atPath: out + "/.work"))
        let rows = try rollupRows(out)
        #expect(rows.filter { $0.state == "reused" }.map(\.folder).sorted() == done.filter { $0 != changed }.sorted())
        let check = try python("check_rollup.py", [out])
        #expect(check.status == 0, "\(check.stderr)")
        let summary = try PlanSummary.read(path: out + "/\(changed)/summary.json")
        #expect(summary.scenarioChecksum == edited.checksum)
    }

    /// A finished plan is reused only with the options it was made with: the same command
    /// twice plans tiny.yaml once; with --lang en it is planned again (its report and the
    /// roll-up page then English, as Python's html parser reads them), and --one-core
    /// (how it runs, not what it makes) does not count.
    @Test func finishedPlansAreReusedOnlyWithTheSameOptions() throws {
        let dir = temporaryDirectory("batch-options")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/out"
        let args = ["batch", "scenarios/tiny.yaml", "--out", out, "--time-limit", "10", "--runs", "0", "--jobs", "1"]
        let first = try langplan(args)
        #expect(first.status == 0 && first.stdout.contains("1 planned, 0 reused"), "\(first.stdout)\(first.stderr)")
        let again = try langplan(args + ["--one-core"])
        #expect(again.status == 0 && again.stdout.contains("0 planned, 1 reused"), "\(again.stdout)\(again.stderr)")
        let english = try langplan(args + ["--lang", "en"])
        #expect(english.status == 0 && english.stdout.contains("1 planned, 0 reused"), "\(english.stdout)\(english.stderr)")
        #expect(english.stderr.contains("1 planned before with other options"), "\(english.stderr)")
        let langs = try python("html_lang.py", [out + "/rollup.html", out + "/tiny/report.html"])
        #expect(langs.status == 0 && langs.stdout.split(separator: "\n") == ["en", "en"], "\(langs.stdout)\(langs.stderr)")
        let check = try python("check_rollup.py", [out])
        #expect(check.status == 0, "\(check.stderr)")
    }
}
