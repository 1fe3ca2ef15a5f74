extension Timetabler {

    /// Continuing classes keep their teacher and room (issue 10: a hard rule).
    ///
    /// Runs after `keepIndividuals` (which relabels whole schedules within a group). A class still
    /// on another teacher (room) than in its earlier term is moved back to that one when it is
    /// free at the class's slots within its limits (sessions a day, a week, teaching periods a
    /// term); failing that, the classes of that teacher (room) not themselves held there are
    /// swapped, as a block, with the continuing class's current one when both fit. A class that
    /// still cannot keep them is dropped from the term and explained.
    /// - Parameters:
    ///   - choice: class index → option index (the pattern was already held by `Instance`).
    ///   - individual: class index → named teacher and room.
    ///   - previous: class id → its latest assignment in an earlier term.
    /// - Returns: the individuals kept, and the classes dropped with the reason.
    static func holdContinuing(_ I: Instance, choice: [Int: Int], _ individual: [Int: Individual],
                               previous: [String: ClassAssignment]) -> (individual: [Int: Individual], lost: [(Int, String)])
    {
        var cur = individual
        var lost: [(Int, String)] = []
        func pattern(_ ci: Int) -> Pattern { I.patterns[I.options[choice[ci]!].pattern] }
        func prev(_ ci: Int) -> ClassAssignment? { previous[I.classes[ci].planned.id] }
        let teacherGroups = Dictionary(I.institution.teachers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        /// Whether teacher `t` can carry `set` (class indices) within the group's limits.
        func teacherFits(_ t: String, _ set: [Int]) -> Bool {
            guard let tg = teacherGroups[groupOf(t)] else { return false }
            var slots = Set<Int>(), perDay: [Int: Int] = [:], week = 0, hours = 0
            for ci in set {
                let p = pattern(ci)
                for s in p.slots where !slots.insert(s).inserted { return false }
                for d in p.days { perDay[d, default: 0] += 1; if perDay[d]! > tg.maxSessionsPerDay { return false } }
                week += p.k
                hours += I.lessonsTaught(hours: I.classes[ci].hoursInTerm, period: p.period)
            }
            return week <= tg.maxSessionsPerWeek && hours <= tg.hoursPerTerm
        }
        /// Whether room `r` can hold `set`: no two at one slot, every class's learners seated.
        func roomFits(_ r: String, _ set: [Int]) -> Bool {
            guard let rg = I.institution.rooms.first(where: { $0.id == groupOf(r) }) else { return false }
            var slots = Set<Int>()
            for ci in set {
                if I.classes[ci].planned.learners > rg.seats { return false }
                let p = pattern(ci)
                if p.slots.contains(where: { s in rg.unavailable.contains { Instance.matches($0, day: I.days[s / I.P], period: I.periods[s % I.P].id) } }) { return false }
                for s in p.slots where !slots.insert(s).inserted { return false }
            }
            return true
        }
        func held(_ ci: Int, _ get: (Individual) -> String?, _ prevOf: (ClassAssignment) -> String?) -> Bool {
            guard let p = prev(ci), let want = prevOf(p) else { return true }
            return cur[ci].flatMap(get) == want
        }
        /// Moves (or swaps) `ci` onto its earlier resource; false when neither fits.
        func restore(_ ci: Int, get: (Individual) -> String?, set: (inout Individual, String) -> Void,
                     prevOf: (ClassAssignment) -> String?, fits: (String, [Int]) -> Bool) -> Bool {
            guard let want = prev(ci).flatMap(prevOf), let now = cur[ci].flatMap(get) else { return true }
            let onWant = cur.keys.filter { cur[$0].flatMap(get) == want }
            let onNow = cur.keys.filter { cur[$0].flatMap(get) == now && $0 != ci }
            if fits(want, onWant + [ci]) { set(&cur[ci]!, want); return true }
            // Swap: the classes on `want` that are not held there go to `now`.
            let movable = onWant.filter { x in prev(x).flatMap(prevOf) != want }
            let staying = onWant.filter { x in prev(x).flatMap(prevOf) == want }
            if groupOf(want) == groupOf(now), fits(want, staying + [ci]), fits(now, onNow + movable) {
                set(&cur[ci]!, want)
                for x in movable { set(&cur[x]!, now) }
                return true
            }
            return false
        }
        let continuing = cur.keys.filter { prev($0) != nil }.sorted { I.classes[$0].planned.id < I.classes[$1].planned.id }
        for ci in continuing where cur[ci] != nil {
            let p = prev(ci)!
            let okT = held(ci, { $0.teacher }, { $0.teacher })
                || restore(ci, get: { $0.teacher }, set: { $0.teacher = $1 }, prevOf: { $0.teacher }, fits: teacherFits)
            let okR = okT && (held(ci, { $0.room }, { $0.room })
                || restore(ci, get: { $0.room }, set: { $0.room = $1 }, prevOf: { $0.room }, fits: roomFits))
            if !okT || !okR {
                cur[ci] = nil
                let what = !okT ? "teacher \(p.teacher)" : "room \(p.room ?? "")"
                lost.append((ci, "continuing class: its \(what) from its earlier term is not free at its weekly time within the limits in \(I.calendar.label)"))
            }
        }
        return (cur, lost)
    }
}
