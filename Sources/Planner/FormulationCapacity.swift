import LinearModel
import Scenario

extension StrategicModel {
    /// Rooms, teachers and online slots in every term a class runs (docs/planning-model.md,
    /// "Rooms, teachers and online slots"): rows by the timetabler's weekly patterns, whole
    /// rooms and whole teachers per rhythm where several rhythms share an institution.
    /// - Parameters:
    ///   - m: the model the columns and rows are added to.
    ///   - data: the planning data (spans, patterns, classes a teacher carries).
    ///   - classVar: the class-count columns, per institution.
    /// - Returns: the limits added (for "what binds") and the room and teacher share blocks.
    static func capacityRows(_ m: inout Model, data: PlanningData, classVar: [ClassKey: Variable])
        -> (rows: [CapacityRow], rooms: [RoomShares], teachers: [TeacherShares]) {
        let sc = data.scenario
        let T = data.termCount
        let hz = sc.horizon
        func id(_ s: String) -> String { Model.sanitizedName(s) }
        func span(_ o: Int, _ t: Int) -> Int? { data.span(offering: o, start: t) }
        var rows: [CapacityRow] = [], roomBlocks: [RoomShares] = [], teacherBlocks: [TeacherShares] = []
    var running = [[[(ClassKey, Variable)]]](repeating: [[(ClassKey, Variable)]](repeating: [], count: T),
                                             count: sc.institutions.count)
    for (k, v) in classVar.sorted(by: { $0.key < $1.key }) {
        for t in k.term..<(k.term + (span(k.offering, k.term) ?? 0)) { running[k.institution][t].append((k, v)) }
    }
    for (i, inst) in sc.institutions.enumerated() {
        // Likewise rooms: a seat threshold needs its own row only where the usable rooms change.
        let seatLevels = Set(running[i].joined().filter { data.offerings[$0.0.offering].mode == .inPerson }
            .map { data.offeringMode[$0.0.offering].classSizeMax }).sorted()
            .reduce(into: [Int]()) { kept, sigma in
                let rooms = inst.rooms.filter { $0.seats >= sigma }.map(\.id)
                if let last = kept.last, inst.rooms.filter({ $0.seats >= last }).map(\.id) == rooms { return }
                kept.append(sigma)
            }
        // Nested rows only where the qualified teacher groups change: a row for level λ is
        // implied by the row of a lower level with the same groups (it sums more classes).
        let teachLevels = Set(running[i].joined().map { sc.courses[data.offerings[$0.0.offering].course].toLevel }).sorted()
            .reduce(into: [Int]()) { kept, lambda in
                let groups = inst.teachers.filter { $0.maxLevel >= lambda }.map(\.id)
                if let last = kept.last, inst.teachers.filter({ $0.maxLevel >= last }).map(\.id) == groups { return }
                kept.append(lambda)
            }
        for t in 0..<T where !running[i][t].isEmpty {
            let label = "\(id(inst.id)).\(hz.label(ofTerm: t))"
            let inRooms = running[i][t].filter { data.offerings[$0.0.offering].mode == .inPerson }
            let roomRhythms = Set(inRooms.map { data.offeringMode[$0.0.offering].sessionsPerWeek }).sorted()
            // Rooms count classes by the timetabler's weekly patterns (`roomClasses`). With
            // one rhythm k: classes of k with ≥ σ seats ≤ C_k. With several, each room keeps to
            // one rhythm a term, as in the timetable: whole rooms of every group per k
            // (integer shares, `PlanningData.roomSplit`), never a proportion of a room.
            var shareOf: [Int: [Int: Variable]] = [:]
            if roomRhythms.count > 1 {
                for (h, rg) in inst.rooms.enumerated() where rg.count > 0 {
                    var vs: [Variable] = []
                    for k in roomRhythms where data.roomClasses(rg, sessionsPerWeek: k) > 0 {
                        let v = m.addVariable("roomshare.\(label).\(id(rg.id)).k\(k)", lower: 0, upper: Double(rg.count), kind: .integer)
                        shareOf[h, default: [:]][k] = v
                        vs.append(v)
                    }
                    guard !vs.isEmpty else { continue }
                    let r = m.add(vs.sum() <= Double(rg.count), name: "roomsplit.\(label).\(id(rg.id))")
                    rows.append(CapacityRow(term: t, institution: i, segment: nil,
                                                    kind: .rooms(seats: rg.seats), capacity: Double(rg.count), row: r))
                }
                roomBlocks.append(RoomShares(institution: i, term: t, seats: seatLevels, variables: shareOf))
            }
            for sigma in seatLevels {
                for k in roomRhythms.count > 1 ? roomRhythms.map(Optional.some) : [nil] {
                    var used = LinearExpression()
                    for (key, v) in inRooms where data.offeringMode[key.offering].classSizeMax >= sigma
                        && (k == nil || data.offeringMode[key.offering].sessionsPerWeek == k) { used.add(v, 1) }
                    guard used.termCount > 0 else { continue }
                    if let k {
                        for (h, rg) in inst.rooms.enumerated() where rg.seats >= sigma {
                            if let v = shareOf[h]?[k] { used.add(v, -Double(data.roomClasses(rg, sessionsPerWeek: k))) }
                        }
                        m.add(used <= 0, name: "rooms.\(label).s\(sigma).k\(k)")
                    } else {
                        let cap = Double(data.roomClasses(institution: i, seats: sigma, sessionsPerWeek: roomRhythms[0]))
                        let r = m.add(used <= cap, name: "rooms.\(label).s\(sigma)")
                        rows.append(CapacityRow(term: t, institution: i, segment: nil,
                                                        kind: .rooms(seats: sigma), capacity: cap, row: r))
                    }
                }
            }
            // Teachers as whole people: a class takes 1/c of a teacher who can carry c.
            // With classes of several rhythms k, each teacher keeps to one (as in the
            // timetable): integer shares of every group per k, and the rows per k.
            let rhythms = Set(running[i][t].map { data.offeringMode[$0.0.offering].sessionsPerWeek }).sorted()
            var shares: [Int: [Int: Variable]] = [:]
            if rhythms.count > 1 {
                for (g, tg) in inst.teachers.enumerated() where tg.count > 0 {
                    var vs: [Variable] = []
                    for k in rhythms {
                        let v = m.addVariable("teachershare.\(label).\(id(tg.id)).k\(k)", lower: 0, upper: Double(tg.count), kind: .integer)
                        shares[g, default: [:]][k] = v
                        vs.append(v)
                    }
                    let r = m.add(vs.sum() <= Double(tg.count), name: "teachersplit.\(label).\(id(tg.id))")
                    rows.append(CapacityRow(term: t, institution: i, segment: nil,
                                                    kind: .teachers(level: tg.maxLevel), capacity: Double(tg.count), row: r))
                }
                teacherBlocks.append(TeacherShares(institution: i, term: t, levels: teachLevels, variables: shares))
            }
            for lambda in teachLevels {
                for k in rhythms.count > 1 ? rhythms.map(Optional.some) : [nil] {
                    var teachers = LinearExpression()
                    for (key, v) in running[i][t] where sc.courses[data.offerings[key.offering].course].toLevel >= lambda
                        && (k == nil || data.offeringMode[key.offering].sessionsPerWeek == k) {
                        teachers.add(v, 1 / Double(max(1, data.classesPerTeacher(offering: key.offering, institution: i, start: key.term))))
                    }
                    guard teachers.termCount > 0 else { continue }
                    if let k {
                        for (g, tg) in inst.teachers.enumerated() where tg.maxLevel >= lambda { if let v = shares[g]?[k] { teachers.add(v, -1) } }
                        m.add(teachers <= 0, name: "teachers.\(label).L\(lambda).k\(k)")
                    } else {
                        let cap = Double(inst.teachers.filter { $0.maxLevel >= lambda }.reduce(0) { $0 + $1.count })
                        let r = m.add(teachers <= cap, name: "teachers.\(label).L\(lambda)")
                        rows.append(CapacityRow(term: t, institution: i, segment: nil,
                                                        kind: .teachers(level: lambda), capacity: cap, row: r))
                    }
                }
            }
            let online = running[i][t].filter { data.offerings[$0.0.offering].mode == .online }.map(\.1)
            if !online.isEmpty {
                let cap = Double(inst.onlineClassesMax)
                let r = m.add(online.sum() <= cap, name: "online.\(label)")
                rows.append(CapacityRow(term: t, institution: i, segment: nil,
                                                kind: .online, capacity: cap, row: r))
            }
        }
    }
        return (rows, roomBlocks, teacherBlocks)
    }
}
