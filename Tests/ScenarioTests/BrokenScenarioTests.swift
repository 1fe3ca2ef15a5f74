import Testing
@testable import Scenario

/// One broken variant of `baseYAML` and the issue it must produce.
struct Broken: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    let path: String
    let line: Int
    /// Expected column: where this text starts on `line` (nil: column not checked).
    let at: String?
    let says: String
    var testDescription: String { name }

    /// `base` with line `n` (1-based) replaced by `text` (which may hold several lines, or none).
    static func replacing(_ n: Int, with text: String?) -> String {
        var lines = baseYAML.components(separatedBy: "\n")
        if let text { lines[n - 1] = text } else { lines.remove(at: n - 1) }
        return lines.joined(separator: "\n")
    }

    static func deleting(_ r: ClosedRange<Int>) -> String {
        var lines = baseYAML.components(separatedBy: "\n")
        lines.removeSubrange((r.lowerBound - 1)...(r.upperBound - 1))
        return lines.joined(separator: "\n")
    }

    init(_ name: String, _ yaml: String, _ path: String, line: Int, at: String? = nil, says: String) {
        self.name = name; self.yaml = yaml; self.path = path; self.line = line; self.at = at; self.says = says
    }
    init(_ name: String, line n: Int, _ text: String?, _ path: String, reportedLine: Int? = nil, at: String? = nil, says: String) {
        self.init(name, Broken.replacing(n, with: text), path, line: reportedLine ?? n, at: at, says: says)
    }

    var expectedColumn: Int? {
        guard let at else { return nil }
        let lines = yaml.components(separatedBy: "\n")
        guard line >= 1, line <= lines.count, let r = lines[line - 1].range(of: at) else { return -1 }
        return lines[line - 1].unicodeScalars.distance(from: lines[line - 1].unicodeScalars.startIndex, to: r.lowerBound) + 1
    }
}

