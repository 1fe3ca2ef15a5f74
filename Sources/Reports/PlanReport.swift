import Foundation
import PlanFiles
import Planner
import Scenario
import Spreadsheet

/// Writes a plan's files: classes.csv, enrolments.csv, cohorts.csv, attainment.csv,
/// budget.csv, capacity.csv, summary.json and report.html.
public struct PlanReport: Sendable {
    public let result: PlanResult
    public let tables: PlanTables
    public let language: Language
    /// `Scenario.checksum` of the scenario planned (what `validate` prints).
    public var scenarioChecksum: String { sc.checksum }
    /// size-budget found no budget meeting the targets: the plan was made with unlimited
    /// money, so no limit is shown (not a limit of 0).
    public let budgetsUnlimited: Bool
    /// size-budget's spend stages, each with its status and gap (empty for other commands).
    public let sizing: [(what: String, stage: CostStage)]

    /// - Parameters:
    ///   - result: the planning run.
    ///   - language: language of report.html and plan.xlsx.
    ///   - budgetsUnlimited: true when size-budget planned with unlimited money.
    ///   - sizing: size-budget's stages, shown with their gaps in summary.json and the report.
    public init(result: PlanResult, language: Language = .vi, budgetsUnlimited: Bool = false,
                sizing: [(what: String, stage: CostStage)] = []) {
        self.result = result
        tables = PlanTables(plan: result.plan, data: result.data)
        self.language = language
        self.budgetsUnlimited = budgetsUnlimited
        self.sizing = sizing
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
        try writeRobust(to: out)
        try writeReplanChanges(to: out)
        try out.write("report.html", htmlReport())
        try writeWorkbook(to: (out.path as NSString).appendingPathComponent("plan.xlsx"))
    }

    /// report.html's text: one self-contained page in the report's language.
    public func htmlReport() -> String { HTMLReport(report: self).render() }

