import Dispatch
import Foundation
import GLPK
import LinearModel
import Scenario

/// Term timetables: one GLPK MIP per institution and term over aggregated capacities, then
/// individual teachers and rooms, then dated sessions.
///
/// Stage 1 (MIP). Each class picks one option = (time pattern, teacher group), a binary
/// variable. A time pattern is one period on each day of a canonical day set (see `Pattern`), so
/// a class has its sessions on different days at the same period. Rooms of a group and teachers
/// of a group are interchangeable, so the model only counts them, per "share" of a group serving
/// one sessions-per-week k (integer split variables when a group serves several k):
/// - rooms: for every pattern block q and seat threshold σ, the in-person classes in q needing
///   ≥ σ seats ≤ rooms of q's k-shares with ≥ σ seats free at every slot of q (Hall's condition
///   for nested sets);
/// - teachers of a share of group g: per slot ≤ size; per day ≤ size × maxSessionsPerDay; per
///   week Σ sessions ≤ size × ⌊W/k⌋·k; classes ≤ size × ⌊hoursPerTerm / largest class hours⌋;
///   teacher-group unavailability removes the patterns it touches;
/// - online classes in the term ≤ onlineClassesMax.
/// Objective: fewest broken preferences (learners × sessions outside their segment's windows);
/// when the greedy start cannot place every class, placing classes comes first (big weight).
/// The greedy start is handed to branch and cut; the search stops as soon as the bound, rounded
/// up, meets the incumbent (the objective is integral).
///
/// Stage 2 (`assignIndividuals`) turns counts into named teachers and rooms, one teacher and
/// one room per class for the whole term (provably, see there), then moves classes between
/// teachers to cut idle periods. Stage 3 dates the sessions on the term's teaching days (holidays
/// skipped); a pattern on which a class's sessions do not fit inside the term is never offered.
public enum Timetabler {

