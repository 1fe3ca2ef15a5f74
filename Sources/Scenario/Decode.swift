import Yams

/// Keys of each mapping in the file, in documentation order.
enum Keys {
    static let root = ["name", "description", "horizon", "calendar", "policy", "exams", "segments", "courses",
                       "institutions", "payers", "budgets", "targets", "history"]
    static let horizon = ["start_year", "end_year", "terms_per_year", "milestones"]
    static let calendar = ["term_dates", "days", "periods", "holidays", "use_default_holidays"]
    static let termDates = ["start", "end"]
    static let period = ["id", "start", "end", "lessons"]
    static let segment = ["id", "name", "tags", "headcount", "demography", "priority", "preferred_windows",
                          "max_share_in_training"]
    static let demography = ["attrition", "transfers", "recruits_per_year", "recruit_levels"]
    static let transfer = ["to", "share"]
    static let course = ["id", "name", "from_level", "to_level", "hours", "terms", "exam", "modes"]
    static let courseMode = ["mode", "pass_rate", "class_size_min", "class_size_max", "sessions_per_week",
                             "cost_per_class_vnd", "cost_per_learner_vnd", "max_learners_per_term"]
    static let institution = ["id", "name", "modes", "online_classes_max", "cost_per_class_vnd", "rooms", "teachers"]
    static let room = ["id", "count", "seats", "unavailable"]
    static let teacher = ["id", "count", "max_level", "hours_per_term", "pay_per_period_vnd", "max_sessions_per_week",
                          "max_sessions_per_day", "unavailable"]
    static let exams = ["fee_per_candidate_vnd", "seats_per_term"]
    static let payer = ["id", "name", "funds", "modes"]
    static let filter = ["all", "any", "none"]
    static let budget = ["payer", "years", "open"]
    static let policy = ["max_share_in_training"]
    static let target = ["id", "name", "filter", "level", "milestones", "weight"]
    static let history = ["target", "year", "share"]
}

/// Default term dates for a number of terms per year, used when `calendar.term_dates` is absent.
public func defaultTermDates(termsPerYear: Int) -> [TermDates] {
    switch termsPerYear {
    case 1: return [TermDates(start: "01-05", end: "12-20")]
    case 2: return [TermDates(start: "01-05", end: "06-30"), TermDates(start: "08-15", end: "12-20")]
    case 3: return [TermDates(start: "01-05", end: "04-25"), TermDates(start: "05-04", end: "08-25"),
                    TermDates(start: "09-03", end: "12-20")]
    case 4: return [TermDates(start: "01-05", end: "03-28"), TermDates(start: "04-03", end: "06-27"),
                    TermDates(start: "07-03", end: "09-26"), TermDates(start: "10-02", end: "12-20")]
    default: return []
    }
}

/// Default periods of a teaching day, used when `calendar.periods` is absent.
public let defaultPeriods = [
    Period(id: "morning", start: "07:30", end: "11:00", lessons: 4),
    Period(id: "afternoon", start: "13:30", end: "17:00", lessons: 4),
    Period(id: "evening", start: "18:00", end: "20:30", lessons: 3),
]

/// Turns the composed YAML tree into a `Scenario`, recording every shape problem.
struct ScenarioDecoder {
    let r: NodeReader

