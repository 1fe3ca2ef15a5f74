import Foundation
import Planner
import Scenario

// MARK: - Inputs

/// One part of the inputs diff (segments, targets, budgets, capacity, courses, other).
public struct DiffSection: Sendable {
    public var title: String
    public var lines: [String]
}

/// Readable differences between two scenarios, in plain words.
public struct ScenarioDiff {
    public let a: Scenario
    public let b: Scenario
    public let lang: Language

    public init(_ a: Scenario, _ b: Scenario, language: Language) { self.a = a; self.b = b; lang = language }

    func t(_ k: String) -> String { lang.t(k) }

    /// Money in short form: "30,0 tỷ", "250,0 triệu", "900.000".
    func money(_ v: Double) -> String {
        let m = abs(v)
        if m >= 1e9 { return fixed(lang, v / 1e9, 1) + " " + t("bn") }
        if m >= 1e6 { return fixed(lang, v / 1e6, 1) + " " + t("mn") }
        return lang.number(v)
    }

    /// "+20,0%" / "−16,7%" relative change, nil when `from` is 0.
    func relative(_ from: Double, _ to: Double) -> String? {
        guard from != 0 else { return nil }
        let r = (to - from) / abs(from)
        return (r >= 0 ? "+" : "−") + percent(lang, abs(r))
    }

    func moneyChange(_ what: String, _ x: Double?, _ y: Double?) -> String? {
        guard x != y else { return nil }
        let from = x.map(money) ?? "–", to = y.map(money) ?? "–"
        var s = "\(what): \(from) → \(to) \(t("vnd"))"
        if let x, let y, let r = relative(x, y) { s += " (\(r))" }
        return s
    }

    func countChange(_ what: String, _ x: Int?, _ y: Int?) -> String? {
        guard x != y else { return nil }
        var s = "\(what): \(x.map { lang.number(Double($0)) } ?? "–") → \(y.map { lang.number(Double($0)) } ?? "–")"
        if let x, let y {
            let d = y - x
            s += " (\(d >= 0 ? "+" : "−")\(lang.number(Double(abs(d))))"
            if let r = relative(Double(x), Double(y)) { s += ", \(r)" }
            s += ")"
        }
        return s
    }

    func shareChange(_ what: String, _ x: Double?, _ y: Double?) -> String? {
        guard x != y else { return nil }
        return "\(what): \(x.map { percent(lang, $0) } ?? "–") → \(y.map { percent(lang, $0) } ?? "–")"
    }

    func plainChange(_ what: String, _ x: String, _ y: String) -> String? {
        x == y ? nil : "\(what): \(x) → \(y)"
    }

    func filterText(_ f: TagFilter) -> String {
        var parts: [String] = []
        if !f.all.isEmpty { parts.append("all: " + f.all.joined(separator: ", ")) }
        if !f.any.isEmpty { parts.append("any: " + f.any.joined(separator: ", ")) }
        if !f.none.isEmpty { parts.append("none: " + f.none.joined(separator: ", ")) }
        return parts.isEmpty ? "–" : parts.joined(separator: "; ")
    }

