/// Writes scenarios back as YAML in the documented format (used for the canonical form behind
/// `checksum` and for segments made by roster import). Reading the output gives the same scenario.
public enum ScenarioWriter {
    /// A YAML scalar for `s`: plain when that reads back as the same text, double-quoted otherwise.
    public static func scalar(_ s: String) -> String {
        func simple(_ u: Unicode.Scalar) -> Bool {
            if u.isASCII { return ("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u) || "-_./ ()".unicodeScalars.contains(u) }
            return u.properties.isAlphabetic
        }
        let first = s.unicodeScalars.first
        let plainOK = !s.isEmpty && s.unicodeScalars.count <= 200
            && s.unicodeScalars.allSatisfy(simple)
            && first.map { !"-_./ ()".unicodeScalars.contains($0) } ?? false
            && !s.hasSuffix(" ") && !s.contains("  ")
            && NodeReader.parseDouble(s) == nil && NodeReader.parseBool(s) == nil && NodeReader.parseInteger(s) == nil
            && !["null", "Null", "NULL"].contains(s)
        if plainOK { return s }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7f || (0x80...0x9f).contains(u.value) || u.value == 0xFEFF
                    || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    static func list(_ xs: [String]) -> String { "[" + xs.map(scalar).joined(separator: ", ") + "]" }
    static func num(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
    /// A plain number for a known value, `{low: …, likely: …, high: …}` for a range.
    static func estimate(_ e: Estimate) -> String {
        e.isUncertain || e.low != e.likely ? "{low: \(num(e.low)), likely: \(num(e.likely)), high: \(num(e.high))}" : num(e.likely)
    }
    static func filter(_ f: TagFilter) -> String {
        var parts: [String] = []
        if !f.all.isEmpty { parts.append("all: \(list(f.all))") }
        if !f.any.isEmpty { parts.append("any: \(list(f.any))") }
        if !f.none.isEmpty { parts.append("none: \(list(f.none))") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The `segments:` section (with its key), two-space indented.
    public static func segmentsYAML(_ segments: [Segment]) -> String {
        var o: [String] = ["segments:"]
        for s in segments {
            o.append("  - id: \(scalar(s.id))")
            if let n = s.name { o.append("    name: \(scalar(n))") }
            o.append("    tags: \(list(s.tags))")
            o.append("    headcount: [\(s.headcount.map(String.init).joined(separator: ", "))]")
            let d = s.demography
            if d != Demography() {
                o.append("    demography:")
                if d.attritionEstimate != Estimate(0) { o.append("      attrition: \(estimate(d.attritionEstimate))") }
                if !d.transfers.isEmpty {
                    o.append("      transfers:")
                    for t in d.transfers { o.append("        - {to: \(scalar(t.to)), share: \(num(t.share))}") }
                }
                if d.recruitsEstimate != Estimate(0) { o.append("      recruits_per_year: \(estimate(d.recruitsEstimate))") }
                if d.recruitLevels != Demography().recruitLevels {
                    o.append("      recruit_levels: [\(d.recruitLevels.map(num).joined(separator: ", "))]")
                }
            }
            if s.priority != 0 { o.append("    priority: \(num(s.priority))") }
            if !s.preferredWindows.isEmpty { o.append("    preferred_windows: \(list(s.preferredWindows))") }
            if let m = s.maxShareInTraining { o.append("    max_share_in_training: \(num(m))") }
        }
        return o.joined(separator: "\n") + "\n"
    }

    /// The whole scenario as YAML, every field written out (defaults too), in a fixed order.
    public static func yaml(_ s: Scenario) -> String {
        var o: [String] = []
        o.append("name: \(scalar(s.name))")
        if let d = s.description { o.append("description: \(scalar(d))") }
        let h = s.horizon
        o.append("horizon: {start_year: \(h.startYear), end_year: \(h.endYear), terms_per_year: \(h.termsPerYear), milestones: [\(h.milestones.map(String.init).joined(separator: ", "))]}")
        let c = s.calendar
        o.append("calendar:")
        o.append("  term_dates: [" + c.termDates.map { "{start: \(scalar($0.start)), end: \(scalar($0.end))}" }.joined(separator: ", ") + "]")
        o.append("  days: \(list(c.days))")
        o.append("  periods: [" + c.periods.map { "{id: \(scalar($0.id)), start: \(scalar($0.start)), end: \(scalar($0.end)), lessons: \($0.lessons)}" }.joined(separator: ", ") + "]")
        o.append("  holidays: \(list(c.holidays))")
        o.append("  use_default_holidays: \(c.useDefaultHolidays)")
        o.append("policy: {max_share_in_training: \(num(s.policy.maxShareInTraining))}")
        o.append("exams: {fee_per_candidate_vnd: \(s.exams.feePerCandidate)\(s.exams.seatsPerTerm.map { ", seats_per_term: \($0)" } ?? "")}")
        o.append(segmentsYAML(s.segments).dropLast().description)
        o.append("courses:")
        for c in s.courses {
            o.append("  - id: \(scalar(c.id))")
            if let n = c.name { o.append("    name: \(scalar(n))") }
            o.append("    from_level: \(c.fromLevel)")
            o.append("    to_level: \(c.toLevel)")
            o.append("    hours: \(c.hours)")
            o.append("    terms: \(c.terms)")
            o.append("    exam: \(c.exam)")
            o.append("    modes:")
            for m in c.modes {
                var f = "mode: \(m.mode.rawValue), pass_rate: \(estimate(m.passRateEstimate))"
                if m.mode.hasClasses || m.classSizeMin != 0 || m.classSizeMax != 0 || m.sessionsPerWeek != 0 {
                    f += ", class_size_min: \(m.classSizeMin), class_size_max: \(m.classSizeMax), sessions_per_week: \(m.sessionsPerWeek)"
                }
                f += ", cost_per_class_vnd: \(m.costPerClass), cost_per_learner_vnd: \(m.costPerLearner)"
                if let ml = m.maxLearnersPerTerm { f += ", max_learners_per_term: \(ml)" }
                o.append("      - {\(f)}")
            }
        }
        o.append("institutions:")
        for i in s.institutions {
            o.append("  - id: \(scalar(i.id))")
            if let n = i.name { o.append("    name: \(scalar(n))") }
            o.append("    modes: [\(i.modes.map(\.rawValue).joined(separator: ", "))]")
            o.append("    online_classes_max: \(i.onlineClassesMax)")
            o.append("    cost_per_class_vnd: \(i.costPerClass)")
            o.append("    rooms: [" + i.rooms.map { "{id: \(scalar($0.id)), count: \($0.count), seats: \($0.seats), unavailable: \(list($0.unavailable))}" }.joined(separator: ", ") + "]")
            o.append("    teachers:")
            for t in i.teachers {
                o.append("      - {id: \(scalar(t.id)), count: \(t.count), max_level: \(t.maxLevel), hours_per_term: \(t.hoursPerTerm), pay_per_period_vnd: \(t.payPerPeriod), max_sessions_per_week: \(t.maxSessionsPerWeek), max_sessions_per_day: \(t.maxSessionsPerDay), unavailable: \(list(t.unavailable))}")
            }
            if i.teachers.isEmpty { o[o.count - 1] = "    teachers: []" }
        }
        o.append("payers:")
        for p in s.payers {
            o.append("  - {id: \(scalar(p.id)), \(p.name.map { "name: \(scalar($0)), " } ?? "")funds: \(filter(p.funds)), modes: [\(p.modes.map(\.rawValue).joined(separator: ", "))]}")
        }
        o.append("budgets:")
        for b in s.budgets {
            let years = b.amounts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            o.append("  - {payer: \(scalar(b.payer)), open: \(b.open), years: {\(years)}}")
        }
        o.append("targets:")
        for t in s.targets {
            let ms = t.milestones.sorted { $0.key < $1.key }.map { "\($0.key): \(num($0.value))" }.joined(separator: ", ")
            o.append("  - {id: \(scalar(t.id)), \(t.name.map { "name: \(scalar($0)), " } ?? "")filter: \(filter(t.filter)), level: \(t.level), milestones: {\(ms)}, weight: \(num(t.weight))}")
        }
        o.append("history: [" + s.history.map { "{target: \(scalar($0.target)), year: \($0.year), share: \(num($0.share))}" }.joined(separator: ", ") + "]")
        return o.joined(separator: "\n") + "\n"
    }
}

extension Scenario {
    /// The scenario as YAML with every field written out; the basis of `checksum`.
    public var canonicalYAML: String { ScenarioWriter.yaml(self) }
}
