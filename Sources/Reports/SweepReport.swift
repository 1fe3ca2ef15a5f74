import Foundation
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
        var header = ["factor", "total_budget_vnd", "status", "weighted_attainment", "lp_bound", "spend_vnd"]
        for t in scenario.targets { for y in milestones { header.append("\(t.id)@\(y)") } }
        var s = csvLine(header)
        for p in result.points {
            var row = [String(format: "%.4f", p.factor), String(Int64(p.totalBudget.rounded())), p.status,
                       String(format: "%.6f", p.attainment), p.lpBound.map { String(format: "%.6f", $0) } ?? "",
                       String(Int64(p.spend.rounded()))]
            for k in p.shares.indices { for v in p.shares[k] { row.append(String(format: "%.6f", v)) } }
            s += csvLine(row)
        }
        return s
    }

    public func marginalCSV() -> String {
        var s = csvLine(["payer", "year", "attainment_per_billion_vnd"])
        for m in result.marginal { s += csvLine([m.payer, String(m.year), String(format: "%.6g", m.perBillion)]) }
        if let p = result.predictedSlope { s += csvLine(["check", "", "predicted d(LP bound)/d(factor) from duals: \(String(format: "%.6g", p))"]) }
        if let f = result.finiteDifferenceSlope { s += csvLine(["check", "", "finite difference of neighbouring sweep points: \(String(format: "%.6g", f))"]) }
        return s
    }

    /// sweep.xlsx: the sweep and the marginal values (headers in the report's language).
    public func workbook() -> Workbook {
        let vi = language == .vi
        var wb = Workbook()
        var header = vi ? ["Hệ số", "Tổng kinh phí (đồng)", "Trạng thái", "Mức đạt có trọng số", "Cận LP", "Chi (đồng)"]
            : ["Factor", "Total budget (VND)", "Status", "Weighted attainment", "LP bound", "Spend (VND)"]
        for t in scenario.targets { for y in milestones { header.append("\(t.id) \(y)") } }
        wb.addSheet(name: vi ? "quét" : "sweep", header: header, rows: result.points.map { p in
            [.number(p.factor), .integer(Int64(p.totalBudget.rounded())), .text(p.status), .number(p.attainment),
             p.lpBound.map { .number($0) } ?? .empty, .integer(Int64(p.spend.rounded()))] + p.shares.flatMap { $0.map { .number($0) } }
        })
        wb.addSheet(name: vi ? "giá trị biên" : "marginal",
                    header: vi ? ["Nguồn", "Năm", "Mức đạt / 1 tỷ đồng"] : ["Payer", "Year", "Attainment per bn VND"],
                    rows: result.marginal.map { [.text($0.payer), .plain(Int64($0.year)), .number($0.perBillion)] })
        return wb
    }

    public func write(to out: OutputDirectory) throws(OutputDirectory.Problem) {
        do { try workbook().write(to: (out.path as NSString).appendingPathComponent("sweep.xlsx")) }
        catch { throw .cannotWrite("sweep.xlsx", "\(error)") }
        try out.write("sweep.csv", sweepCSV())
        try out.write("marginal.csv", marginalCSV())
        try out.write("sweep.html", html())
    }

    func html() -> String {
        let lang = language
        let pts = result.points
        let w = 720.0, h = 360.0, left = 50.0, bottom = 30.0
        let xs = pts.map(\.factor)
        let lo = xs.min() ?? 0, hi = max((xs.max() ?? 1), lo + 1e-9)
        func x(_ f: Double) -> Double { left + (f - lo) / (hi - lo) * (w - left - 20) }
        func y(_ v: Double) -> Double { h - bottom - v * (h - bottom - 10) }
        let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
        var svg = "<svg width=\(Int(w)) height=\(Int(h)) role=img>"
        for g in stride(from: 0.0, through: 1.0, by: 0.2) {
            svg += "<line x1=\(left) x2=\(w - 20) y1=\(y(g)) y2=\(y(g)) stroke=#eee /><text x=4 y=\(y(g) + 4)>\(Int(g * 100))%</text>"
        }
        for p in pts { svg += "<text x=\(x(p.factor) - 12) y=\(h - 8)>\(Int((p.factor * 100).rounded()))%</text>" }
        svg += "<line x1=\(x(1)) x2=\(x(1)) y1=10 y2=\(h - bottom) stroke=#000 stroke-dasharray=3,3><title>current</title></line>"
        var legend: [String] = []
        var series = 0
        for (k, t) in scenario.targets.enumerated() {
            for (m, yr) in milestones.enumerated() {
                guard let want = t.milestones[yr], want > 0 else { continue }
                let c = colors[series % colors.count]; series += 1
                let line = pts.compactMap { p -> String? in
                    guard p.shares.indices.contains(k), p.shares[k].indices.contains(m) else { return nil }
                    return "\(x(p.factor)),\(y(min(1, p.shares[k][m] / want)))"
                }.joined(separator: " ")
                svg += "<polyline fill=none stroke=\(c) stroke-width=2 points=\"\(line)\"/>"
                legend.append("<span style=\"color:\(c)\">■</span> \(t.id) \(yr)")
            }
        }
        svg += "</svg>"
        let title = lang == .vi ? "Mức đạt chỉ tiêu theo \(result.resource.rawValue)" : "Attainment of each target against \(result.resource.rawValue)"
        var marg = "<table><tr><th>payer</th><th>year</th><th>\(lang == .vi ? "mức đạt / 1 tỷ đồng" : "attainment per bn VND")</th></tr>"
        for m in result.marginal { marg += "<tr><td>\(m.payer)</td><td>\(m.year)</td><td>\(lang.number(m.perBillion, decimals: 5))</td></tr>" }
        marg += "</table>"
        return """
        <!doctype html><html lang="\(lang.rawValue)"><head><meta charset="utf-8"><title>\(title)</title>
        <style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2rem auto;padding:0 1rem}svg text{font-size:11px}
        table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:right}</style></head><body>
        <h1>\(title)</h1><p>\(scenario.name): \(lang == .vi ? "trục tung: phần chỉ tiêu đạt; đường đứt: mức hiện tại" : "vertical: share of each target met; dashed: the scenario as given")</p>
        \(svg)<p>\(legend.joined(separator: " · "))</p>
        <h2>\(lang == .vi ? "Giá trị biên của kinh phí (đối ngẫu của bài toán nới lỏng)" : "Marginal value of budget (LP relaxation duals)")</h2>\(marg)
        </body></html>
        """
    }
}
