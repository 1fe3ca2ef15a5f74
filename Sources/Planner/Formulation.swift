import LinearModel
import Scenario

/// The strategic MIP of docs/planning-model.md, built from a scenario.
///
/// Variables: `classes[o,p,i,t]` (integer, per institution), `enrol[s,o,p,t]` (learners,
/// pooled over institutions), `stock[s,l,state]` (expected people per level),
/// `attainment[k,y]` ∈ [0,1] (share of target k's need met at milestone y).
/// Money is in millions of VND in every row; people are counts.
public struct StrategicModel: Sendable {
    public var model: Model
    public let data: PlanningData
    public private(set) var classVar: [ClassKey: Variable] = [:]
    public private(set) var enrolVar: [EnrolmentKey: Variable] = [:]
    /// stock[s][l][state], state 0...termCount (0 is the survey, fixed).
    public private(set) var stock: [[[Variable]]] = []
    /// attainment[k][m] for milestone data.milestones[m]; nil where the target has no share
    /// for that year or nobody to count.
    public private(set) var attainment: [[Variable?]] = []
    /// People target k needs at milestone m (share × headcount).
    public private(set) var need: [[Double]] = []
    /// Σ weight·attainment (+ a small reward for priority segments): what stage 1 maximises.
    public private(set) var attainmentObjective = LinearExpression()
    /// Σ weight·attainment alone.
    public private(set) var weightedAttainment = LinearExpression()
    /// Total cost in millions of VND: what stage 2 minimises.
    public private(set) var totalCost = LinearExpression()
    /// Budget rows by (payer, year).
    public private(set) var budgetRows: [BudgetKey: ConstraintRef] = [:]
    /// Spend per (payer, year) in millions of VND, whether or not it is limited.
    public private(set) var spendByPayerYear: [BudgetKey: LinearExpression] = [:]
    /// Capacity rows, for reports of what binds.
    public private(set) var capacityRows: [CapacityRow] = []
    /// Integer splits of teacher groups between rhythms, one per (institution, term) where
    /// classes of several sessions a week run (see `PlanningData.teacherSplit`).
    public private(set) var teacherShares: [TeacherShares] = []
    /// Integer splits of room groups between rhythms, one per (institution, term) where
    /// in-person classes of several sessions a week run (see `PlanningData.roomSplit`).
    public private(set) var roomShares: [RoomShares] = []

    /// The room share variables of one institution and term: `variables[room group][k]`.
    public struct RoomShares: Sendable {
        public var institution: Int
        public var term: Int
        /// Seat thresholds of the room rows.
        public var seats: [Int]
        public var variables: [Int: [Int: Variable]]
    }

    /// The share variables of one institution and term: `variables[group][k]`.
    public struct TeacherShares: Sendable {
        public var institution: Int
        public var term: Int
        /// Level thresholds of the teacher rows.
        public var levels: [Int]
        public var variables: [Int: [Int: Variable]]
    }

    public struct BudgetKey: Hashable, Sendable {
        public var payer: Int; public var year: Int
        public init(payer: Int, year: Int) { self.payer = payer; self.year = year }
    }

    /// A resource limit in one term: rooms, teachers, online slots, exam seats, release.
    public struct CapacityRow: Sendable {
        public var term: Int
        public var institution: Int?   // nil: scenario-wide
        public var segment: Int?
        /// Which limit (typed; `resource` is its English name for reports).
        public var kind: Resource
        public var resource: String { kind.description }
        public var capacity: Double
        public var row: ConstraintRef
    }

    /// Money in rows is in millions of VND.
    public static let moneyUnit = 1_000_000.0

