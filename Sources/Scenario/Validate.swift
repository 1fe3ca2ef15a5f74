/// Semantic checks of a scenario, whether read from a file or built in Swift. Issues carry
/// line 0 (unknown position) and the file name "<scenario>"; `ScenarioLoader` fills positions in.
public func validate(_ s: Scenario) -> [ScenarioIssue] {
    var c = SemanticChecker(file: "<scenario>", locate: { _ in nil }, skip: { _ in false })
    c.run(s)
    return c.issues
}

/// Magnitudes beyond which a value is taken as a typo.
public enum Limits {
    public static let peoplePerSegment = 100_000_000
    public static let budgetPerYearVND: Int64 = 10_000_000_000_000_000  // 10^16
    public static let costVND: Int64 = 1_000_000_000_000               // 10^12 per class or learner
    public static let payPerPeriodVND: Int64 = 100_000_000
    public static let years = 1900...2200
    public static let horizonYears = 50
    public static let hours = 5_000
    public static let count = 1_000_000
}

public let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

struct SemanticChecker {
    let file: String
    /// Position of a path in the file, if known.
    let locate: (String) -> (line: Int, column: Int)?
    /// Paths whose values were not read (their problems are already reported).
    let skip: (String) -> Bool
    var issues: [ScenarioIssue] = []
    /// False when the horizon could not be read: checks that depend on its years are skipped.
    var trustHorizon = true

    /// Records an issue at `path`'s position (or its key's, for map entries, when `atKey`).
    mutating func add(_ path: String, _ message: String, atKey: Bool = false) {
        if skip(path) { return }
        var probe = path
        var pos: (line: Int, column: Int)? = atKey ? locate(path + "#key") : nil
        while pos == nil {
            if let p = locate(probe) { pos = p; break }
            guard let cut = probe.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            probe = String(probe[..<cut])
        }
        if pos == nil, let p = locate("") { pos = p }
        issues.append(ScenarioIssue(file: file, line: pos?.line ?? 0, column: pos?.column ?? 0, path: path, message: message))
    }

    mutating func share(_ v: Double, _ path: String, _ what: String = "share") {
        if !v.isFinite || v < 0 || v > 1 { add(path, "\(what) \(fmt(v)) is outside 0...1") }
    }

    mutating func nonNegative(_ v: Int, _ path: String, _ what: String, max: Int = Limits.count) {
        if v < 0 { add(path, "\(what) \(v) is negative, expected 0 or more") } else if v > max {
            add(path, "\(what) \(v) is implausibly large, expected at most \(max)")
        }
    }

    mutating func positive(_ v: Int, _ path: String, _ what: String, max: Int = Limits.count) {
        if v < 1 { add(path, "\(what) \(v), expected at least 1") } else if v > max {
            add(path, "\(what) \(v) is implausibly large, expected at most \(max)")
        }
    }

    mutating func money(_ v: Int64, _ path: String, max: Int64 = Limits.costVND) {
        if v < 0 { add(path, "amount \(v) VND is negative") } else if v > max {
            add(path, "amount \(v) VND is implausibly large, expected at most \(max)")
        }
    }

    mutating func duplicates(_ ids: [String], _ path: (Int) -> String, _ what: String) {
        var first: [String: Int] = [:]
        for (i, id) in ids.enumerated() {
            if let j = first[id] { add(path(i), "duplicate \(what) id \"\(id)\" (first used at index \(j))") } else { first[id] = i }
        }
    }

