import Foundation
import Pages
import Planner
import Scenario
import Spreadsheet

/// sweep.csv, marginal.csv and sweep.html of a sweep.
public struct SweepReport: Sendable {
    public let result: SweepResult
    public let scenario: Scenario
    public let language: Language

    public init(result: SweepResult, scenario: Scenario, language: Language = .vi) {
        self.result = result; self.scenario = scenario; self.language = language
    }

    var milestones: [Int] { scenario.horizon.milestones.filter { scenario.horizon.years.contains($0) }.sorted() }

    public func sweepCSV() -> String {
        var header = ["factor", "total_budget_vnd", "status", "weighted_attainment", "lp_bound", "spend_vnd", "spend_basis", "spend_gap"]
        for t in scenario.targets { for y in milestones { header.append("\(t.id)@\(y)") } }
        var s = csvLine(header)
        for p in result.points {
            var row = [String(format: "%.4f", p.factor), String(Int64(p.totalBudget.rounded())), p.status,
                       String(format: "%.6f", p.attainment), p.lpBound.map { String(format: "%.6f", $0) } ?? "",
                       String(Int64(p.spend.rounded())), p.spendIsLeast ? "least_cost" : "not_minimised",
                       p.spendIsLeast ? (p.costStage?.gap.map { String(format: "%.6f", $0) } ?? "") : ""]
            for k in p.shares.indices { for v in p.shares[k] { row.append(String(format: "%.6f", v)) } }
            s += csvLine(row)
        }
        return s
    }

    public func marginalCSV() -> String {
        var s = csvLine(["payer", "year", "attainment_per_billion_vnd"])
        for m in result.marginal { s += csvLine([m.payer, String(m.year), String(format: "%.6g", m.perBillion)]) }
        if let c = result.check { s += csvLine(["check", "", Self.checkSentence(c, language: .en)]) }
        return s
    }

    /// The marginal check in one sentence with its verdict, e.g. "duals predict 0.8000 per
    /// unit of budget factor; the LP re-solved at ±1% gives 0.8000 below and 0.8000 above:
    /// agrees (tolerance 0.008)".
    public static func checkSentence(_ c: MarginalCheck, language: Language) -> String {
        func n(_ v: Double) -> String { language.significant(v, digits: 4) }
        let step = language.percent(c.step, decimals: 0)
        if language == .vi {
            return "đối ngẫu dự báo \(n(c.predicted)) mức đạt trên một đơn vị hệ số kinh phí; bài toán nới lỏng giải lại ở ±\(step) cho "
                + "\(n(c.below)) (phía dưới) và \(n(c.above)) (phía trên): \(c.agrees ? "khớp" : "KHÔNG khớp") (dung sai \(n(c.tolerance)))"
        }
        return "duals predict \(n(c.predicted)) weighted attainment per unit of budget factor; the LP re-solved at ±\(step) gives "
            + "\(n(c.below)) below and \(n(c.above)) above: \(c.agrees ? "agrees" : "DISAGREES") (tolerance \(n(c.tolerance)))"
    }

    /// sweep.xlsx: the sweep and the marginal values (headers in the report's language).
    public func workbook() -> Workbook {
        let vi = language == .vi
        var wb = Workbook()
        var header = vi ? ["Hệ số", "Tổng kinh phí (đồng)", "Trạng thái", "Mức đạt có trọng số", "Cận LP", "Chi (đồng)", "Chi là mức tối thiểu"]
            : ["Factor", "Total budget (VND)", "Status", "Weighted attainment", "LP bound", "Spend (VND)", "Spend is least"]
        for t in scenario.targets { for y in milestones { header.append("\(t.id) \(y)") } }
        wb.addSheet(name: vi ? "quét" : "sweep", header: header, rows: result.points.map { p in
            [.number(p.factor), .integer(Int64(p.totalBudget.rounded())), .text(p.status), .number(p.attainment),
             p.lpBound.map { .number($0) } ?? .empty, .integer(Int64(p.spend.rounded())),
             .text(p.spendIsLeast ? (vi ? "có" : "yes") : (vi ? "không" : "no"))] + p.shares.flatMap { $0.map { .number($0) } }
        })
        wb.addSheet(name: vi ? "giá trị biên" : "marginal",
                    header: vi ? ["Nguồn", "Năm", "Mức đạt / 1 tỷ đồng"] : ["Payer", "Year", "Attainment per bn VND"],
                    rows: result.marginal.map { [.text(payerName($0.payer)), .plain(Int64($0.year)), .number($0.perBillion)] })
        return wb
    }