    func decode(_ root: Node) -> Scenario? {
        let f = Fields(r, root, "", known: Keys.root, what: "a mapping of scenario fields (name, horizon, segments, ...)")
        guard f.ok else { return nil }
        let name = f.required("name", "the scenario's name").flatMap { r.string($0, "name") } ?? ""
        let description = f["description"].flatMap { r.string($0, "description") }
        let horizon = f.required("horizon", "start_year, end_year, terms_per_year, milestones").map(horizonOf)
            ?? Horizon(startYear: 0, endYear: 0, termsPerYear: 1, milestones: [])
        let calendar = f["calendar"].map { calendarOf($0, termsPerYear: horizon.termsPerYear) }
            ?? Calendar(termDates: defaultTermDates(termsPerYear: horizon.termsPerYear), periods: defaultPeriods)
        let policy = f["policy"].map(policyOf) ?? Policy()
        let exams = f["exams"].map(examsOf) ?? Exams()
        let segments = items(f, "segments", "a list of staff segments", segmentOf)
        let courses = items(f, "courses", "a list of courses", courseOf)
        let institutions = items(f, "institutions", "a list of training institutions", institutionOf)
        let payers = items(f, "payers", "a list of payers (funding sources)", payerOf)
        let budgets = items(f, "budgets", "a list of budgets, one per payer", budgetOf)
        let targets = items(f, "targets", "a list of targets", targetOf)
        let history = f["history"].map { node -> [HistoryRecord] in
            (r.list(node, "history", what: "a list of past results") ?? []).enumerated().compactMap { historyOf($1, "history[\($0)]") }
        } ?? []
        return Scenario(name: name, description: description, horizon: horizon, calendar: calendar,
                        segments: segments, courses: courses, institutions: institutions, exams: exams,
                        payers: payers, budgets: budgets, policy: policy, targets: targets, history: history)
    }

    private func items<T>(_ f: Fields, _ key: String, _ what: String, _ each: (Node, String) -> T?) -> [T] {
        guard let node = f.required(key, what), let list = r.list(node, key, what: what) else { return [] }
        if list.isEmpty { r.issue(node, key, "found an empty list, expected \(what) with at least one entry") }
        return list.enumerated().compactMap { each($1, "\(key)[\($0)]") }
    }

    private func horizonOf(_ node: Node) -> Horizon {
        let f = Fields(r, node, "horizon", known: Keys.horizon, what: "a mapping (start_year, end_year, terms_per_year, milestones)")
        let start = f.required("start_year", "the first planned year, e.g. 2026").flatMap { r.int($0, "horizon.start_year", what: "a year") } ?? 0
        let end = f.required("end_year", "the last planned year, e.g. 2030").flatMap { r.int($0, "horizon.end_year", what: "a year") } ?? start
        let terms = f["terms_per_year"].flatMap { r.int($0, "horizon.terms_per_year", what: "1, 2, 3 or 4") } ?? 2
        var milestones = [end]
        if let m = f["milestones"], let list = r.list(m, "horizon.milestones", what: "a list of years") {
            milestones = list.enumerated().compactMap { r.int($1, "horizon.milestones[\($0)]", what: "a year") }
        }
        return Horizon(startYear: start, endYear: end, termsPerYear: terms, milestones: milestones)
    }

