import Foundation
import Scenario

/// The yardstick: how a planner with a spreadsheet fills classes. Term by term, priority
/// segments first, people closest to each target level first, the cheapest offering per
/// expected pass that still fits, classes opened until money, rooms, teachers, seats or
/// release run out. Each segment gets classes of its own (no mixing), always filled to
/// at least the minimum size.
public enum GreedyBaseline {
    public static func plan(_ data: PlanningData) -> Plan {
        let sc = data.scenario
        let T = data.termCount
        var plan = Plan()
        var ledger = Ledger(data)
        guard let finalYear = data.milestones.last else { return plan }
        let finalState = data.endState(ofYear: finalYear)
        // Order: priority first, then larger segments.
        let order = sc.segments.indices.sorted {
            (sc.segments[$0].priority, sc.segments[$0].total) > (sc.segments[$1].priority, sc.segments[$1].total)
        }
        for t in 0..<T {
            let projection = Projection(scenario: sc, plan: plan, data: data)
            // People still short of each target at the final milestone (before this term's classes).
            var deficit = sc.targets.indices.map { k -> Double in
                let m = data.milestones.count - 1
                let wanted = (sc.targets[k].milestones[finalYear] ?? 0) * projection.population[k][m]
                return max(0, wanted - projection.reached[k][m])
            }
            for s in order {
                let covering = sc.targets.indices.filter { data.segmentsOfTarget[$0].contains(s) && deficit[$0] > 0.5 }
                guard let k = covering.max(by: { sc.targets[$0].level < sc.targets[$1].level }) else { continue }
                let goal = sc.targets[k].level
                for from in stride(from: goal - 1, through: 0, by: -1) {
                    guard deficit[k] > 0.5 else { break }
                    var free = projection.stock[s][from][t] - ledger.busy(segment: s, level: from, term: t)
                    guard free >= 1 else { continue }
                    // Offerings from this level, cheapest per expected pass first.
                    let options = data.offerings.indices.filter { o in
                        let c = sc.courses[data.offerings[o].course]
                        return c.fromLevel == from && c.toLevel > from && (data.endTerm(offering: o, start: t) ?? .max) < finalState
                    }.sorted { ledger.costPerPass($0) < ledger.costPerPass($1) }
                    for o in options where free >= 1 && deficit[k] > 0.5 {
                        let course = sc.courses[data.offerings[o].course]
                        let steps = Double(max(1, goal - course.toLevel + 1))
                        let pass = data.offeringMode[o].passRate
                        let wanted = min(free, (deficit[k] / pow(pass, steps)).rounded(.up))
                        let placed = ledger.place(segment: s, offering: o, term: t, learners: wanted.rounded(.down), into: &plan)
                        free -= placed
                        if course.toLevel >= goal { deficit[k] -= placed * pass }
                    }
                }
            }
        }
        return plan
    }

    /// What the spreadsheet keeps track of: money left, room, teacher and online use,
    /// exam seats, people away or busy.
    struct Ledger {
        let data: PlanningData
        var money: [Int: [Int: Double]] = [:]        // payer → year → VND left (absent: open)
        var roomUse: [Int: [Int: [Int: [Int: Int]]]] = [:] // inst → term → k → seat threshold → classes
        var teacherUse: [Int: [Int: [Int: [Int: Double]]]] = [:]   // inst → term → k → level threshold → teachers
        var online: [Int: [Int: Double]] = [:]
        var examSeats: [Int: Double] = [:]
        var away: [Int: [Int: Double]] = [:]          // segment → term → people
        var busyPeople: [Int: [Int: [Int: Double]]] = [:] // segment → level → term → people (× survival)
        var modePlaces: [Int: [Int: Double]] = [:]    // offering → term → learners

        /// Seat thresholds of the nested room rows: every in-person class size.
        let seatLevels: [Int]

        init(_ data: PlanningData) {
            self.data = data
            seatLevels = Set(data.offerings.indices.filter { data.offerings[$0].mode == .inPerson }
                .map { data.offeringMode[$0].classSizeMax }).sorted()
            for (p, b) in data.budget.enumerated() {
                guard let b else { continue }
                money[p] = Dictionary(uniqueKeysWithValues: data.scenario.horizon.years.map { ($0, Double(b[$0] ?? 0)) })
            }
        }

        func busy(segment s: Int, level l: Int, term t: Int) -> Double { busyPeople[s]?[l]?[t] ?? 0 }