let brokenCases: [Broken] = [
    Broken("unknown key with a suggestion", line: 3, "  start_yaer: 2026", "horizon.start_yaer", at: "start_yaer", says: "did you mean start_year?"),
    Broken("unknown root key", line: 17, "polcy:", "polcy", at: "polcy", says: "did you mean policy?"),
    Broken("wrong type: text for a number", line: 5, "  terms_per_year: two", "horizon.terms_per_year", at: "two", says: "found text \"two\", expected 1, 2, 3 or 4"),
    Broken("wrong type: list for a mapping", Broken.deleting(3...6).replacingOccurrences(of: "horizon:\n", with: "horizon: [2026, 2027]\n"), "horizon", line: 2, at: "[", says: "found a list of 2, expected a mapping"),
    Broken("terms per year outside 1...4", line: 5, "  terms_per_year: 6", "horizon.terms_per_year", at: "6", says: "found 6, expected 1, 2, 3 or 4"),
    Broken("start year after end year", line: 4, "  end_year: 2025", "horizon.end_year", at: "2025", says: "end_year 2025 is before start_year 2026"),
    Broken("absurd year", line: 4, "  end_year: 20270", "horizon.end_year", at: "20270", says: "year 20270 is outside 1900...2200"),
    Broken("missing required field", line: 25, nil, "segments[0].headcount", reportedLine: 23, at: "id: young", says: "missing required field headcount"),
    Broken("missing root field", line: 1, nil, "name", reportedLine: 1, at: "horizon", says: "missing required field name"),
    Broken("negative headcount", line: 25, "    headcount: [10, 20, -30, 40, 0, 0, 0]", "segments[0].headcount[2]", at: "-30", says: "found -30 people, expected 0 or more"),
    Broken("fractional headcount", line: 25, "    headcount: [10, 20, 30.5, 40, 0, 0, 0]", "segments[0].headcount[2]", at: "30.5", says: "found fractional number 30.5, expected a whole number of people"),
    Broken("headcount of 6 levels", line: 25, "    headcount: [10, 20, 30, 40, 0, 0]", "segments[0].headcount", at: "[", says: "found a list of 6, expected 7 entries"),
    Broken("level outside 0...6 in a headcount map", line: 35, "    headcount: {0: 50, 7: 50}", "segments[1].headcount[7]", at: "7:", says: "found level 7, expected a level 0...6"),
    Broken("absurd headcount", line: 35, "    headcount: {0: 50, 3: 500_000_000}", "segments[1].headcount", at: "{", says: "implausible"),
    Broken("share above 1", line: 80, "    milestones: {2027: 1.4}", "targets[0].milestones.2027", at: "1.4", says: "share 1.4 is outside 0...1"),
    Broken("milestone outside the horizon", line: 80, "    milestones: {2031: 0.3}", "targets[0].milestones.2031", at: "2031", says: "year 2031 is outside the horizon 2026...2027"),
    Broken("milestone not a horizon milestone", line: 80, "    milestones: {2026: 0.3}", "targets[0].milestones.2026", at: "2026", says: "not a horizon milestone"),
    Broken("horizon milestone outside the horizon", line: 6, "  milestones: [2027, 2035]", "horizon.milestones[1]", at: "2035", says: "milestone 2035 is outside the horizon"),
    Broken("target filter matches no segment", line: 82, "    filter: {all: [under_40]}", "targets[1].filter", at: "{", says: "tag \"under_40\" is on no segment, did you mean under40?"),
    Broken("target level 7", line: 79, "    level: 7", "targets[0].level", at: "7", says: "level 7 is outside 1...6"),
    Broken("no teacher can teach a course", line: 69, "      - {id: t, count: 4, max_level: 3, hours_per_term: 300, pay_per_period_vnd: 450_000}", "courses[3].modes[0].mode", reportedLine: 61, at: "in_person", says: "can teach up to level 4 (the highest max_level is 3)"),
    Broken("no institution runs online", line: 64, "    modes: [in_person]", "courses[1].modes[0].mode", reportedLine: 48, at: "online", says: "no institution runs online classes"),
    Broken("course chain with a gap", Broken.deleting(43...48), "targets[0].level", line: 73, at: "4", says: "level 4 cannot be reached from level 0 (where matched segments have people): no course starts at level 1"),
    Broken("budget missing a year", line: 74, "  - {payer: state, years: {2026: 500_000_000}}", "budgets[0].years", at: "{2026", says: "missing year 2027 of the horizon 2026...2027"),
    Broken("budget without years or open", line: 74, "  - {payer: state}", "budgets[0].years", at: "{", says: "missing years"),
    Broken("absurd budget", line: 74, "  - {payer: state, years: {2026: 50_000_000_000_000_000, 2027: 1}}", "budgets[0].years.2026", at: "50_000", says: "implausibly large"),
    Broken("budget year outside the horizon", line: 74, "  - {payer: state, years: {2026: 1, 2027: 1, 2029: 1}}", "budgets[0].years.2029", at: "2029", says: "year 2029 is outside the horizon"),
    Broken("budget for an unknown payer", line: 75, "  - {payer: learners, open: true}", "budgets[1].payer", at: "learners", says: "unknown payer \"learners\"; did you mean learner?"),
    Broken("payer without a budget", line: 75, nil, "payers[1].id", reportedLine: 72, at: "learner", says: "payer \"learner\" has no budget"),
    Broken("duplicate segment id", line: 33, "  - id: young", "segments[1].id", at: "young", says: "duplicate segment id \"young\""),
    Broken("duplicate course id", line: 43, "  - id: a1", "courses[1].id", at: "a1", says: "duplicate course id \"a1\""),
    Broken("duplicate institution id", line: 69, "      - {id: t, count: 4, max_level: 5, hours_per_term: 300, pay_per_period_vnd: 450_000}\n  - {id: school, rooms: [], teachers: []}", "institutions[1].id", reportedLine: 70, at: "school", says: "duplicate institution id \"school\""),
    Broken("duplicate payer id", line: 72, "  - {id: state, funds: {}, modes: [self_study]}", "payers[1].id", at: "state", says: "duplicate payer id \"state\""),
    Broken("duplicate target id", line: 81, "  - id: b2", "targets[1].id", at: "b2", says: "duplicate target id \"b2\""),
    Broken("duplicate teacher group", line: 69, "      - {id: t, count: 4, max_level: 5, hours_per_term: 300, pay_per_period_vnd: 450_000}\n      - {id: t, count: 1, max_level: 4, hours_per_term: 100, pay_per_period_vnd: 1}", "institutions[0].teachers[1].id", reportedLine: 70, at: "t,", says: "duplicate teacher group id \"t\""),
    Broken("duplicate room group", line: 67, "      - {id: hall, count: 2, seats: 35, unavailable: [sun]}\n      - {id: hall, count: 1, seats: 20}", "institutions[0].rooms[1].id", reportedLine: 68, at: "hall", says: "duplicate room group id \"hall\""),
    Broken("duplicate key", line: 3, "  start_year: 2026\n  start_year: 2025", "horizon.start_year", reportedLine: 4, at: "start_year", says: "duplicate key \"start_year\""),
    Broken("payer funds no segment", line: 71, "  - {id: state, funds: {all: [vc]}}", "payers[0].funds", at: "{all", says: "funds no segment: all [\"vc\"]; tag \"vc\" is on no segment"),
    Broken("segment no payer funds", Broken.replacing(72, with: "  - {id: learner, funds: {all: [under40]}, modes: [self_study]}").replacingOccurrences(of: "{id: state, funds: {all: [cbcc]}}", with: "{id: state, funds: {all: [under40]}}"),
           "segments[1].tags", line: 34, at: "[cbcc]", says: "no payer funds segment \"old\""),
    Broken("transfer to an unknown segment", line: 28, "      transfers: [{to: olds, share: 0.05}]", "segments[0].demography.transfers[0].to", at: "olds", says: "unknown segment \"olds\"; did you mean old?"),
    Broken("transfer to itself", line: 28, "      transfers: [{to: young, share: 0.05}]", "segments[0].demography.transfers[0].to", at: "young", says: "cannot transfer to itself"),
    Broken("outflow above 1", line: 27, "      attrition: 0.98", "segments[0].demography", reportedLine: 27, at: "attrition", says: "attrition and transfers add up to 1.03"),
    Broken("class size min above max", line: 42, "      - {mode: in_person, pass_rate: 0.8, class_size_min: 40, class_size_max: 30, sessions_per_week: 3}", "courses[0].modes[0].class_size_min", at: "40", says: "class_size_min 40 is above class_size_max 30"),
    Broken("class mode without class sizes", line: 42, "      - {mode: in_person, pass_rate: 0.8}", "courses[0].modes[0].class_size_min", at: "{", says: "missing required field class_size_min"),
    Broken("pass rate above 1", line: 54, "      - {mode: self_study, pass_rate: 1.5, cost_per_learner_vnd: 3_000_000}", "courses[2].modes[0].pass_rate", at: "1.5", says: "pass rate 1.5 is outside 0...1"),
    Broken("pass rate not a number", line: 54, "      - {mode: self_study, pass_rate: .nan}", "courses[2].modes[0].pass_rate", at: ".nan", says: "expected a finite number"),
    Broken("unknown mode", line: 54, "      - {mode: selfstudy, pass_rate: 0.4}", "courses[2].modes[0].mode", at: "selfstudy", says: "did you mean self_study?"),
    Broken("to_level not above from_level", line: 39, "    to_level: 0", "courses[0].to_level", at: "0", says: "to_level 0 is not above from_level 0"),
    Broken("from_level outside 0...6", line: 38, "    from_level: 9", "courses[0].from_level", at: "9", says: "level 9 is outside 0...6"),
    Broken("number too large", line: 40, "    hours: 99999999999999999999999", "courses[0].hours", at: "9", says: "which is too large"),
    Broken("term dates not matching terms per year", line: 10, nil, "calendar.term_dates", reportedLine: 9, at: "-", says: "found 1 terms, expected 2"),
    Broken("bad MM-DD", line: 9, "    - {start: \"13-05\", end: \"06-30\"}", "calendar.term_dates[0].start", at: "\"13-05\"", says: "expected a month-day \"MM-DD\""),
    Broken("overlapping terms", line: 10, "    - {start: \"06-15\", end: \"12-20\"}", "calendar.term_dates[1].start", at: "\"06-15\"", says: "before the previous term ends"),
    Broken("bad HH:MM", line: 13, "    - {id: morning, start: \"7:75\", end: \"11:00\", lessons: 4}", "calendar.periods[0].start", at: "\"7:75\"", says: "expected a time \"HH:MM\""),
    Broken("bad holiday date", line: 15, "  holidays: [\"2026-02-30\"]", "calendar.holidays[0]", at: "\"2026", says: "expected a date \"YYYY-MM-DD\""),
    Broken("holiday range backwards", line: 15, "  holidays: [\"2026-03-05..2026-03-01\"]", "calendar.holidays[0]", at: "\"2026", says: "first day not after the last"),
    Broken("unknown day", line: 11, "  days: [mon, tues]", "calendar.days[1]", at: "tues", says: "did you mean tue?"),
    Broken("bad preferred window", line: 32, "    preferred_windows: [\"*.night\"]", "segments[0].preferred_windows[0]", at: "\"*.night\"", says: "expected \"day\", \"day.period\" or \"*.period\""),
    Broken("recruit mix not summing to 1", line: 30, "      recruit_levels: {2: 0.5, 3: 0.4}", "segments[0].demography.recruit_levels", at: "{", says: "recruit level shares add up to 0.9, expected 1"),
    Broken("attrition above 1", line: 27, "      attrition: 1.5", "segments[0].demography.attrition", at: "1.5", says: "attrition 1.5 is outside 0...1"),
    Broken("policy share above 1", line: 18, "  max_share_in_training: 120%", "policy.max_share_in_training", at: "120%", says: "share 1.2 is outside 0...1"),
    Broken("bool expected", line: 16, "  use_default_holidays: maybe", "calendar.use_default_holidays", at: "maybe", says: "found text \"maybe\", expected true or false"),
    Broken("teacher max level 9", line: 69, "      - {id: t, count: 4, max_level: 9, hours_per_term: 300, pay_per_period_vnd: 450_000}", "institutions[0].teachers[0].max_level", at: "9", says: "level 9 is outside 1...6"),
    Broken("institution running self-study", line: 64, "    modes: [in_person, online, self_study]", "institutions[0].modes[2]", at: "self_study", says: "expected in_person or online"),
    Broken("negative fee", line: 20, "  fee_per_candidate_vnd: -5", "exams.fee_per_candidate_vnd", at: "-5", says: "amount -5 VND is negative"),
    Broken("history inside the horizon", line: 87, "  - {target: b2, year: 2026, share: 0.1}", "history[0].year", at: "2026", says: "is not before the horizon's start 2026"),
    Broken("history of an unknown target", line: 87, "  - {target: b3, year: 2025, share: 0.1}", "history[0].target", at: "b3", says: "unknown target \"b3\"; did you mean b2?"),
    Broken("id with spaces", line: 37, "  - id: a 1", "courses[0].id", at: "a 1", says: "expected an id: 1 to 100 characters, no spaces"),
    Broken("top level is a list", "- a\n- b\n", "", line: 1, at: "-", says: "expected a mapping of scenario fields"),
    Broken("not YAML", "name: x\nhorizon: [2026\n", "", line: 3, says: "not valid YAML"),
    Broken("tab indentation", "name: x\nhorizon:\n\tstart_year: 2026\n", "", line: 3, says: "not valid YAML"),
]

