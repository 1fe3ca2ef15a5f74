import Foundation
import Pages
import Planner
import Scenario

/// One self-contained page (inline SVG, no network) a department head can read.
struct HTMLReport {
    let report: PlanReport
    var lang: Language { report.language }
    var sc: Scenario { report.result.data.scenario }
    var data: PlanningData { report.result.data }
    var r: PlanResult { report.result }

    func t(_ k: String) -> String { lang.t(k) }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// The page: the shared layout around the `report` template; every text escaped by mustache.
    func render() -> String {
        var ctx: [String: Any] = [
            "t": lang == .vi ? Language.vietnamese : Language.english, "scenario": sc.name,
            "from": sc.horizon.startYear, "to": sc.horizon.endYear, "cards": summaryCards(),
            "attainment": attainmentTable().context, "trajectories": trajectories(),
            "budgetChart": budgetChart().chart.context, "legend": budgetChart().legend,
            "budgetTable": budgetTable().context, "planByTerm": planByTerm().context,
            "capacity": capacityTable().context, "greedy": greedyTable().context,
        ]
        if let b = bindingTable() { ctx["binding"] = b.context }
        if var c = confidenceChart()?.context {
            c["confidenceNote"] = rt("confidence_note")
            ctx["confidence"] = c
        }
        if let r = robustSection() { ctx["robust"] = r }
        if let r = replanSection() { ctx["replan"] = r }
        // How the plan was found (incumbent_source) is in summary.json, in the solver's words.
        return Pages.page(lang: lang.rawValue, title: "\(lang.t("title")): \(sc.name)", site: "langplan",
                          body: Pages.render("report", ctx, in: ReportTemplates.library), footer: "langplan · GLPK")
    }

    func summaryCards() -> [[String: Any]] {
        let spend = r.projection.spend.values.reduce(0, +)
        let met = report.attainmentRows().filter(\.met).count
        let all = report.attainmentRows().count
        func card(_ label: String, _ value: String, _ note: String? = nil) -> [String: Any] {
            ["label": label, "value": value, "note": note.map { $0 as Any } ?? false]
        }
        var cards = [
            card(t("weighted"), lang.number(r.projection.weightedAttainment(sc), decimals: 3),
                 "\(t("greedy")): \(lang.number(r.greedyProjection.weightedAttainment(sc), decimals: 3))"),
            card(t("met"), "\(met) / \(all)"),
            card(t("total_cost"), lang.billions(spend)),
            card(t("classes"), lang.number(Double(r.plan.totalClasses))),
            card(t("gap"), r.gap.map { lang.percent($0, decimals: 3) } ?? "?",
                 "\(t("status")): \(t("status_" + r.status.rawValue)) · \(lang.number(r.solveSeconds, decimals: 1)) s"),
        ]
        // Stage 2 and size-budget's stages: is the spend proven least, and how far from it?
        var stages: [(String, CostStage)] = report.sizing.map { (lang.t("sizing_stage"), $0.stage) }
        if let c = r.costStage { stages.append((lang.t("stage2"), c)) }
        cards += stages.map { name, c in
            card(name, c.gap.map { lang.percent($0, decimals: 3) } ?? "?", "\(t("status")): \(t("status_" + c.status.rawValue))")
        }
        return cards
    }

    func attainmentTable() -> Table {
        var table = Table(head: [.init(t("target"), cls: "l"), .init(t("milestone")), .init(t("target_share")), .init(t("projected")),
                                 .init(t("p10p90")), .init(t("met"))])
        for row in report.attainmentRows() {
            let target = sc.targets[row.target]
            let band = row.p10.map { lang.percent($0) + " – " + lang.percent(row.p90 ?? $0) } ?? "–"
            table.rows.append([.init(target.name ?? target.id, cls: "l"), .init(String(row.year)), .init(lang.percent(row.targetShare)),
                               .init(lang.percent(row.projected)), .init(band), .init(t(row.met ? "yes" : "no"), cls: row.met ? "ok" : "no")])
        }
        return table
    }

