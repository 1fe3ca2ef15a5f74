import Foundation
import Planner
import Scenario
import Timetable

/// The plan's attainment re-projected from a timetable's dates: the plan's files (enrolments.csv)
/// projected twice by `Projection`, once with every cohort finishing in its span's last term
/// (the plan's rule) and once finishing in the term of its classes' last timetabled session
/// (read from the timetable's sessions.csv). Equal shares mean the timetable delivers the
/// attainment the plan counts; a class that ended a year later would move its learners out
/// of the milestone.
struct TimetableReprojection {
    /// (target id, milestone year, share with the plan's spans, share from the timetable).
    var rows: [(target: String, year: Int, planned: Double, timetabled: Double)] = []
    /// Classes whose last session is in another term than the plan's last term for them.
    var moved: [String] = []
    /// Timetabled classes read.
    var classes = 0
    /// Classes whose span runs past the last timetabled term (placed in every timetabled term):
    /// their learners finish in the plan's end term, which the timetable does not cover.
    var continuingBeyond: [String] = []
    /// The timetabled terms (labels of the first and last, from terms.csv).
    var covered: (first: String, last: String)?
    /// Classes of the plan (its cohorts.csv) the timetable does not hold: they start outside
    /// the timetabled terms, and the plan's end terms are used for them.
    var notTimetabled = 0
    /// Whether the timetable covers only some of the plan's terms.
    var partial: Bool { !continuingBeyond.isEmpty || notTimetabled > 0 }

    /// - Parameters:
    ///   - planDir: the `plan` output (enrolments.csv).
    ///   - timetableDir: the `timetable` output (cohorts.csv, terms.csv, <institution>/sessions.csv).
    /// - Throws: when a file is missing or malformed.
    init(scenario s: Scenario, planDir: String, timetableDir: String) throws {
        let data = PlanningData(s)
        let teaching = data.calendar
        func offering(_ course: String?, _ mode: String?) -> Int? {
            data.offerings.indices.first { s.courses[data.offerings[$0].course].id == course && data.offerings[$0].mode.rawValue == mode }
        }
        func table(_ path: String) throws -> [[String: String]] {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
            guard let head = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
            return lines.dropFirst().map { line in
                Dictionary(zip(head, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)), uniquingKeysWith: { a, _ in a })
            }
        }
        var plan = Plan()
        for r in try table("\(planDir)/enrolments.csv") {
            guard let o = offering(r["course"], r["mode"]), let seg = data.segmentIndex[r["segment"] ?? ""],
                  let p = data.payerIndex[r["payer"] ?? ""], let t = TermCalendar.termIndex(of: r["term"] ?? "", horizon: s.horizon),
                  let n = Double(r["learners"] ?? "") else { throw TimetableError.badFile("\(planDir)/enrolments.csv: unreadable row \(r)") }
            plan.enrolments[EnrolmentKey(segment: seg, offering: o, payer: p, term: t), default: 0] += n
        }
        // Last session of every class, and the term it falls in; a class left unplaced in any
        // term of its span never finishes (its learners never count).
        var last: [String: LocalDate] = [:]
        var unfinished: Set<String> = []
        for inst in s.institutions where FileManager.default.fileExists(atPath: "\(timetableDir)/\(inst.id)/sessions.csv") {
            for r in try table("\(timetableDir)/\(inst.id)/sessions.csv") {
                guard let id = r["class"] ?? r["class_id"], let d = LocalDate(iso: r["date"] ?? "") else { continue }
                last[id] = max(last[id] ?? d, d)
            }
            if FileManager.default.fileExists(atPath: "\(timetableDir)/\(inst.id)/unplaced.csv") {
                for r in try table("\(timetableDir)/\(inst.id)/unplaced.csv") { if let id = r["class"] { unfinished.insert(id) } }
            }
        }
        // The term a last session counts in: the latest term of the same year begun by then (a
        // session between terms still counts in its year); after the horizon: never (index T).
        func termOf(_ d: LocalDate) -> Int? {
            if let j = teaching.terms.lastIndex(where: { $0.map { $0.start.year == d.year && $0.start <= d } ?? false }) { return j }
            if let j = teaching.terms.firstIndex(where: { $0?.start.year == d.year }) { return j }
            return d.year > s.horizon.endYear ? s.horizon.termCount : nil
        }
        // The terms the timetable covers: a class whose span runs past the last of them is
        // "continuing beyond the timetable", not moved, and keeps the plan's end term.
        let coveredTerms = try table("\(timetableDir)/terms.csv").compactMap { TermCalendar.termIndex(of: $0["term"] ?? "", horizon: s.horizon) }
        let lastCovered = coveredTerms.max() ?? (s.horizon.termCount - 1)
        if let lo = coveredTerms.min() { covered = (s.horizon.label(ofTerm: lo), s.horizon.label(ofTerm: lastCovered)) }
        var ends: [EnrolmentKey: Int] = [:]
        for c in try CohortFile.read(path: "\(timetableDir)/cohorts.csv") {
            guard let o = offering(c.course, c.mode.rawValue), let p = data.payerIndex[c.payer],
                  let t = TermCalendar.termIndex(of: c.term, horizon: s.horizon), c.mode.hasClasses else { continue }
            classes += 1
            let end: Int
            let planEnd = data.endTerm(offering: o, start: t)
            if !unfinished.contains(c.id), let e = planEnd, e > lastCovered {
                end = e
                continuingBeyond.append("\(c.id) (\(c.term)): runs to \(s.horizon.label(ofTerm: e)), past the timetable")
            } else if unfinished.contains(c.id) || last[c.id] == nil {
                end = s.horizon.termCount
                moved.append("\(c.id) (\(c.term)): not placed in every term of its span, never finishes")
            } else if let d = last[c.id], let e = termOf(d) {
                end = e
                if end != planEnd { moved.append("\(c.id) (\(c.term)): last session \(d)") }
            } else { continue }
            for share in c.segments {
                guard let seg = data.segmentIndex[share.segment] else { continue }
                let k = EnrolmentKey(segment: seg, offering: o, payer: p, term: t)
                ends[k] = max(ends[k] ?? end, end)  // a cohort finishes when its last class does
            }
        }
        let inTimetable = Set(try CohortFile.read(path: "\(timetableDir)/cohorts.csv").map(\.id))
        notTimetabled = try CohortFile.read(path: "\(planDir)/cohorts.csv").filter { $0.mode.hasClasses && !inTimetable.contains($0.id) }.count
        let planned = Projection(scenario: s, plan: plan, data: data)
        let timetabled = Projection(scenario: s, plan: plan, data: data, endTerm: { ends[$0] })
        for (k, target) in s.targets.enumerated() {
            for (m, y) in planned.milestones.enumerated() {
                rows.append((target.id, y, planned.share(target: k, milestone: m), timetabled.share(target: k, milestone: m)))
            }
        }
    }
}