        func costPerPass(_ o: Int) -> Double {
            let cm = data.offeringMode[o]
            var perLearner = Double(cm.costPerLearner)
            if data.scenario.courses[data.offerings[o].course].exam { perLearner += Double(data.scenario.exams.feePerCandidate) }
            if data.offerings[o].mode.hasClasses {
                let cheapest = data.scenario.institutions.indices.compactMap { data.classCost(offering: o, institution: $0) }.min()
                guard let c = cheapest, cm.classSizeMax > 0 else { return .infinity }
                perLearner += Double(c) / Double(cm.classSizeMax)
            }
            return perLearner / max(cm.passRate, 1e-9)
        }

        /// Places up to `learners` people of segment s in offering o starting in term t,
        /// opening classes where the mode needs them. Returns how many were placed.
        mutating func place(segment s: Int, offering o: Int, term t: Int, learners: Double, into plan: inout Plan) -> Double {
            let sc = data.scenario
            let off = data.offerings[o]
            let course = sc.courses[off.course]
            let cm = data.offeringMode[o]
            guard let end = data.endTerm(offering: o, start: t) else { return 0 }
            var remaining = learners
            // Release limit (in-person and abroad learners are away from work).
            if PlanningData.isAwayFromWork(off.mode) {
                let share = sc.segments[s].maxShareInTraining ?? sc.policy.maxShareInTraining
                for u in t...end {
                    remaining = min(remaining, (share * data.headcount[s][u] - (away[s]?[u] ?? 0)).rounded(.down))
                }
            }
            if let seats = sc.exams.seatsPerTerm, course.exam {
                remaining = min(remaining, (Double(seats) - (examSeats[end] ?? 0)).rounded(.down))
            }
            if let cap = cm.maxLearnersPerTerm {
                remaining = min(remaining, Double(cap) - (modePlaces[o]?[t] ?? 0))
            }
            guard remaining >= 1 else { return 0 }
            var placed = 0.0
            for p in data.payersOfSegment[s] where data.payer(p, pays: off.mode) && remaining >= 1 {
                let key = EnrolmentKey(segment: s, offering: o, payer: p, term: t)
                if off.mode.hasClasses {
                    // Cheapest institutions first; whole classes of at least the minimum size.
                    let places = sc.institutions.indices.filter { data.canRun(offering: o, institution: $0) }
                        .sorted { (data.classCost(offering: o, institution: $0) ?? .max) < (data.classCost(offering: o, institution: $1) ?? .max) }
                    for i in places where remaining >= Double(max(1, cm.classSizeMin)) {
                        guard let cost = data.classCost(offering: o, institution: i) else { continue }
                        var classes = 0
                        var seated = 0.0
                        while remaining - seated >= Double(max(1, cm.classSizeMin)) {
                            let size = min(Double(cm.classSizeMax), remaining - seated)
                            guard fits(offering: o, institution: i, term: t, extraClasses: classes + 1),
                                  affordable(payer: p, classes: classes + 1, classCost: Double(cost), learners: seated + size,
                                             offering: o, segment: s, term: t) else { break }
                            classes += 1
                            seated += size
                        }
                        guard classes > 0 else { continue }
                        book(offering: o, institution: i, term: t, classes: classes)
                        charge(payer: p, classes: classes, classCost: Double(cost), learners: seated, offering: o, segment: s, term: t)
                        plan.classes[ClassKey(offering: o, payer: p, institution: i, term: t), default: 0] += classes
                        plan.enrolments[key, default: 0] += seated
                        record(segment: s, offering: o, term: t, learners: seated)
                        remaining -= seated
                        placed += seated
                    }
                } else {
                    var n = remaining
                    while n >= 1 && !affordable(payer: p, classes: 0, classCost: 0, learners: n, offering: o, segment: s, term: t) {
                        n = (n / 2).rounded(.down)
                    }
                    guard n >= 1 else { continue }
                    charge(payer: p, classes: 0, classCost: 0, learners: n, offering: o, segment: s, term: t)
                    plan.enrolments[key, default: 0] += n
                    record(segment: s, offering: o, term: t, learners: n)
                    remaining -= n
                    placed += n
                }
            }
            return placed
        }

        private func spending(classes: Int, classCost: Double, learners: Double, offering o: Int, segment s: Int, term t: Int) -> [Int: Double] {
            let sc = data.scenario
            let course = sc.courses[data.offerings[o].course]
            let cm = data.offeringMode[o]
            let hz = sc.horizon
            var byYear: [Int: Double] = [:]
            let len = data.span(offering: o, start: t) ?? 1
            for u in t..<(t + len) { byYear[hz.year(ofTerm: u), default: 0] += Double(classes) * classCost / Double(len) }
            byYear[hz.year(ofTerm: t), default: 0] += learners * Double(cm.costPerLearner)
            if course.exam {
                let end = t + len - 1
                byYear[hz.year(ofTerm: end), default: 0] += learners * data.survival(segment: s, start: t, end: end)
                    * Double(sc.exams.feePerCandidate)
            }
            return byYear
        }