    /// Small multiples: share at each year end, optimised (solid) and greedy (dashed).
    func trajectories() -> [[String: Any]] {
        let years = Array(sc.horizon.startYear - 1...sc.horizon.endYear)
        let w = 250.0, hgt = 150.0, left = 34.0, bottom = 20.0
        var out: [[String: Any]] = []
        for (k, target) in sc.targets.enumerated() {
            func state(_ y: Int) -> Int { (y - sc.horizon.startYear + 1) * sc.horizon.termsPerYear }
            let opt = years.map { r.projection.share(target: k, state: state($0), scenario: sc) }
            let gr = years.map { r.greedyProjection.share(target: k, state: state($0), scenario: sc) }
            let top = max(0.1, (opt + gr + target.milestones.values.map { $0 }).max() ?? 1) * 1.1
            func x(_ i: Int) -> Double { left + Double(i) * (w - left - 8) / Double(max(1, years.count - 1)) }
            func y(_ v: Double) -> Double { hgt - bottom - v / top * (hgt - bottom - 8) }
            var svg = Chart(width: w, height: hgt, title: target.id)
            for g in stride(from: 0.0, through: top, by: top > 0.5 ? 0.2 : 0.1) {
                svg.line(left, y(g), w - 8, y(g), stroke: "#eee")
                svg.text("\(Int((g * 100).rounded()))%", x: 2, y: y(g) + 4)
            }
            // Every few years and the last one, never two labels on top of each other.
            let labelStep = max(1, Int((Double(years.count) * 34 / (w - left - 8)).rounded(.up)))
            // A centred label (about 30 px wide) must end before the last one, which starts about
            // 32 px left of the edge.
            for (i, yr) in years.enumerated()
            where i == years.count - 1 || (i % labelStep == 0 && x(i) + 16 < w - 2 - 32) {
                // The last year ends at the chart's edge (anchored at its end, never pushed left
                // onto its neighbour); the others are centred under their point.
                if i == years.count - 1 { svg.text(String(yr), x: w - 2, y: hgt - 4, anchor: "end") }
                else { svg.text(String(yr), x: x(i), y: hgt - 4, anchor: "middle") }
            }
            svg.polyline(gr.enumerated().map { (x($0.offset), y($0.element)) }, stroke: "#999", width: 1.5, dash: "4,3")
            svg.polyline(opt.enumerated().map { (x($0.offset), y($0.element)) }, stroke: "#1f77b4", width: 2)
            for (yr, share) in target.milestones.sorted(by: { $0.key < $1.key }) {
                guard let i = years.firstIndex(of: yr) else { continue }
                svg.circle(cx: x(i), cy: y(share), r: 4, fill: "#d62728", tip: "\(yr): \(lang.percent(share))")
                if let m = data.milestones.firstIndex(of: yr), r.uncertainty.indices.contains(k), r.uncertainty[k].indices.contains(m) {
                    let u = r.uncertainty[k][m]
                    svg.line(x(i) + 6, y(u.p10), x(i) + 6, y(u.p90), stroke: "#1f77b4", width: 3, opacity: 0.5)
                }
            }
            out.append(["name": target.name ?? target.id, "level": target.level, "chart": svg.context])
        }
        return out
    }

    func budgetChart() -> (chart: Chart, legend: [[String: Any]]) {
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
        var svg = Chart(width: w, height: hgt)
        for g in 0...4 {
            let v = top * Double(g) / 4, yy = hgt - bottom - v / top * (hgt - bottom - 10)
            svg.line(left, yy, w, yy, stroke: "#eee")
            svg.text(lang.billions(v), x: 2, y: yy + 4)
        }
        for (i, yr) in years.enumerated() {
            let x0 = left + (Double(i) + 0.2) * (w - left) / Double(years.count)
            var base = hgt - bottom
            for (p, v) in spend[i].enumerated() where v > 0 {
                let hh = v / top * (hgt - bottom - 10)
                base -= hh
                svg.rect(x: x0, y: base, width: bw, height: hh, fill: Self.palette[p % Self.palette.count],
                         tip: "\(sc.payers[p].name ?? sc.payers[p].id) \(yr): \(lang.billions(v))")
            }
            if limits[i] > 0 {
                let yy = hgt - bottom - limits[i] / top * (hgt - bottom - 10)
                svg.line(x0 - 4, yy, x0 + bw + 4, yy, stroke: "#000", width: 2, tip: "\(t("limit")): \(lang.billions(limits[i]))")
            }
            // A year label every few bars so labels (about 30 px) never overlap on long horizons.
            // Centred under its bar, kept inside the chart.
            if i % yearStep == 0 { svg.text(String(yr), x: min(x0 + bw / 2, w - 16), y: hgt - 6, anchor: "middle") }
        }
        let legend = sc.payers.enumerated().map { ["colour": Self.palette[$0.offset % Self.palette.count], "name": $0.element.name ?? $0.element.id] }
        return (svg, legend)
    }

    /// The least of 1, 2, 2.5, 5 or 10 × a power of ten that is ≥ `raw` (> 0).
    static func roundStep(_ raw: Double) -> Double {
        let p = pow(10, (log10(raw)).rounded(.down))
        return [1, 2, 2.5, 5, 10].map { $0 * p }.first { $0 >= raw * (1 - 1e-12) } ?? 10 * p
    }