    mutating func run(_ s: Scenario) {
        let h = s.horizon
        // Horizon: everything that depends on years is checked only when it is sane.
        var yearsOK = true
        for (v, key) in [(h.startYear, "start_year"), (h.endYear, "end_year")] where !Limits.years.contains(v) {
            add("horizon.\(key)", "year \(v) is outside \(Limits.years.lowerBound)...\(Limits.years.upperBound)")
            yearsOK = false
        }
        if yearsOK && h.startYear > h.endYear {
            add("horizon.end_year", "end_year \(h.endYear) is before start_year \(h.startYear)")
            yearsOK = false
        }
        if yearsOK && h.endYear - h.startYear + 1 > Limits.horizonYears {
            add("horizon.end_year", "a horizon of \(h.endYear - h.startYear + 1) years, expected at most \(Limits.horizonYears)")
            yearsOK = false
        }
        var termsOK = (1...4).contains(h.termsPerYear)
        if !termsOK { add("horizon.terms_per_year", "found \(h.termsPerYear), expected 1, 2, 3 or 4") }
        if !trustHorizon { yearsOK = false; termsOK = false }
        let horizon = yearsOK ? h.startYear...h.endYear : nil
        if let horizon {
            if h.milestones.isEmpty { add("horizon.milestones", "no milestone years, expected at least one year in \(horizon)") }
            var seen: Set<Int> = []
            for (i, y) in h.milestones.enumerated() {
                if !horizon.contains(y) { add("horizon.milestones[\(i)]", "milestone \(y) is outside the horizon \(h.startYear)...\(h.endYear)") }
                if !seen.insert(y).inserted { add("horizon.milestones[\(i)]", "duplicate milestone \(y)") }
            }
        }

        checkCalendar(s.calendar, termsPerYear: termsOK ? h.termsPerYear : nil)
        share(s.policy.maxShareInTraining, "policy.max_share_in_training")
        money(s.exams.feePerCandidate, "exams.fee_per_candidate_vnd", max: 100_000_000)
        if let seats = s.exams.seatsPerTerm { nonNegative(seats, "exams.seats_per_term", "seats", max: 100_000_000) }

        checkIDs(s)  // IDRules.swift: ids must be portable file names
        checkSegments(s)
        checkCourses(s)
        checkInstitutions(s)
        checkCalendarCapacity(s)  // CalendarChecks.swift
        checkPayersAndBudgets(s, horizon: horizon)
        checkTargets(s, horizon: horizon)
    }

    // MARK: Calendar

    mutating func checkCalendar(_ cal: Calendar, termsPerYear: Int?) {
        let p = "calendar"
        if let n = termsPerYear, !cal.termDates.isEmpty, cal.termDates.count != n {
            add("\(p).term_dates", "found \(cal.termDates.count) terms, expected \(n) (horizon.terms_per_year)")
        }
        var previousEnd: Int?
        for (i, t) in cal.termDates.enumerated() {
            let q = "\(p).term_dates[\(i)]"
            let s = monthDay(t.start), e = monthDay(t.end)
            if s == nil { add("\(q).start", "found \"\(t.start)\", expected a month-day \"MM-DD\" such as \"09-05\"") }
            if e == nil { add("\(q).end", "found \"\(t.end)\", expected a month-day \"MM-DD\" such as \"12-20\"") }
            if let s, let e {
                if s > e { add("\(q).end", "term ends (\(t.end)) before it starts (\(t.start)); a term lies within one year") }
                if let pe = previousEnd, s <= pe { add("\(q).start", "term starts (\(t.start)) before the previous term ends") }
                previousEnd = e
            }
        }
        if cal.days.isEmpty { add("\(p).days", "no teaching days, expected some of \(dayNames.joined(separator: ", "))") }
        for (i, d) in cal.days.enumerated() where !dayNames.contains(d) {
            let hint = didYouMean(d, among: dayNames).map { "; did you mean \($0)?" } ?? ""
            add("\(p).days[\(i)]", "found \"\(d)\", expected one of \(dayNames.joined(separator: ", "))\(hint)")
        }
        duplicates(cal.days, { "\(p).days[\($0)]" }, "day")
        duplicates(cal.periods.map(\.id), { "\(p).periods[\($0)].id" }, "period")
        var lastEnd: Int?
        for (i, per) in cal.periods.enumerated() {
            let q = "\(p).periods[\(i)]"
            let s = clockTime(per.start), e = clockTime(per.end)
            if s == nil { add("\(q).start", "found \"\(per.start)\", expected a time \"HH:MM\" such as \"07:30\"") }
            if e == nil { add("\(q).end", "found \"\(per.end)\", expected a time \"HH:MM\" such as \"11:00\"") }
            if let s, let e {
                if s >= e { add("\(q).end", "period ends (\(per.end)) before it starts (\(per.start))") }
                if let le = lastEnd, s < le { add("\(q).start", "period starts (\(per.start)) before the previous period ends") }
                lastEnd = e
            }
            if !(1...12).contains(per.lessons) { add("\(q).lessons", "found \(per.lessons) lessons, expected 1...12 teaching periods per session") }
        }
        for (i, hday) in cal.holidays.enumerated() where parseHoliday(hday) == nil {
            add("\(p).holidays[\(i)]", "found \"\(hday)\", expected a date \"YYYY-MM-DD\" or a range \"YYYY-MM-DD..YYYY-MM-DD\" (first day not after the last)")
        }
    }