    private func calendarOf(_ node: Node, termsPerYear: Int) -> Calendar {
        let p = "calendar"
        let f = Fields(r, node, p, known: Keys.calendar, what: "a mapping (term_dates, days, periods, holidays, use_default_holidays)")
        var termDates = defaultTermDates(termsPerYear: termsPerYear)
        if let n = f["term_dates"], let list = r.list(n, "\(p).term_dates", what: "a list of {start: \"MM-DD\", end: \"MM-DD\"}, one per term") {
            termDates = list.enumerated().map { i, item in
                let q = "\(p).term_dates[\(i)]"
                let g = Fields(r, item, q, known: Keys.termDates, what: "a mapping {start: \"MM-DD\", end: \"MM-DD\"}")
                let s = g.required("start", "first day, \"MM-DD\"").flatMap { r.string($0, "\(q).start", what: "a month-day \"MM-DD\"") } ?? "01-01"
                let e = g.required("end", "last day, \"MM-DD\"").flatMap { r.string($0, "\(q).end", what: "a month-day \"MM-DD\"") } ?? "12-31"
                return TermDates(start: s, end: e)
            }
        }
        let days = f["days"].flatMap { r.stringList($0, "\(p).days", what: "a list of day names (mon ... sun)") }
            ?? ["mon", "tue", "wed", "thu", "fri", "sat"]
        var periods = defaultPeriods
        if let n = f["periods"], let list = r.list(n, "\(p).periods", what: "a list of periods {id, start, end, lessons}") {
            periods = list.enumerated().map { i, item in
                let q = "\(p).periods[\(i)]"
                let g = Fields(r, item, q, known: Keys.period, what: "a mapping {id, start: \"HH:MM\", end: \"HH:MM\", lessons}")
                let id = g.required("id", "a name such as morning").flatMap { r.identifier($0, "\(q).id") } ?? q
                let s = g.required("start", "\"HH:MM\"").flatMap { r.string($0, "\(q).start", what: "a time \"HH:MM\"") } ?? "00:00"
                let e = g.required("end", "\"HH:MM\"").flatMap { r.string($0, "\(q).end", what: "a time \"HH:MM\"") } ?? "23:59"
                let lessons = g.required("lessons", "teaching periods (tiết) per session").flatMap { r.int($0, "\(q).lessons") } ?? 1
                return Period(id: id, start: s, end: e, lessons: lessons)
            }
        }
        let holidays = f["holidays"].flatMap { r.stringList($0, "\(p).holidays", what: "a list of dates \"YYYY-MM-DD\" or ranges \"YYYY-MM-DD..YYYY-MM-DD\"") } ?? []
        let useDefault = f["use_default_holidays"].flatMap { r.bool($0, "\(p).use_default_holidays") } ?? true
        return Calendar(termDates: termDates, days: days, periods: periods, holidays: holidays, useDefaultHolidays: useDefault)
    }

    private func policyOf(_ node: Node) -> Policy {
        let f = Fields(r, node, "policy", known: Keys.policy, what: "a mapping (max_share_in_training)")
        let share = f["max_share_in_training"].flatMap { r.double($0, "policy.max_share_in_training", what: "a share 0...1") } ?? 0.2
        return Policy(maxShareInTraining: share)
    }

    private func examsOf(_ node: Node) -> Exams {
        let f = Fields(r, node, "exams", known: Keys.exams, what: "a mapping (fee_per_candidate_vnd, seats_per_term)")
        let fee = f["fee_per_candidate_vnd"].flatMap { r.money($0, "exams.fee_per_candidate_vnd") } ?? 0
        let seats = f["seats_per_term"].flatMap { r.int($0, "exams.seats_per_term", what: "a number of seats") }
        return Exams(feePerCandidate: fee, seatsPerTerm: seats)
    }

    /// Seven numbers for levels 0...6, as a list or a map {level: value}.
    private func perLevel<T>(_ node: Node, _ path: String, what: String, zero: T, read: (Node, String) -> T?) -> [T]? {
        if case .mapping = node {
            guard let entries = r.intKeyed(node, path, what: what, keyWhat: "a level 0...6") else { return nil }
            var out = [T](repeating: zero, count: 7)
            var ok = true
            for e in entries {
                guard levelRange.contains(e.key) else {
                    r.issue(e.keyNode, "\(path)[\(e.key)]", "found level \(e.key), expected a level 0...6")
                    ok = false
                    continue
                }
                r.note(e.value, "\(path)[\(e.key)]")
                if let v = read(e.value, "\(path)[\(e.key)]") { out[e.key] = v } else { ok = false }
            }
            return ok ? out : nil
        }
        guard let list = r.list(node, path, what: what) else { return nil }
        guard list.count == 7 else {
            r.issue(node, path, "found a list of \(list.count), expected 7 entries (levels 0...6) or a map {level: value}")
            return nil
        }
        var out: [T] = []
        for (i, item) in list.enumerated() {
            guard let v = read(item, "\(path)[\(i)]") else { return nil }
            out.append(v)
        }
        return out
    }

