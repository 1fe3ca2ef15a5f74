import Foundation
import Planner
import Scenario

/// One self-contained page (inline SVG, no network) a department head can read.
struct HTMLReport {
    let report: PlanReport
    var lang: Language { report.language }
    var sc: Scenario { report.result.data.scenario }
    var data: PlanningData { report.result.data }
    var r: PlanResult { report.result }

    func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
    func t(_ k: String) -> String { esc(lang.t(k)) }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    func render() -> String {
        var h = """
        <!doctype html><html lang="\(lang.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(t("title")): \(esc(sc.name))</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
        h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
        table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0} td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}
        th{background:#f4f6f8} td.l,th.l{text-align:left} .ok{color:#2a7a2a;font-weight:600} .no{color:#b22;font-weight:600}
        .cards{display:flex;flex-wrap:wrap;gap:1rem} .card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:170px}
        .card b{display:block;font-size:1.3rem} .muted{color:#666;font-size:.85rem} svg text{font-size:11px;font-family:inherit}
        .bar{background:#e9eef3;height:10px;position:relative;min-width:120px} .bar span{position:absolute;left:0;top:0;bottom:0;background:#1f77b4}
        @media print{body{margin:0}}
        </style></head><body>
        <h1>\(t("title"))</h1><div class="muted">\(t("scenario")): \(esc(sc.name)) · \(sc.horizon.startYear)–\(sc.horizon.endYear)</div>
        """
        h += summaryCards()
        h += "<h2>\(t("attainment"))</h2>" + attainmentTable() + confidenceChart()
        h += robustSection()
        h += replanSection()
        h += "<h2>\(t("trajectory"))</h2>" + trajectories()
        h += "<h2>\(t("budget"))</h2>" + budgetChart() + budgetTable()
        h += "<h2>\(t("plan_by_term"))</h2>" + planByTerm()
        h += "<h2>\(t("capacity"))</h2>" + capacityTable()
        h += "<h2>\(t("vs_greedy"))</h2>" + greedyTable()
        h += "<h2>\(t("binding"))</h2>" + bindingTable()
        // How the plan was found (incumbent_source) is in summary.json, in the solver's words.
        h += "<p class=\"muted\">langplan · GLPK</p></body></html>\n"
        return h
    }

    func summaryCards() -> String {
        let spend = r.projection.spend.values.reduce(0, +)
        let met = report.attainmentRows().filter(\.met).count
        let all = report.attainmentRows().count
        return """
        <div class="cards">
        <div class="card">\(t("weighted"))<b>\(lang.number(r.projection.weightedAttainment(sc), decimals: 3))</b>
        <span class="muted">\(t("greedy")): \(lang.number(r.greedyProjection.weightedAttainment(sc), decimals: 3))</span></div>
        <div class="card">\(t("met"))<b>\(met) / \(all)</b></div>
        <div class="card">\(t("total_cost"))<b>\(lang.billions(spend))</b></div>
        <div class="card">\(t("classes"))<b>\(lang.number(Double(r.plan.totalClasses)))</b></div>
        <div class="card">\(t("gap"))<b>\(r.gap.map { lang.percent($0, decimals: 3) } ?? "?")</b><span class="muted">\(t("status")): \(t("status_" + r.status.rawValue)) · \(lang.number(r.solveSeconds, decimals: 1)) s</span></div>
        \(spendStageCards())</div>
        """
    }

    /// Stage 2 and size-budget's stages: is the spend proven least, and how far from it?
    func spendStageCards() -> String {
        var stages: [(String, CostStage)] = report.sizing.map { (lang.t("sizing_stage"), $0.stage) }
        if let c = r.costStage { stages.append((lang.t("stage2"), c)) }
        return stages.map { name, c in
            "<div class=\"card\">\(esc(name))<b>\(c.gap.map { lang.percent($0, decimals: 3) } ?? "?")</b>"
                + "<span class=\"muted\">\(t("status")): \(t("status_" + c.status.rawValue))</span></div>"
        }.joined()
    }

    func attainmentTable() -> String {
        var s = "<table><tr><th class=l>\(t("target"))</th><th>\(t("milestone"))</th><th>\(t("target_share"))</th><th>\(t("projected"))</th><th>\(t("p10p90"))</th><th>\(t("met"))</th></tr>"
        for row in report.attainmentRows() {
            let target = sc.targets[row.target]
            let band = row.p10.map { lang.percent($0) + " – " + lang.percent(row.p90 ?? $0) } ?? "–"
            s += "<tr><td class=l>\(esc(target.name ?? target.id))</td><td>\(row.year)</td><td>\(lang.percent(row.targetShare))</td><td>\(lang.percent(row.projected))</td><td>\(band)</td><td class=\(row.met ? "ok" : "no")>\(t(row.met ? "yes" : "no"))</td></tr>"
        }
        return s + "</table><p class=muted>\(t("uncertainty_note"))</p>"
    }