    /// "mon.evening", "sat", "*.evening"
    mutating func checkWindows(_ windows: [String], _ path: String, cal: Calendar) {
        let periods = cal.periods.map(\.id)
        for (i, w) in windows.enumerated() {
            let parts = w.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let dayOK = parts.count >= 1 && (dayNames.contains(parts[0]) || (parts[0] == "*" && parts.count == 2))
            // With no periods in the calendar (a scenario built in code), any period name is accepted.
            let periodOK = parts.count == 1 || (parts.count == 2 && (periods.isEmpty || periods.contains(parts[1]) || parts[1] == "*"))
            if !dayOK || !periodOK || parts.count > 2 {
                add("\(path)[\(i)]", "found \"\(w)\", expected \"day\", \"day.period\" or \"*.period\" with a day among \(dayNames.joined(separator: ", ")) and a period among \(periods.joined(separator: ", "))")
            }
        }
    }

    // MARK: Segments

    mutating func checkSegments(_ s: Scenario) {
        let ids = s.segments.map(\.id)
        duplicates(ids, { "segments[\($0)].id" }, "segment")
        for (i, seg) in s.segments.enumerated() {
            let p = "segments[\(i)]"
            if seg.headcount.count != 7 {
                add("\(p).headcount", "found \(seg.headcount.count) entries, expected 7 (levels 0...6)")
            }
            var total = 0.0
            for (l, n) in seg.headcount.enumerated() {
                if n < 0 { add("\(p).headcount[\(l)]", "found \(n) people, expected 0 or more") }
                total += Double(n)
            }
            if total > Double(Limits.peoplePerSegment) {
                add("\(p).headcount", "\(Int(min(total, 9e18))) people in one segment is implausible, expected at most \(Limits.peoplePerSegment)")
            }
            for (j, t) in seg.tags.enumerated() where t.isEmpty || t.contains(where: { $0.isWhitespace }) {
                add("\(p).tags[\(j)]", "found \"\(t)\", expected a tag without spaces")
            }
            let d = seg.demography
            let q = "\(p).demography"
            estimate(d.attritionEstimate, "\(q).attrition", "attrition", range: 0...1)
            var outflow = max(d.attrition, d.attritionEstimate.high)
            for (j, tr) in d.transfers.enumerated() {
                if !ids.contains(tr.to) {
                    let hint = didYouMean(tr.to, among: ids).map { "; did you mean \($0)?" } ?? ""
                    add("\(q).transfers[\(j)].to", "unknown segment \"\(tr.to)\"\(hint)")
                } else if tr.to == seg.id {
                    add("\(q).transfers[\(j)].to", "a segment cannot transfer to itself")
                }
                share(tr.share, "\(q).transfers[\(j)].share")
                outflow += tr.share
            }
            if outflow.isFinite, outflow > 1 + 1e-9 {
                add("\(q)", "attrition and transfers add up to \(fmt(outflow)) per year, expected at most 1")
            }
            estimate(d.recruitsEstimate, "\(q).recruits_per_year", "recruits per year", range: 0...Double(Limits.peoplePerSegment))
            if d.recruitLevels.count != 7 {
                add("\(q).recruit_levels", "found \(d.recruitLevels.count) entries, expected 7 (levels 0...6)")
            } else {
                var sum = 0.0
                for (l, v) in d.recruitLevels.enumerated() { share(v, "\(q).recruit_levels[\(l)]"); sum += v }
                if sum.isFinite, abs(sum - 1) > 1e-6 {
                    add("\(q).recruit_levels", "recruit level shares add up to \(fmt(sum)), expected 1")
                }
            }
            if !seg.priority.isFinite || seg.priority < 0 { add("\(p).priority", "found \(fmt(seg.priority)), expected a weight ≥ 0") }
            if let m = seg.maxShareInTraining { share(m, "\(p).max_share_in_training") }
            checkWindows(seg.preferredWindows, "\(p).preferred_windows", cal: s.calendar)
        }
    }

    // MARK: Courses