    public func write(to out: OutputDirectory) throws(OutputDirectory.Problem) {
        do { try workbook().write(to: (out.path as NSString).appendingPathComponent("sweep.xlsx")) }
        catch { throw .cannotWrite("sweep.xlsx", "\(error)") }
        try out.write("sweep.csv", sweepCSV())
        try out.write("marginal.csv", marginalCSV())
        try out.write("sweep.html", html())
    }

    /// A payer's name as the scenario gives it (its id when it has none).
    func payerName(_ id: String) -> String { scenario.payers.first { $0.id == id }.flatMap(\.name) ?? id }

    /// What the sweep varies, in the report's language.
    var resourceName: String {
        switch (result.resource, language) {
        case (.budget, .vi): return "kinh phí"
        case (.teachers, .vi): return "số giáo viên"
        case (.rooms, .vi): return "số phòng học"
        case (.budget, .en): return "budget"
        case (.teachers, .en): return "teachers"
        case (.rooms, .en): return "rooms"
        }
    }

    /// Marker `shape` (0-5) centred at (x, y), in `color`, with a tooltip.
    static func marker(_ shape: Int, x: Double, y: Double, color: String, title: String, on chart: inout Chart) {
        let r = 4.0
        switch shape % 6 {
        case 0: chart.circle(cx: x, cy: y, r: r, fill: color, tip: title)
        case 1: chart.rect(x: x - r, y: y - r, width: 2 * r, height: 2 * r, fill: color, tip: title)
        case 2: chart.polygon([(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)], fill: color, tip: title)
        case 3: chart.polygon([(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)], fill: color, tip: title)
        case 4: chart.circle(cx: x, cy: y, r: r, fill: "white", stroke: color, strokeWidth: 2, tip: title)
        default: chart.rect(x: x - r, y: y - r, width: 2 * r, height: 2 * r, fill: "white", stroke: color, strokeWidth: 2, tip: title)
        }
    }

