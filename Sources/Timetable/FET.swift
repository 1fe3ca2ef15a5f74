import Scenario

/// FET (https://lalescu.ro/liviu/fet/) XML of one institution's term: days, hours (periods),
/// teachers, rooms, one students set per class (learner count only), one activity per class
/// split into its weekly sessions on different days, availability and daily limits.
/// With `locked`, our timetable is included as permanently locked times and rooms, so FET
/// shows it as is; without, FET can generate its own (teachers are given: FET does not
/// choose teachers).
public enum FETExport {
    static func xml(_ s: String) -> String {
        var o = ""
        for c in s {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&apos;"
            default: o.append(c)
            }
        }
        return o
    }

    /// `preferenceWeight` (0-100, 0: none): when not locked, each session of a class whose
    /// learners have preferred windows gets a soft ConstraintActivityPreferredTimeSlots over
    /// the slots that break no preference of the class (when there are such slots).
    public static func document(_ tt: TermTimetable, scenario: Scenario, locked: Bool, preferenceWeight: Double = 0) -> String {
        let cal = scenario.calendar
        guard let inst = scenario.institutions.first(where: { $0.id == tt.institution }) else { return "" }
        let dayNames = cal.days.map(dayName)
        let courses = Dictionary(scenario.courses.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<fet version=\"6.8.5\">\n"
        func el(_ tag: String, _ v: String, _ indent: String = "\t") { o += "\(indent)<\(tag)>\(xml(v))</\(tag)>\n" }
        o += "<Mode>Official</Mode>\n"
        o += "<Institution_Name>\(xml(inst.name ?? inst.id)) \(xml(tt.term))</Institution_Name>\n"
        o += "<Comments>\(xml("langplan timetable of \(tt.institution), term \(tt.term) (\(tt.termStart)..\(tt.termEnd))"))</Comments>\n"
        o += "<Days_List>\n<Number_of_Days>\(dayNames.count)</Number_of_Days>\n"
        for d in dayNames { o += "<Day>\n"; el("Name", d); o += "</Day>\n" }
        o += "</Days_List>\n<Hours_List>\n<Number_of_Hours>\(cal.periods.count)</Number_of_Hours>\n"
        for p in cal.periods { o += "<Hour>\n"; el("Name", p.id); o += "</Hour>\n" }
        o += "</Hours_List>\n<Subjects_List>\n"
        for c in Set(tt.assignments.map(\.planned.course)).sorted() {
            o += "<Subject>\n"; el("Name", c); el("Comments", courses[c]?.name ?? ""); o += "</Subject>\n"
        }
        o += "</Subjects_List>\n<Activity_Tags_List>\n</Activity_Tags_List>\n<Teachers_List>\n"
        var teacherIDs: [(String, TeacherGroup)] = []
        for g in inst.teachers where g.count > 0 { for n in 1...g.count { teacherIDs.append(("\(g.id)-\(n)", g)) } }
        for (id, g) in teacherIDs {
            o += "<Teacher>\n"; el("Name", id); el("Target_Number_of_Hours", "0")
            o += "\t<Qualified_Subjects>\n\t</Qualified_Subjects>\n"; el("Comments", "group \(g.id), levels ≤ \(g.maxLevel)")
            o += "</Teacher>\n"
        }
        o += "</Teachers_List>\n<Students_List>\n"
        for a in tt.assignments {
            o += "<Year>\n"; el("Name", a.classID); el("Number_of_Students", String(a.planned.learners))
            el("Comments", a.planned.segments.map { "\($0.segment): \($0.learners)" }.joined(separator: "; "))
            el("Number_of_Categories", "0"); el("Separator", " ")
            o += "</Year>\n"
        }
        o += "</Students_List>\n<Activities_List>\n"
        var nextID = 1
        var activityIDs: [String: [Int]] = [:]
        for a in tt.assignments {
            let k = a.slots.count
            let first = nextID
            for _ in 0..<k {
                o += "<Activity>\n"; el("Teacher", a.teacher); el("Subject", a.planned.course); el("Students", a.classID)
                el("Duration", "1"); el("Total_Duration", String(k)); el("Id", String(nextID))
                el("Activity_Group_Id", k > 1 ? String(first) : "0"); el("Active", "true")
                el("Comments", "\(a.planned.mode.rawValue), \(a.planned.learners) learners")
                o += "</Activity>\n"
                activityIDs[a.classID, default: []].append(nextID)
                nextID += 1
            }
        }
        o += "</Activities_List>\n<Buildings_List>\n</Buildings_List>\n<Rooms_List>\n"
        var roomIDs: [(String, RoomGroup)] = []
        for g in inst.rooms where g.count > 0 { for n in 1...g.count { roomIDs.append(("\(g.id)-\(n)", g)) } }
        for (id, g) in roomIDs {
            o += "<Room>\n"; el("Name", id); el("Building", ""); el("Capacity", String(g.seats)); el("Virtual", "false")
            el("Comments", ""); o += "</Room>\n"
        }
        o += "</Rooms_List>\n<Time_Constraints_List>\n"
        o += "<ConstraintBasicCompulsoryTime>\n\t<Weight_Percentage>100</Weight_Percentage>\n\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintBasicCompulsoryTime>\n"
        func notAvailable(_ list: [String]) -> [(String, String)] {
            var out: [(String, String)] = []
            for (di, d) in cal.days.enumerated() {
                for p in cal.periods where list.contains(where: { Instance.matches($0, day: d, period: p.id) }) {
                    out.append((dayNames[di], p.id))
                }
            }
            return out
        }
        for (id, g) in teacherIDs {
            o += "<ConstraintTeacherMaxHoursDaily>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
            el("Teacher_Name", id); el("Maximum_Hours_Daily", String(g.maxSessionsPerDay))
            o += "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintTeacherMaxHoursDaily>\n"
            let na = notAvailable(g.unavailable)
            if !na.isEmpty {
                o += "<ConstraintTeacherNotAvailableTimes>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
                el("Teacher", id); el("Number_of_Not_Available_Times", String(na.count))
                for (d, h) in na { o += "\t<Not_Available_Time>\n"; el("Day", d, "\t\t"); el("Hour", h, "\t\t"); o += "\t</Not_Available_Time>\n" }
                o += "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintTeacherNotAvailableTimes>\n"
            }
        }
        for a in tt.assignments {
            let ids = activityIDs[a.classID] ?? []
            if ids.count > 1 {
                o += "<ConstraintMinDaysBetweenActivities>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
                el("Consecutive_If_Same_Day", "false"); el("Number_of_Activities", String(ids.count))
                for i in ids { el("Activity_Id", String(i)) }
                el("MinDays", "1"); o += "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintMinDaysBetweenActivities>\n"
            }
            if !locked && preferenceWeight > 0 {
                var good: [(String, String)] = []
                for d in cal.days {
                    for p in cal.periods
                    where Timetabler.preferencePenalty(scenario: scenario, planned: a.planned, slots: [WeeklySlot(day: d, period: p.id)]).count == 0 {
                        good.append((dayName(d), p.id))
                    }
                }
                let hasPreferences = Timetabler.preferencePenalty(scenario: scenario, planned: a.planned,
                                                                  slots: cal.days.flatMap { d in cal.periods.map { WeeklySlot(day: d, period: $0.id) } }).count > 0
                if hasPreferences && !good.isEmpty {
                    for i in ids {
                        o += "<ConstraintActivityPreferredTimeSlots>\n\t<Weight_Percentage>\(preferenceWeight)</Weight_Percentage>\n"
                        el("Activity_Id", String(i)); el("Number_of_Preferred_Time_Slots", String(good.count))
                        for (d, h) in good {
                            o += "\t<Preferred_Time_Slot>\n"; el("Preferred_Day", d, "\t\t"); el("Preferred_Hour", h, "\t\t"); o += "\t</Preferred_Time_Slot>\n"
                        }
                        o += "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintActivityPreferredTimeSlots>\n"
                    }
                }
            }
            if locked {
                for (i, slot) in zip(ids, a.slots) {
                    o += "<ConstraintActivityPreferredStartingTime>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
                    el("Activity_Id", String(i)); el("Preferred_Day", dayName(slot.day)); el("Preferred_Hour", slot.period)
                    el("Permanently_Locked", "true"); o += "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintActivityPreferredStartingTime>\n"
                }
            }
        }
        o += "</Time_Constraints_List>\n<Space_Constraints_List>\n"
        o += "<ConstraintBasicCompulsorySpace>\n\t<Weight_Percentage>100</Weight_Percentage>\n\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintBasicCompulsorySpace>\n"
        for (id, g) in roomIDs {
            let na = notAvailable(g.unavailable)
            if na.isEmpty { continue }
            o += "<ConstraintRoomNotAvailableTimes>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
            el("Room", id); el("Number_of_Not_Available_Times", String(na.count))
            for (d, h) in na { o += "\t<Not_Available_Time>\n"; el("Day", d, "\t\t"); el("Hour", h, "\t\t"); o += "\t</Not_Available_Time>\n" }
            o += "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintRoomNotAvailableTimes>\n"
        }
        for a in tt.assignments where a.planned.mode.needsRoom {
            for i in activityIDs[a.classID] ?? [] {
                if locked, let room = a.room {
                    o += "<ConstraintActivityPreferredRoom>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
                    el("Activity_Id", String(i)); el("Room", room); el("Permanently_Locked", "true")
                    o += "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintActivityPreferredRoom>\n"
                } else {
                    let ok = roomIDs.filter { $0.1.seats >= a.planned.learners }.map(\.0)
                    o += "<ConstraintActivityPreferredRooms>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
                    el("Activity_Id", String(i)); el("Number_of_Preferred_Rooms", String(ok.count))
                    for r in ok { el("Preferred_Room", r) }
                    o += "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintActivityPreferredRooms>\n"
                }
            }
        }
        o += "</Space_Constraints_List>\n</fet>\n"
        return o
    }
}