    mutating func checkCourses(_ s: Scenario) {
        duplicates(s.courses.map(\.id), { "courses[\($0)].id" }, "course")
        for (i, c) in s.courses.enumerated() {
            let p = "courses[\(i)]"
            if !levelRange.contains(c.fromLevel) { add("\(p).from_level", "level \(c.fromLevel) is outside 0...6") }
            if !levelRange.contains(c.toLevel) { add("\(p).to_level", "level \(c.toLevel) is outside 0...6") }
            if levelRange.contains(c.fromLevel), levelRange.contains(c.toLevel), c.toLevel <= c.fromLevel {
                add("\(p).to_level", "to_level \(c.toLevel) is not above from_level \(c.fromLevel)")
            }
            positive(c.hours, "\(p).hours", "hours", max: Limits.hours)
            positive(c.terms, "\(p).terms", "terms", max: 12)
            var seenModes: Set<Mode> = []
            for (j, m) in c.modes.enumerated() {
                let q = "\(p).modes[\(j)]"
                if !seenModes.insert(m.mode).inserted { add("\(q).mode", "mode \(m.mode.rawValue) appears twice in this course") }
                estimate(m.passRateEstimate, "\(q).pass_rate", "pass rate", range: 0...1)
                if m.mode.hasClasses {
                    positive(m.classSizeMin, "\(q).class_size_min", "class size", max: 1000)
                    positive(m.classSizeMax, "\(q).class_size_max", "class size", max: 1000)
                    if m.classSizeMin > m.classSizeMax {
                        add("\(q).class_size_min", "class_size_min \(m.classSizeMin) is above class_size_max \(m.classSizeMax)")
                    }
                    positive(m.sessionsPerWeek, "\(q).sessions_per_week", "sessions per week", max: 42)
                    checkTeachable(s, course: c, mode: m.mode, path: q)
                }
                money(m.costPerClass, "\(q).cost_per_class_vnd")
                money(m.costPerLearner, "\(q).cost_per_learner_vnd")
                if let ml = m.maxLearnersPerTerm { nonNegative(ml, "\(q).max_learners_per_term", "learners", max: Limits.peoplePerSegment) }
            }
        }
        checkChains(s)
    }

    mutating func checkTeachable(_ s: Scenario, course c: Course, mode: Mode, path: String) {
        let running = s.institutions.filter { $0.modes.contains(mode) }
        if running.isEmpty {
            add("\(path).mode", "no institution runs \(mode.rawValue) classes (add \(mode.rawValue) to an institution's modes)")
            return
        }
        let best = running.flatMap(\.teachers).filter { $0.count > 0 }.map(\.maxLevel).max()
        if best ?? -1 < c.toLevel {
            let have = best.map { "the highest max_level is \($0)" } ?? "they have no teachers"
            add("\(path).mode", "no teacher at an institution running \(mode.rawValue) can teach up to level \(c.toLevel) (\(have))")
        }
        if mode.needsRoom, !running.contains(where: { $0.rooms.contains { $0.count > 0 } }) {
            add("\(path).mode", "no institution running in_person has rooms")
        }
    }

    /// Every level some people of a target start at must lead, by courses, to the target's level.
    mutating func checkChains(_ s: Scenario) {
        var next: [Int: [Int]] = [:]
        for c in s.courses where levelRange.contains(c.fromLevel) && levelRange.contains(c.toLevel) && c.toLevel > c.fromLevel && !c.modes.isEmpty {
            next[c.fromLevel, default: []].append(c.toLevel)
        }
        func highest(from l: Int) -> Int {
            var seen: Set<Int> = [l], stack = [l], best = l
            while let x = stack.popLast() {
                for y in next[x] ?? [] where seen.insert(y).inserted { best = max(best, y); stack.append(y) }
            }
            return best
        }
        /// Where the climb from l stops: the highest level reachable with no course out of it.
        func stuck(from l: Int, below level: Int) -> Int {
            var x = l
            while x < level, let ys = next[x], let y = ys.max() { x = y }
            return x
        }
        for (k, t) in s.targets.enumerated() where (1...6).contains(t.level) {
            var people = [Double](repeating: 0, count: 7)
            for seg in s.segments where t.filter.matches(seg.tags) {
                for (l, n) in seg.headcount.enumerated() where l < 7 && n > 0 { people[l] += Double(n) }
                if seg.demography.recruitsPerYear > 0 {
                    for (l, v) in seg.demography.recruitLevels.enumerated() where l < 7 && v > 0 { people[l] += 1 }
                }
            }
            for l in 0..<t.level where people[l] > 0 && highest(from: l) < t.level {
                let gap = stuck(from: l, below: t.level)
                add("targets[\(k)].level", "level \(t.level) cannot be reached from level \(l) (where matched segments have people): no course starts at level \(gap)")
                break
            }
        }
    }