    /// sweep.html: the chart of each target's share met against the factor, the points'
    /// attainment and spend, and (budget sweeps) the marginal values with their check.
    /// - Returns: a whole HTML page in the report's language (the shared layout).
    public func html() -> String {
        let lang = language
        let vi = lang == .vi
        let pts = result.points
        let w = 720.0, h = 360.0, left = 50.0, bottom = 30.0
        let xs = pts.map(\.factor)
        let lo = xs.min() ?? 0, hi = max((xs.max() ?? 1), lo + 1e-9)
        func x(_ f: Double) -> Double { left + (f - lo) / (hi - lo) * (w - left - 40) + 10 }
        func y(_ v: Double) -> Double { h - bottom - v * (h - bottom - 10) }
        let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
        let dashes = ["", "8,4", "3,3", "10,3,2,3", "1,3", "6,2,1,2,1,2"]
        var svg = Chart(width: w, height: h)
        for g in stride(from: 0.0, through: 1.0, by: 0.2) {
            svg.line(left, y(g), w - 20, y(g), stroke: "#eee")
            svg.text("\(Int(g * 100))%", x: 4, y: y(g) + 4)
        }
        for p in pts { svg.text("\(Int((p.factor * 100).rounded()))%", x: x(p.factor) - 12, y: h - 8) }
        svg.line(x(1), 10, x(1), h - bottom, stroke: "#000", dash: "3,3", tip: vi ? "mức hiện tại" : "current")
        // Series that coincide (every target met) stay visible: each has its own dash and
        // marker, and is drawn a few pixels left/right and up/down of the value it shows
        // (2 px ≈ 0.6% of the axis; the tooltips give exact values).
        var series: [(k: Int, m: Int, year: Int, want: Double)] = []
        for (k, t) in scenario.targets.enumerated() {
            for (m, yr) in milestones.enumerated() { if let want = t.milestones[yr], want > 0 { series.append((k, m, yr, want)) } }
        }
        var legend: [[String: Any]] = []
        for (i, s) in series.enumerated() {
            let c = colors[i % colors.count], dash = dashes[i % dashes.count]
            let centred = Double(i) - Double(series.count - 1) / 2
            let dx = centred * 6, dy = centred * 2
            let name = (scenario.targets[s.k].name ?? scenario.targets[s.k].id) + " \(s.year)"
            let at = pts.compactMap { p -> (Double, Double, Double)? in
                guard p.shares.indices.contains(s.k), p.shares[s.k].indices.contains(s.m) else { return nil }
                let share = min(1, p.shares[s.k][s.m] / s.want)
                return (x(p.factor) + dx, y(share) + dy, share)
            }
            svg.polyline(at.map { ($0.0, $0.1) }, stroke: c, width: 2, dash: dash.isEmpty ? nil : dash, tip: name)
            for (p, a) in zip(pts, at) {
                Self.marker(i, x: a.0, y: a.1, color: c, title: "\(name): \(lang.percent(a.2)) @ \(lang.percent(p.factor, decimals: 0))", on: &svg)
            }
            var key = Chart(width: 44, height: 12)
            key.line(2, 6, 42, 6, stroke: c, width: 2, dash: dash.isEmpty ? nil : dash)
            Self.marker(i, x: 22, y: 6, color: c, title: name, on: &key)
            legend.append(["key": key.context, "name": name])
        }
        let title = vi ? "Mức đạt chỉ tiêu theo \(resourceName)" : "Attainment of each target against \(resourceName)"
        let least = pts.allSatisfy(\.spendIsLeast)
        let spendNote = vi
            ? (least ? "Chi ở mỗi điểm là chi tối thiểu (giai đoạn 2) để đạt mức đạt của điểm đó, như lệnh plan."
                     : "Chi ở điểm ghi “không” là chi của phương án giai đoạn 1, chưa tối thiểu hoá (giai đoạn 2 không xong trong thời gian cho phép).")
            : (least ? "Spend at each point is the least spend (stage 2) at that point's attainment, as plan reports."
                     : "Spend at points marked “no” is stage 1's, not minimised (stage 2 did not finish in its time).")
        let table = Table(vi ? ["Hệ số", "Mức đạt có trọng số", "Chi", "Chi tối thiểu"] : ["Factor", "Weighted attainment", "Spend", "Least spend"],
                          pts.map { p in
                              [lang.percent(p.factor, decimals: 0), lang.number(p.attainment, decimals: 3), lang.billions(p.spend),
                               p.spendIsLeast ? (vi ? "có" : "yes") : (vi ? "không" : "no")]
                          })
        var ctx: [String: Any] = [
            "title": title, "scenario": scenario.name, "chart": svg.context, "legend": legend, "points": table.context, "spendNote": spendNote,
            "axisNote": vi ? "trục tung: phần chỉ tiêu đạt; đường đứt: mức hiện tại" : "vertical: share of each target met; dashed: the scenario as given",
        ]
        if result.resource == .budget {
            let limiting = result.marginal.filter { $0.perBillion != 0 }
            let zero = result.marginal.filter { $0.perBillion == 0 }.map { "\(payerName($0.payer)) \($0.year)" }
            let marg = Table(vi ? ["Nguồn kinh phí", "Năm", "Mức đạt có trọng số tăng thêm / 1 tỷ đồng"] : ["Payer", "Year", "Weighted attainment per extra bn VND"],
                             limiting.map { [payerName($0.payer), String($0.year), lang.significant($0.perBillion)] })
            ctx["marginal"] = [
                "title": vi ? "Giá trị biên của kinh phí (đối ngẫu của bài toán nới lỏng)" : "Marginal value of budget (LP relaxation duals)",
                "table": limiting.isEmpty ? false as Any : marg.context,
                "notLimiting": zero.isEmpty ? false as Any
                    : "\(vi ? "Không hạn chế mức đạt (thêm kinh phí không tăng mức đạt)" : "Not limiting attainment (more money buys nothing)"): \(zero.joined(separator: ", "))",
                "check": result.check.map { "\(vi ? "Kiểm tra" : "Check"): \(Self.checkSentence($0, language: lang))" as Any } ?? false,
            ] as [String: Any]
        }
        return Pages.page(lang: lang.rawValue, title: title, site: "langplan",
                          body: Pages.render("sweep", ctx, in: ReportTemplates.library), footer: "langplan sweep")
    }
}