    func segmentOf(_ node: Node, _ p: String) -> Segment? {
        let f = Fields(r, node, p, known: Keys.segment, what: "a segment mapping (id, tags, headcount, ...)")
        guard f.ok else { return nil }
        let id = f.required("id", "the segment's id").flatMap { r.identifier($0, "\(p).id") } ?? p
        let name = f["name"].flatMap { r.string($0, "\(p).name") }
        let tags = f["tags"].flatMap { r.stringList($0, "\(p).tags", what: "a list of tags") } ?? []
        let headcount = f.required("headcount", "people at levels 0...6: a list of 7 or a map {level: people}").flatMap {
            perLevel($0, "\(p).headcount", what: "people at levels 0...6: a list of 7 or a map {level: people}", zero: 0) {
                r.int($0, $1, what: "a whole number of people")
            }
        } ?? [0, 0, 0, 0, 0, 0, 0]
        let demography = f["demography"].map { demographyOf($0, "\(p).demography") } ?? Demography()
        let priority = f["priority"].flatMap { r.double($0, "\(p).priority", what: "a weight ≥ 0") } ?? 0
        let windows = f["preferred_windows"].flatMap { r.stringList($0, "\(p).preferred_windows", what: "a list of windows such as \"*.evening\" or \"sat\"") } ?? []
        let maxShare = f["max_share_in_training"].flatMap { r.double($0, "\(p).max_share_in_training", what: "a share 0...1") }
        return Segment(id: id, name: name, tags: tags, headcount: headcount, demography: demography, priority: priority,
                       preferredWindows: windows, maxShareInTraining: maxShare)
    }

    private func demographyOf(_ node: Node, _ p: String) -> Demography {
        let f = Fields(r, node, p, known: Keys.demography, what: "a mapping (attrition, transfers, recruits_per_year, recruit_levels)")
        let attrition = f["attrition"].flatMap {
            estimate($0, "\(p).attrition", what: "a yearly share 0...1") { r.double($0, $1, what: "a yearly share 0...1") }
        } ?? Estimate(0)
        var transfers: [Transfer] = []
        if let n = f["transfers"], let list = r.list(n, "\(p).transfers", what: "a list of {to: segment id, share: 0...1}") {
            transfers = list.enumerated().compactMap { i, item in
                let q = "\(p).transfers[\(i)]"
                let g = Fields(r, item, q, known: Keys.transfer, what: "a mapping {to: segment id, share: yearly share}")
                guard g.ok else { return nil }
                let to = g.required("to", "the receiving segment's id").flatMap { r.identifier($0, "\(q).to") } ?? ""
                let share = g.required("share", "a yearly share 0...1").flatMap { r.double($0, "\(q).share", what: "a yearly share 0...1") } ?? 0
                return Transfer(to: to, share: share)
            }
        }
        let recruits = f["recruits_per_year"].flatMap {
            estimate($0, "\(p).recruits_per_year", what: "a whole number of people per year") {
                r.int($0, $1, what: "a whole number of people per year").map(Double.init)
            }
        } ?? Estimate(0)
        let mix = f["recruit_levels"].flatMap {
            perLevel($0, "\(p).recruit_levels", what: "shares of recruits at levels 0...6: a list of 7 or a map {level: share}", zero: 0.0) {
                r.double($0, $1, what: "a share 0...1")
            }
        } ?? [1, 0, 0, 0, 0, 0, 0]
        return Demography(transfers: transfers, recruitLevels: mix, attritionEstimate: attrition, recruitsEstimate: recruits)
    }

