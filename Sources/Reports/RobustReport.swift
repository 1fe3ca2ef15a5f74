import Foundation
import Pages
import PlanFiles
import Planner
import Scenario

// The report's parts for uncertain inputs (issue 14): a chart of P10/P50/P90 and the
// probability of meeting each target, and the robust plan beside the nominal one.

extension Language {
    /// Texts of these parts, both languages (kept here so the sections stay one file).
    static let robustTexts: [Language: [String: String]] = [
        .en: [
            "confidence_chart": "How sure is each target?",
            "confidence_note": "Bar: P10–P90 of the projected share over Monte Carlo runs, tick: P50, red line: the target. Each run draws every uncertain pass rate (per course and mode), attrition and recruits (per segment) once, then each learner's pass. Right: share of runs meeting the target.",
            "p_met": "P(target met)",
            "robust_title": "Robust plan beside the nominal plan",
            "robust_note": "Both plans judged on the same %d fresh Monte Carlo runs (seed %llu), not used to choose the robust plan. Robust plan: pass rates at their %@ quantile, attrition and recruits at their likely values (docs/robust-plans.md).",
            "nominal_plan": "Nominal plan (likely values)", "robust_plan": "Robust plan", "plan_w": "Plan",
            "classes_w": "Classes", "cost_w": "Spend", "seconds_w": "Time",
            "steps_title": "Quantiles tried", "quantile": "Quantile", "lowest_p_met": "Lowest P(met)",
            "lower_bound": "95% lower bound", "accepted": "Accepted",
            "unguarded": "Not met even at likely values (no plan can promise it):",
            "none_cleared": "No quantile tried cleared the requested probability (the targets cannot all be met at low pass rates within the budget and capacity): the plan whose worst target fared best is shown. size-budget --confidence gives the budget that would clear it.",
        ],
        .vi: [
            "confidence_chart": "Mức chắc chắn của từng chỉ tiêu",
            "confidence_note": "Thanh: P10–P90 của tỷ lệ dự báo qua các lần mô phỏng Monte Carlo, vạch: P50, đường đỏ: chỉ tiêu. Mỗi lần mô phỏng rút một lần tỷ lệ đạt chưa chắc chắn (theo khóa học và hình thức), tỷ lệ nghỉ và tuyển mới (theo nhóm), rồi kết quả đỗ/trượt của từng học viên. Bên phải: tỷ lệ số lần đạt chỉ tiêu.",
            "p_met": "Xác suất đạt chỉ tiêu",
            "robust_title": "Kế hoạch vững bên cạnh kế hoạch danh nghĩa",
            "robust_note": "Cả hai kế hoạch được đánh giá trên cùng %d lần mô phỏng mới (seed %llu), không dùng để chọn kế hoạch vững. Kế hoạch vững: tỷ lệ đạt ở phân vị %@, tỷ lệ nghỉ và tuyển mới ở giá trị khả dĩ nhất (docs/robust-plans.md).",
            "nominal_plan": "Kế hoạch danh nghĩa (giá trị khả dĩ nhất)", "robust_plan": "Kế hoạch vững", "plan_w": "Kế hoạch",
            "classes_w": "Số lớp", "cost_w": "Chi", "seconds_w": "Thời gian",
            "steps_title": "Các phân vị đã thử", "quantile": "Phân vị", "lowest_p_met": "Xác suất đạt thấp nhất",
            "lower_bound": "Cận dưới 95%", "accepted": "Chấp nhận",
            "unguarded": "Không đạt ngay cả ở giá trị khả dĩ nhất (không kế hoạch nào bảo đảm được):",
            "none_cleared": "Không phân vị nào đạt xác suất yêu cầu (không thể đạt mọi chỉ tiêu khi tỷ lệ đỗ thấp trong phạm vi kinh phí và năng lực): hiển thị kế hoạch có chỉ tiêu kém nhất tốt nhất. size-budget --confidence cho mức kinh phí cần thiết.",
        ],
    ]
    func rt(_ key: String) -> String { Self.robustTexts[self]?[key] ?? key }
}

extension PlanReport {
    /// Rows of robust.csv (empty unless the plan was made with `--confidence`).
    public func robustRows() -> [RobustFileRow] {
        guard let c = result.robustComparison else { return [] }
        let unguarded = Set(c.unreachable.map { "\($0.target).\($0.milestone)" })
        var rows: [RobustFileRow] = []
        for (k, t) in sc.targets.enumerated() {
            for (m, y) in data.milestones.enumerated() {
                guard let want = t.milestones[y], want > 0, let a = c.nominalPMet[k][m], let b = c.robustPMet[k][m] else { continue }
                rows.append(RobustFileRow(target: t.id, milestone: y, targetShare: want, nominalPMet: a, robustPMet: b,
                                          guarded: unguarded.contains("\(k).\(m)") ? .no : .yes))
            }
        }
        return rows
    }

    /// Writes robust.csv when the plan was made with `--confidence`.
    func writeRobust(to out: OutputDirectory) throws(OutputDirectory.Problem) {
        guard result.robustComparison != nil else { return }
        try out.write(RobustFileRow.fileName, PlanFiles.csv(robustRows()))
    }
}

extension HTMLReport {
    func rt(_ k: String) -> String { lang.rt(k) }

