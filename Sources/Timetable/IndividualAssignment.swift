import Foundation
import Scenario

// Stage 2 of the timetabler: name one teacher and one room per class from the MIP's counts.
extension Timetabler {
    // MARK: Stage 2

    struct Individual { var teacher: String; var room: String? }

    /// Named teachers and rooms for the classes of `choice`, one each for the whole term.
    ///
    /// Each teacher (room) group is cut into shares, one per sessions-per-week k it serves
    /// (`poolSizes`, the whole group when it serves one k); a share takes classes of its k
    /// only. Why the assignment below cannot fail given the stage-1 rows:
    /// - Within a share every pattern comes from one partition of the days, so two patterns
    ///   are equal or share no slot: the classes that conflict are exactly those of the same
    ///   pattern ("block").
    /// - Teachers of a share of size T (interchangeable, same availability): list its classes
    ///   sorted by (day set, period) and give the i-th class teacher i mod T. A block is a run of
    ///   ≤ T consecutive classes (slot row), so its classes get distinct teachers. All blocks
    ///   of one day set S form a run of N_S ≤ T·maxSessionsPerDay classes (day row: each day of
    ///   S sees exactly the classes of S), so each teacher gets ≤ ⌈N_S/T⌉ ≤ maxSessionsPerDay
    ///   sessions a day. The whole list has N·k ≤ T·k⌊W/k⌋ sessions (week row), so each teacher
    ///   gets ≤ ⌈N/T⌉ ≤ ⌊W/k⌋ classes, i.e. ≤ W sessions a week. The classes row counts
    ///   teaching time (a class carried c to a teacher takes 1/c of one), which with classes of
    ///   one length gives ≤ ⌊H/h⌋ classes, so ≤ H periods a term; with several lengths the
    ///   cyclic pass may overload a teacher's hours, and the first-fit repair below (longest
    ///   first) places them; a class it cannot place is returned in `lost`, never in conflict.
    /// - Rooms: within a block, the rooms acceptable to a class are those of the block's k-shares
    ///   with seats ≥ its learners and free at all the block's slots: nested sets. Taking the
    ///   classes by decreasing size, each class's acceptable set contains every room a later class
    ///   accepts, so any free acceptable room may be taken; the block rows (Hall's condition per
    ///   seat threshold) say one is always free. Blocks of one k are disjoint and shares of
    ///   different k are disjoint sets of rooms, so rooms are chosen block by block.
    /// Every choice is still checked against the rules; should a check fail (it would be a bug),
    /// a first-fit repair runs and a class that still finds no teacher or room is returned in
    /// `lost` with the reason, never placed in conflict.
    ///
    /// Continuing classes (`previous`: a class id's assignment in an earlier term) are pinned
    /// first: a share's members include the teachers (rooms) its continuing classes had, and
    /// those classes go back to them before the others are assigned around them (a hard rule,
    /// issue 10; `holdContinuing` then only checks).
    static func assignIndividuals(_ I: Instance, choice: [Int: Int], poolSizes: [Int],
                                  previous: [String: ClassAssignment] = [:])
        -> ([Int: Individual], [(Int, String)])
    {
        var result: [Int: Individual] = [:]
        var lost: [(Int, String)] = []
        let P = I.P
        func patternOf(_ ci: Int) -> Pattern { I.patterns[I.options[choice[ci]!].pattern] }
        /// The member number (0-based) a continuing class had in `group`, from "group-n".
        func pinned(_ ci: Int, _ get: (ClassAssignment) -> String?, group: String) -> Int? {
            guard let id = previous[I.classes[ci].planned.id].flatMap(get), groupOf(id) == group,
                  let n = Int(id[id.index(after: id.lastIndex(of: "-")!)...]), n >= 1 else { return nil }
            return n - 1
        }
        // Members of each share within its group (shares ordered by k): first the members its
        // continuing classes had, then the lowest numbers no share has taken.
        var range: [Int: [Int]] = [:]
        var taken: [PoolResource: Set<Int>] = [:]
        let ordered = I.pools.enumerated().sorted(by: { ($0.element.k, $0.offset) < ($1.element.k, $1.offset) })
        for (p, pool) in ordered {
            let n = pool.split ? poolSizes[p] : pool.total
            var want: [Int] = []
            for ci in choice.keys.sorted() where I.classes[ci].k == pool.k {
                switch pool.resource {
                case .teacher(let g):
                    if I.options[choice[ci]!].group == g, let m = pinned(ci, { $0.teacher }, group: I.institution.teachers[g].id) { want.append(m) }
                case .room(let h):
                    if I.classes[ci].needsRoom, let m = pinned(ci, { $0.room }, group: I.institution.rooms[h].id) { want.append(m) }
                }
            }
            var members: [Int] = []
            for m in Set(want).sorted() where members.count < n && m < pool.total && !taken[pool.resource, default: []].contains(m) {
                members.append(m); taken[pool.resource, default: []].insert(m)
            }
            var next = 0
            while members.count < n && next < pool.total {
                if !taken[pool.resource, default: []].contains(next) { members.append(next); taken[pool.resource, default: []].insert(next) }
                next += 1
            }
            range[p] = members
        }
        // Teachers.
        var teacherOf: [Int: String] = [:]
        for (p, pool) in I.pools.enumerated() {
            guard case .teacher(let g) = pool.resource, let ids = range[p] else { continue }
            let tg = I.institution.teachers[g]
            let cls = choice.keys.filter { I.options[choice[$0]!].group == g && I.classes[$0].k == pool.k }.sorted { a, b in
                let pa = patternOf(a), pb = patternOf(b)
                return (pa.daySet, pa.period, I.classes[a].planned.id) < (pb.daySet, pb.period, I.classes[b].planned.id)
            }
            guard !cls.isEmpty else { continue }
            let T = ids.count
            struct Load { var slots = Set<Int>(); var perDay: [Int: Int] = [:]; var week = 0; var hours = 0 }
            var loads = Array(repeating: Load(), count: T)
            func fits(_ t: Int, _ ci: Int) -> Bool {
                let pat = patternOf(ci)
                let l = loads[t]
                if pat.slots.contains(where: l.slots.contains) { return false }
                if pat.days.contains(where: { (l.perDay[$0] ?? 0) + 1 > tg.maxSessionsPerDay }) { return false }
                if l.week + pat.k > tg.maxSessionsPerWeek { return false }
                return l.hours + I.lessonsTaught(hours: I.classes[ci].hoursInTerm, period: pat.period) <= tg.hoursPerTerm
            }
            func take(_ t: Int, _ ci: Int) {
                let pat = patternOf(ci)
                loads[t].slots.formUnion(pat.slots)
                for d in pat.days { loads[t].perDay[d, default: 0] += 1 }
                loads[t].week += pat.k
                loads[t].hours += I.lessonsTaught(hours: I.classes[ci].hoursInTerm, period: pat.period)
                teacherOf[ci] = "\(tg.id)-\(ids[t] + 1)"
            }
            // Continuing classes back on their teachers first.
            var pin: [Int: Int] = [:]
            for ci in cls {
                if let m = pinned(ci, { $0.teacher }, group: tg.id), let t = ids.firstIndex(of: m) { pin[ci] = t }
            }
            func placePinned() {
                for ci in cls { if let t = pin[ci], fits(t, ci) { take(t, ci) } }
            }
            // The cyclic pass runs over the fewest teachers every row of stage 1 allows (largest
            // block, classes of a day set ÷ sessions a day, classes ÷ ⌊W/k⌋, Σ 1/carry): the
            // argument above holds with that many, and the others stay free for classes of
            // later terms (a class continuing into the next term keeps its teacher, so a term
            // packed loosely can leave no whole teacher for a longer class then; issue 10).
            var used = T
            if T > 0 && pin.isEmpty {
                func most(_ key: (Pattern) -> [Int]) -> Int { Dictionary(grouping: cls, by: { key(patternOf($0)) }).values.map(\.count).max() ?? 0 }
                let block = most { [$0.daySet, $0.period] }
                let daySet = most { [$0.daySet] }
                let perTeacher = max(1, tg.maxSessionsPerWeek / max(1, pool.k))
                let load = cls.reduce(0.0) { $0 + 1 / Double(max(1, I.carry[g]?[$1] ?? 1)) }
                let fewest = [block, (daySet + max(1, tg.maxSessionsPerDay) - 1) / max(1, tg.maxSessionsPerDay),
                              (cls.count + perTeacher - 1) / perTeacher, Int((load - 1e-9).rounded(.up)), 1].max()!
                used = min(T, fewest)
            }
            var cyclicOK = T > 0 && pin.isEmpty
            if cyclicOK {
                for (i, ci) in cls.enumerated() {
                    if fits(i % used, ci) { take(i % used, ci) } else { cyclicOK = false; break }
                }
            }
            if !cyclicOK { used = T }
            if !cyclicOK {
                // Classes of different lengths (the classes row counts teaching time): a
                // depth-first search, longest classes first, fullest teacher first (best fit),
                // one empty teacher tried per step (they are interchangeable), within a node
                // budget; then first fit for whatever it could not settle.
                loads = Array(repeating: Load(), count: T)
                for ci in cls { teacherOf[ci] = nil }
                placePinned()
                let longestFirst = cls.filter { teacherOf[$0] == nil }
                    .sorted { (I.classes[$0].hoursInTerm, $1) > (I.classes[$1].hoursInTerm, $0) }
                var nodes = 0
                func search(_ j: Int) -> Bool {
                    if j == longestFirst.count { return true }
                    nodes += 1
                    if nodes > 100_000 { return false }
                    let ci = longestFirst[j]
                    var triedEmpty = false
                    for t in (0..<T).sorted(by: { (loads[$0].hours, $1) > (loads[$1].hours, $0) }) where fits(t, ci) {
                        if loads[t].week == 0 { if triedEmpty { continue }; triedEmpty = true }
                        let saved = loads[t]
                        take(t, ci)
                        if search(j + 1) { return true }
                        loads[t] = saved
                        teacherOf[ci] = nil
                    }
                    return false
                }
                if !search(0) {
                    loads = Array(repeating: Load(), count: T)
                    for ci in cls { teacherOf[ci] = nil }
                    placePinned()
                    for ci in longestFirst {
                        let order = (0..<T).sorted { (loads[$0].week, $0) < (loads[$1].week, $1) }
                        if let t = order.first(where: { fits($0, ci) }) { take(t, ci) }
                        else { lost.append((ci, "no single teacher of \(tg.id) is free at all its sessions within the limits")) }
                    }
                }
            }
            // Compactness: move a class to another teacher of the share, or swap two classes
            // between teachers, when that lowers the idle periods between their sessions of a
            // day; every move is re-checked with `fits`, so the rules keep holding.
            var owner: [Int: Int] = [:]
            for ci in cls { if let id = teacherOf[ci], let n = Int(id.split(separator: "-").last ?? "") { owner[ci] = ids.firstIndex(of: n - 1) } }
            func gaps(_ t: Int) -> Int {
                var byDay: [Int: [Int]] = [:]
                for s in loads[t].slots { byDay[s / P, default: []].append(s % P) }
                return byDay.values.reduce(0) { $0 + ($1.max()! - $1.min()! + 1 - $1.count) }
            }
            func remove(_ t: Int, _ ci: Int) {
                let pat = patternOf(ci)
                loads[t].slots.subtract(pat.slots)
                for d in pat.days { loads[t].perDay[d, default: 0] -= 1 }
                loads[t].week -= pat.k
                loads[t].hours -= I.lessonsTaught(hours: I.classes[ci].hoursInTerm, period: pat.period)
            }
            // Continuing classes stay on their teachers.
            let owned = cls.filter { owner[$0] != nil && pin[$0] == nil }
            var improved = T > 1
            var passes = 0
            while improved && passes < 4 {
                improved = false; passes += 1
                for x in owned {
                    let a = owner[x]!
                    guard gaps(a) > 0 else { continue }
                    let before = gaps(a)
                    var done = false
                    for b in 0..<used where b != a && !done {
                        let base = before + gaps(b)
                        // Move x from a to b.
                        remove(a, x)
                        if fits(b, x) {
                            take(b, x)
                            if gaps(a) + gaps(b) < base { owner[x] = b; improved = true; done = true; break }
                            remove(b, x)
                        }
                        take(a, x)
                        // Swap x (of a) with a class y of b.
                        for y in owned where owner[y] == b && !done {
                            remove(a, x); remove(b, y)
                            if fits(b, x) {
                                take(b, x)
                                if fits(a, y) {
                                    take(a, y)
                                    if gaps(a) + gaps(b) < base { owner[x] = b; owner[y] = a; improved = true; done = true; break }
                                    remove(a, y)
                                }
                                remove(b, x)
                            }
                            take(a, x); take(b, y)
                        }
                    }
                }
            }
            for (ci, t) in owner { teacherOf[ci] = "\(tg.id)-\(ids[t] + 1)" }
        }
        // Rooms.
        var busy: [String: Set<Int>] = [:]
        let roomClasses = choice.keys.filter { I.classes[$0].needsRoom && teacherOf[$0] != nil }.sorted { a, b in
            let pa = patternOf(a), pb = patternOf(b)
            return (pa.k, pa.daySet, pa.period, -I.classes[a].planned.learners, I.classes[a].planned.id)
                < (pb.k, pb.daySet, pb.period, -I.classes[b].planned.learners, I.classes[b].planned.id)
        }
        let groupsBySeats = I.institution.rooms.indices.sorted {
            (I.institution.rooms[$0].seats, I.institution.rooms[$0].id) < (I.institution.rooms[$1].seats, I.institution.rooms[$1].id)
        }
        var roomOf: [Int: String] = [:]
        // Continuing classes back in their rooms first, when the room is in their k's share.
        for ci in roomClasses {
            let pat = patternOf(ci)
            guard let prevRoom = previous[I.classes[ci].planned.id]?.room,
                  let h = I.institution.rooms.firstIndex(where: { $0.id == groupOf(prevRoom) }),
                  let m = pinned(ci, { $0.room }, group: I.institution.rooms[h].id),
                  let p = I.poolIndex[Instance.PoolKey(resource: .room(h), k: pat.k)], range[p]?.contains(m) == true,
                  I.institution.rooms[h].seats >= I.classes[ci].planned.learners,
                  busy[prevRoom, default: []].isDisjoint(with: pat.slots) else { continue }
            busy[prevRoom, default: []].formUnion(pat.slots)
            roomOf[ci] = prevRoom
        }
        for ci in roomClasses where roomOf[ci] == nil {
            let pat = patternOf(ci)
            var found: String? = nil
            search: for h in groupsBySeats {
                let rg = I.institution.rooms[h]
                guard rg.seats >= I.classes[ci].planned.learners,
                      let p = I.poolIndex[Instance.PoolKey(resource: .room(h), k: pat.k)], let ids = range[p] else { continue }
                let free = pat.slots.allSatisfy { s in
                    !rg.unavailable.contains { Instance.matches($0, day: I.days[s / P], period: I.periods[s % P].id) }
                }
                guard free else { continue }
                for n in ids {
                    let id = "\(rg.id)-\(n + 1)"
                    if busy[id, default: []].isDisjoint(with: pat.slots) { found = id; break search }
                }
            }
            if let id = found {
                busy[id, default: []].formUnion(pat.slots)
                roomOf[ci] = id
            } else {
                lost.append((ci, "no single room with ≥ \(I.classes[ci].planned.learners) seats is free at all its sessions"))
            }
        }
        for (ci, t) in teacherOf {
            if I.classes[ci].needsRoom {
                if let r = roomOf[ci] { result[ci] = Individual(teacher: t, room: r) }
            } else {
                result[ci] = Individual(teacher: t, room: nil)
            }
        }
        return (result, lost)
    }
}
