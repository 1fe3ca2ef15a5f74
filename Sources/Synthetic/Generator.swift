import Scenario

/// Synthetic scenarios for the benchmark ladder and property tests: plausible staff
/// structures (CBCC/VC, commune, leaders, under-40), the QĐ 1659 targets, courses per
/// level step in three modes, institutions with rooms and teachers, budgets that bind.
public struct ScenarioGenerator: Sendable {
    public var name: String
    /// Staff in all segments at the start.
    public var staff: Int
    public var institutions: Int
    /// Units (provinces) with their own segments and targets; 1 for a single plan.
    public var units: Int = 1
    public var startYear: Int = 2026
    public var years: Int = 5
    public var termsPerYear: Int = 2
    /// Budget as a share of what the greedy spreadsheet would roughly need.
    public var budgetFactor: Double = 0.6
    public var seed: UInt64 = 1

    public init(name: String, staff: Int, institutions: Int, units: Int = 1, years: Int = 5, termsPerYear: Int = 2,
                budgetFactor: Double = 0.6, seed: UInt64 = 1) {
        self.name = name; self.staff = staff; self.institutions = institutions; self.units = units
        self.years = years; self.termsPerYear = termsPerYear; self.budgetFactor = budgetFactor; self.seed = seed
    }

    /// The benchmark ladder of issue 4.
    public static let district = ScenarioGenerator(name: "district", staff: 2_000, institutions: 2)
    public static let province = ScenarioGenerator(name: "province", staff: 40_000, institutions: 8)
    public static let city = ScenarioGenerator(name: "city", staff: 150_000, institutions: 20, termsPerYear: 4)
    public static let national = ScenarioGenerator(name: "national", staff: 1_500_000, institutions: 68, units: 34)

    public static func rung(_ name: String) -> ScenarioGenerator? {
        ["district": district, "province": province, "city": city, "national": national][name]
    }

