import Foundation
import Planner
import Scenario
import Spreadsheet

/// Writes a plan's files: classes.csv, enrolments.csv, cohorts.csv, attainment.csv,
/// budget.csv, capacity.csv, summary.json and report.html.
public struct PlanReport: Sendable {
    public let result: PlanResult
    public let tables: PlanTables
    public let language: Language
    public let scenarioChecksum: String

    public init(result: PlanResult, language: Language = .vi, scenarioChecksum: String = "") {
        self.result = result
        tables = PlanTables(plan: result.plan, data: result.data)
        self.language = language
        self.scenarioChecksum = scenarioChecksum
    }

    var sc: Scenario { result.data.scenario }
    var data: PlanningData { result.data }

    func label(_ o: Int) -> (course: String, mode: String) {
        (sc.courses[data.offerings[o].course].id, data.offerings[o].mode.rawValue)
    }

    public func write(to out: OutputDirectory) throws(OutputDirectory.Problem) {
        try out.write("classes.csv", classesCSV())
        try out.write("enrolments.csv", enrolmentsCSV())
        try out.write("cohorts.csv", cohortsCSV())
        try out.write("attainment.csv", attainmentCSV())
        try out.write("budget.csv", budgetCSV())
        try out.write("capacity.csv", capacityCSV())
        try out.write("summary.json", summaryJSON())
        try out.write("report.html", HTMLReport(report: self).render())
        try writeWorkbook(to: (out.path as NSString).appendingPathComponent("plan.xlsx"))
    }

    /// The workbook finance offices open: sheets budget, attainment and classes (the rows of
    /// budget.csv, attainment.csv and classes.csv as numbers), headers in the report language.
    public func workbook() -> Workbook {
        let t = language.t
        var wb = Workbook()
        var budget: [[Cell]] = []
        for y in sc.horizon.years {
            for (p, payer) in sc.payers.enumerated() {
                let spent = result.projection.spend[Projection.SpendKey(year: y, payer: p)] ?? 0
                let limit: Cell = data.budget[p].map { .integer($0[y] ?? 0) } ?? .empty
                budget.append([.plain(Int64(y)), .text(payer.id), .integer(Int64(spent.rounded())), limit])
            }
        }
        wb.addSheet(name: "budget", header: [t("year"), t("payer"), t("spent_vnd"), t("limit_vnd")], rows: budget)
        wb.addSheet(name: "attainment",
                    header: [t("target"), t("milestone"), t("target_share"), t("projected"), t("p10"), t("p90"), t("met")],
                    rows: attainmentRows().map { r in
                        [.text(sc.targets[r.target].id), .plain(Int64(r.year)), .number(r.targetShare), .number(r.projected),
                         r.p10.map { .number($0) } ?? .empty, r.p90.map { .number($0) } ?? .empty, .text(t(r.met ? "yes" : "no"))]
                    })
        wb.addSheet(name: "classes",
                    header: [t("term"), t("institution"), t("course"), t("mode"), t("payer"), t("classes"), t("learners")],
                    rows: tables.classes.map { r in
                        let (c, m) = label(r.offering)
                        return [.text(sc.horizon.label(ofTerm: r.term)), .text(sc.institutions[r.institution].id), .text(c), .text(m),
                                .text(sc.payers[r.payer].id), .integer(Int64(r.classes)), .integer(Int64(r.learners))]
                    })
        return wb
    }

    /// Writes `workbook()` to `path` (atomically).
    public func writeWorkbook(to path: String) throws(OutputDirectory.Problem) {
        do { try workbook().write(to: path) } catch {
            throw .cannotWrite(path, error.description)
        }
    }

    public func classesCSV() -> String {
        var s = csvLine(["term", "institution", "course", "mode", "payer", "classes", "learners"])
        for r in tables.classes {
            let (c, m) = label(r.offering)
            s += csvLine([sc.horizon.label(ofTerm: r.term), sc.institutions[r.institution].id, c, m, sc.payers[r.payer].id,
                          String(r.classes), String(r.learners)])
        }
        return s
    }

    public func enrolmentsCSV() -> String {
        var s = csvLine(["term", "segment", "course", "mode", "institution", "payer", "learners"])
        for r in tables.enrolments {
            let (c, m) = label(r.offering)
            s += csvLine([sc.horizon.label(ofTerm: r.term), sc.segments[r.segment].id, c, m,
                          r.institution.map { sc.institutions[$0].id } ?? "", sc.payers[r.payer].id, String(r.learners)])
        }
        return s
    }

    public func cohortsCSV() -> String {
        var s = csvLine(["class_id", "term", "institution", "course", "mode", "payer", "learners", "segments"])
        for c in tables.cohorts {
            let (course, mode) = label(c.offering)
            s += csvLine([c.id, sc.horizon.label(ofTerm: c.term), sc.institutions[c.institution].id, course, mode,
                          sc.payers[c.payer].id, String(c.learners),
                          c.segments.map { "\(sc.segments[$0.segment].id):\($0.learners)" }.joined(separator: ";")])
        }
        return s
    }