    /// Timetables of every (institution, term) pair with classes, solved in parallel.
    public static func solveAll(scenario: Scenario, classes: [PlannedClass], terms: [Int],
                                institutions: [String]? = nil, options: TimetableOptions = TimetableOptions())
        throws -> [TermTimetable]
    {
        let instIDs = institutions ?? scenario.institutions.map(\.id)
        let sortedTerms = terms.sorted()
        // One job per institution, its terms in order: a class that runs on into the next
        // term keeps its weekly time, teacher group, teacher and room where it can.
        let box = ResultBox(count: instIDs.count * sortedTerms.count)
        let workers = max(1, min(options.parallelism ?? ProcessInfo.processInfo.activeProcessorCount, instIDs.count))
        let next = ResultBox.Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = next.take(limit: instIDs.count) {
                var previous: [String: ClassAssignment] = [:]
                for (k, term) in sortedTerms.enumerated() {
                    let j = k * instIDs.count + i
                    do {
                        let tt = try solve(scenario: scenario, classes: classes, institution: instIDs[i], term: term,
                                           options: options, previous: previous)
                        box.set(j, .success(tt))
                        // The latest assignment of every class so far: a class left unplaced in
                        // one term is still held to its first term's time in the next.
                        for a in tt.assignments { previous[a.classID] = a }
                    } catch {
                        box.set(j, .failure(error))
                    }
                }
            }
        }
        var out: [TermTimetable] = []
        for r in box.results {
            switch r {
            case .success(let tt)?: if tt.stats.classes > 0 { out.append(tt) }
            case .failure(let e)?: throw e
            case nil: break
            }
        }
        return out
    }

    /// The timetable of `institution` in the 0-based term `term` of the horizon.
    ///
    /// `previous`: the assignments of earlier terms at this institution (the latest per class).
    /// A class found there (a course of several terms) keeps its weekly pattern, teacher group,
    /// teacher and room — a hard rule: when that is not possible it is not placed, and the
    /// reason says so (see `holdContinuing`).
    public static func solve(scenario: Scenario, classes: [PlannedClass], institution: String, term: Int,
                             options: TimetableOptions = TimetableOptions(),
                             previous: [String: ClassAssignment] = [:]) throws -> TermTimetable
    {
        try solveOnce(scenario: scenario, classes: classes, institution: institution, term: term, options: options,
                      previous: previous)
    }

    static func solveOnce(scenario: Scenario, classes: [PlannedClass], institution: String, term: Int,
                          options: TimetableOptions, previous: [String: ClassAssignment])
        throws -> TermTimetable
    {
        let clock = ContinuousClock.now
        guard let inst = scenario.institutions.first(where: { $0.id == institution }) else {
            throw TimetableError.unknownInstitution(institution)
        }
        let cal = try TermCalendar(scenario: scenario, term: term, extraHolidays: options.extraHolidays)
        var keep: [String: (slots: [WeeklySlot], group: String)] = [:]
        for (id, a) in previous { keep[id] = (a.slots, groupOf(a.teacher)) }
        let instance = try Instance(scenario: scenario, institution: inst, calendar: cal, classes: classes, keep: keep)
        var stats = TimetableStats()
        stats.classes = Set(instance.classes.map(\.planned.id) + instance.unplaceable.map(\.planned.id)).count

        // Stage 1: greedy start, then the MIP.
        let greedy = greedyChoice(instance)
        var choice = greedy
        var poolSizes = instance.poolStarts
        stats.solverStatus = "greedy"
        if options.useMIP && !instance.options.isEmpty {
            let r = try solveMIP(instance, start: greedy, options: options)
            stats.variables = r.variables; stats.constraints = r.constraints
            if let c = r.choice, let p = r.poolSizes { choice = c; poolSizes = p }
            stats.solverStatus = r.status
            stats.bound = r.penaltyBound
        }

        // Stage 2: named teachers and rooms.
        var (individual, lost) = assignIndividuals(instance, choice: choice, poolSizes: poolSizes, previous: previous)
        if !previous.isEmpty {
            individual = keepIndividuals(instance, individual, previous: previous)
            let held = holdContinuing(instance, choice: choice, individual, previous: previous)
            individual = held.individual
            lost += held.lost
        }
        if !lost.isEmpty { lost = placeLost(instance, choice: &choice, &individual, lost: lost, previous: previous) }
        // Stage 3: dates.
        var assignments: [ClassAssignment] = []
        for (ci, a) in individual.sorted(by: { $0.key < $1.key }) {
            let c = instance.classes[ci]
            let o = instance.options[choice[ci]!]
            let pat = instance.patterns[o.pattern]
            let period = instance.periods[pat.period]
            let lessons = max(1, period.lessons)
            let n = (c.hoursInTerm + lessons - 1) / lessons
            // Sessions only on the term's teaching days (the options were built so that they fit).
            let dates = Array(cal.teaching.teachingDates(term: term, days: pat.days).prefix(n))
            let sessions = dates.map {
                DatedSession(classID: c.planned.id, date: $0, day: $0.weekdayID, period: period.id, teacher: a.teacher,
                             room: a.room, lessons: lessons)
            }
            assignments.append(ClassAssignment(planned: c.planned, hoursInTerm: c.hoursInTerm, teacher: a.teacher,
                                               room: a.room, slots: pat.slots.map(instance.slotID), sessions: sessions,
                                               brokenPreferenceWeight: o.penalty))
            stats.brokenPreferenceWeight += o.penalty
            stats.brokenPreferences += o.brokenCount
        }
        assignments.sort { $0.classID < $1.classID }
        if !lost.isEmpty { stats.bound = nil }
        if let b = stats.bound { stats.gap = relativeGap(incumbent: Double(stats.brokenPreferenceWeight), bound: b) }

        var notes = instance.notes
        let continuing = assignments.filter { previous[$0.classID] != nil }
        if !continuing.isEmpty {
            let sameTime = continuing.filter { previous[$0.classID]!.slots == $0.slots }.count
            let sameTeacher = continuing.filter { previous[$0.classID]!.teacher == $0.teacher }.count
            let sameRoom = continuing.filter { previous[$0.classID]!.room == $0.room }.count
            notes.append(TimetableNote("note.continuing", [continuing.count, sameTime, sameTeacher, sameRoom].map(String.init)))
        }
        let spilled = assignments.filter { ($0.lastDate ?? cal.start) > cal.end }
        stats.spilledClasses = spilled.count
        stats.lastSessionDate = assignments.compactMap(\.lastDate).max()
        if !spilled.isEmpty, let last = stats.lastSessionDate {
            notes.append(TimetableNote("note.spilled", [String(spilled.count), cal.end.description, last.description]))
        }
        let short = assignments.filter { $0.sessions.reduce(0) { $0 + $1.lessons } < $0.hoursInTerm }
        if !short.isEmpty { notes.append(TimetableNote("note.short", [String(short.count)])) }
        stats.teacherGaps = teacherGaps(assignments.flatMap(\.sessions), periods: instance.periods.map(\.id))
        let (explanationLines, reasons) = explain(instance, choice: choice, poolSizes: poolSizes)
        var explanations = explanationLines
        var unplaced = instance.unplaceable
        for ci in instance.classes.indices where choice[ci] == nil && !instance.classes[ci].options.isEmpty {
            let why = reasons[ci] ?? "capacity: no option fits beside the classes placed"
            let c = instance.classes[ci].planned
            unplaced.append(UnplacedClass(planned: c, reason: previous[c.id] == nil ? why
                : "continuing class: its weekly time and teachers from its earlier term do not fit beside the classes placed: " + why))
        }
        for (ci, why) in lost { unplaced.append(UnplacedClass(planned: instance.classes[ci].planned, reason: why)) }
        unplaced.sort { $0.planned.id < $1.planned.id }
        stats.placed = assignments.count
        if !lost.isEmpty { explanations.append("\(lost.count) classes lost in the assignment of individual teachers or rooms") }
        let d = ContinuousClock.now - clock
        stats.seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        return TermTimetable(institution: inst.id, term: cal.label, termIndex: term, termStart: cal.start, termEnd: cal.end,
                             assignments: assignments, unplaced: unplaced, explanations: explanations, notes: notes,
                             stats: stats)
    }

    /// "lecturer-12" → "lecturer".
    static func groupOf(_ id: String) -> String {
        guard let dash = id.lastIndex(of: "-") else { return id }
        return String(id[..<dash])
    }

    /// Relabels teachers (rooms) within their group so that classes continuing from the
    /// previous term keep their teacher (room). Members of a group are interchangeable (same
    /// limits, seats and availability), so swapping two members' whole schedules keeps every rule.
    static func keepIndividuals(_ I: Instance, _ current: [Int: Individual], previous: [String: ClassAssignment]) -> [Int: Individual] {
        func relabel(_ get: (Individual) -> String?, _ prevOf: (ClassAssignment) -> String?) -> [String: String] {
            var map: [String: String] = [:]          // current label → new label
            var inverse: [String: String] = [:]      // new label → current label
            func image(_ x: String) -> String { map[x] ?? x }
            func preimage(_ y: String) -> String { inverse[y] ?? y }
            var claimed = Set<String>()
            for ci in current.keys.sorted(by: { I.classes[$0].planned.id < I.classes[$1].planned.id }) {
                guard let prev = previous[I.classes[ci].planned.id], let p = prevOf(prev), let q = get(current[ci]!),
                      groupOf(p) == groupOf(q), !claimed.contains(p) else { continue }
                let qImage = image(q)
                if qImage == p { claimed.insert(p); continue }
                if claimed.contains(qImage) { continue }
                // Swap: q → p, and whoever mapped to p takes q's old image.
                let x = preimage(p)
                map[q] = p; inverse[p] = q
                map[x] = qImage; inverse[qImage] = x
                claimed.insert(p)
            }
            return map
        }
        let tmap = relabel({ $0.teacher }, { $0.teacher })
        let rmap = relabel({ $0.room }, { $0.room })
        var out = current
        for (ci, a) in current {
            out[ci] = Individual(teacher: tmap[a.teacher] ?? a.teacher, room: a.room.map { rmap[$0] ?? $0 })
        }
        return out
    }

    // MARK: Greedy

    /// Places classes one by one, hardest first, each in its cheapest option that fits.
    static func greedyChoice(_ I: Instance) -> [Int: Int] {
        var used = Array(repeating: 0, count: I.rows.count)
        let caps = I.rows.map { $0.capacity(I.poolStarts) }
        var choice: [Int: Int] = [:]
        let order = I.classes.indices.filter { !I.classes[$0].options.isEmpty }.sorted {
            let a = I.classes[$0], b = I.classes[$1]
            if a.options.count != b.options.count { return a.options.count < b.options.count }
            if a.k != b.k { return a.k > b.k }
            return a.planned.learners > b.planned.learners
        }
        for ci in order {
            var best: (Int, Int, Double)? = nil   // option, penalty, load
            for o in I.classes[ci].options {
                let opt = I.options[o]
                var fits = true
                var load = 0.0
                for (r, c) in opt.rows {
                    if used[r] + c > caps[r] { fits = false; break }
                    load += Double(used[r] + c) / Double(max(1, caps[r]))
                }
                guard fits else { continue }
                if best == nil || opt.penalty < best!.1 || (opt.penalty == best!.1 && load < best!.2) {
                    best = (o, opt.penalty, load)
                }
            }
            if let (o, _, _) = best {
                choice[ci] = o
                for (r, c) in I.options[o].rows { used[r] += c }
            }
        }
        return choice
    }

    // MARK: MIP

    struct MIPOutcome {
        var choice: [Int: Int]?
        var poolSizes: [Int]?
        var status: String
        var penaltyBound: Double?
        var variables: Int
        var constraints: Int
    }

    static func solveMIP(_ I: Instance, start: [Int: Int], options: TimetableOptions) throws -> MIPOutcome {
        let placeable = I.classes.indices.filter { !I.classes[$0].options.isEmpty }
        let allPlacedByGreedy = start.count == placeable.count
        var m = Model(name: "timetable_\(I.institution.id)_\(I.calendar.label)")
        // Options no class offers (a continuing class keeps only its own) are fixed at 0.
        let offered = Set(I.classes.flatMap(\.options))
        let x = I.options.indices.map {
            offered.contains($0) ? m.addVariable("x\($0)", kind: .binary) : m.addVariable("x\($0)", lower: 0, upper: 0, kind: .integer)
        }
        // Big weight for placing a class: above every class's worst penalty summed.
        let M = Double(I.classes.reduce(0) { acc, c in acc + (c.options.map { I.options[$0].penalty }.max() ?? 0) } + 1)
        for ci in placeable {
            let e = I.classes[ci].options.map { x[$0] }.sum()
            if allPlacedByGreedy { m.add(e == 1, name: "place\(ci)") } else { m.add(e <= 1, name: "place\(ci)") }
        }
        var rowTerms = Array(repeating: LinearExpression(), count: I.rows.count)
        var rowDemand = Array(repeating: 0, count: I.rows.count)
        for (o, opt) in I.options.enumerated() {
            for (r, c) in opt.rows { rowTerms[r].add(x[o], Double(c)); rowDemand[r] += c }
        }
        // Split pools: how many of a group's teachers (rooms) serve each k.
        var poolVar: [Int: Variable] = [:]
        var byResource: [PoolResource: [Int]] = [:]
        for (p, pool) in I.pools.enumerated() where pool.split {
            poolVar[p] = m.addVariable("n\(p)", lower: 0, upper: Double(pool.total), kind: .integer)
            byResource[pool.resource, default: []].append(p)
        }
        for (res, ps) in byResource.sorted(by: { $0.value[0] < $1.value[0] }) {
            m.add(ps.map { poolVar[$0]! }.sum() <= Double(I.pools[ps[0]].total), name: "pool_\(res)")
        }
        for r in I.rows.indices {
            let row = I.rows[r]
            if row.pool.isEmpty {
                if rowDemand[r] > row.cap { m.add(rowTerms[r] <= Double(row.cap), name: "cap\(r)") }
            } else {
                var e = rowTerms[r]
                for (p, unit) in row.pool { e.add(poolVar[p]!, -Double(unit)) }
                m.add(e <= Double(row.cap), name: "cap\(r)")
            }
        }
        var obj = LinearExpression()
        for (o, opt) in I.options.enumerated() {
            obj.add(x[o], Double(opt.penalty) - (allPlacedByGreedy ? 0 : M))
        }
        if !allPlacedByGreedy { obj += M * Double(placeable.count) }
        m.minimize(obj)

        var startPoint = Array(repeating: 0.0, count: m.variableCount)
        for (_, o) in start { startPoint[o] = 1 }
        for (p, v) in poolVar { startPoint[v.index] = Double(I.pools[p].start) }
        var so = SolveOptions()
        so.timeLimit = options.timeLimit
        so.relativeGap = options.relativeGap
        so.start = startPoint
        so.coverCuts = true
        so.cliqueCuts = true
        so.verbose = options.verbose
        so.progressInterval = 0.2
        // The objective is integral: stop as soon as the bound rounds up to the incumbent.
        so.progress = { p in
            if let i = p.incumbent, let b = p.bound, (b - 1e-6).rounded(.up) >= i - 1e-6 { return false }
            return true
        }
        let r = try m.solve(so)
        var outcome = MIPOutcome(choice: nil, status: r.status.rawValue, penaltyBound: nil,
                                 variables: m.variableCount, constraints: m.constraintCount)
        guard r.hasSolution, let objective = r.objective else { return outcome }
        var choice: [Int: Int] = [:]
        for (o, v) in x.enumerated() where r[v] > 0.5 { choice[I.options[o].cls] = o }
        outcome.choice = choice
        var sizes = I.poolStarts
        for (p, v) in poolVar { sizes[p] = Int(r[v].rounded()) }
        outcome.poolSizes = sizes
        var bound = r.bestBound.map { max(0, ($0 - 1e-6).rounded(.up)) }
        if let b = bound, b >= objective - 1e-6 { outcome.status = "optimal" }
        else if r.detail == "stopped" { outcome.status = "optimal"; bound = objective }
        else { outcome.status = "\(r.status.rawValue) (\(r.detail))" }
        if allPlacedByGreedy {
            outcome.penaltyBound = bound
        } else if let b = bound {
            // Objective = penalty + M × unplaced. The bound proves no more classes fit when it
            // exceeds what one more placed class could reach.
            let unplaced = Double(placeable.count - choice.count)
            let maxPen = M - 1
            if b > M * (unplaced - 1) + maxPen { outcome.penaltyBound = max(0, b - M * unplaced) }
        }
        if outcome.status == "optimal" && outcome.penaltyBound == nil && allPlacedByGreedy { outcome.penaltyBound = objective }
        return outcome
    }

    // MARK: Figures

    /// Broken preferences of one class placed at `slots`: (Σ learners of segments with
    /// windows over sessions outside them, number of such (session, segment) pairs).
    public static func preferencePenalty(scenario: Scenario, planned: PlannedClass, slots: [WeeklySlot]) -> (weight: Int, count: Int) {
        var w = 0, n = 0
        for slot in slots {
            for share in planned.segments where share.learners > 0 {
                guard let seg = scenario.segments.first(where: { $0.id == share.segment }), !seg.preferredWindows.isEmpty else { continue }
                if !seg.preferredWindows.contains(where: { Instance.matches($0, day: slot.day, period: slot.period) }) {
                    w += share.learners; n += 1
                }
            }
        }
        return (w, n)
    }

    /// Idle periods between a teacher's first and last session of each date.
    static func teacherGaps(_ sessions: [DatedSession], periods: [String]) -> Int {
        var byTeacherDate: [String: [Int]] = [:]
        let index = Dictionary(periods.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for s in sessions { byTeacherDate["\(s.teacher)|\(s.date)", default: []].append(index[s.period] ?? 0) }
        return byTeacherDate.values.reduce(0) { acc, ps in
            let u = Set(ps)
            guard let lo = u.min(), let hi = u.max() else { return acc }
            return acc + (hi - lo + 1 - u.count)
        }
    }
}

/// Results filled from several threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [Result<TermTimetable, Error>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<TermTimetable, Error>) { lock.lock(); results[i] = r; lock.unlock() }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func take(limit: Int) -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard n < limit else { return nil }
            n += 1
            return n - 1
        }
    }
}