    /// One line per target milestone: the P10–P90 band with its P50 and the target, and the
    /// probability of meeting it as a bar. Nil without Monte Carlo runs.
    func confidenceChart() -> Chart? {
        let rows = report.attainmentRows().filter { $0.p10 != nil && $0.pMet != nil }
        guard !rows.isEmpty else { return nil }
        let labelW = 230.0, bandW = 420.0, gap = 30.0, barW = 160.0, rowH = 26.0, top = 22.0
        let w = labelW + bandW + gap + barW + 50, h = top + rowH * Double(rows.count) + 8
        func x(_ v: Double) -> Double { labelW + min(1, max(0, v)) * bandW }
        var svg = Chart(width: w, height: h, title: rt("confidence_chart"))
        for g in stride(from: 0.0, through: 1.0001, by: 0.2) {
            svg.line(x(g), top - 4, x(g), h - 6, stroke: "#eee")
            svg.text("\(Int((g * 100).rounded()))%", x: x(g), y: 12, anchor: "middle")
        }
        let bx = labelW + bandW + gap
        svg.text(rt("p_met"), x: bx, y: 12)
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowH
            let target = sc.targets[row.target]
            let p10 = row.p10 ?? 0, p90 = row.p90 ?? 0, p50 = row.p50 ?? row.projected, pMet = row.pMet ?? 0
            // Green when the target is met in at least 9 runs of 10, amber from half, red below.
            let colour = pMet >= 0.9 ? "#2ca02c" : pMet >= 0.5 ? "#ff7f0e" : "#d62728"
            svg.text("\(target.name ?? target.id) · \(row.year)", x: 0, y: y + 14)
            svg.rect(x: x(p10), y: y + 4, width: max(1.5, x(p90) - x(p10)), height: 12, fill: "#1f77b4", opacity: 0.35,
                     tip: "P10 \(lang.percent(p10)) – P90 \(lang.percent(p90))")
            svg.line(x(p50), y + 2, x(p50), y + 18, stroke: "#1f77b4", width: 2)
            svg.line(x(row.targetShare), y, x(row.targetShare), y + 20, stroke: "#d62728", width: 2, tip: lang.percent(row.targetShare))
            svg.rect(x: bx, y: y + 4, width: barW, height: 12, fill: "#eee")
            svg.rect(x: bx, y: y + 4, width: pMet * barW, height: 12, fill: colour)
            svg.text(lang.percent(pMet, decimals: 0), x: bx + barW + 4, y: y + 14)
        }
        return svg
    }

    /// The robust plan beside the nominal one: classes, spend, time and P(met) per target on
    /// fresh draws, and the quantiles tried. Nil unless the plan was made with `--confidence`.
    func robustSection() -> [String: Any]? {
        guard let c = r.robustComparison else { return nil }
        let q = c.quantile.map { lang.number(100 * $0, decimals: 1) + "%" } ?? "–"
        let rows = report.robustRows()
        var plans = Table(head: [.init(rt("plan_w"), cls: "l"), .init(rt("classes_w")), .init(rt("cost_w")), .init(rt("seconds_w"))]
                          + rows.map { .init("\($0.target) \($0.milestone) (\(lang.percent($0.targetShare, decimals: 0)))") })
        func line(_ name: String, _ classes: Int, _ cost: Double, _ secs: Double, _ p: (RobustFileRow) -> Double) -> [Table.Cell] {
            [.init(rt(name), cls: "l"), .init(String(classes)), .init(lang.billions(cost)), .init("\(lang.number(secs, decimals: 1)) s")]
                + rows.map { row in
                    let v = p(row)
                    return .init(lang.percent(v, decimals: 1), cls: v >= c.confidence ? "ok" : "no")
                }
        }
        plans.rows.append(line("nominal_plan", c.nominalClasses, c.nominalCostVND, c.nominalSeconds, \.nominalPMet))
        plans.rows.append(line("robust_plan", c.robustClasses, c.robustCostVND, c.robustSeconds, \.robustPMet))
        var steps = Table([rt("quantile"), rt("cost_w"), rt("lowest_p_met"), rt("lower_bound"), rt("accepted")], [])
        for st in c.steps {
            steps.rows.append([.init("\(lang.number(100 * st.quantile, decimals: 2))%"), .init(st.costVND.isFinite ? lang.billions(st.costVND) : "–"),
                               .init(lang.percent(st.minPMet)), .init(lang.percent(st.lowerBound)),
                               .init(t(st.accepted ? "yes" : "no"), cls: st.accepted ? "ok" : "no")])
        }
        var s: [String: Any] = [
            "title": "\(rt("robust_title")) (\(lang.percent(c.confidence, decimals: 0)))",
            "note": String(format: lang.rt("robust_note"), c.evaluationRuns, c.evaluationSeed, q),
            "noneCleared": c.quantile == nil ? rt("none_cleared") as Any : false,
            "plans": plans.context, "stepsTitle": rt("steps_title"), "steps": steps.context,
        ]
        s["unguarded"] = c.unreachable.isEmpty ? false as Any
            : "\(rt("unguarded")) " + c.unreachable.map { "\(sc.targets[$0.target].id) \($0.year)" }.joined(separator: ", ")
        return s
    }
}