    public func make() -> Scenario {
        var rng = Rand(seed)
        let endYear = startYear + years - 1
        // Segment shapes: (tags, share of staff, level mix 0...6, priority, preferred windows)
        let shapes: [([String], Double, [Double], Double, [String])] = [
            (["cbcc", "leader", "under40"], 0.010, [0.10, 0.15, 0.25, 0.30, 0.15, 0.05, 0], 3, ["*.evening", "sat"]),
            (["cbcc", "leader"], 0.030, [0.20, 0.25, 0.25, 0.20, 0.08, 0.02, 0], 1, ["*.evening", "sat"]),
            (["cbcc", "under40"], 0.060, [0.10, 0.15, 0.30, 0.30, 0.12, 0.03, 0], 1, []),
            (["cbcc"], 0.080, [0.25, 0.25, 0.25, 0.17, 0.06, 0.02, 0], 0, []),
            (["cbcc", "commune", "leader", "under40"], 0.010, [0.25, 0.25, 0.30, 0.15, 0.05, 0, 0], 2, ["*.evening", "sat"]),
            (["cbcc", "commune", "leader"], 0.020, [0.40, 0.30, 0.20, 0.08, 0.02, 0, 0], 0.5, ["*.evening", "sat"]),
            (["cbcc", "commune"], 0.090, [0.35, 0.30, 0.22, 0.10, 0.03, 0, 0], 0, []),
            (["vc", "leader", "under40"], 0.020, [0.05, 0.10, 0.20, 0.30, 0.25, 0.10, 0], 2, ["*.evening", "sat"]),
            (["vc", "leader"], 0.050, [0.10, 0.15, 0.20, 0.30, 0.20, 0.05, 0], 0.5, ["*.evening", "sat"]),
            (["vc", "under40"], 0.280, [0.05, 0.10, 0.20, 0.30, 0.27, 0.08, 0], 0.2, []),
            (["vc"], 0.350, [0.10, 0.15, 0.20, 0.28, 0.20, 0.07, 0], 0, []),
        ]
        var segments: [Segment] = []
        for u in 0..<units {
            let unit = units == 1 ? "" : "p\(u + 1)_"
            let unitStaff = Double(staff) / Double(units) * (units == 1 ? 1 : rng.uniform(0.6, 1.4))
            for (tags, share, mix, priority, windows) in shapes {
                let n = unitStaff * share * rng.uniform(0.85, 1.15)
                var counts = mix.map { Int(($0 * n * rng.uniform(0.9, 1.1)).rounded()) }
                if counts.reduce(0, +) == 0 { counts[0] = 1 }
                let id = unit + tags.joined(separator: "_")
                var demo = Demography(attrition: 0.03, recruitsPerYear: Int(n * 0.025), recruitLevels: [0.1, 0.1, 0.3, 0.35, 0.15, 0, 0])
                if tags.contains("under40") {
                    let older = unit + tags.filter { $0 != "under40" }.joined(separator: "_")
                    demo.transfers = [Transfer(to: older, share: 0.05)]
                }
                var allTags = tags
                if units > 1 { allTags.append("unit\(u + 1)") }
                segments.append(Segment(id: id, tags: allTags, headcount: counts, demography: demo, priority: priority,
                                        preferredWindows: windows))
            }
        }
        func mode(_ m: Mode, pass: Double, perLearner: Int64, perClass: Int64 = 0) -> CourseMode {
            switch m {
            case .inPerson: return CourseMode(mode: m, passRate: pass, classSizeMin: 20, classSizeMax: 35, sessionsPerWeek: 3,
                                              costPerClass: perClass, costPerLearner: perLearner)
            case .online: return CourseMode(mode: m, passRate: pass - 0.1, classSizeMin: 20, classSizeMax: 40, sessionsPerWeek: 2,
                                            costPerClass: perClass / 2, costPerLearner: perLearner)
            default: return CourseMode(mode: m, passRate: pass - 0.25, costPerLearner: perLearner,
                                       maxLearnersPerTerm: max(200, staff / 50))
            }
        }
        let steps = [(0, 1, 120), (1, 2, 150), (2, 3, 180), (3, 4, 200), (4, 5, 220)]
        let courses = steps.map { from, to, hours in
            Course(id: "L\(from)_L\(to)", fromLevel: from, toLevel: to, hours: hours, terms: termsPerYear >= 4 ? 2 : 1,
                   modes: [mode(.inPerson, pass: 0.8, perLearner: 300_000, perClass: 5_000_000),
                           mode(.online, pass: 0.8, perLearner: 200_000, perClass: 5_000_000),
                           mode(.selfStudy, pass: 0.8, perLearner: 3_000_000)],
                   exam: to >= 3)
        }
        let cityStaffPerInstitution = Double(staff) / Double(max(1, institutions))
        let institutionsList: [Institution] = (0..<institutions).map { i in
            let size = cityStaffPerInstitution * rng.uniform(0.7, 1.3)
            let rooms = max(2, Int(size / 1500))
            let teachers = max(3, Int(size / 900))
            return Institution(
                id: "inst\(i + 1)", rooms: [RoomGroup(id: "room", count: rooms, seats: 40),
                                            RoomGroup(id: "small", count: max(1, rooms / 3), seats: 30)],
                teachers: [TeacherGroup(id: "senior", count: max(1, teachers / 3), maxLevel: 6, hoursPerTerm: 360,
                                        payPerPeriod: Int64(450_000 + 50_000 * Int(rng.uniform(0, 3)))),
                           TeacherGroup(id: "junior", count: teachers - max(1, teachers / 3), maxLevel: 3, hoursPerTerm: 360,
                                        payPerPeriod: 350_000)],
                onlineClassesMax: max(2, Int(size / 2500)), costPerClass: 2_000_000)
        }
        let payers = [
            Payer(id: "state", funds: TagFilter(all: ["cbcc"]), modes: [.inPerson, .online]),
            Payer(id: "unit", funds: TagFilter(all: ["vc"]), modes: [.inPerson, .online]),
            Payer(id: "learner", funds: TagFilter(), modes: [.selfStudy, .online]),
            Payer(id: "sponsor", funds: TagFilter(all: ["leader"]), modes: [.inPerson]),
        ]
        // Rough money need: people short of level 4 × ~2 steps × ~8M VND per learner-step.
        let shortfall = segments.reduce(0.0) { acc, s in acc + Double(s.headcount[0...3].reduce(0, +)) } * 0.35
        let perYear = shortfall * 2 * 8_000_000 / Double(years) * budgetFactor
        let split: [String: Double] = ["state": 0.35, "unit": 0.45, "learner": 0.15, "sponsor": 0.05]
        let budgets = payers.map { p in
            Budget(payer: p.id, amounts: Dictionary(uniqueKeysWithValues: (startYear...endYear).map {
                ($0, Int64((perYear * (split[p.id] ?? 0) * rng.uniform(0.8, 1.2)).rounded()))
            }))
        }
        let midYear = startYear + years / 2
        // Two milestones when the horizon allows, else only the last year.
        func shares(_ mid: Double, _ end: Double) -> [Int: Double] {
            midYear < endYear ? [midYear: mid, endYear: end] : [endYear: end]
        }
        func targetsFor(_ prefix: String, _ extra: [String]) -> [Target] {
            [Target(id: prefix + "cbcc_b2", filter: TagFilter(all: ["cbcc"] + extra, none: ["commune"]), level: 4,
                    milestones: shares(0.25, 0.35)),
             Target(id: prefix + "vc_b2", filter: TagFilter(all: ["vc"] + extra), level: 4, milestones: shares(0.6, 0.7)),
             Target(id: prefix + "vc_leader_b2", filter: TagFilter(all: ["vc", "leader"] + extra), level: 4,
                    milestones: shares(0.5, 0.6)),
             Target(id: prefix + "commune_b1", filter: TagFilter(all: ["cbcc", "commune"] + extra), level: 3,
                    milestones: shares(0.2, 0.3)),
             Target(id: prefix + "commune_leader_u40_b1", filter: TagFilter(all: ["commune", "leader", "under40"] + extra), level: 3,
                    milestones: shares(0.15, 0.25), weight: 2)]
        }
        let targets = units == 1 ? targetsFor("", []) : (0..<units).flatMap { targetsFor("p\($0 + 1)_", ["unit\($0 + 1)"]) }
        let calendar = Calendar(
            termDates: termsPerYear == 2 ? [TermDates(start: "02-23", end: "06-30"), TermDates(start: "09-07", end: "12-23")]
                : [TermDates(start: "01-05", end: "03-27"), TermDates(start: "04-06", end: "06-26"),
                   TermDates(start: "07-06", end: "09-25"), TermDates(start: "10-05", end: "12-23")].prefix(termsPerYear).map { $0 },
            periods: [Period(id: "morning", start: "07:30", end: "11:00", lessons: 4),
                      Period(id: "afternoon", start: "13:30", end: "17:00", lessons: 4),
                      Period(id: "evening", start: "18:00", end: "21:00", lessons: 3)])
        return Scenario(name: "\(name) (synthetic, seed \(seed))", horizon: Horizon(startYear: startYear, endYear: endYear,
                        termsPerYear: termsPerYear, milestones: midYear < endYear ? [midYear, endYear] : [endYear]),
                        calendar: calendar, segments: segments, courses: courses, institutions: institutionsList,
                        exams: Exams(feePerCandidate: 1_800_000, seatsPerTerm: max(500, staff / 15)),
                        payers: payers, budgets: budgets, policy: Policy(maxShareInTraining: 0.2), targets: targets)
    }
}

/// Seeded generator (SplitMix64) so that a rung is the same scenario on every machine.
struct Rand {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &+ 0x1234_5678 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(next() >> 11) * 0x1.0p-53 }
}
