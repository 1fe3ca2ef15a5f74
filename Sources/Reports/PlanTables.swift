import Foundation
import Planner
import Scenario

/// The plan as tables of whole people: what the CSV files and the HTML report show.
public struct PlanTables: Sendable {
    public struct ClassRow: Sendable { public var term: Int; public var institution: Int; public var offering: Int; public var payer: Int; public var classes: Int; public var learners: Int }
    /// Learners of one segment starting an offering: whole people in every mode, as the plan
    /// enrols them (the planner's whole-people stage), so learners × cost in the files adds
    /// up to the spend the plan reports.
    public struct EnrolmentRow: Sendable { public var term: Int; public var segment: Int; public var offering: Int; public var payer: Int; public var institution: Int?; public var learners: Double }
    /// One opened class with its learners by segment (what the timetabler places).
    public struct Cohort: Sendable {
        public var id: String; public var term: Int; public var institution: Int; public var offering: Int; public var payer: Int
        public var learners: Int; public var segments: [(segment: Int, learners: Int)]
    }

    public var classes: [ClassRow] = []
    public var enrolments: [EnrolmentRow] = []
    public var cohorts: [Cohort] = []

    /// Splits the plan's pooled enrolments (whole people: a pool's total is the plan's own sum)
    /// over the institutions (in proportion to classes) and over the classes of each
    /// institution (as evenly as the class sizes allow).
    public init(plan: Plan, data: PlanningData) {
        struct Pool: Hashable { var offering: Int; var payer: Int; var term: Int }
        var classesByPool: [Pool: [(Int, Int)]] = [:]   // institution, classes
        for (k, n) in plan.classes.sorted(by: { $0.key < $1.key }) where n > 0 {
            classesByPool[Pool(offering: k.offering, payer: k.payer, term: k.term), default: []].append((k.institution, n))
        }
        var enrolByPool: [Pool: [(Int, Double)]] = [:]  // segment, learners
        for (k, v) in plan.enrolments.sorted(by: { $0.key < $1.key }) where v > 1e-9 {
            enrolByPool[Pool(offering: k.offering, payer: k.payer, term: k.term), default: []].append((k.segment, v))
        }
        var serial = 0
        for pool in Set(classesByPool.keys).union(enrolByPool.keys).sorted(by: { ($0.term, $0.offering, $0.payer) < ($1.term, $1.offering, $1.payer) }) {
            let bySegment = enrolByPool[pool] ?? []
            let total = Int(bySegment.reduce(0.0) { $0 + $1.1 }.rounded())
            let segmentPeople = apportion(total, weights: bySegment.map(\.1))
            guard let insts = classesByPool[pool] else {
                // Modes without classes (self-study, abroad): learners by segment, as planned.
                for (s, v) in bySegment {
                    enrolments.append(EnrolmentRow(term: pool.term, segment: s, offering: pool.offering, payer: pool.payer,
                                                   institution: nil, learners: v))
                }
                continue
            }
            let perInst = apportion(total, weights: insts.map { Double($0.1) })
            // Segment-by-institution split: fill institutions in order with each segment's people.
            var remaining = segmentPeople
            var segCursor = 0
            for (j, (i, n)) in insts.enumerated() {
                classes.append(ClassRow(term: pool.term, institution: i, offering: pool.offering, payer: pool.payer,
                                        classes: n, learners: perInst[j]))
                var need = perInst[j]
                var mix: [(Int, Int)] = []
                while need > 0 && segCursor < remaining.count {
                    let take = min(need, remaining[segCursor])
                    if take > 0 { mix.append((bySegment[segCursor].0, take)) }
                    remaining[segCursor] -= take; need -= take
                    if remaining[segCursor] == 0 { segCursor += 1 }
                }
                for (s, people) in mix {
                    enrolments.append(EnrolmentRow(term: pool.term, segment: s, offering: pool.offering, payer: pool.payer,
                                                   institution: i, learners: Double(people)))
                }
                // Classes of this institution: sizes as even as possible, then segments in order.
                let sizes = apportion(perInst[j], weights: Array(repeating: 1, count: n))
                var queue = mix
                for size in sizes {
                    serial += 1
                    var left = size
                    var members: [(segment: Int, learners: Int)] = []
                    while left > 0, !queue.isEmpty {
                        let take = min(left, queue[0].1)
                        members.append((queue[0].0, take))
                        queue[0].1 -= take; left -= take
                        if queue[0].1 == 0 { queue.removeFirst() }
                    }
                    cohorts.append(Cohort(id: String(format: "c%05d", serial), term: pool.term, institution: i,
                                          offering: pool.offering, payer: pool.payer, learners: size, segments: members))
                }
            }
        }
    }
}