    /// Builds the model. With `budgetLimits` false the budgets are not rows (budget sizing).
    public init(_ data: PlanningData, budgetLimits: Bool = true) {
        self.data = data
        let sc = data.scenario
        let T = data.termCount
        let S = sc.segments.count
        let hz = sc.horizon
        var m = Model(name: Model.sanitizedName("langplan_" + sc.name))
        m.objectiveName = "attainment"
        func id(_ s: String) -> String { Model.sanitizedName(s) }

        // MARK: class counts, per institution
        // Spans per start term, from the dates: a class started in t runs t ... t + span − 1.
        func span(_ o: Int, _ t: Int) -> Int? { data.span(offering: o, start: t) }
        for (o, off) in data.offerings.enumerated() where off.mode.hasClasses {
            let course = sc.courses[off.course], cm = data.offeringMode[o]
            for p in sc.payers.indices where data.payer(p, pays: off.mode) {
                guard data.payersOfSegment.contains(where: { $0.contains(p) }) else { continue }
                for i in sc.institutions.indices where data.canRun(offering: o, institution: i) {
                    for t in 0..<T where span(o, t) != nil && Self.classBound(data, offering: o, institution: i, start: t) >= 1 {
                        // No upper bound: teacher, room and online limits are rows (below), so
                        // "what binds" reads them from the duals.
                        let key = ClassKey(offering: o, payer: p, institution: i, term: t)
                        classVar[key] = m.addVariable(
                            "classes.\(id(course.id)).\(off.mode.rawValue).\(id(sc.payers[p].id)).\(id(sc.institutions[i].id)).\(hz.label(ofTerm: t))",
                            lower: 0, kind: .integer)
                    }
                }
            }
            _ = cm
        }
        var classesOfFill: [FillKey: [Variable]] = [:]
        for (k, v) in classVar { classesOfFill[FillKey(offering: k.offering, payer: k.payer, term: k.term), default: []].append(v) }

        // MARK: enrolments, pooled over institutions
        var learners = [[[LinearExpression]]](repeating: [[LinearExpression]](
            repeating: [LinearExpression](repeating: LinearExpression(), count: T), count: data.offerings.count), count: S)
        var hasLearners = [[[Bool]]](repeating: [[Bool]](repeating: [Bool](repeating: false, count: T),
                                                         count: data.offerings.count), count: S)
        var enrolOfFill: [FillKey: [Variable]] = [:]
        for s in 0..<S {
            for (o, off) in data.offerings.enumerated() {
                let course = sc.courses[off.course]
                for p in data.payersOfSegment[s] where data.payer(p, pays: off.mode) {
                    for t in 0..<T where span(o, t) != nil {
                        let fk = FillKey(offering: o, payer: p, term: t)
                        if off.mode.hasClasses && classesOfFill[fk] == nil { continue }
                        let v = m.addVariable(
                            "enrol.\(id(sc.segments[s].id)).\(id(course.id)).\(off.mode.rawValue).\(id(sc.payers[p].id)).\(hz.label(ofTerm: t))")
                        enrolVar[EnrolmentKey(segment: s, offering: o, payer: p, term: t)] = v
                        learners[s][o][t].add(v)
                        hasLearners[s][o][t] = true
                        enrolOfFill[fk, default: []].append(v)
                    }
                }
            }
        }

        // MARK: level stocks and their flow
        var stock = [[[Variable]]]()
        for s in 0..<S {
            var bySegment = [[Variable]]()
            for l in levelRange {
                var byState = [Variable]()
                for state in 0...T {
                    let v = m.addVariable("stock.\(id(sc.segments[s].id)).L\(l).\(state)")
                    if state == 0 {
                        let h = Double(sc.segments[s].headcount.indices.contains(l) ? sc.segments[s].headcount[l] : 0)
                        m.setBounds(v, lower: h, upper: h)
                    }
                    byState.append(v)
                }
                bySegment.append(byState)
            }
            stock.append(bySegment)
        }
        self.stock = stock

        // pre[s][l]: level stock at the end of term t after this term's course results.
        for t in 0..<T {
            var pre = [[LinearExpression]](repeating: [LinearExpression](repeating: LinearExpression(), count: 7), count: S)
            for s in 0..<S {
                for l in levelRange { pre[s][l] = stock[s][l][t].expression }
                for (o, off) in data.offerings.enumerated() {
                    let course = sc.courses[off.course]
                    for t0 in 0...t where hasLearners[s][o][t0] && data.endTerm(offering: o, start: t0) == t {
                        let f = data.offeringMode[o].passRate * data.survival(segment: s, start: t0, end: t)
                        pre[s][course.toLevel].add(learners[s][o][t0], scaledBy: f)
                        pre[s][course.fromLevel].add(learners[s][o][t0], scaledBy: -f)
                    }
                }
            }
            let yearEnd = data.isYearEnd(afterTerm: t)
            for s in 0..<S {
                for l in levelRange {
                    var rhs: LinearExpression
                    if yearEnd {
                        rhs = data.keep[s] * pre[s][l]
                        for tr in data.transfersIn[s] { rhs.add(pre[tr.from][l], scaledBy: tr.share) }
                        let mix = sc.segments[s].demography.recruitLevels
                        rhs += Double(sc.segments[s].demography.recruitsPerYear) * (mix.indices.contains(l) ? mix[l] : 0)
                    } else {
                        rhs = pre[s][l]
                    }
                    m.add(stock[s][l][t + 1] == rhs, name: "flow.\(id(sc.segments[s].id)).L\(l).\(t + 1)")
                }
            }
        }

        // MARK: one course at a time; release limit
        for s in 0..<S {
            let share = sc.segments[s].maxShareInTraining ?? sc.policy.maxShareInTraining
            for t in 0..<T {
                var byLevel = [LinearExpression](repeating: LinearExpression(), count: 7)
                var away = LinearExpression()
                for (o, off) in data.offerings.enumerated() {
                    let course = sc.courses[off.course]
                    for t0 in 0...t where hasLearners[s][o][t0] && (data.endTerm(offering: o, start: t0) ?? -1) >= t {
                        byLevel[course.fromLevel].add(learners[s][o][t0], scaledBy: data.survival(segment: s, start: t0, end: t))
                        if PlanningData.isAwayFromWork(off.mode) { away.add(learners[s][o][t0]) }
                    }
                }
                for l in levelRange where byLevel[l].termCount > 0 {
                    m.add(byLevel[l] <= stock[s][l][t].expression, name: "busy.\(id(sc.segments[s].id)).L\(l).\(hz.label(ofTerm: t))")
                }
                if away.termCount > 0 {
                    let cap = share * data.headcount[s][t]
                    let r = m.add(away <= cap, name: "release.\(id(sc.segments[s].id)).\(hz.label(ofTerm: t))")
                    capacityRows.append(CapacityRow(term: t, institution: nil, segment: s, kind: .release, capacity: cap, row: r))
                }
            }
        }

        // MARK: class fill (one payer per class) and capacity of class-free modes
        for (fk, classes) in classesOfFill.sorted(by: { ($0.key.term, $0.key.offering, $0.key.payer) < ($1.key.term, $1.key.offering, $1.key.payer) }) {
            let cm = data.offeringMode[fk.offering]
            let enrolled = (enrolOfFill[fk] ?? []).sum()
            let opened = classes.sum()
            let tag = "\(fk.offering).\(fk.payer).\(fk.term)"
            m.add(enrolled - Double(cm.classSizeMax) * opened <= 0, name: "fillmax.\(tag)")
            if cm.classSizeMin > 0 {
                m.add(enrolled - Double(cm.classSizeMin) * opened >= 0, name: "fillmin.\(tag)")
            }
        }
        // Every mode honours max_learners_per_term (learners starting the course in the term).
        for (o, off) in data.offerings.enumerated() {
            guard let cap = data.offeringMode[o].maxLearnersPerTerm else { continue }
            for t in 0..<T {
                let e = (0..<S).sum { s in hasLearners[s][o][t] ? learners[s][o][t] : LinearExpression() }
                if e.termCount > 0 {
                    let r = m.add(e <= Double(cap), name: "modecap.\(o).\(hz.label(ofTerm: t))")
                    capacityRows.append(CapacityRow(term: t, institution: nil, segment: nil,
                                                    kind: .places(course: sc.courses[off.course].id, mode: off.mode),
                                                    capacity: Double(cap), row: r))
                }
            }
        }

        // MARK: rooms, teachers and online slots in every term a class runs (FormulationCapacity.swift)
        let capacity = Self.capacityRows(&m, data: data, classVar: classVar)
        capacityRows += capacity.rows
        roomShares = capacity.rooms
        teacherShares = capacity.teachers

        // MARK: exam seats and money
        var spend: [BudgetKey: LinearExpression] = [:]
        var examTakers = [LinearExpression](repeating: LinearExpression(), count: T)
        for (k, v) in enrolVar {
            let off = data.offerings[k.offering]
            let course = sc.courses[off.course]
            let cm = data.offeringMode[k.offering]
            let end = data.endTerm(offering: k.offering, start: k.term) ?? k.term
            let y0 = hz.year(ofTerm: k.term)
            if cm.costPerLearner != 0 {
                spend[BudgetKey(payer: k.payer, year: y0), default: LinearExpression()].add(v, Double(cm.costPerLearner) / Self.moneyUnit)
            }
            if course.exam {
                let surv = data.survival(segment: k.segment, start: k.term, end: end)
                examTakers[end].add(v, surv)
                if sc.exams.feePerCandidate != 0 {
                    spend[BudgetKey(payer: k.payer, year: hz.year(ofTerm: end)), default: LinearExpression()]
                        .add(v, surv * Double(sc.exams.feePerCandidate) / Self.moneyUnit)
                }
            }
        }
        for (k, v) in classVar {
            guard let cost = data.classCost(offering: k.offering, institution: k.institution) else { continue }
            let len = span(k.offering, k.term) ?? 1
            for t in k.term..<(k.term + len) {
                spend[BudgetKey(payer: k.payer, year: hz.year(ofTerm: t)), default: LinearExpression()]
                    .add(v, Double(cost) / Double(len) / Self.moneyUnit)
            }
        }
        if let seats = sc.exams.seatsPerTerm {
            for t in 0..<T where examTakers[t].termCount > 0 {
                let r = m.add(examTakers[t] <= Double(seats), name: "examseats.\(hz.label(ofTerm: t))")
                capacityRows.append(CapacityRow(term: t, institution: nil, segment: nil, kind: .examSeats,
                                                capacity: Double(seats), row: r))
            }
        }
        spendByPayerYear = spend
        for key in spend.keys.sorted(by: { ($0.year, $0.payer) < ($1.year, $1.payer) }) {
            guard let e = spend[key] else { continue }
            totalCost.add(e)
            if budgetLimits, let limits = data.budget[key.payer] {
                let amount = Double(limits[key.year] ?? 0) / Self.moneyUnit
                budgetRows[key] = m.add(e <= amount, name: "budget.\(id(sc.payers[key.payer].id)).\(key.year)")
            }
        }

        // MARK: targets at each milestone
        for (k, target) in sc.targets.enumerated() {
            var vars = [Variable?](), needs = [Double]()
            for y in data.milestones {
                let state = data.endState(ofYear: y)
                let people = data.segmentsOfTarget[k].reduce(0.0) { $0 + data.headcount[$1][state] }
                let n = (target.milestones[y] ?? 0) * people
                needs.append(n)
                guard n > 1e-9 else { vars.append(nil); continue }
                let a = m.addVariable("attainment.\(id(target.id)).\(y)", lower: 0, upper: 1)
                var reached = LinearExpression()
                for s in data.segmentsOfTarget[k] {
                    for l in target.level...6 { reached.add(stock[s][l][state]) }
                }
                m.add(reached - n * a >= 0, name: "target.\(id(target.id)).\(y)")
                weightedAttainment.add(a, target.weight)
                vars.append(a)
            }
            attainment.append(vars)
            need.append(needs)
        }
        attainmentObjective = weightedAttainment
        // Priority segments (under-40 leaders) first, beyond the targets: a reward small
        // enough (≤ 1e-4 of one target's weight in all) never to trade attainment away.
        let prioritySum = sc.segments.reduce(0.0) { $0 + max(0, $1.priority) } * Double(max(1, data.milestones.count))
        let minWeight = sc.targets.map(\.weight).filter { $0 > 0 }.min() ?? 1
        if prioritySum > 0 {
            for (s, seg) in sc.segments.enumerated() where seg.priority > 0 {
                let covering = sc.targets.indices.filter { data.segmentsOfTarget[$0].contains(s) }
                let level = covering.map { sc.targets[$0].level }.max() ?? 4
                for y in data.milestones {
                    let state = data.endState(ofYear: y)
                    let h = data.headcount[s][state]
                    guard h > 0 else { continue }
                    let p = m.addVariable("priority.\(id(seg.id)).\(y)", lower: 0, upper: 1)
                    m.add((level...6).sum { stock[s][$0][state].expression } - h * p >= 0, name: "prioritylevel.\(id(seg.id)).\(y)")
                    attainmentObjective.add(p, 1e-4 * minWeight * seg.priority / prioritySum)
                }
            }
        }
        m.maximize(attainmentObjective)
        model = m
    }

