import ArgumentParser
import Foundation
import PlanFiles
import Planner
import Reports
import Scenario

struct ReplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan",
        abstract: "Re-plan from a new survey: past years are history, the rest is optimised again.",
        discussion: paragraphs("""
        --survey is a YAML survey (as_of and headcount by segment id) or an HR roster CSV (then
        give --as-of). Classes of the old plan (--plan) that started before the survey year and
        still run are kept: their remaining cost is taken off that year's budget. Classes the old
        plan starts in the first --keep-terms terms from the survey year were announced: they are
        kept unless that became impossible, and otherwise as few as possible change (best
        attainment first, then fewest changes, then least spend). Writes the new plan's files into
        --out, replan-vs-plan.csv (planned vs re-planned attainment) and replan-changes.csv (every
        class added, moved or dropped against the old plan, and why).
        """))

    @Argument(help: "Scenario file (YAML or .xlsx workbook).") var scenario: String
    @Option(name: .long, help: "New survey: survey.yaml, or a roster (roster.csv or roster.xlsx).") var survey: String
    @Option(name: .long, help: "Directory of the plan being revised (written by langplan plan).") var plan: String
    @Option(name: .long, help: "First year still to plan (needed with a roster CSV).") var asOf: Int?
    @Option(name: .long, help: "Output directory (created; one holding files langplan did not write is refused unless --force; a previous run's files are replaced).") var out: String
    @Option(name: .long, help: "Time limit in seconds.") var timeLimit: Double = 60
    @Option(name: .long, help: "Terms, from the survey year's first, whose announced classes are kept (0: none).") var keepTerms: Int = 1
    @Option(name: .long, help: "Report language.") var lang: Language = .vi
    @Flag(name: .long, help: "Write into --out even if it holds files langplan did not write.") var force = false

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be positive") }
        guard keepTerms >= 0, keepTerms <= 40 else { throw ValidationError("--keep-terms must be between 0 and 40") }
        if isRoster && asOf == nil { throw ValidationError("a roster survey needs --as-of YEAR") }
    }

    /// A roster (CSV or .xlsx workbook) rather than a survey YAML.
    var isRoster: Bool {
        let s = survey.lowercased()
        return s.hasSuffix(".csv") || s.hasSuffix(".xlsx")
    }

    /// Rows of one of the plan's files (`R.fileName` in --plan), read through the plan files' schema.
    func rows<R: PlanFileRow>(_ type: R.Type) throws -> [R] {
        do { return try PlanFiles.read(type, directory: plan) } catch {
            note("error: \(error) (is --plan a directory written by langplan plan?)")
            throw ExitCode(1)
        }
    }

    func run() throws {
        bootstrapLogging(verbose: false)
        let sc = try loadScenario(scenario)
        let sv: Survey
        do {
            sv = isRoster
                ? try Survey.fromRoster(path: survey, asOf: asOf ?? 0, scenario: sc)
                : try Survey.load(path: survey, scenario: sc)
        } catch { note(error.description); throw ExitCode(1) }
        let year = asOf ?? sv.asOf
        guard sc.horizon.years.contains(year), year > sc.horizon.startYear else {
            note("error: the survey year \(year) must be after \(sc.horizon.startYear) and within \(sc.horizon.startYear)-\(sc.horizon.endYear)")
            throw ExitCode(1)
        }
        let survey = Survey(asOf: year, headcount: sv.headcount)
        let missing = sc.segments.map(\.id).filter { survey.headcount[$0] == nil }
        if !missing.isEmpty {
            note("error: \(self.survey): the survey must give every segment's headcount; missing: \(missing.joined(separator: ", "))")
            throw ExitCode(1)
        }

        // Classes already running into the survey year: their remaining cost is committed.
        let data = PlanningData(sc)
        var committed: [String: [Int: Int64]] = [:]
        var kept = 0
        for row in try rows(ClassesRow.self) {
            guard let startYear = Int(row.term.prefix(4)), startYear < year,
                  let termNo = Int(row.term.split(separator: "T").last ?? ""),
                  let o = data.offerings.indices.first(where: {
                      sc.courses[data.offerings[$0].course].id == row.course && data.offerings[$0].mode.rawValue == row.mode }),
                  let i = sc.institutions.firstIndex(where: { $0.id == row.institution }),
                  let cost = data.classCost(offering: o, institution: i) else { continue }
            let n = row.classes, payer = row.payer
            let t = (startYear - sc.horizon.startYear) * sc.horizon.termsPerYear + termNo - 1
            let len = data.span(offering: o, start: t) ?? sc.courses[data.offerings[o].course].terms
            for u in t..<(t + len) where sc.horizon.year(ofTerm: u) >= year {
                committed[payer, default: [:]][sc.horizon.year(ofTerm: u), default: 0] += Int64(n) * cost / Int64(len)
                kept += n
            }
        }
        let rebased = survey.rebase(sc, spentAlready: committed)
        let problems = rebased.problems
        if !problems.isEmpty {
            note("error: the re-based scenario is not sound:\n" + problems.map(\.description).joined(separator: "\n"))
            throw ExitCode(1)
        }
        let dir: OutputDirectory
        do { dir = try OutputDirectory(out, force: force) } catch { note("error: \(error)"); throw ExitCode(1) }
        var o = PlannerOptions()
        o.timeLimit = timeLimit
        o.progress = { note($0) }
        let committedAhead = try Self.announced(plan: plan, scenario: rebased)
        let outcome: KeptReplanner.Outcome
        do {
            outcome = try KeptReplanner.replan(rebased, committed: committedAhead, keepTerms: keepTerms, options: o)
        } catch { note("error: \(error)"); throw ExitCode(1) }
        let result = outcome.reported
        let report = PlanReport(result: result, language: lang)
        do { try report.write(to: dir) } catch { note("error: \(error)"); throw ExitCode(1) }

        // Planned vs re-planned attainment.
        var planned: [String: Double] = [:]
        for row in try rows(AttainmentFileRow.self) { planned["\(row.target)@\(row.milestone)"] = row.projectedShare }
        var compared: [ReplanRow] = []
        print("target / milestone: planned → re-planned (target)")
        for r in report.attainmentRows() {
            let id = rebased.targets[r.target].id
            let before = planned["\(id)@\(r.year)"]
            compared.append(ReplanRow(target: id, milestone: r.year, targetShare: r.targetShare, plannedShare: before,
                                      replannedShare: r.projected))
            print("  \(id) \(r.year): \(before.map { String(format: "%.1f%%", 100 * $0) } ?? "–") → \(String(format: "%.1f%%", 100 * r.projected)) (\(String(format: "%.0f%%", 100 * r.targetShare)))")
        }
        do { try dir.write(ReplanRow.fileName, PlanFiles.csv(compared)) } catch { note("error: \(error)"); throw ExitCode(1) }
        // Money of the years now past, as the old plan spent it (history: counted, not re-planned).
        var past = 0.0
        for row in try rows(BudgetRow.self) where row.year < year { past += Double(row.spentVND) }
        print(String(format: "history: %.3f bn VND spent before %d; %d class-terms of classes still running in %d or later kept (%.3f bn committed)",
                     past / 1e9, year, kept, year, Double(committed.values.reduce(0) { $0 + $1.values.reduce(0, +) }) / 1e9))
        if keepTerms > 0 {
            print(outcome.keptAll ? "kept: every class announced for the first \(keepTerms) term(s)"
                  : "changed: \(outcome.keptTermChanges) class(es) of the first \(keepTerms) term(s), the fewest for the best attainment")
        }
        for c in report.replanChangeRows() {
            let from = c.fromTerm.isEmpty ? "" : " from \(c.fromInstitution) \(c.fromTerm)"
            let to = c.toTerm.isEmpty ? "" : " to \(c.toInstitution) \(c.toTerm)"
            print("  \(c.change) \(c.classes) \(c.course) \(c.mode) (\(c.payer))\(from)\(to)\(c.keptTerm == .yes ? " [announced]" : ""): \(c.reason)")
        }
        print("report: \((out as NSString).appendingPathComponent("report.html"))")
    }

    /// Classes the old plan starts in the survey year or later, keyed in the re-based
    /// scenario's indices (term 0 = the survey year's first term).
    static func announced(plan: String, scenario sc: Scenario) throws -> [ClassKey: Int] {
        let rows: [ClassesRow]
        do { rows = try PlanFiles.read(ClassesRow.self, directory: plan) } catch { note("error: \(error)"); throw ExitCode(1) }
        let data = PlanningData(sc)
        var out: [ClassKey: Int] = [:]
        for row in rows {
            guard let t = (0..<sc.horizon.termCount).first(where: { sc.horizon.label(ofTerm: $0) == row.term }) else { continue }
            guard let o = data.offerings.indices.first(where: {
                      sc.courses[data.offerings[$0].course].id == row.course && data.offerings[$0].mode.rawValue == row.mode }),
                  let i = sc.institutions.firstIndex(where: { $0.id == row.institution }),
                  let p = sc.payers.firstIndex(where: { $0.id == row.payer }) else {
                note("warning: \(plan)/classes.csv: \(row.term) \(row.course) \(row.mode) at \(row.institution) (\(row.payer)) is not in the scenario any more; ignored")
                continue
            }
            out[ClassKey(offering: o, payer: p, institution: i, term: t), default: 0] += row.classes
        }
        return out
    }
}