    private func courseOf(_ node: Node, _ p: String) -> Course? {
        let f = Fields(r, node, p, known: Keys.course, what: "a course mapping (id, from_level, to_level, hours, modes, ...)")
        guard f.ok else { return nil }
        let id = f.required("id", "the course's id").flatMap { r.identifier($0, "\(p).id") } ?? p
        let name = f["name"].flatMap { r.string($0, "\(p).name") }
        let from = f.required("from_level", "the level learners start at, 0...5").flatMap { r.int($0, "\(p).from_level", what: "a level 0...6") } ?? 0
        let to = f.required("to_level", "the level learners reach, 1...6").flatMap { r.int($0, "\(p).to_level", what: "a level 0...6") } ?? from + 1
        let hours = f.required("hours", "guided teaching periods").flatMap { r.int($0, "\(p).hours", what: "a whole number of teaching periods") } ?? 1
        let terms = f["terms"].flatMap { r.int($0, "\(p).terms", what: "a whole number of terms") } ?? 1
        let exam = f["exam"].flatMap { r.bool($0, "\(p).exam") } ?? true
        var modes: [CourseMode] = []
        if let n = f.required("modes", "a list of modes the course runs in"),
           let list = r.list(n, "\(p).modes", what: "a list of course modes {mode, pass_rate, ...}") {
            if list.isEmpty { r.issue(n, "\(p).modes", "found an empty list, expected at least one mode") }
            modes = list.enumerated().compactMap { courseModeOf($1, "\(p).modes[\($0)]") }
        }
        return Course(id: id, name: name, fromLevel: from, toLevel: to, hours: hours, terms: terms, modes: modes, exam: exam)
    }

    private func courseModeOf(_ node: Node, _ p: String) -> CourseMode? {
        let f = Fields(r, node, p, known: Keys.courseMode, what: "a course mode mapping (mode, pass_rate, class_size_min, ...)")
        guard f.ok else { return nil }
        let mode = f.required("mode", "one of \(Mode.allCases.map(\.rawValue).joined(separator: ", "))").flatMap { r.mode($0, "\(p).mode") }
        let pass = f.required("pass_rate", "a share 0...1 of learners who pass, or a range {low, likely, high}").flatMap {
            estimate($0, "\(p).pass_rate", what: "a share 0...1") { r.double($0, $1, what: "a share 0...1") }
        } ?? Estimate(1)
        let classes = mode?.hasClasses ?? false
        func classField(_ key: String, _ what: String) -> Int {
            let node = classes ? f.required(key, what + " (required for class modes)") : f[key]
            return node.flatMap { r.int($0, "\(p).\(key)", what: what) } ?? 0
        }
        let sizeMin = classField("class_size_min", "fewest learners per class")
        let sizeMax = classField("class_size_max", "most learners per class")
        let sessions = classField("sessions_per_week", "sessions per week")
        let perClass = f["cost_per_class_vnd"].flatMap { r.money($0, "\(p).cost_per_class_vnd") } ?? 0
        let perLearner = f["cost_per_learner_vnd"].flatMap { r.money($0, "\(p).cost_per_learner_vnd") } ?? 0
        let maxLearners = f["max_learners_per_term"].flatMap { r.int($0, "\(p).max_learners_per_term", what: "a whole number of learners") }
        // An unreadable mode (already reported) stands in as `abroad` so that the other fields are still checked.
        return CourseMode(mode: mode ?? .abroad, passRate: pass.likely, classSizeMin: sizeMin, classSizeMax: sizeMax, sessionsPerWeek: sessions,
                          costPerClass: perClass, costPerLearner: perLearner, maxLearnersPerTerm: maxLearners,
                          passRateEstimate: pass)
    }

