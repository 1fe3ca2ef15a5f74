import Scenario

extension Timetabler {
    /// Places classes lost while naming teachers and rooms on another of their options.
    ///
    /// Stage 1 counts teachers of a group as interchangeable; once continuing classes are back
    /// on their own teachers (a hard rule), the teachers with hours left may all be busy at
    /// the pattern stage 1 chose for a new class (issue 10: ussh 2030T1, 18 lecturers, two
    /// with room for one more class, both at that class's weekly time). For each lost class
    /// that is not continuing, every option (weekly pattern, teacher group) is tried, fewest
    /// broken preferences first: a named teacher of the group who keeps to the class's rhythm
    /// and stays within the group's limits (sessions a day, a week, teaching periods a term),
    /// and for in-person classes a named room seating its learners, free at the pattern and
    /// keeping to that rhythm. Every rule the verifier checks still holds; a class that finds
    /// none stays lost.
    /// - Parameters:
    ///   - choice: class index → option index; updated for the classes placed.
    ///   - individual: class index → named teacher and room; updated likewise.
    ///   - lost: the classes lost so far, with the reason.
    ///   - previous: class id → its assignment in an earlier term (continuing classes keep theirs).
    /// - Returns: the classes still lost.
    static func placeLost(_ I: Instance, choice: inout [Int: Int], _ individual: inout [Int: Individual],
                          lost: [(Int, String)], previous: [String: ClassAssignment]) -> [(Int, String)] {
        var still: [(Int, String)] = []
        let P = I.P
        for (ci, why) in lost {
            guard previous[I.classes[ci].planned.id] == nil, individual[ci] == nil else { still.append((ci, why)); continue }
            let c = I.classes[ci]
            var placed = false
            for o in c.options.sorted(by: { (I.options[$0].penalty, $0) < (I.options[$1].penalty, $1) }) where !placed {
                let opt = I.options[o]
                let pat = I.patterns[opt.pattern]
                let tg = I.institution.teachers[opt.group]
                let hours = I.lessonsTaught(hours: c.hoursInTerm, period: pat.period)
                func patternOf(_ x: Int) -> Pattern { I.patterns[I.options[choice[x]!].pattern] }
                // A teacher: same rhythm only, no clash, within the group's limits.
                var teacher: String? = nil
                for n in 1...max(1, tg.count) where tg.count > 0 {
                    let id = "\(tg.id)-\(n)"
                    let load = individual.filter { $0.value.teacher == id }.map(\.key)
                    if load.contains(where: { I.classes[$0].k != c.k }) { continue }
                    var slots = Set<Int>(), perDay: [Int: Int] = [:], week = 0, taught = 0
                    for x in load {
                        let p = patternOf(x)
                        slots.formUnion(p.slots)
                        for d in p.days { perDay[d, default: 0] += 1 }
                        week += p.k
                        taught += I.lessonsTaught(hours: I.classes[x].hoursInTerm, period: p.period)
                    }
                    if pat.slots.contains(where: slots.contains) { continue }
                    if pat.days.contains(where: { (perDay[$0] ?? 0) + 1 > tg.maxSessionsPerDay }) { continue }
                    if week + pat.k > tg.maxSessionsPerWeek || taught + hours > tg.hoursPerTerm { continue }
                    teacher = id; break
                }
                guard let t = teacher else { continue }
                // A room (in person): seats, availability, same rhythm only, no clash.
                var room: String? = nil
                if c.needsRoom {
                    search: for rg in I.institution.rooms.sorted(by: { ($0.seats, $0.id) < ($1.seats, $1.id) })
                        where rg.count > 0 && rg.seats >= c.planned.learners {
                        let free = pat.slots.allSatisfy { s in
                            !rg.unavailable.contains { Instance.matches($0, day: I.days[s / P], period: I.periods[s % P].id) }
                        }
                        guard free else { continue }
                        for n in 1...rg.count {
                            let id = "\(rg.id)-\(n)"
                            let load = individual.filter { $0.value.room == id }.map(\.key)
                            if load.contains(where: { I.classes[$0].k != c.k }) { continue }
                            if load.contains(where: { !patternOf($0).slots.allSatisfy { !pat.slots.contains($0) } }) { continue }
                            room = id; break search
                        }
                    }
                    if room == nil { continue }
                }
                choice[ci] = o
                individual[ci] = Individual(teacher: t, room: room)
                placed = true
            }
            if !placed { still.append((ci, why)) }
        }
        return still
    }
}