    // MARK: Institutions

    mutating func checkInstitutions(_ s: Scenario) {
        duplicates(s.institutions.map(\.id), { "institutions[\($0)].id" }, "institution")
        for (i, inst) in s.institutions.enumerated() {
            let p = "institutions[\(i)]"
            for (j, m) in inst.modes.enumerated() where !m.hasClasses {
                add("\(p).modes[\(j)]", "found \(m.rawValue), expected in_person or online (institutions run classes)")
            }
            nonNegative(inst.onlineClassesMax, "\(p).online_classes_max", "online classes", max: 100_000)
            money(inst.costPerClass, "\(p).cost_per_class_vnd")
            duplicates(inst.rooms.map(\.id), { "\(p).rooms[\($0)].id" }, "room group")
            duplicates(inst.teachers.map(\.id), { "\(p).teachers[\($0)].id" }, "teacher group")
            for (j, room) in inst.rooms.enumerated() {
                let q = "\(p).rooms[\(j)]"
                nonNegative(room.count, "\(q).count", "rooms", max: 100_000)
                positive(room.seats, "\(q).seats", "seats", max: 10_000)
                checkWindows(room.unavailable, "\(q).unavailable", cal: s.calendar)
            }
            for (j, t) in inst.teachers.enumerated() {
                let q = "\(p).teachers[\(j)]"
                nonNegative(t.count, "\(q).count", "teachers", max: 100_000)
                if !(1...6).contains(t.maxLevel) { add("\(q).max_level", "level \(t.maxLevel) is outside 1...6") }
                nonNegative(t.hoursPerTerm, "\(q).hours_per_term", "teaching periods per term", max: 10_000)
                money(t.payPerPeriod, "\(q).pay_per_period_vnd", max: Limits.payPerPeriodVND)
                positive(t.maxSessionsPerWeek, "\(q).max_sessions_per_week", "sessions per week", max: 42)
                positive(t.maxSessionsPerDay, "\(q).max_sessions_per_day", "sessions per day", max: 6)
                checkWindows(t.unavailable, "\(q).unavailable", cal: s.calendar)
            }
        }
    }

    // MARK: Payers and budgets

    mutating func checkPayersAndBudgets(_ s: Scenario, horizon: ClosedRange<Int>?) {
        let payerIDs = s.payers.map(\.id)
        duplicates(payerIDs, { "payers[\($0)].id" }, "payer")
        for (i, payer) in s.payers.enumerated() {
            let p = "payers[\(i)]"
            if !s.segments.isEmpty, !s.segments.contains(where: { payer.funds.matches($0.tags) }) {
                add("\(p).funds", "funds no segment: \(filterText(payer.funds, s))")
            }
            if payer.modes.isEmpty { add("\(p).modes", "no modes, expected at least one of \(Mode.allCases.map(\.rawValue).joined(separator: ", "))") }
            if !s.budgets.contains(where: { $0.payer == payer.id }) {
                add("\(p).id", "payer \"\(payer.id)\" has no budget: add {payer: \(payer.id), years: {...}} or {payer: \(payer.id), open: true} to budgets")
            }
        }
        if !s.payers.isEmpty {
            for (i, seg) in s.segments.enumerated() where !s.payers.contains(where: { $0.funds.matches(seg.tags) }) {
                add("segments[\(i)].tags", "no payer funds segment \"\(seg.id)\" (tags \(seg.tags)); check the payers' funds filters")
            }
        }
        var seenPayer: [String: Int] = [:]
        for (i, b) in s.budgets.enumerated() {
            let p = "budgets[\(i)]"
            if !payerIDs.contains(b.payer) {
                let hint = didYouMean(b.payer, among: payerIDs).map { "; did you mean \($0)?" } ?? ""
                add("\(p).payer", "unknown payer \"\(b.payer)\"\(hint)")
            }
            if let j = seenPayer[b.payer] { add("\(p).payer", "a second budget for payer \"\(b.payer)\" (first at budgets[\(j)])") } else { seenPayer[b.payer] = i }
            for (y, v) in b.amounts.sorted(by: { $0.key < $1.key }) {
                money(v, "\(p).years.\(y)", max: Limits.budgetPerYearVND)
                if let horizon, !horizon.contains(y) {
                    add("\(p).years.\(y)", "year \(y) is outside the horizon \(horizon.lowerBound)...\(horizon.upperBound)", atKey: true)
                }
            }
            if let horizon, !b.open {
                // A year written but unreadable (e.g. 250.000.000) was reported where it stands;
                // it is not also "missing".
                let missing = horizon.filter { b.amounts[$0] == nil && !skip("\(p).years.\($0)") }
                if !missing.isEmpty {
                    add("\(p).years", "missing \(missing.count == 1 ? "year" : "years") \(missing.map(String.init).joined(separator: ", ")) of the horizon \(horizon.lowerBound)...\(horizon.upperBound); give an amount (0 for none) or set open: true")
                }
            }
        }
    }

