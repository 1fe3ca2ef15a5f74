import Scenario

/// What the verifier reads: one institution's dated sessions in one term and the classes
/// declared unplaced. Built from a `TermTimetable` or from the files langplan writes.
public struct TimetableRecord: Sendable, Equatable {
    public var institution: String
    public var termIndex: Int
    public var sessions: [DatedSession]
    public var unplacedClassIDs: [String]
    public init(institution: String, termIndex: Int, sessions: [DatedSession], unplacedClassIDs: [String]) {
        self.institution = institution; self.termIndex = termIndex; self.sessions = sessions
        self.unplacedClassIDs = unplacedClassIDs
    }
}

extension TermTimetable {
    public var record: TimetableRecord {
        TimetableRecord(institution: institution, termIndex: termIndex, sessions: sessions,
                        unplacedClassIDs: unplaced.map(\.planned.id))
    }
}

/// Checks a timetable against the scenario and the planned classes, rule by rule, without
/// using anything the solver computed (it re-derives which classes run in the term and the
/// hours each needs). Returns the violations in words; empty means every hard rule holds.
public enum TimetableVerifier {
    public static func verify(_ tt: TermTimetable, scenario: Scenario, classes: [PlannedClass],
                              extraHolidays: [String] = []) -> [String] {
        verify(tt.record, scenario: scenario, classes: classes, extraHolidays: extraHolidays)
    }

