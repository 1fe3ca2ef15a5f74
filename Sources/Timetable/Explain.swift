import Scenario

extension Timetabler {
    /// Which resource and which time runs short, when classes are left out.
    ///
    /// Three kinds of message: whole-term shortages of qualified teachers by level and of
    /// rooms by size (counted on the classes that are placeable at all), and the capacity rows
    /// that are full in the final solution and block a left-out class, by slot and resource.
    static func explain(_ I: Instance, choice: [Int: Int], poolSizes: [Int]) -> (lines: [String], reasons: [Int: String]) {
        let caps = I.rows.map { $0.capacity(poolSizes) }
        let left = I.classes.indices.filter { choice[$0] == nil && !I.classes[$0].options.isEmpty }
        var out: [String] = []
        for u in I.unplaceable { out.append("\(u.planned.id): \(u.reason)") }
        guard !left.isEmpty else { return (out, [:]) }
        let teachers = I.institution.teachers
        let rooms = I.institution.rooms

        // Whole term: qualified teachers by level.
        let considered = I.classes.indices.filter { !I.classes[$0].options.isEmpty }
        for L in Set(left.map { I.classes[$0].course.toLevel }).sorted(by: >) {
            let cls = considered.filter { I.classes[$0].course.toLevel >= L }
            let sessions = cls.reduce(0) { $0 + I.classes[$1].k }
            let qualified = teachers.indices.filter { teachers[$0].maxLevel >= L && teachers[$0].count > 0 }
            let available = qualified.reduce(0) { $0 + teachers[$1].count }
            let capacity = qualified.reduce(0) { $0 + teachers[$1].count * teachers[$1].maxSessionsPerWeek }
            let perTeacher = qualified.map { teachers[$0].maxSessionsPerWeek }.max() ?? 0
            let classesPerTeacher = qualified.map { I.groupClassCap[$0] }.max() ?? 0
            let needed = max(perTeacher > 0 ? (sessions + perTeacher - 1) / perTeacher : cls.count,
                             classesPerTeacher > 0 ? (cls.count + classesPerTeacher - 1) / classesPerTeacher : cls.count)
            if needed > available || sessions > capacity {
                out.append("teachers able to teach level \(L): \(needed) needed, \(available) available (\(cls.count) classes, \(sessions) sessions a week; at most \(plural(perTeacher, "session")) and \(plural(classesPerTeacher, "class")) per teacher)")
            }
        }
        // Whole term: rooms by size.
        let slots = I.D * I.P
        for (i, sigma) in I.seatLevels.enumerated() {
            let cls = considered.filter { I.classes[$0].needsRoom && I.classes[$0].roomLevel >= i }
            guard cls.contains(where: left.contains) else { continue }
            let sessions = cls.reduce(0) { $0 + I.classes[$1].k }
            let nRooms = rooms.filter { $0.seats >= sigma }.reduce(0) { $0 + $1.count }
            if sessions > nRooms * slots {
                out.append("rooms with ≥ \(sigma) seats: \(sessions) in-person sessions a week, \(nRooms) rooms × \(slots) slots = \(nRooms * slots)")
            }
        }

        // Full rows that block a left-out class.
        var used = Array(repeating: 0, count: I.rows.count)
        for (_, o) in choice { for (r, c) in I.options[o].rows { used[r] += c } }
        var blocked: [Int: Set<Int>] = [:]
        for ci in left {
            for o in I.classes[ci].options {
                for (r, c) in I.options[o].rows where used[r] + c > caps[r] { blocked[r, default: []].insert(ci) }
            }
        }
        func share(_ g: Int, _ k: Int) -> String {
            guard let p = I.poolIndex[Instance.PoolKey(resource: .teacher(g), k: k)], I.pools[p].split else { return "" }
            return ", the \(poolSizes[p]) teaching \(k) sessions a week"
        }
        func describe(_ r: Int) -> String {
            let cap = caps[r], u = used[r], more = blocked[r]!.count
            switch I.rows[r].kind {
            case .roomBlock(let q, let i):
                let slots = I.patterns[q].slots.map(I.slotName).joined(separator: ", ")
                return "\(slots): \(u + more) in-person classes want it, \(plural(cap, "room"))\(i > 0 ? " with ≥ \(I.seatLevels[i]) seats" : "") (\(u) placed, \(more) left out could go there)"
            case .teacherSlot(let g, let k, let s):
                return "\(I.slotName(s)): \(u + more) classes want a teacher of \(teachers[g].id) (level ≤ \(teachers[g].maxLevel)\(share(g, k))), \(plural(cap, "teacher")) (\(u) placed)"
            case .teacherDay(let g, let k, let d):
                return "\(dayName(I.days[d])): \(u + more) sessions want teachers of \(teachers[g].id)\(share(g, k)), \(cap / max(1, teachers[g].maxSessionsPerDay)) teachers × \(teachers[g].maxSessionsPerDay) sessions a day = \(cap)"
            case .teacherWeek(let g, let k):
                return "teachers of \(teachers[g].id)\(share(g, k)): \(u) sessions a week placed and \(more) classes left out, capacity \(cap) sessions a week (at most \(teachers[g].maxSessionsPerWeek) each)"
            case .teacherClasses(let g, let k):
                let unit = max(1, I.groupUnit.indices.contains(g) ? I.groupUnit[g] : 1)
                return "teachers of \(teachers[g].id)\(share(g, k)): \(more) classes left out for teaching time: \(u) of \(cap) units used (a teacher gives \(unit) units of \(teachers[g].hoursPerTerm) hours a term; a class of up to \(I.groupMaxHours[g]) hours takes \(unit / max(1, I.groupClassCap[g])))"
            case .online:
                return "online classes: \(u + more) want to run, at most \(cap) at once in a term at \(I.institution.id)"
            }
        }
        // Prefer slot rows (they name the time), then the rest; most blocking first.
        let ranked = blocked.keys.sorted { a, b in
            func slotFirst(_ r: Int) -> Int {
                switch I.rows[r].kind { case .roomBlock, .teacherSlot, .online: return 0; default: return 1 }
            }
            return (slotFirst(a), -blocked[a]!.count, a) < (slotFirst(b), -blocked[b]!.count, b)
        }
        for r in ranked.prefix(12) { out.append(describe(r)) }
        // Per class: the full capacity that blocks the most classes, among those blocking it.
        var reasons: [Int: String] = [:]
        for ci in left {
            // A capacity full for every option of the class explains it alone.
            var common: Set<Int>? = nil
            for o in I.classes[ci].options {
                let full = Set(I.options[o].rows.filter { used[$0.row] + $0.coef > caps[$0.row] }.map(\.row))
                common = common.map { $0.intersection(full) } ?? full
            }
            if let r = ranked.first(where: { common?.contains($0) == true }) {
                reasons[ci] = "capacity: \(describe(r))"
            } else if let r = ranked.first(where: { blocked[$0]!.contains(ci) }) {
                reasons[ci] = "capacity: every option is blocked; e.g. \(describe(r))"
            }
        }
        if ranked.count > 12 { out.append("... and \(ranked.count - 12) more full capacities") }
        let names = left.map { I.classes[$0].planned.id }.sorted()
        out.append("left out for lack of capacity: \(names.joined(separator: ", "))")
        return (out, reasons)
    }
}

/// "1 room", "2 rooms", "1 class", "3 classes".
func plural(_ n: Int, _ word: String) -> String {
    n == 1 ? "1 \(word)" : "\(n) \(word.hasSuffix("s") ? word + "es" : word + "s")"
}