        func affordable(payer p: Int, classes: Int, classCost: Double, learners: Double, offering o: Int, segment s: Int, term t: Int) -> Bool {
            guard let left = money[p] else { return true }
            // Keep a hair of slack so the plan stays inside the budget rows after rounding.
            return spending(classes: classes, classCost: classCost, learners: learners, offering: o, segment: s, term: t)
                .allSatisfy { y, v in v <= (left[y] ?? 0) - 1 }
        }

        mutating func charge(payer p: Int, classes: Int, classCost: Double, learners: Double, offering o: Int, segment s: Int, term t: Int) {
            guard money[p] != nil else { return }
            for (y, v) in spending(classes: classes, classCost: classCost, learners: learners, offering: o, segment: s, term: t) {
                money[p]?[y, default: 0] -= v
            }
        }

        /// Whether `extraClasses` more classes of o fit institution i in every term they run.
        func fits(offering o: Int, institution i: Int, term t: Int, extraClasses n: Int) -> Bool {
            let sc = data.scenario
            let inst = sc.institutions[i]
            let course = sc.courses[data.offerings[o].course]
            let cm = data.offeringMode[o]
            let mode = data.offerings[o].mode
            // Only where the model has a class variable (the same bound).
            guard StrategicModel.classBound(data, offering: o, institution: i, start: t) >= 1 else { return false }
            for u in t..<(t + (data.span(offering: o, start: t) ?? 1)) {
                if mode == .inPerson {
                    // Whole rooms, each keeping to one rhythm (the formulation's rows).
                    var demand = roomUse[i]?[u] ?? [:]
                    for sigma in seatLevels where sigma <= cm.classSizeMax { demand[cm.sessionsPerWeek, default: [:]][sigma, default: 0] += n }
                    if data.roomSplit(institution: i, demand: demand) == nil { return false }
                } else if (online[i]?[u] ?? 0) + Double(n) > Double(inst.onlineClassesMax) {
                    return false
                }
                // Whole teachers, each keeping to one rhythm (the formulation's rows).
                let share = 1 / Double(max(1, data.classesPerTeacher(offering: o, institution: i, start: t)))
                var demand = teacherUse[i]?[u] ?? [:]
                for lambda in 0...course.toLevel { demand[cm.sessionsPerWeek, default: [:]][lambda, default: 0] += Double(n) * share }
                if data.teacherSplit(institution: i, demand: demand) == nil { return false }
            }
            return true
        }

        mutating func book(offering o: Int, institution i: Int, term t: Int, classes n: Int) {
            let sc = data.scenario
            let course = sc.courses[data.offerings[o].course]
            let cm = data.offeringMode[o]
            for u in t..<(t + (data.span(offering: o, start: t) ?? 1)) {
                if data.offerings[o].mode == .inPerson {
                    // Every seat threshold this class size meets (the rows are nested by seats).
                    for sigma in seatLevels where sigma <= cm.classSizeMax {
                        roomUse[i, default: [:]][u, default: [:]][cm.sessionsPerWeek, default: [:]][sigma, default: 0] += n
                    }
                } else {
                    online[i, default: [:]][u, default: 0] += Double(n)
                }
                let share = 1 / Double(max(1, data.classesPerTeacher(offering: o, institution: i, start: t)))
                for lambda in 0...course.toLevel {
                    teacherUse[i, default: [:]][u, default: [:]][cm.sessionsPerWeek, default: [:]][lambda, default: 0] += Double(n) * share
                }
            }
        }

        mutating func record(segment s: Int, offering o: Int, term t: Int, learners n: Double) {
            let course = data.scenario.courses[data.offerings[o].course]
            let end = data.endTerm(offering: o, start: t) ?? t
            let mode = data.offerings[o].mode
            for u in t...end {
                busyPeople[s, default: [:]][course.fromLevel, default: [:]][u, default: 0] += n * data.survival(segment: s, start: t, end: u)
                if PlanningData.isAwayFromWork(mode) { away[s, default: [:]][u, default: 0] += n }
            }
            if course.exam { examSeats[end, default: 0] += n * data.survival(segment: s, start: t, end: end) }
            modePlaces[o, default: [:]][t, default: 0] += n
        }
    }
}