    public static func verify(_ r: TimetableRecord, scenario: Scenario, classes: [PlannedClass],
                              extraHolidays: [String] = []) -> [String] {
        var v: [String] = []
        guard let inst = scenario.institutions.first(where: { $0.id == r.institution }) else {
            return ["unknown institution \(r.institution)"]
        }
        let cal: TermCalendar
        do { cal = try TermCalendar(scenario: scenario, term: r.termIndex, extraHolidays: extraHolidays) } catch {
            return ["calendar: \(error)"]
        }
        let courses = Dictionary(scenario.courses.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let periods = Dictionary(scenario.calendar.periods.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let teachingDays = Set(scenario.calendar.days.map { $0.lowercased() })

        // Classes that run at this institution in this term, and the hours each needs.
        var running: [String: (PlannedClass, Course, Int)] = [:]
        for c in classes where c.institution == inst.id && c.mode.hasClasses {
            guard let course = courses[c.course], let cm = course.modes.first(where: { $0.mode == c.mode }),
                  let start = TermCalendar.termIndex(of: c.term, horizon: scenario.horizon) else { continue }
            // Span from the dates (`TeachingCalendar.span`); a class that cannot finish in the
            // horizon is only expected, as unplaced, in its first term.
            let span = cal.teaching.span(of: course, mode: cm, start: start)
            guard start <= r.termIndex, r.termIndex < start + (span ?? 1) else { continue }
            let off = r.termIndex - start
            running[c.id] = (c, course, span.map { TeachingCalendar.hoursInTerm(hours: course.hours, terms: $0, offset: off) } ?? .max)
        }
        let unplaced = Set(r.unplacedClassIDs)

        func parse(_ id: String) -> (String, Int)? {
            guard let dash = id.lastIndex(of: "-"), let n = Int(id[id.index(after: dash)...]) else { return nil }
            return (String(id[..<dash]), n)
        }
        func blocked(_ list: [String], _ day: String, _ period: String) -> Bool {
            list.contains { windowMatches($0, day: day, period: period) }
        }

        var teacherAt: [String: String] = [:], roomAt: [String: String] = [:], classAt: [String: String] = [:]
        var classDate: [String: Int] = [:], classWeek: [String: Int] = [:]
        var teacherDate: [String: Int] = [:], teacherWeek: [String: Int] = [:], teacherHours: [String: Int] = [:]
        var onlineClasses = Set<String>()
        var lessonsOf: [String: Int] = [:]

        for s in r.sessions {
            let at = "\(s.date) \(s.period)"
            let tag = "\(s.classID) on \(s.date) \(s.period)"
            guard let (c, course, _) = running[s.classID] else {
                v.append("\(tag): class is not planned at \(inst.id) in \(cal.label)"); continue
            }
            if unplaced.contains(s.classID) { v.append("\(tag): class is declared unplaced but has a session") }
            // Calendar.
            if s.date < cal.start { v.append("\(tag): before the term starts (\(cal.start))") }
            if s.date > cal.end { v.append("\(tag): after the term ends (\(cal.end)); a class never runs past its term") }
            if cal.holidays.contains(s.date) { v.append("\(tag): \(s.date) is a holiday") }
            if !teachingDays.contains(s.date.weekdayID) { v.append("\(tag): \(s.date.weekdayID) is not a teaching day") }
            if s.day.lowercased() != s.date.weekdayID { v.append("\(tag): day '\(s.day)' is not the date's weekday \(s.date.weekdayID)") }
            guard let period = periods[s.period] else { v.append("\(tag): unknown period '\(s.period)'"); continue }
            if s.lessons != period.lessons { v.append("\(tag): \(s.lessons) lessons, period \(period.id) gives \(period.lessons)") }
            lessonsOf[s.classID, default: 0] += s.lessons
            // Teacher.
            if let (g, n) = parse(s.teacher), let tg = inst.teachers.first(where: { $0.id == g }), (1...max(1, tg.count)).contains(n), tg.count > 0 {
                if tg.maxLevel < course.toLevel { v.append("\(tag): teacher \(s.teacher) (level ≤ \(tg.maxLevel)) cannot teach level \(course.toLevel)") }
                if blocked(tg.unavailable, s.date.weekdayID, s.period) { v.append("\(tag): teacher \(s.teacher) is unavailable then") }
                let dk = "\(s.teacher) \(s.date)", wk = "\(s.teacher) \(s.date.weekStart)"
                teacherDate[dk, default: 0] += 1
                teacherWeek[wk, default: 0] += 1
                teacherHours[s.teacher, default: 0] += s.lessons
                if teacherDate[dk]! == tg.maxSessionsPerDay + 1 { v.append("\(s.teacher): more than \(tg.maxSessionsPerDay) sessions on \(s.date)") }
                if teacherWeek[wk]! == tg.maxSessionsPerWeek + 1 { v.append("\(s.teacher): more than \(tg.maxSessionsPerWeek) sessions in the week of \(s.date)") }
                if teacherHours[s.teacher]! > tg.hoursPerTerm && teacherHours[s.teacher]! - s.lessons <= tg.hoursPerTerm {
                    v.append("\(s.teacher): more than \(tg.hoursPerTerm) teaching periods in \(cal.label)")
                }
            } else {
                v.append("\(tag): unknown teacher '\(s.teacher)' at \(inst.id)")
            }
            if let prev = teacherAt[s.teacher + " " + at] { v.append("\(tag): teacher \(s.teacher) double-booked with \(prev)") }
            teacherAt[s.teacher + " " + at] = s.classID
            // Room.
            if c.mode.needsRoom {
                if let room = s.room {
                    if let (g, n) = parse(room), let rg = inst.rooms.first(where: { $0.id == g }), rg.count > 0, (1...rg.count).contains(n) {
                        if rg.seats < c.learners { v.append("\(tag): room \(room) has \(rg.seats) seats for \(c.learners) learners") }
                        if blocked(rg.unavailable, s.date.weekdayID, s.period) { v.append("\(tag): room \(room) is unavailable then") }
                    } else {
                        v.append("\(tag): unknown room '\(room)' at \(inst.id)")
                    }
                    if let prev = roomAt[room + " " + at] { v.append("\(tag): room \(room) double-booked with \(prev)") }
                    roomAt[room + " " + at] = s.classID
                } else {
                    v.append("\(tag): in-person session without a room")
                }
            } else {
                if let room = s.room { v.append("\(tag): online session has a room (\(room))") }
                onlineClasses.insert(s.classID)
            }
            // Class.
            if let prev = classAt[s.classID + " " + at] { v.append("\(tag): class double-booked (\(prev))") }
            classAt[s.classID + " " + at] = s.classID
            let cd = "\(s.classID) \(s.date)"
            classDate[cd, default: 0] += 1
            if classDate[cd]! == 2 { v.append("\(s.classID): two sessions on \(s.date)") }
            let cw = "\(s.classID) \(s.date.weekStart)"
            classWeek[cw, default: 0] += 1
            let spw = course.modes.first { $0.mode == c.mode }?.sessionsPerWeek ?? 0
            if classWeek[cw]! == spw + 1 { v.append("\(s.classID): more than \(spw) sessions in the week of \(s.date)") }
        }
        // Hours and completeness.
        for (id, (_, _, hours)) in running.sorted(by: { $0.key < $1.key }) {
            if unplaced.contains(id) { continue }
            let got = lessonsOf[id] ?? 0
            if got == 0 { v.append("\(id): planned in \(cal.label) but neither timetabled nor listed as unplaced") }
            else if hours == .max { v.append("\(id): has sessions but cannot finish inside the horizon") }
            else if got < hours { v.append("\(id): \(got) teaching periods, needs \(hours)") }
        }
        if onlineClasses.count > inst.onlineClassesMax {
            v.append("\(onlineClasses.count) online classes in \(cal.label), online_classes_max is \(inst.onlineClassesMax)")
        }
        for id in unplaced where running[id] == nil { v.append("\(id): listed as unplaced but not planned here") }
        return v
    }

    /// Rules between timetables of different terms of one institution: no double booking (a
    /// session spilling past a term's end could meet the next term's), and a class that runs
    /// in several terms keeps its teacher, room and weekly time (day and period of every
    /// session) in each of them (issue 10), read from the sessions alone.
    public static func verifyAcrossTerms(_ records: [TimetableRecord], horizon: Horizon) -> [String] {
        var v: [String] = []
        for inst in Set(records.map(\.institution)).sorted() {
            let mine = records.filter { $0.institution == inst }.sorted { $0.termIndex < $1.termIndex }
            guard mine.count > 1 else { continue }
            // Each class's weekly time, teachers and rooms in the first term it has sessions: the word kept.
            var kept: [String: (term: Int, slots: Set<String>, teachers: Set<String>, rooms: Set<String>)] = [:]
            for r in mine {
                var now: [String: (slots: Set<String>, teachers: Set<String>, rooms: Set<String>)] = [:]
                for s in r.sessions {
                    now[s.classID, default: ([], [], [])].slots.insert("\(s.day).\(s.period)")
                    now[s.classID, default: ([], [], [])].teachers.insert(s.teacher)
                    if let rm = s.room { now[s.classID, default: ([], [], [])].rooms.insert(rm) }
                }
                for (id, x) in now.sorted(by: { $0.key < $1.key }) {
                    guard let k = kept[id] else { kept[id] = (r.termIndex, x.slots, x.teachers, x.rooms); continue }
                    let here = "\(inst): \(id) continues in \(horizon.label(ofTerm: r.termIndex)) from \(horizon.label(ofTerm: k.term))"
                    func list(_ s: Set<String>) -> String { s.sorted().joined(separator: "+") }
                    // A short share (fewer sessions than days a week) uses only some of the days.
                    if !x.slots.isSubset(of: k.slots) && !k.slots.isSubset(of: x.slots) { v.append("\(here) at another weekly time (\(list(x.slots)), was \(list(k.slots)))") }
                    if x.teachers != k.teachers { v.append("\(here) with another teacher (\(list(x.teachers)), was \(list(k.teachers)))") }
                    if x.rooms != k.rooms { v.append("\(here) in another room (\(list(x.rooms)), was \(list(k.rooms)))") }
                }
            }
            var teacher: [String: (Int, String)] = [:], room: [String: (Int, String)] = [:]
            for r in mine {
                for s in r.sessions {
                    let at = "\(s.date) \(s.period)"
                    if let (t, c) = teacher[s.teacher + " " + at], t != r.termIndex {
                        v.append("\(inst): teacher \(s.teacher) has \(s.classID) (\(horizon.label(ofTerm: r.termIndex))) and \(c) (\(horizon.label(ofTerm: t))) on \(at)")
                    }
                    teacher[s.teacher + " " + at] = (r.termIndex, s.classID)
                    if let rm = s.room {
                        if let (t, c) = room[rm + " " + at], t != r.termIndex {
                            v.append("\(inst): room \(rm) has \(s.classID) (\(horizon.label(ofTerm: r.termIndex))) and \(c) (\(horizon.label(ofTerm: t))) on \(at)")
                        }
                        room[rm + " " + at] = (r.termIndex, s.classID)
                    }
                }
            }
        }
        return v
    }
}