@Suite struct BrokenScenarios {
    @Test func baseIsSound() throws {
        #expect(issues(baseYAML).isEmpty, "\(issues(baseYAML))")
    }

    @Test(arguments: brokenCases)
    func reportsTheProblem(_ c: Broken) {
        let found = issues(c.yaml)
        let match = found.first { $0.path == c.path && $0.message.contains(c.says) }
        #expect(match != nil, "expected \(c.path): …\(c.says)… in\n\(found.map(\.description).joined(separator: "\n"))")
        guard let match else { return }
        #expect(match.file == "t.yaml")
        #expect(match.line == c.line, "line of \(match)")
        if let col = c.expectedColumn { #expect(match.column == col, "column of \(match)") }
    }

    /// Each broken case changes the base (a case equal to the base could never fail) and
    /// every issue it raises, the expected one and any that follow from it, points into the
    /// file at a real line.
    @Test(arguments: brokenCases)
    func everyCaseBreaksTheBase(_ c: Broken) {
        #expect(c.yaml != baseYAML, "\(c.name) does not change the base")
        let found = issues(c.yaml)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.file == "t.yaml" && $0.line >= 1 && !$0.message.isEmpty }, "\(found)")
    }

    @Test func everyProblemInOnePass() {
        var y = Broken.replacing(5, with: "  terms_per_year: 6")
        y = y.replacingOccurrences(of: "headcount: [10, 20, 30, 40, 0, 0, 0]", with: "headcount: [10, 20, -30, 40, 0, 0, 0]")
        y = y.replacingOccurrences(of: "milestones: {2027: 0.3}", with: "milestones: {2027: 1.3}")
        y = y.replacingOccurrences(of: "  - id: a2", with: "  - id: a1")
        let paths = Set(issues(y).map(\.path))
        #expect(paths.isSuperset(of: ["horizon.terms_per_year", "segments[0].headcount[2]", "targets[0].milestones.2027", "courses[1].id"]), "\(paths)")
        let lines = issues(y).map(\.line)
        #expect(lines == lines.sorted(), "issues are sorted by position")
    }

    @Test func descriptionFormat() {
        let e = ScenarioError(issues: [
            ScenarioIssue(file: "hcmc.yaml", line: 42, column: 7, path: "targets[2].milestones.2030", message: "share 1.4 is outside 0...1"),
            ScenarioIssue(file: "hcmc.yaml", line: 0, column: 0, path: "", message: "file is empty"),
        ])
        #expect(e.description == "hcmc.yaml:42:7: targets[2].milestones.2030: share 1.4 is outside 0...1\nhcmc.yaml: file is empty")
    }

    @Test func emptyAndCommentOnly() {
        for text in ["", "   \n\n", "# only a comment\n", "---\n...\n"] {
            let found = issues(text)
            #expect(found.count == 1 && found[0].message.contains("empty"), "\(found)")
        }
    }

    @Test func binaryText() {
        let found = issues("name: x\n\u{0}\u{1}\u{2}")
        #expect(found.count == 1 && found[0].message.contains("binary") && found[0].line == 2, "\(found)")
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let found = issues("name: " + String(repeating: "[", count: 100_000))
        #expect(found.count == 1 && found[0].message.contains("nesting deeper"), "\(found)")
        let dashes = issues(String(repeating: "- ", count: 50_000) + "x")
        #expect(dashes.count == 1 && dashes[0].message.contains("nesting deeper"), "\(dashes)")
    }

    @Test func aliasBombStopsCleanly() {
        // 1,000 segments that are one anchored segment with 1,000 transfers each: a million reads.
        var y = baseYAML.replacingOccurrences(of: "      transfers: [{to: old, share: 0.05}]",
                                              with: "      transfers: &t [" + Array(repeating: "{to: old, share: 0}", count: 1000).joined(separator: ", ") + "]")
        y = y.replacingOccurrences(of: "  - id: young\n", with: "  - &s\n    id: young\n")
        y = y.replacingOccurrences(of: "courses:\n", with: Array(repeating: "  - *s\n", count: 1000).joined() + "courses:\n")
        let clock = ContinuousClock()
        let start = clock.now
        let found = issues(y)
        #expect(found.contains { $0.message.contains("expands to more than") }, "\(found.prefix(3))")
        #expect(clock.now - start < .seconds(30))
    }

    @Test func tooManyProblemsAreCapped() {
        let y = baseYAML.replacingOccurrences(of: "  holidays: [\"2026-09-03\", \"2027-02-01..2027-02-03\"]",
                                              with: "  holidays: [" + Array(repeating: "\"x\"", count: 2000).joined(separator: ", ") + "]")
        let found = issues(y)
        #expect(found.count == NodeReader.maxIssues + 1 && found.last?.message.contains("more problems") == true, "\(found.count)")
    }

    @Test func validateWorksOnScenariosBuiltInSwift() {
        let s = Scenario(
            name: "code", horizon: Horizon(startYear: 2026, endYear: 2026, termsPerYear: 2, milestones: [2026]),
            segments: [Segment(id: "s", tags: ["x"], headcount: [0, 0, 0, 10, 0, 0, 0])],
            courses: [Course(id: "c", fromLevel: 3, toLevel: 4, hours: 100, terms: 1,
                             modes: [CourseMode(mode: .inPerson, passRate: 0.8, classSizeMin: 5, classSizeMax: 20, sessionsPerWeek: 2)])],
            institutions: [Institution(id: "i", rooms: [RoomGroup(id: "r", count: 1, seats: 20)],
                                       teachers: [TeacherGroup(id: "t", count: 1, maxLevel: 6, hoursPerTerm: 200, payPerPeriod: 1)])],
            payers: [Payer(id: "p", funds: TagFilter())], budgets: [Budget(payer: "p", amounts: [2026: 1])],
            targets: [Target(id: "k", filter: TagFilter(all: ["x"]), level: 4, milestones: [2026: 0.5])])
        #expect(validate(s) == [])
        var bad = s
        bad.targets[0].milestones = [2026: 1.5]
        bad.segments[0].headcount[1] = -1
        bad.horizon.startYear = 2027
        let found = validate(bad)
        #expect(found.map(\.path).contains("segments[0].headcount[1]"))
        #expect(found.map(\.path).contains("horizon.end_year"))
        #expect(found.allSatisfy { $0.line == 0 && $0.file == "<scenario>" })
        // Overflowing values do not crash.
        var huge = s
        huge.segments[0].headcount = [Int.max, Int.max, 0, 0, 0, 0, 0]
        huge.horizon = Horizon(startYear: Int.min, endYear: Int.max, termsPerYear: Int.max, milestones: [Int.min])
        huge.budgets[0].amounts = [Int.max: Int64.max]
        #expect(!validate(huge).isEmpty)
    }
}