    /// Rows of attainment.csv as values (also used by the HTML report).
    public struct AttainmentRow: Sendable {
        public var target: Int; public var year: Int; public var targetShare: Double; public var projected: Double
        public var p10: Double?; public var p90: Double?; public var met: Bool
    }

    public func attainmentRows() -> [AttainmentRow] {
        var rows: [AttainmentRow] = []
        for (k, t) in sc.targets.enumerated() {
            for (m, y) in data.milestones.enumerated() {
                guard let want = t.milestones[y] else { continue }
                let share = result.projection.share(target: k, milestone: m)
                let u = result.uncertainty.indices.contains(k) && result.uncertainty[k].indices.contains(m) ? result.uncertainty[k][m] : nil
                rows.append(AttainmentRow(target: k, year: y, targetShare: want, projected: share, p10: u?.p10, p90: u?.p90,
                                          met: share >= want * (1 - 1e-6) - 1e-9))
            }
        }
        return rows
    }

    public func attainmentCSV() -> String {
        var s = csvLine(["target", "milestone", "target_share", "projected_share", "p10", "p90", "met"])
        for r in attainmentRows() {
            s += csvLine([sc.targets[r.target].id, String(r.year), fmt(r.targetShare), fmt(r.projected),
                          r.p10.map(fmt) ?? "", r.p90.map(fmt) ?? "", r.met ? "yes" : "no"])
        }
        return s
    }

    public func budgetCSV() -> String {
        var s = csvLine(["year", "payer", "spent_vnd", "limit_vnd"])
        for y in sc.horizon.years {
            for (p, payer) in sc.payers.enumerated() {
                let spent = result.projection.spend[Projection.SpendKey(year: y, payer: p)] ?? 0
                let limit = data.budget[p].map { String($0[y] ?? 0) } ?? ""
                s += csvLine([String(y), payer.id, String(Int64(spent.rounded())), limit])
            }
        }
        return s
    }

    /// (term, institution, resource, used, available) for every resource a class uses.
    public func capacityRows() -> [(term: Int, institution: Int?, resource: String, used: Double, available: Double)] {
        var rows: [(term: Int, institution: Int?, resource: String, used: Double, available: Double)] = []
        for t in 0..<data.termCount {
            for (i, inst) in sc.institutions.enumerated() {
                let rooms = Double(inst.rooms.reduce(0) { $0 + $1.count * data.weeklySlots($1) })
                let hours = Double(inst.teachers.reduce(0) { $0 + $1.count * $1.hoursPerTerm })
                let sessions = Double(inst.teachers.reduce(0) { $0 + $1.count * $1.maxSessionsPerWeek })
                let teachers = Double(inst.teachers.reduce(0) { $0 + $1.count })
                for (res, cap) in [("room slots/week", rooms), ("teachers", teachers), ("teacher periods", hours),
                                   ("teacher sessions/week", sessions),
                                   ("online classes", Double(inst.onlineClassesMax))] {
                    let used = result.projection.usage[Projection.UsageKey(term: t, institution: i, resource: res)] ?? 0
                    if cap > 0 || used > 0 { rows.append((t, i, res, used, cap)) }
                }
            }
            if let seats = sc.exams.seatsPerTerm {
                let used = result.projection.usage[Projection.UsageKey(term: t, institution: nil, resource: "exam seats")] ?? 0
                rows.append((t, nil, "exam seats", used, Double(seats)))
            }
        }
        return rows
    }

    public func capacityCSV() -> String {
        var s = csvLine(["term", "institution", "resource", "used", "available"])
        for r in capacityRows() {
            s += csvLine([sc.horizon.label(ofTerm: r.term), r.institution.map { sc.institutions[$0].id } ?? "",
                          r.resource, fmt(r.used), fmt(r.available)])
        }
        return s
    }

    public func summaryJSON() -> String {
        let greedy = result.greedyProjection.weightedAttainment(sc)
        let optimised = result.projection.weightedAttainment(sc)
        let totalSpend = result.projection.spend.values.reduce(0, +)
        let obj: [String: Any] = [
            "scenario": sc.name, "scenario_checksum": scenarioChecksum, "solver": "GLPK",
            "status": result.status.rawValue, "objective": result.objective, "best_bound": result.bestBound as Any? ?? NSNull(),
            "gap": result.gap as Any? ?? NSNull(), "solve_seconds": result.solveSeconds, "build_seconds": result.buildSeconds,
            "weighted_attainment": optimised, "greedy_weighted_attainment": greedy,
            "greedy_total_spend_vnd": result.greedyProjection.spend.values.reduce(0, +),
            "total_spend_vnd": totalSpend, "classes": result.plan.totalClasses,
            "variables": result.variables, "integer_variables": result.integers, "constraints": result.constraints,
            "non_zeros": result.nonZeros, "incumbent_source": result.incumbentSource,
        ]
        guard let d = try? JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys]),
              let s = String(data: d, encoding: .utf8) else { return "{}\n" }
        return s + "\n"
    }

    func fmt(_ v: Double) -> String { String(format: "%.6g", v) }
}
