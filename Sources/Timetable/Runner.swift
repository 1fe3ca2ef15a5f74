import Foundation
import Scenario

/// What `TimetableRun.run` did.
public struct TimetableRunResult: Sendable {
    public var timetables: [TermTimetable]
    /// Violations found by the verifier (in memory, then on the written files); empty when all pass.
    public var violations: [String]
    public var seconds: Double
    public var directory: String
    public var summary: String
}

/// The whole job behind `langplan timetable` (and the `plan` command's timetable step):
/// solve every (institution, term) in parallel, verify, write the files, read them back and
/// verify again.
public enum TimetableRun {
    /// Marker file that says a directory was written by langplan timetable.
    public static let marker = ".langplan-timetable"

    /// Term indices of `year` (default: the horizon's first year), or only its `term` (1-based).
    public static func terms(scenario: Scenario, year: Int? = nil, term: Int? = nil) throws -> [Int] {
        let h = scenario.horizon
        let y = year ?? h.startYear
        guard h.years.contains(y) else { throw TimetableError.badTerm("year \(y) is outside the horizon \(h.startYear)-\(h.endYear)") }
        let first = (y - h.startYear) * h.termsPerYear
        if let t = term {
            guard (1...h.termsPerYear).contains(t) else { throw TimetableError.badTerm("term \(t): the year has \(h.termsPerYear) terms") }
            return [first + t - 1]
        }
        return Array(first..<(first + h.termsPerYear))
    }

    /// Whether `dir` may be written: missing, empty, or written by us before (or `force`).
    public static func checkOutput(_ dir: String, force: Bool) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir, isDirectory: &isDir) else { return }
        guard isDir.boolValue else { throw TimetableError.badFile("\(dir) exists and is not a directory") }
        let items = try fm.contentsOfDirectory(atPath: dir)
        if items.isEmpty || items.contains(marker) || force { return }
        throw TimetableError.badFile("\(dir) is not empty and was not written by langplan timetable; use --force to write into it")
    }

    public static func run(scenario: Scenario, classes: [PlannedClass], terms: [Int], out dir: String,
                           options: TimetableOptions = TimetableOptions(), force: Bool = false,
                           previous: String? = nil) throws -> TimetableRunResult {
        let clock = ContinuousClock.now
        try checkOutput(dir, force: force)
        let tts = try Timetabler.solveAll(scenario: scenario, classes: classes, terms: terms, options: options)
        var violations: [String] = []
        for t in tts {
            for v in TimetableVerifier.verify(t, scenario: scenario, classes: classes, extraHolidays: options.extraHolidays) {
                violations.append("\(t.institution) \(t.term): \(v)")
            }
        }
        violations += TimetableVerifier.verifyAcrossTerms(tts.map(\.record), horizon: scenario.horizon)
        let d0 = ContinuousClock.now - clock
        let solveSeconds = Double(d0.components.seconds) + Double(d0.components.attoseconds) * 1e-18
        if violations.isEmpty {
            try TimetableFiles.write(tts, scenario: scenario, classes: classes, to: dir, previous: previous,
                                     language: options.language)
            try Data("langplan timetable\n".utf8).write(to: URL(fileURLWithPath: try FileNames.join(dir, marker)))
            // The files, read back, must pass too.
            violations += verifyFiles(dir: dir, scenario: scenario, extraHolidays: options.extraHolidays)
        }
        var summary = TimetableFiles.summary(tts)
        for w in warnings(scenario: scenario, classes: classes) { summary += "warning: \(w)\n" }
        let placed = tts.reduce(0) { $0 + $1.stats.placed }, total = tts.reduce(0) { $0 + $1.stats.classes }
        // A class of several terms is timetabled once per term: classes and class-terms are
        // counted apart.
        let ids = Set(tts.flatMap { $0.assignments.map(\.classID) + $0.unplaced.map(\.planned.id) })
        let short = Set(tts.flatMap { $0.unplaced.map(\.planned.id) })
        summary += "total: \(ids.count) classes, \(ids.count - short.count) placed in every timetabled term of their span; "
            + "\(placed)/\(total) class-terms placed in \(tts.count) institution-terms; solved in \(String(format: "%.2f", solveSeconds)) s on \(ProcessInfo.processInfo.activeProcessorCount) cores\n"
        if let lo = terms.min(), let hi = terms.max(), lo > 0 || hi < scenario.horizon.termCount - 1 {
            let h = scenario.horizon
            summary += "covers \(h.label(ofTerm: lo))-\(h.label(ofTerm: hi)) of the horizon \(h.label(ofTerm: 0))-\(h.label(ofTerm: h.termCount - 1)): classes continuing past \(h.label(ofTerm: hi)) are timetabled only up to it (--all-years for the whole horizon)\n"
        }
        let d = ContinuousClock.now - clock
        return TimetableRunResult(timetables: tts, violations: violations,
                                  seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18,
                                  directory: dir, summary: summary)
    }

    /// Classes the timetabler will never see: unknown institution or a term outside the horizon.
    public static func warnings(scenario: Scenario, classes: [PlannedClass]) -> [String] {
        let known = Set(scenario.institutions.map(\.id))
        var out: [String] = []
        let strangers = classes.filter { !known.contains($0.institution) && $0.mode.hasClasses }
        if !strangers.isEmpty {
            out.append("\(strangers.count) classes name an institution the scenario does not have (\(Set(strangers.map(\.institution)).sorted().joined(separator: ", "))): not timetabled")
        }
        let badTerms = classes.filter { TermCalendar.termIndex(of: $0.term, horizon: scenario.horizon) == nil }
        if !badTerms.isEmpty {
            out.append("\(badTerms.count) classes have a term outside the horizon (e.g. \(badTerms[0].term)): not timetabled")
        }
        let segments = Set(scenario.segments.map(\.id))
        let unknown = Set(classes.flatMap { $0.segments.map(\.segment) }).subtracting(segments)
        if !unknown.isEmpty {
            out.append("segments not in the scenario (their preferences are unknown): \(unknown.sorted().prefix(5).joined(separator: ", "))")
        }
        return out
    }

    /// Runs the verifier on the files of `dir`; returns the violations (or why the files cannot be read).
    public static func verifyFiles(dir: String, scenario: Scenario, extraHolidays: [String] = []) -> [String] {
        do {
            let (records, classes) = try TimetableFiles.read(dir: dir, scenario: scenario)
            var out: [String] = []
            for r in records {
                let label = scenario.horizon.label(ofTerm: r.termIndex)
                for v in TimetableVerifier.verify(r, scenario: scenario, classes: classes, extraHolidays: extraHolidays) {
                    out.append("\(r.institution) \(label): \(v)")
                }
            }
            return out + TimetableVerifier.verifyAcrossTerms(records, horizon: scenario.horizon)
        } catch {
            return ["cannot read the timetable files in \(dir): \(error)"]
        }
    }
}