    struct FillKey: Hashable { var offering: Int; var payer: Int; var term: Int }

    /// Most classes of offering o started in term t that institution i can hold in one term
    /// (whole teachers, room patterns, online places); 0 means none is created.
    static func classBound(_ data: PlanningData, offering o: Int, institution i: Int, start t: Int) -> Int {
        let inst = data.scenario.institutions[i]
        let cm = data.offeringMode[o]
        let course = data.scenario.courses[data.offerings[o].course]
        let groups = inst.teachers.filter { $0.maxLevel >= course.toLevel && $0.count > 0 }
        var bound = groups.reduce(0) { $0 + $1.count } * data.classesPerTeacher(offering: o, institution: i, start: t)
        switch data.offerings[o].mode {
        case .inPerson: bound = min(bound, data.roomClasses(institution: i, seats: cm.classSizeMax, sessionsPerWeek: cm.sessionsPerWeek))
        case .online: bound = min(bound, inst.onlineClassesMax)
        default: return 0
        }
        return bound
    }

    /// The plan a solution describes (class counts rounded to integers).
    public func plan(from x: [Double]) -> Plan {
        var p = Plan()
        for (k, v) in classVar {
            let n = Int(x[v.index].rounded())
            if n > 0 { p.classes[k] = n }
        }
        for (k, v) in enrolVar where x[v.index] > 1e-7 { p.enrolments[k] = x[v.index] }
        return p
    }