    // MARK: Targets and history

    mutating func checkTargets(_ s: Scenario, horizon: ClosedRange<Int>?) {
        let ids = s.targets.map(\.id)
        duplicates(ids, { "targets[\($0)].id" }, "target")
        for (k, t) in s.targets.enumerated() {
            let p = "targets[\(k)]"
            if !(1...6).contains(t.level) { add("\(p).level", "level \(t.level) is outside 1...6") }
            if !s.segments.isEmpty, !s.segments.contains(where: { t.filter.matches($0.tags) }) {
                add("\(p).filter", "matches no segment: \(filterText(t.filter, s))")
            }
            if t.milestones.isEmpty { add("\(p).milestones", "no milestones, expected a map {year: share}") }
            for (y, v) in t.milestones.sorted(by: { $0.key < $1.key }) {
                share(v, "\(p).milestones.\(y)")
                if let horizon {
                    if !horizon.contains(y) {
                        add("\(p).milestones.\(y)", "year \(y) is outside the horizon \(horizon.lowerBound)...\(horizon.upperBound) (results before the start go in history)", atKey: true)
                    } else if !s.horizon.milestones.contains(y) {
                        add("\(p).milestones.\(y)", "year \(y) is not a horizon milestone (\(s.horizon.milestones.map(String.init).joined(separator: ", ")))", atKey: true)
                    }
                }
            }
            if !t.weight.isFinite || t.weight < 0 { add("\(p).weight", "found \(fmt(t.weight)), expected a weight ≥ 0") }
        }
        for (i, rec) in s.history.enumerated() {
            let p = "history[\(i)]"
            if !ids.contains(rec.target) {
                let hint = didYouMean(rec.target, among: ids).map { "; did you mean \($0)?" } ?? ""
                add("\(p).target", "unknown target \"\(rec.target)\"\(hint)")
            }
            if let horizon, rec.year >= horizon.lowerBound {
                add("\(p).year", "year \(rec.year) is not before the horizon's start \(horizon.lowerBound); history records what happened before the plan")
            } else if !Limits.years.contains(rec.year) {
                add("\(p).year", "year \(rec.year) is outside \(Limits.years.lowerBound)...\(Limits.years.upperBound)")
            }
            share(rec.share, "\(p).share")
        }
    }

    func filterText(_ f: TagFilter, _ s: Scenario) -> String {
        let known = Set(s.segments.flatMap(\.tags))
        var parts: [String] = []
        if !f.all.isEmpty { parts.append("all \(f.all)") }
        if !f.any.isEmpty { parts.append("any \(f.any)") }
        if !f.none.isEmpty { parts.append("none \(f.none)") }
        var text = parts.isEmpty ? "(empty filter)" : parts.joined(separator: ", ")
        let unknown = (f.all + f.any).filter { !known.contains($0) }
        if let u = unknown.first {
            let hint = didYouMean(u, among: known.sorted()).map { ", did you mean \($0)?" } ?? ""
            text += "; tag \"\(u)\" is on no segment\(hint)"
        }
        return text
    }
}

/// Compact number text: 0.35, 1.4, 12.
func fmt(_ v: Double) -> String {
    if !v.isFinite { return "\(v)" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return "\(v)"
}