    /// Small multiples: share at each year end, optimised (solid) and greedy (dashed).
    func trajectories() -> String {
        let years = Array(sc.horizon.startYear - 1...sc.horizon.endYear)
        let w = 250.0, hgt = 150.0, left = 34.0, bottom = 20.0
        var s = "<div class=cards>"
        for (k, target) in sc.targets.enumerated() {
            func state(_ y: Int) -> Int { (y - sc.horizon.startYear + 1) * sc.horizon.termsPerYear }
            let opt = years.map { r.projection.share(target: k, state: state($0), scenario: sc) }
            let gr = years.map { r.greedyProjection.share(target: k, state: state($0), scenario: sc) }
            let top = max(0.1, (opt + gr + target.milestones.values.map { $0 }).max() ?? 1) * 1.1
            func x(_ i: Int) -> Double { left + Double(i) * (w - left - 8) / Double(max(1, years.count - 1)) }
            func y(_ v: Double) -> Double { hgt - bottom - v / top * (hgt - bottom - 8) }
            var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(hgt))\" role=img><title>\(esc(target.id))</title>"
            for g in stride(from: 0.0, through: top, by: top > 0.5 ? 0.2 : 0.1) {
                svg += "<line x1=\(left) x2=\(w - 8) y1=\(y(g)) y2=\(y(g)) stroke=#eee /><text x=2 y=\(y(g) + 4)>\(Int((g * 100).rounded()))%</text>"
            }
            // Every few years and the last one, never two labels on top of each other.
            let labelStep = max(1, Int((Double(years.count) * 34 / (w - left - 8)).rounded(.up)))
            // A centred label (about 30 px wide) must end before the last one, which starts about
            // 32 px left of the edge.
            for (i, yr) in years.enumerated()
            where i == years.count - 1 || (i % labelStep == 0 && x(i) + 16 < w - 2 - 32) {
                // The last year ends at the chart's edge (anchored at its end, never pushed left
                // onto its neighbour); the others are centred under their point.
                svg += i == years.count - 1
                    ? "<text x=\(w - 2) y=\(hgt - 4) text-anchor=end>\(yr)</text>"
                    : "<text x=\(x(i)) y=\(hgt - 4) text-anchor=middle>\(yr)</text>"
            }
            svg += "<polyline fill=none stroke=#999 stroke-dasharray=4,3 stroke-width=1.5 points=\"" + gr.enumerated().map { "\(x($0.offset)),\(y($0.element))" }.joined(separator: " ") + "\"/>"
            svg += "<polyline fill=none stroke=#1f77b4 stroke-width=2 points=\"" + opt.enumerated().map { "\(x($0.offset)),\(y($0.element))" }.joined(separator: " ") + "\"/>"
            for (yr, share) in target.milestones.sorted(by: { $0.key < $1.key }) {
                guard let i = years.firstIndex(of: yr) else { continue }
                svg += "<circle cx=\(x(i)) cy=\(y(share)) r=4 fill=#d62728><title>\(yr): \(lang.percent(share))</title></circle>"
                if let m = data.milestones.firstIndex(of: yr), r.uncertainty.indices.contains(k), r.uncertainty[k].indices.contains(m) {
                    let u = r.uncertainty[k][m]
                    svg += "<line x1=\(x(i) + 6) x2=\(x(i) + 6) y1=\(y(u.p10)) y2=\(y(u.p90)) stroke=#1f77b4 stroke-width=3 opacity=.5 />"
                }
            }
            svg += "</svg>"
            s += "<div><div><b>\(esc(target.name ?? target.id))</b> <span class=muted>≥ \(target.level)</span></div>\(svg)</div>"
        }
        return s + "</div><p class=muted>— \(t("optimised")) · - - \(t("greedy")) · ● \(t("target_share"))</p>"
    }

    func budgetChart() -> String {
        let years = Array(sc.horizon.years)
        let spend = years.map { y in sc.payers.indices.map { r.projection.spend[Projection.SpendKey(year: y, payer: $0)] ?? 0 } }
        let limits = years.map { y in
            report.budgetsUnlimited ? 0 : sc.payers.indices.reduce(0.0) { $0 + Double(data.budget[$1]?[y] ?? 0) }
        }
        // An all-zero chart still gets a readable axis (0 … 1 billion), not five "0 bn" ticks.
        let highest = (spend.map { $0.reduce(0, +) } + limits).max() ?? 0
        // Four gridlines at a round step (1, 2, 2.5 or 5 × a power of ten), so ticks read 0, 25,
        // 50, 75, 100 bn rather than 14.71, 29.43, …
        let top = 4 * Self.roundStep(highest > 0 ? highest * 1.05 / 4 : 0.25e9)
        let w = 640.0, hgt = 220.0, left = 60.0, bottom = 22.0
        let bw = (w - left) / Double(years.count) * 0.6
        let yearStep = max(1, Int((32 / ((w - left) / Double(years.count))).rounded(.up)))
        var svg = "<svg width=\(Int(w)) height=\(Int(hgt)) role=img>"
        for g in 0...4 {
            let v = top * Double(g) / 4, yy = hgt - bottom - v / top * (hgt - bottom - 10)
            svg += "<line x1=\(left) x2=\(w) y1=\(yy) y2=\(yy) stroke=#eee /><text x=2 y=\(yy + 4)>\(lang.billions(v))</text>"
        }
        for (i, yr) in years.enumerated() {
            let x0 = left + (Double(i) + 0.2) * (w - left) / Double(years.count)
            var base = hgt - bottom
            for (p, v) in spend[i].enumerated() where v > 0 {
                let hh = v / top * (hgt - bottom - 10)
                base -= hh
                svg += "<rect x=\(x0) y=\(base) width=\(bw) height=\(hh) fill=\(Self.palette[p % Self.palette.count])><title>\(esc(sc.payers[p].name ?? sc.payers[p].id)) \(yr): \(lang.billions(v))</title></rect>"
            }
            if limits[i] > 0 {
                let yy = hgt - bottom - limits[i] / top * (hgt - bottom - 10)
                svg += "<line x1=\(x0 - 4) x2=\(x0 + bw + 4) y1=\(yy) y2=\(yy) stroke=#000 stroke-width=2><title>\(t("limit")): \(lang.billions(limits[i]))</title></line>"
            }
            // A year label every few bars so labels (about 30 px) never overlap on long horizons.
            // Centred under its bar, kept inside the chart.
            if i % yearStep == 0 { svg += "<text x=\(min(x0 + bw / 2, w - 16)) y=\(hgt - 6) text-anchor=middle>\(yr)</text>" }
        }
        svg += "</svg><div class=muted>" + sc.payers.enumerated().map { "<span style=\"color:\(Self.palette[$0.offset % Self.palette.count])\">■</span> \(esc($0.element.name ?? $0.element.id))" }.joined(separator: " · ") + " · ▬ \(t("limit"))</div>"
        return svg
    }

    /// The least of 1, 2, 2.5, 5 or 10 × a power of ten that is ≥ `raw` (> 0).
    static func roundStep(_ raw: Double) -> Double {
        let p = pow(10, (log10(raw)).rounded(.down))
        return [1, 2, 2.5, 5, 10].map { $0 * p }.first { $0 >= raw * (1 - 1e-12) } ?? 10 * p
    }

    func budgetTable() -> String {
        var s = "<table><tr><th>\(t("year"))</th>" + sc.payers.map { "<th>\(esc($0.name ?? $0.id))</th>" }.joined() + "</tr>"
        for y in sc.horizon.years {
            s += "<tr><td>\(y)</td>"
            for p in sc.payers.indices {
                let spent = r.projection.spend[Projection.SpendKey(year: y, payer: p)] ?? 0
                let limit = report.budgetsUnlimited ? t("no_limit_sized")
                    : data.budget[p].map { lang.billions(Double($0[y] ?? 0)) } ?? t("open")
                s += "<td>\(lang.billions(spent)) / \(limit)</td>"
            }
            s += "</tr>"
        }
        return s + "</table><p class=muted>\(t("spent")) / \(t("limit"))</p>"
    }

    func planByTerm() -> String {
        let T = data.termCount
        let modes = Mode.allCases
        var classes = [[Double]](repeating: [Double](repeating: 0, count: modes.count), count: T)
        var learners = [[Double]](repeating: [Double](repeating: 0, count: modes.count), count: T)
        for (k, n) in r.plan.classes { classes[k.term][modes.firstIndex(of: data.offerings[k.offering].mode) ?? 0] += Double(n) }
        for (k, v) in r.plan.enrolments { learners[k.term][modes.firstIndex(of: data.offerings[k.offering].mode) ?? 0] += v }
        var s = "<table><tr><th class=l>\(t("term"))</th>" + modes.map { "<th>\(t("classes")) (\(t($0.rawValue)))</th><th>\(t("learners")) (\(t($0.rawValue)))</th>" }.joined() + "</tr>"
        for term in 0..<T {
            s += "<tr><td class=l>\(sc.horizon.label(ofTerm: term))</td>"
            for m in modes.indices {
                s += "<td>\(modes[m].hasClasses ? lang.number(classes[term][m]) : "–")</td><td>\(lang.number(learners[term][m]))</td>"
            }
            s += "</tr>"
        }
        return s + "</table>"
    }

    func capacityTable() -> String {
        // For each institution and resource, the busiest term.
        var busiest: [String: (term: Int, used: Double, available: Double)] = [:]
        var order: [String] = []
        for row in report.capacityRows() {
            let key = (row.institution.map { sc.institutions[$0].name ?? sc.institutions[$0].id } ?? "—") + "|" + lang.resourceName(row.resource)
            let share = row.available > 0 ? row.used / row.available : 0
            if let b = busiest[key] {
                if share > (b.available > 0 ? b.used / b.available : 0) { busiest[key] = (row.term, row.used, row.available) }
            } else {
                busiest[key] = (row.term, row.used, row.available); order.append(key)
            }
        }
        var s = "<table><tr><th class=l>\(t("institution"))</th><th class=l>\(t("resource"))</th><th>\(t("term"))</th><th>\(t("used"))</th><th>\(t("available"))</th><th class=l></th></tr>"
        for key in order {
            guard let b = busiest[key] else { continue }
            let parts = key.split(separator: "|").map(String.init)
            let share = b.available > 0 ? min(1, b.used / b.available) : 0
            s += "<tr><td class=l>\(esc(parts[0]))</td><td class=l>\(esc(parts.count > 1 ? parts[1] : ""))</td><td>\(sc.horizon.label(ofTerm: b.term))</td><td>\(lang.number(b.used))</td><td>\(lang.number(b.available))</td><td class=l><div class=bar><span style=\"width:\(Int(share * 100))%\"></span></div> \(lang.percent(share, decimals: 0))</td></tr>"
        }
        return s + "</table>"
    }

    func greedyTable() -> String {
        var s = "<table><tr><th class=l>\(t("target"))</th><th>\(t("milestone"))</th><th>\(t("target_share"))</th><th>\(t("optimised"))</th><th>\(t("greedy"))</th></tr>"
        for (k, target) in sc.targets.enumerated() {
            for (m, y) in data.milestones.enumerated() {
                guard let want = target.milestones[y] else { continue }
                s += "<tr><td class=l>\(esc(target.name ?? target.id))</td><td>\(y)</td><td>\(lang.percent(want))</td><td>\(lang.percent(r.projection.share(target: k, milestone: m)))</td><td>\(lang.percent(r.greedyProjection.share(target: k, milestone: m)))</td></tr>"
            }
        }
        let so = r.projection.spend.values.reduce(0, +), sg = r.greedyProjection.spend.values.reduce(0, +)
        s += "<tr><th class=l>\(t("weighted"))</th><td></td><td></td><th>\(lang.number(r.projection.weightedAttainment(sc), decimals: 3))</th><th>\(lang.number(r.greedyProjection.weightedAttainment(sc), decimals: 3))</th></tr>"
        s += "<tr><th class=l>\(t("total_cost"))</th><td></td><td></td><th>\(lang.billions(so))</th><th>\(lang.billions(sg))</th></tr>"
        return s + "</table>"
    }

    /// A binding limit in the report's language, with institutions, payers and segments by name.
    func limitName(_ b: BindingLimit) -> String {
        var parts = [b.kind.map(lang.name(of:)) ?? (b.resource == "budget" ? lang.t("budget_w") : lang.resourceName(b.resource))]
        if let p = b.payer { parts.append(sc.payers[p].name ?? sc.payers[p].id) }
        if let y = b.year { parts.append(String(y)) }
        if let t = b.term { parts.append(sc.horizon.label(ofTerm: t)) }
        if let i = b.institution { parts.append(sc.institutions[i].name ?? sc.institutions[i].id) }
        if let g = b.segment { parts.append(sc.segments[g].name ?? sc.segments[g].id) }
        return b.resource.isEmpty ? b.what : parts.joined(separator: ", ")
    }

    func bindingTable() -> String {
        // A row whose dual is 0 does not limit anything: never listed.
        let rows = r.binding.filter { $0.marginalValue > 0 }
        guard !rows.isEmpty else { return "<p class=muted>\(t("binding_none"))</p>" }
        var s = "<table><tr><th class=l>\(t("resource"))</th><th>\(t("marginal"))</th><th>\(t("used"))</th><th>\(t("available"))</th></tr>"
        for b in rows.prefix(12) {
            let money = b.resource == "budget"
            // Three significant digits: duals of capacity rows are often ~1e-5 per unit.
            s += "<tr><td class=l>\(esc(limitName(b)))</td><td>\(lang.significant(b.marginalValue))</td><td>\(money ? lang.billions(b.used) : lang.number(b.used))</td><td>\(money ? lang.billions(b.available) : lang.number(b.available))</td></tr>"
        }
        return s + "</table><p class=muted>\(t("binding_note"))</p>"
    }
}