    private func institutionOf(_ node: Node, _ p: String) -> Institution? {
        let f = Fields(r, node, p, known: Keys.institution, what: "an institution mapping (id, rooms, teachers, ...)")
        guard f.ok else { return nil }
        let id = f.required("id", "the institution's id").flatMap { r.identifier($0, "\(p).id") } ?? p
        let name = f["name"].flatMap { r.string($0, "\(p).name") }
        let modes = f["modes"].flatMap { r.modes($0, "\(p).modes") } ?? [.inPerson, .online]
        let online = f["online_classes_max"].flatMap { r.int($0, "\(p).online_classes_max", what: "a whole number of classes") } ?? 0
        let cost = f["cost_per_class_vnd"].flatMap { r.money($0, "\(p).cost_per_class_vnd") } ?? 0
        var rooms: [RoomGroup] = []
        if let n = f["rooms"], let list = r.list(n, "\(p).rooms", what: "a list of room groups {id, count, seats}") {
            rooms = list.enumerated().compactMap { i, item in
                let q = "\(p).rooms[\(i)]"
                let g = Fields(r, item, q, known: Keys.room, what: "a room group mapping {id, count, seats, unavailable}")
                guard g.ok else { return nil }
                let id = g.required("id", "the room group's id").flatMap { r.identifier($0, "\(q).id") } ?? q
                let count = g.required("count", "number of rooms").flatMap { r.int($0, "\(q).count", what: "a whole number of rooms") } ?? 0
                let seats = g.required("seats", "seats per room").flatMap { r.int($0, "\(q).seats", what: "a whole number of seats") } ?? 1
                let un = g["unavailable"].flatMap { r.stringList($0, "\(q).unavailable", what: "a list of weekly slots \"day.period\"") } ?? []
                return RoomGroup(id: id, count: count, seats: seats, unavailable: un)
            }
        }
        var teachers: [TeacherGroup] = []
        if let n = f["teachers"], let list = r.list(n, "\(p).teachers", what: "a list of teacher groups") {
            teachers = list.enumerated().compactMap { i, item in
                let q = "\(p).teachers[\(i)]"
                let g = Fields(r, item, q, known: Keys.teacher, what: "a teacher group mapping {id, count, max_level, hours_per_term, pay_per_period_vnd, ...}")
                guard g.ok else { return nil }
                let id = g.required("id", "the teacher group's id").flatMap { r.identifier($0, "\(q).id") } ?? q
                let count = g.required("count", "number of teachers").flatMap { r.int($0, "\(q).count", what: "a whole number of teachers") } ?? 0
                let maxLevel = g.required("max_level", "highest course to_level they teach, 1...6").flatMap { r.int($0, "\(q).max_level", what: "a level 1...6") } ?? 6
                let hours = g.required("hours_per_term", "teaching periods each may give per term").flatMap { r.int($0, "\(q).hours_per_term", what: "a whole number of teaching periods") } ?? 0
                let pay = g.required("pay_per_period_vnd", "pay per teaching period, VND").flatMap { r.money($0, "\(q).pay_per_period_vnd") } ?? 0
                let perWeek = g["max_sessions_per_week"].flatMap { r.int($0, "\(q).max_sessions_per_week", what: "a whole number of sessions") } ?? 12
                let perDay = g["max_sessions_per_day"].flatMap { r.int($0, "\(q).max_sessions_per_day", what: "a whole number of sessions") } ?? 2
                let un = g["unavailable"].flatMap { r.stringList($0, "\(q).unavailable", what: "a list of weekly slots \"day.period\"") } ?? []
                return TeacherGroup(id: id, count: count, maxLevel: maxLevel, hoursPerTerm: hours, payPerPeriod: pay,
                                    maxSessionsPerWeek: perWeek, maxSessionsPerDay: perDay, unavailable: un)
            }
        }
        return Institution(id: id, name: name, rooms: rooms, teachers: teachers, onlineClassesMax: online, modes: modes, costPerClass: cost)
    }

    private func filterOf(_ node: Node, _ p: String) -> TagFilter {
        if case .sequence = node {
            // Shorthand: a plain list of tags means `all`.
            return TagFilter(all: r.stringList(node, p, what: "a list of tags") ?? [])
        }
        let f = Fields(r, node, p, known: Keys.filter, what: "a tag filter {all: [...], any: [...], none: [...]} or a list of tags")
        let all = f["all"].flatMap { r.stringList($0, "\(p).all", what: "a list of tags") } ?? []
        let any = f["any"].flatMap { r.stringList($0, "\(p).any", what: "a list of tags") } ?? []
        let none = f["none"].flatMap { r.stringList($0, "\(p).none", what: "a list of tags") } ?? []
        return TagFilter(all: all, any: any, none: none)
    }