    /// Items of both lists by id: removed, added, and pairs present in both (in A's order, then B's).
    func match<T>(_ x: [T], _ y: [T], id: (T) -> String) -> (removed: [T], added: [T], both: [(T, T)]) {
        let yIDs = Dictionary(y.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        let xIDs = Set(x.map(id))
        var both: [(T, T)] = []
        for item in x { if let other = yIDs[id(item)] { both.append((item, other)) } }
        return (x.filter { yIDs[id($0)] == nil }, y.filter { !xIDs.contains(id($0)) }, both)
    }

    func levels(_ headcount: [Int]) -> String {
        headcount.enumerated().filter { $0.element != 0 }
            .map { "\(t("level_w")) \($0.offset): \(lang.number(Double($0.element)))" }.joined(separator: ", ")
    }

    public func sections() -> [DiffSection] {
        var out: [DiffSection] = []
        func add(_ title: String, _ lines: [String?]) {
            let l = lines.compactMap { $0 }
            if !l.isEmpty { out.append(DiffSection(title: title, lines: l)) }
        }

        // Segments: headcount by level, tags, demography.
        var seg: [String?] = []
        let s = match(a.segments, b.segments, id: \.id)
        for x in s.removed { seg.append("\(t("segment_w")) \(x.id) \(t("removed")) (\(lang.number(Double(x.total))) \(t("people").lowercased()))") }
        for x in s.added {
            seg.append("\(t("segment_w")) \(x.id) \(t("added")): \(lang.number(Double(x.total))) \(t("people").lowercased()) (\(levels(x.headcount))); \(t("tags_w")): \(x.tags.joined(separator: ", "))")
        }
        for (x, y) in s.both {
            for l in 0..<max(x.headcount.count, y.headcount.count) {
                let hx = l < x.headcount.count ? x.headcount[l] : 0, hy = l < y.headcount.count ? y.headcount[l] : 0
                seg.append(countChange("\(t("segment_w")) \(x.id), \(t("level_w")) \(l)", hx, hy))
            }
            if x.headcount != y.headcount { seg.append(countChange("\(t("segment_w")) \(x.id), \(t("headcount_w"))", x.total, y.total)) }
            seg.append(plainChange("\(t("segment_w")) \(x.id), \(t("tags_w"))", x.tags.joined(separator: ", "), y.tags.joined(separator: ", ")))
            seg.append(shareChange("\(t("segment_w")) \(x.id), attrition", x.demography.attrition, y.demography.attrition))
            seg.append(countChange("\(t("segment_w")) \(x.id), recruits/year", x.demography.recruitsPerYear, y.demography.recruitsPerYear))
            seg.append(plainChange("\(t("segment_w")) \(x.id), priority", fixed(lang, x.priority, 2), fixed(lang, y.priority, 2)))
        }
        add(lang == .vi ? "Nhóm cán bộ" : "Segments", seg)

        // Targets: shares per milestone, level, weight, filter.
        var tg: [String?] = []
        let tm = match(a.targets, b.targets, id: \.id)
        for x in tm.removed { tg.append("\(t("target_w")) \(x.id) \(t("removed"))") }
        for x in tm.added {
            tg.append("\(t("target_w")) \(x.id) \(t("added")): \(t("level_w")) ≥ \(x.level), " +
                      x.milestones.sorted { $0.key < $1.key }.map { "\($0.key): \(percent(lang, $0.value))" }.joined(separator: ", "))
        }
        for (x, y) in tm.both {
            for year in Set(x.milestones.keys).union(y.milestones.keys).sorted() {
                tg.append(shareChange("\(t("target_w")) \(x.id) \(year)", x.milestones[year], y.milestones[year]))
            }
            tg.append(countChange("\(t("target_w")) \(x.id), \(t("level_w"))", x.level, y.level))
            tg.append(plainChange("\(t("target_w")) \(x.id), \(t("weight_w"))", fixed(lang, x.weight, 2), fixed(lang, y.weight, 2)))
            tg.append(plainChange("\(t("target_w")) \(x.id), filter", filterText(x.filter), filterText(y.filter)))
        }
        add(lang == .vi ? "Chỉ tiêu" : "Targets", tg)

        // Budgets per year and payer.
        var bd: [String?] = []
        let payers = a.payers.map(\.id) + b.payers.map(\.id).filter { id in !a.payers.contains { $0.id == id } }
        let years = Set(a.horizon.years).union(b.horizon.years).sorted()
        for p in payers {
            let bx = a.budgets.first { $0.payer == p }, by = b.budgets.first { $0.payer == p }
            if (bx?.open ?? false) != (by?.open ?? false) {
                bd.append("\(t("budget_w")) \(p): \((bx?.open ?? false) ? t("open") : t("limit").lowercased()) → \((by?.open ?? false) ? t("open") : t("limit").lowercased())")
            }
            if bx == nil || by == nil, let only = bx ?? by {
                // A budget only one side has: one line with its years.
                let amounts = only.amounts.sorted { $0.key < $1.key }.map { "\($0.key): \(money(Double($0.value)))" }
                bd.append("\(t("budget_w")) \(p) \(t(bx == nil ? "added" : "removed")): \(amounts.joined(separator: ", ")) \(t("vnd"))")
                continue
            }
            for y in years {
                bd.append(moneyChange("\(t("budget_w")) \(p) \(y)", bx?.amounts[y].map(Double.init), by?.amounts[y].map(Double.init)))
            }
        }
        let pm = match(a.payers, b.payers, id: \.id)
        for x in pm.removed { bd.append("\(t("payer_w")) \(x.id) \(t("removed"))") }
        for x in pm.added { bd.append("\(t("payer_w")) \(x.id) \(t("added"))") }
        for (x, y) in pm.both {
            bd.append(plainChange("\(t("payer_w")) \(x.id), funds", filterText(x.funds), filterText(y.funds)))
            bd.append(plainChange("\(t("payer_w")) \(x.id), \(t("mode").lowercased())",
                                  x.modes.map(\.rawValue).joined(separator: ", "), y.modes.map(\.rawValue).joined(separator: ", ")))
        }
        add(lang == .vi ? "Kinh phí" : "Budgets", bd)

        // Capacity: institutions' rooms, teachers, online classes.
        var cp: [String?] = []
        let im = match(a.institutions, b.institutions, id: \.id)
        for x in im.removed { cp.append("\(t("institution_w")) \(x.id) \(t("removed"))") }
        for x in im.added {
            cp.append("\(t("institution_w")) \(x.id) \(t("added")): \(t("rooms_w")) \(x.rooms.reduce(0) { $0 + $1.count }), \(t("teachers_w")) \(x.teachers.reduce(0) { $0 + $1.count }), \(t("online_w")) \(x.onlineClassesMax)")
        }
        for (x, y) in im.both {
            let rm = match(x.rooms, y.rooms, id: \.id)
            for r in rm.removed { cp.append(countChange("\(t("institution_w")) \(x.id), \(t("rooms_w")) \(r.id)", r.count, nil)) }
            for r in rm.added { cp.append(countChange("\(t("institution_w")) \(x.id), \(t("rooms_w")) \(r.id)", nil, r.count)) }
            for (r, q) in rm.both {
                cp.append(countChange("\(t("institution_w")) \(x.id), \(t("rooms_w")) \(r.id)", r.count, q.count))
                cp.append(countChange("\(t("institution_w")) \(x.id), \(t("rooms_w")) \(r.id), seats", r.seats, q.seats))
            }
            let tm = match(x.teachers, y.teachers, id: \.id)
            for r in tm.removed { cp.append(countChange("\(t("institution_w")) \(x.id), \(t("teachers_w")) \(r.id)", r.count, nil)) }
            for r in tm.added { cp.append(countChange("\(t("institution_w")) \(x.id), \(t("teachers_w")) \(r.id)", nil, r.count)) }
            for (r, q) in tm.both {
                cp.append(countChange("\(t("institution_w")) \(x.id), \(t("teachers_w")) \(r.id)", r.count, q.count))
                cp.append(countChange("\(t("institution_w")) \(x.id), \(t("teachers_w")) \(r.id), hours/term", r.hoursPerTerm, q.hoursPerTerm))
                cp.append(moneyChange("\(t("institution_w")) \(x.id), \(t("teachers_w")) \(r.id), pay/period", Double(r.payPerPeriod), Double(q.payPerPeriod)))
            }
            cp.append(countChange("\(t("institution_w")) \(x.id), \(t("online_w"))", x.onlineClassesMax, y.onlineClassesMax))
            cp.append(plainChange("\(t("institution_w")) \(x.id), \(t("mode").lowercased())",
                                  x.modes.map(\.rawValue).joined(separator: ", "), y.modes.map(\.rawValue).joined(separator: ", ")))
            cp.append(moneyChange("\(t("institution_w")) \(x.id), \(t("cost_class_w"))", Double(x.costPerClass), Double(y.costPerClass)))
        }
        cp.append(countChange(lang == .vi ? "chỗ thi mỗi học kỳ" : "exam seats per term", a.exams.seatsPerTerm, b.exams.seatsPerTerm))
        add(lang == .vi ? "Năng lực đào tạo" : "Capacity", cp)

        // Courses: pass rates and costs per mode.
        var cs: [String?] = []
        let cm = match(a.courses, b.courses, id: \.id)
        for x in cm.removed { cs.append("\(t("course_w")) \(x.id) \(t("removed"))") }
        for x in cm.added { cs.append("\(t("course_w")) \(x.id) \(t("added")): \(x.fromLevel) → \(x.toLevel), \(x.modes.map(\.mode.rawValue).joined(separator: ", "))") }
        for (x, y) in cm.both {
            cs.append(countChange("\(t("course_w")) \(x.id), hours", x.hours, y.hours))
            let mm = match(x.modes, y.modes, id: \.mode.rawValue)
            for m in mm.removed { cs.append("\(t("course_w")) \(x.id) (\(m.mode.rawValue)) \(t("removed"))") }
            for m in mm.added { cs.append("\(t("course_w")) \(x.id) (\(m.mode.rawValue)) \(t("added"))") }
            for (m, n) in mm.both {
                let w = "\(t("course_w")) \(x.id) (\(m.mode.rawValue))"
                cs.append(shareChange("\(w), \(t("pass_rate_w"))", m.passRate, n.passRate))
                cs.append(moneyChange("\(w), \(t("cost_class_w"))", Double(m.costPerClass), Double(n.costPerClass)))
                cs.append(moneyChange("\(w), \(t("cost_learner_w"))", Double(m.costPerLearner), Double(n.costPerLearner)))
                cs.append(countChange("\(w), class size min", m.classSizeMin, n.classSizeMin))
                cs.append(countChange("\(w), class size max", m.classSizeMax, n.classSizeMax))
            }
        }
        cs.append(moneyChange(t("exam_fee_w"), Double(a.exams.feePerCandidate), Double(b.exams.feePerCandidate)))
        add(lang == .vi ? "Khóa học" : "Courses", cs)

        // Horizon and policy.
        var ot: [String?] = []
        ot.append(plainChange(lang == .vi ? "thời kỳ" : "horizon", "\(a.horizon.startYear)–\(a.horizon.endYear)", "\(b.horizon.startYear)–\(b.horizon.endYear)"))
        ot.append(countChange(lang == .vi ? "số học kỳ mỗi năm" : "terms per year", a.horizon.termsPerYear, b.horizon.termsPerYear))
        ot.append(plainChange(t("milestone").lowercased(), a.horizon.milestones.map(String.init).joined(separator: ", "),
                              b.horizon.milestones.map(String.init).joined(separator: ", ")))
        ot.append(shareChange(lang == .vi ? "tỷ lệ tối đa đi học" : "max share in training", a.policy.maxShareInTraining, b.policy.maxShareInTraining))
        add(lang == .vi ? "Khác" : "Other", ot)
        return out
    }
}
