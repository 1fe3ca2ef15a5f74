import ArgumentParser
import Foundation
import Reports
import Scenario
import Timetable

/// `langplan timetable SCENARIO --plan PLANDIR --out DIR`: term timetables for the classes of a plan.
struct TimetableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timetable",
        abstract: "Timetable the classes of a plan: teachers, rooms, weekly slots, dated sessions; CSV, iCalendar, HTML, FET.",
        discussion: paragraphs("""
            Reads PLANDIR/cohorts.csv, solves one MIP per institution and term (in parallel), checks every \
            timetable with the verifier and writes OUT/<institution>/ (timetable.csv, sessions.csv, classes.csv, \
            unplaced.csv, timetable.html, <term>.fet, ics/). Default: the terms of the plan's first year; \
            --all-years: the whole horizon. A class runs only inside the terms of its span (see \
            docs/calendar-and-capacity.md); one that cannot finish there is not placed and is explained.
            """))

    @Argument(help: "Scenario file (YAML or .xlsx workbook).")
    var scenario: String

    @Option(name: .long, help: "Plan directory holding cohorts.csv.")
    var plan: String

    @Option(name: .long, help: "Output directory.")
    var out: String

    @Option(name: .long, help: "Year to timetable (default: the horizon's first year).")
    var year: Int?

    @Flag(name: .long, help: "Timetable every term of the horizon in one run (continuing classes keep teacher, room and weekly time).")
    var allYears = false

    @Option(name: .long, help: "Term of that year, 1-based (default: all its terms).")
    var term: Int?

    @Option(name: .long, help: "Seconds per MIP (one per institution and term).")
    var timeLimit: Double = 10

    @Option(name: .long, help: "A timetable folder written before: calendar events that changed since get a higher SEQUENCE (default: --out's own files).")
    var previous: String?

    @Option(name: .long, help: "Language of timetable.html and the calendars (default vi).")
    var lang: Language = .vi

    @Flag(name: .long, help: "Write into a non-empty directory that langplan did not create.")
    var force = false

    func run() throws {
        let s = try ScenarioLoader.load(path: scenario)
        let classes = try CohortFile.read(path: "\(plan)/cohorts.csv")
        if allYears && (year != nil || term != nil) {
            throw ValidationError("--all-years cannot be combined with --year or --term")
        }
        let terms = allYears ? Array(0..<s.horizon.termCount) : try TimetableRun.terms(scenario: s, year: year, term: term)
        var options = TimetableOptions()
        options.timeLimit = timeLimit
        options.language = TimetableLanguage(rawValue: lang.rawValue) ?? .vi
        let r = try TimetableRun.run(scenario: s, classes: classes, terms: terms, out: out, options: options, force: force, previous: previous)
        print(r.summary, terminator: "")
        if !r.violations.isEmpty {
            print("verifier: \(r.violations.count) violations; nothing trustworthy was written")
            for v in r.violations.prefix(30) { print("  \(v)") }
            throw ExitCode(1)
        }
        print("verifier: every timetable passes; files in \(out)/")
    }
}