    private func payerOf(_ node: Node, _ p: String) -> Payer? {
        let f = Fields(r, node, p, known: Keys.payer, what: "a payer mapping (id, funds, modes)")
        guard f.ok else { return nil }
        let id = f.required("id", "the payer's id").flatMap { r.identifier($0, "\(p).id") } ?? p
        let name = f["name"].flatMap { r.string($0, "\(p).name") }
        let funds = f["funds"].map { filterOf($0, "\(p).funds") } ?? TagFilter()
        let modes = f["modes"].flatMap { r.modes($0, "\(p).modes") } ?? Mode.allCases
        return Payer(id: id, name: name, funds: funds, modes: modes)
    }

    private func budgetOf(_ node: Node, _ p: String) -> Budget? {
        let f = Fields(r, node, p, known: Keys.budget, what: "a budget mapping {payer, years: {year: VND}} or {payer, open: true}")
        guard f.ok else { return nil }
        let payer = f.required("payer", "the payer's id").flatMap { r.identifier($0, "\(p).payer") } ?? ""
        let open = f["open"].flatMap { r.bool($0, "\(p).open") } ?? false
        var amounts: [Int: Int64] = [:]
        if let n = f["years"] {
            for e in r.intKeyed(n, "\(p).years", what: "a map {year: amount in VND}", keyWhat: "a year") ?? [] {
                r.note(e.keyNode, "\(p).years.\(e.key)#key")
                if let v = r.money(e.value, "\(p).years.\(e.key)") { amounts[e.key] = v }
            }
        } else if !open && f.ok {
            r.issue(node, "\(p).years", "missing years (a map {year: amount in VND}); write open: true to leave the budget to be sized")
        }
        return Budget(payer: payer, amounts: amounts, open: open)
    }

    private func targetOf(_ node: Node, _ p: String) -> Target? {
        let f = Fields(r, node, p, known: Keys.target, what: "a target mapping (id, filter, level, milestones, weight)")
        guard f.ok else { return nil }
        let id = f.required("id", "the target's id").flatMap { r.identifier($0, "\(p).id") } ?? p
        let name = f["name"].flatMap { r.string($0, "\(p).name") }
        let filter = f["filter"].map { filterOf($0, "\(p).filter") } ?? TagFilter()
        let level = f.required("level", "the level threshold 1...6").flatMap { r.int($0, "\(p).level", what: "a level 1...6") } ?? 1
        var milestones: [Int: Double] = [:]
        if let n = f.required("milestones", "a map {year: share}") {
            for e in r.intKeyed(n, "\(p).milestones", what: "a map {year: share 0...1}", keyWhat: "a year") ?? [] {
                r.note(e.keyNode, "\(p).milestones.\(e.key)#key")
                if let v = r.double(e.value, "\(p).milestones.\(e.key)", what: "a share 0...1") { milestones[e.key] = v }
            }
        }
        let weight = f["weight"].flatMap { r.double($0, "\(p).weight", what: "a weight ≥ 0") } ?? 1
        return Target(id: id, name: name, filter: filter, level: level, milestones: milestones, weight: weight)
    }

    private func historyOf(_ node: Node, _ p: String) -> HistoryRecord? {
        let f = Fields(r, node, p, known: Keys.history, what: "a mapping {target, year, share}")
        guard f.ok else { return nil }
        let target = f.required("target", "a target's id").flatMap { r.identifier($0, "\(p).target") }
        let year = f.required("year", "a year before the horizon").flatMap { r.int($0, "\(p).year", what: "a year") }
        let share = f.required("share", "the share reached, 0...1").flatMap { r.double($0, "\(p).share", what: "a share 0...1") }
        guard let target, let year, let share else { return nil }
        return HistoryRecord(target: target, year: year, share: share)
    }
}