    func budgetTable() -> Table {
        var table = Table(head: [.init(t("year"))] + sc.payers.map { .init($0.name ?? $0.id) })
        for y in sc.horizon.years {
            var row: [Table.Cell] = [.init(String(y))]
            for p in sc.payers.indices {
                let spent = r.projection.spend[Projection.SpendKey(year: y, payer: p)] ?? 0
                let limit = report.budgetsUnlimited ? t("no_limit_sized")
                    : data.budget[p].map { lang.billions(Double($0[y] ?? 0)) } ?? t("open")
                row.append(.init("\(lang.billions(spent)) / \(limit)"))
            }
            table.rows.append(row)
        }
        return table
    }

    func planByTerm() -> Table {
        let T = data.termCount
        let modes = Mode.allCases
        var classes = [[Double]](repeating: [Double](repeating: 0, count: modes.count), count: T)
        var learners = [[Double]](repeating: [Double](repeating: 0, count: modes.count), count: T)
        for (k, n) in r.plan.classes { classes[k.term][modes.firstIndex(of: data.offerings[k.offering].mode) ?? 0] += Double(n) }
        for (k, v) in r.plan.enrolments { learners[k.term][modes.firstIndex(of: data.offerings[k.offering].mode) ?? 0] += v }
        var table = Table(head: [.init(t("term"), cls: "l")] + modes.flatMap {
            [Table.Cell("\(t("classes")) (\(t($0.rawValue)))"), Table.Cell("\(t("learners")) (\(t($0.rawValue)))")]
        })
        for term in 0..<T {
            var row: [Table.Cell] = [.init(sc.horizon.label(ofTerm: term), cls: "l")]
            for m in modes.indices {
                row += [.init(modes[m].hasClasses ? lang.number(classes[term][m]) : "–"), .init(lang.number(learners[term][m]))]
            }
            table.rows.append(row)
        }
        return table
    }

    func capacityTable() -> Table {
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
        var table = Table(head: [.init(t("institution"), cls: "l"), .init(t("resource"), cls: "l"), .init(t("term")), .init(t("used")),
                                 .init(t("available")), .init("", cls: "l")])
        for key in order {
            guard let b = busiest[key] else { continue }
            let parts = key.split(separator: "|").map(String.init)
            let share = b.available > 0 ? min(1, b.used / b.available) : 0
            table.rows.append([.init(parts[0], cls: "l"), .init(parts.count > 1 ? parts[1] : "", cls: "l"),
                               .init(sc.horizon.label(ofTerm: b.term)), .init(lang.number(b.used)), .init(lang.number(b.available)),
                               .init(lang.percent(share, decimals: 0), cls: "l", bar: share)])
        }
        return table
    }

    func greedyTable() -> Table {
        var table = Table([t("target"), t("milestone"), t("target_share"), t("optimised"), t("greedy")], [], labels: 1)
        for (k, target) in sc.targets.enumerated() {
            for (m, y) in data.milestones.enumerated() {
                guard let want = target.milestones[y] else { continue }
                table.rows.append([.init(target.name ?? target.id, cls: "l"), .init(String(y)), .init(lang.percent(want)),
                                   .init(lang.percent(r.projection.share(target: k, milestone: m))),
                                   .init(lang.percent(r.greedyProjection.share(target: k, milestone: m)))])
            }
        }
        let so = r.projection.spend.values.reduce(0, +), sg = r.greedyProjection.spend.values.reduce(0, +)
        table.rows.append([.init(t("weighted"), cls: "l", header: true), .init(""), .init(""),
                           .init(lang.number(r.projection.weightedAttainment(sc), decimals: 3), header: true),
                           .init(lang.number(r.greedyProjection.weightedAttainment(sc), decimals: 3), header: true)])
        table.rows.append([.init(t("total_cost"), cls: "l", header: true), .init(""), .init(""),
                           .init(lang.billions(so), header: true), .init(lang.billions(sg), header: true)])
        return table
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

    /// The limits with a positive dual; nil when none limits anything.
    func bindingTable() -> Table? {
        // A row whose dual is 0 does not limit anything: never listed.
        let rows = r.binding.filter { $0.marginalValue > 0 }
        guard !rows.isEmpty else { return nil }
        var table = Table([t("resource"), t("marginal"), t("used"), t("available")], [], labels: 1)
        for b in rows.prefix(12) {
            let money = b.resource == "budget"
            // Three significant digits: duals of capacity rows are often ~1e-5 per unit.
            table.rows.append([.init(limitName(b), cls: "l"), .init(lang.significant(b.marginalValue)),
                               .init(money ? lang.billions(b.used) : lang.number(b.used)),
                               .init(money ? lang.billions(b.available) : lang.number(b.available))])
        }
        return table
    }
}