    /// The workbook finance offices open: sheets budget, attainment and classes (the rows of
    /// budget.csv, attainment.csv and classes.csv as numbers), sheet names and headers in the
    /// report language.
    public func workbook() -> Workbook {
        let t = language.t
        var wb = Workbook()
        var budget: [[Cell]] = []
        for y in sc.horizon.years {
            for (p, payer) in sc.payers.enumerated() {
                let spent = result.projection.spend[Projection.SpendKey(year: y, payer: p)] ?? 0
                let limit: Cell = budgetsUnlimited ? .empty : data.budget[p].map { .integer($0[y] ?? 0) } ?? .empty
                budget.append([.plain(Int64(y)), .text(payer.id), .integer(Int64(spent.rounded())), limit])
            }
        }
        wb.addSheet(name: t("sheet_budget"), header: [t("year"), t("payer"), t("spent_vnd"), t("limit_vnd")], rows: budget)
        wb.addSheet(name: t("sheet_attainment"),
                    header: [t("target"), t("milestone"), t("target_share"), t("projected"), t("p10"), "P50", t("p90"), language.rt("p_met"), t("met")],
                    rows: attainmentRows().map { r in
                        [.text(sc.targets[r.target].id), .plain(Int64(r.year)), .number(r.targetShare), .number(r.projected),
                         r.p10.map { .number($0) } ?? .empty, r.p50.map { .number($0) } ?? .empty, r.p90.map { .number($0) } ?? .empty,
                         r.pMet.map { .number($0) } ?? .empty, .text(t(r.met ? "yes" : "no"))]
                    })
        wb.addSheet(name: t("sheet_classes"),
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

    /// Rows of classes.csv.
    public func classesRows() -> [ClassesRow] {
        tables.classes.map { r in
            let (c, m) = label(r.offering)
            return ClassesRow(term: sc.horizon.label(ofTerm: r.term), institution: sc.institutions[r.institution].id, course: c,
                              mode: m, payer: sc.payers[r.payer].id, classes: r.classes, learners: r.learners)
        }
    }

    public func classesCSV() -> String { PlanFiles.csv(classesRows()) }

    /// Rows of enrolments.csv.
    public func enrolmentsRows() -> [EnrolmentsRow] {
        tables.enrolments.map { r in
            let (c, m) = label(r.offering)
            return EnrolmentsRow(term: sc.horizon.label(ofTerm: r.term), segment: sc.segments[r.segment].id, course: c, mode: m,
                                 institution: r.institution.map { sc.institutions[$0].id } ?? "", payer: sc.payers[r.payer].id,
                                 learners: r.learners)
        }
    }

    public func enrolmentsCSV() -> String { PlanFiles.csv(enrolmentsRows()) }

    /// Rows of cohorts.csv (what the timetabler reads).
    public func cohortsRows() -> [CohortsRow] { Self.cohortsRows(tables, data) }

    /// Rows of cohorts.csv for any plan's tables (the timetable check of `plan` reads these).
    /// - Returns: one row per class opened, ids as in the written file.
    public static func cohortsRows(_ tables: PlanTables, _ data: PlanningData) -> [CohortsRow] {
        let sc = data.scenario
        func label(_ o: Int) -> (String, String) { (sc.courses[data.offerings[o].course].id, data.offerings[o].mode.rawValue) }
        return tables.cohorts.map { c in
            let (course, mode) = label(c.offering)
            return CohortsRow(classId: c.id, term: sc.horizon.label(ofTerm: c.term), institution: sc.institutions[c.institution].id,
                              course: course, mode: mode, payer: sc.payers[c.payer].id, learners: c.learners,
                              segments: c.segments.map { "\(sc.segments[$0.segment].id):\($0.learners)" }.joined(separator: ";"))
        }
    }

    public func cohortsCSV() -> String { PlanFiles.csv(cohortsRows()) }

    /// Rows of attainment.csv as values (also used by the HTML report).
    public struct AttainmentRow: Sendable {
        public var target: Int; public var year: Int; public var targetShare: Double; public var projected: Double
        public var p10: Double?; public var p90: Double?; public var met: Bool
        /// Monte Carlo median and probability of meeting the target (nil without runs).
        public var p50: Double? = nil; public var pMet: Double? = nil
        /// Expected people the target covers at the milestone, and those at or above its level.
        public var population: Double = 0; public var reached: Double = 0
    }

    public func attainmentRows() -> [AttainmentRow] {
        var rows: [AttainmentRow] = []
        for (k, t) in sc.targets.enumerated() {
            for (m, y) in data.milestones.enumerated() {
                guard let want = t.milestones[y] else { continue }
                let share = result.projection.share(target: k, milestone: m)
                let u = result.uncertainty.indices.contains(k) && result.uncertainty[k].indices.contains(m) ? result.uncertainty[k][m] : nil
                rows.append(AttainmentRow(target: k, year: y, targetShare: want, projected: share, p10: u?.p10, p90: u?.p90,
                                          met: Projection.isMet(share: share, wanted: want), p50: u?.p50, pMet: u?.pMet,
                                          population: result.projection.population[k][m], reached: result.projection.reached[k][m]))
            }
        }
        return rows
    }

    public func attainmentCSV() -> String {
        PlanFiles.csv(attainmentRows().map { r in
            AttainmentFileRow(target: sc.targets[r.target].id, milestone: r.year, targetShare: r.targetShare,
                              projectedShare: r.projected, p10: r.p10, p90: r.p90, met: r.met ? .yes : .no, p50: r.p50, pMet: r.pMet,
                              population: r.population, reached: r.reached)
        })
    }

    /// Rows of budget.csv: spend per year and payer, and the limit (nil: no limit).
    public func budgetRows() -> [BudgetRow] {
        sc.horizon.years.flatMap { y in
            sc.payers.enumerated().map { p, payer in
                let spent = result.projection.spend[Projection.SpendKey(year: y, payer: p)] ?? 0
                return BudgetRow(year: y, payer: payer.id, spentVND: Int64(spent.rounded()),
                                 limitVND: budgetsUnlimited ? nil : data.budget[p].map { $0[y] ?? 0 })
            }
        }
    }

    public func budgetCSV() -> String { PlanFiles.csv(budgetRows()) }

    /// (term, institution, resource, used, available) for every resource a class uses.
    public func capacityRows() -> [(term: Int, institution: Int?, resource: String, used: Double, available: Double)] {
        var rows: [(term: Int, institution: Int?, resource: String, used: Double, available: Double)] = []
        for t in 0..<data.termCount {
            for (i, inst) in sc.institutions.enumerated() {
                let rooms = Double(inst.rooms.reduce(0) { $0 + $1.count * data.weeklySlots($1) })
                // Teachers count only where they are qualified for what is taught (level ≥ the
                // course's target level, as the planner's rows): a group qualified for no
                // class running adds no capacity.
                let qualified = qualifiedTeachers(term: t, institution: i)
                let hours = Double(qualified.reduce(0) { $0 + $1.count * $1.hoursPerTerm })
                let sessions = Double(qualified.reduce(0) { $0 + $1.count * $1.maxSessionsPerWeek })
                let teachers = Double(qualified.reduce(0) { $0 + $1.count })
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

    /// Teacher groups of institution `i` qualified for a class running there in term `t`
    /// (when none runs: for a course the institution could teach), as the planner counts them.
    func qualifiedTeachers(term t: Int, institution i: Int) -> [TeacherGroup] {
        let inst = sc.institutions[i]
        var levels = Set<Int>()
        for (k, n) in result.plan.classes where n > 0 && k.institution == i {
            let course = sc.courses[data.offerings[k.offering].course]
            // The class runs its real span (the calendar's rule), not only its declared terms.
            let last = data.endTerm(offering: k.offering, start: k.term) ?? (k.term + course.terms - 1)
            if (k.term...last).contains(t) { levels.insert(course.toLevel) }
        }
        if levels.isEmpty {
            levels = Set(data.offerings.indices.filter { data.canRun(offering: $0, institution: i) }
                .map { sc.courses[data.offerings[$0].course].toLevel })
        }
        guard let lowest = levels.min() else { return [] }
        return inst.teachers.filter { $0.maxLevel >= lowest }
    }

    public func capacityCSV() -> String {
        PlanFiles.csv(capacityRows().map { r in
            CapacityFileRow(term: sc.horizon.label(ofTerm: r.term), institution: r.institution.map { sc.institutions[$0].id } ?? "",
                            resource: r.resource, used: r.used, available: r.available)
        })
    }

    /// summary.json's content.
    public func summary() -> PlanSummary {
        func spendStage(_ what: String, _ c: CostStage) -> PlanSummary.SpendStage {
            PlanSummary.SpendStage(what: what, status: c.status.rawValue, spendMillionVND: c.objective, boundMillionVND: c.bound,
                                   gap: c.gap, detail: c.detail)
        }
        var summary = PlanSummary(
            scenario: sc.name, scenarioChecksum: scenarioChecksum, solver: "GLPK", status: result.status.rawValue,
            modelObjective: result.objective, modelBound: result.bestBound.flatMap { $0.isFinite ? $0 : nil },
            gap: result.gap.flatMap { $0.isFinite ? $0 : nil },
            stage2: result.costStage.map { spendStage("least total spend at stage 1's attainment", $0) },
            budgetSizing: sizing.isEmpty ? nil : sizing.map { spendStage($0.what, $0.stage) },
            budgetsUnlimited: budgetsUnlimited,
            weightedAttainment: result.projection.weightedAttainment(sc),
            greedyWeightedAttainment: result.greedyProjection.weightedAttainment(sc),
            totalSpendVND: result.projection.spend.values.reduce(0, +),
            greedyTotalSpendVND: result.greedyProjection.spend.values.reduce(0, +),
            classes: result.plan.totalClasses, solveSeconds: result.solveSeconds, buildSeconds: result.buildSeconds,
            variables: result.variables, integerVariables: result.integers, constraints: result.constraints,
            nonZeros: result.nonZeros, incumbentSource: result.incumbentSource)
        summary.timetableCheck = result.timetableCheck.map { c in
            PlanSummary.TimetableCheck(
                rounds: c.rounds,
                cuts: c.cuts.map { .init(institution: sc.institutions[$0.institution].id, term: sc.horizon.label(ofTerm: $0.term),
                                         mode: $0.mode.rawValue, planned: $0.running, limit: $0.limit, round: $0.round) },
                unplacedClassTerms: c.unplacedAtEnd, timetableSeconds: c.timetableSeconds, resolveSeconds: c.resolveSeconds,
                resolves: c.resolves, classesTakenOut: c.classesTakenOut)
        }
        summary.wholePeople = result.wholePeople.map { w in
            PlanSummary.WholePeople(learners: w.learners, continuousLearners: w.continuousLearners,
                                    weightedAttainment: w.weightedAttainment, continuousWeightedAttainment: w.continuousWeightedAttainment,
                                    spendMillionVND: w.spend, continuousSpendMillionVND: w.continuousSpend,
                                    addedClasses: w.addedClasses, status: w.status.rawValue, source: w.source, seconds: w.seconds)
        }
        return summary
    }

    public func summaryJSON() -> String { summary().json() }
}