    /// People at or above each target's level at each milestone, as the solver sees them.
    public func reached(from x: [Double]) -> [[Double]] {
        data.scenario.targets.enumerated().map { k, target in
            data.milestones.map { y in
                let state = data.endState(ofYear: y)
                return data.segmentsOfTarget[k].reduce(0.0) { acc, s in
                    acc + (target.level...6).reduce(0.0) { $0 + x[stock[s][$1][state].index] }
                }
            }
        }
    }

    /// A point of this model for a given plan: class counts and enrolments as given, stocks
    /// by the flow equations, attainment as high as the plan reaches. Used to hand the greedy
    /// baseline to branch and cut, and to check a plan against every row.
    public func point(for plan: Plan) -> [Double] {
        var x = [Double](repeating: 0, count: model.variableCount)
        for (k, v) in classVar { x[v.index] = Double(plan.classes[k] ?? 0) }
        for (k, v) in enrolVar { x[v.index] = plan.enrolments[k] ?? 0 }
        let projection = Projection(scenario: data.scenario, plan: plan, data: data)
        for s in stock.indices {
            for l in levelRange {
                for state in stock[s][l].indices { x[stock[s][l][state].index] = projection.stock[s][l][state] }
            }
        }
        // attainment and priority variables: the largest value their rows allow.
        for (k, vars) in attainment.enumerated() {
            for (mi, v) in vars.enumerated() {
                guard let v else { continue }
                let reached = projection.reached[k][mi]
                x[v.index] = min(1, reached / need[k][mi]) * (1 - 1e-12)
            }
        }
        // priority variables stay 0, which their rows always allow.
        // Teacher shares between rhythms: the least split the plan's classes need.
        for block in teacherShares {
            var demand: [Int: [Int: Double]] = [:]
            for (k, n) in plan.classes where k.institution == block.institution && n > 0 {
                guard let len = data.span(offering: k.offering, start: k.term), k.term <= block.term, block.term < k.term + len else { continue }
                let rhythm = data.offeringMode[k.offering].sessionsPerWeek
                let level = data.scenario.courses[data.offerings[k.offering].course].toLevel
                let share = Double(n) / Double(max(1, data.classesPerTeacher(offering: k.offering, institution: k.institution, start: k.term)))
                for lambda in block.levels where level >= lambda { demand[rhythm, default: [:]][lambda, default: 0] += share }
            }
            let split = data.teacherSplit(institution: block.institution, demand: demand) ?? [:]
            for (g, byK) in block.variables { for (k, v) in byK { x[v.index] = Double(split[g]?[k] ?? 0) } }
        }
        // Room shares between rhythms: whole rooms per k that hold the plan's classes.
        for block in roomShares {
            var demand: [Int: [Int: Int]] = [:]
            for (k, n) in plan.classes where k.institution == block.institution && n > 0 && data.offerings[k.offering].mode == .inPerson {
                guard let len = data.span(offering: k.offering, start: k.term), k.term <= block.term, block.term < k.term + len else { continue }
                let cm = data.offeringMode[k.offering]
                for sigma in block.seats where cm.classSizeMax >= sigma { demand[cm.sessionsPerWeek, default: [:]][sigma, default: 0] += n }
            }
            let split = data.roomSplit(institution: block.institution, demand: demand) ?? [:]
            for (h, byK) in block.variables { for (k, v) in byK { x[v.index] = Double(split[h]?[k] ?? 0) } }
        }
        return x
    }
}
