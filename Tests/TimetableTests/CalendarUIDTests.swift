import Foundation
import Scenario
import Testing
@testable import Timetable

/// Issue 11 item 6: calendar UIDs are globally unique and stable; SEQUENCE and DTSTAMP change
/// exactly when an event changes. Read back with Python's icalendar, as a calendar store would.
@Suite struct CalendarUIDTests {
    /// Loads every .ics under each folder with icalendar; per folder, each VEVENT's fields.
    static let reader = """
    import icalendar, json, os, sys
    out = {}
    for arg in sys.argv[1:]:
        label, folder = arg.split("=", 1)
        events = []
        for root, _, names in os.walk(folder):
            for n in sorted(names):
                if not n.endswith(".ics"):
                    continue
                cal = icalendar.Calendar.from_ical(open(os.path.join(root, n), "rb").read())
                for e in cal.walk("VEVENT"):
                    events.append({"uid": str(e["UID"]), "seq": int(e.get("SEQUENCE", 0)),
                                   "stamp": e["DTSTAMP"].dt.isoformat(), "start": e["DTSTART"].dt.isoformat(),
                                   "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"]),
                                   "location": str(e["LOCATION"]), "file": n})
        out[label] = events
    print(json.dumps(out))
    """

    struct Event: Hashable { var uid, stamp, start, summary, description, location: String; var seq: Int }

    /// Events by folder label, as icalendar read them.
    static func load(_ folders: [String: String]) throws -> [String: [Event]] {
        let (rc, out) = try FilesTests.run(FilesTests.python!, ["-c", reader] + folders.map { "\($0.key)=\($0.value)" })
        #expect(rc == 0, "\(out)")
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [[String: Any]]] ?? [:]
        return json.mapValues { list in
            list.map { e in
                Event(uid: e["uid"] as? String ?? "", stamp: e["stamp"] as? String ?? "", start: e["start"] as? String ?? "",
                      summary: e["summary"] as? String ?? "", description: e["description"] as? String ?? "",
                      location: e["location"] as? String ?? "", seq: e["seq"] as? Int ?? -1)
            }
        }
    }

    /// One store keyed by UID, as a calendar app keeps it: within one folder, a UID is one event
    /// (the class, teacher and room calendars repeat it identically); returns uid → event.
    static func store(_ events: [Event]) -> [String: Event] {
        var s: [String: Event] = [:]
        for e in events {
            if let old = s[e.uid], old != e { Issue.record("UID \(e.uid) names two different events: \(old) and \(e)") }
            s[e.uid] = e
        }
        return s
    }

    @Test(.enabled(if: FilesTests.python != nil, "python3 is not installed"))
    func uidsAreUniqueAndStableAndVersionsRiseOnChange() throws {
        let (s, classes) = SyntheticTerm.make(classes: 10, seed: 21)
        var options = TimetableOptions()
        options.timeLimit = 5
        let tts = try Timetabler.solveAll(scenario: s, classes: classes, terms: [0], options: options)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("uid-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let t0 = Date(timeIntervalSince1970: 1_780_000_000), t1 = t0.addingTimeInterval(86_400)

        // A: the plan. A again: the same plan re-run a day later, into another folder.
        try TimetableFiles.write(tts, scenario: s, classes: classes, to: "\(root)/a", stamp: t0)
        try TimetableFiles.write(tts, scenario: s, classes: classes, to: "\(root)/a-again", previous: "\(root)/a", stamp: t1)
        // B: another plan (another scenario: its name differs), same class ids, dates and periods.
        var other = s
        other.name = "another province"
        try TimetableFiles.write(tts, scenario: other, classes: classes, to: "\(root)/b", stamp: t0)
        // C: a re-plan of A where class 1's course was renamed, class 2 has two more learners
        // and class 3's first session moved a week later.
        var changed = tts
        var ids = changed[0].assignments.map(\.classID)
        changed[0].assignments[0].planned.course = "renamed-course"
        changed[0].assignments[1].planned.learners += 2
        let moved = changed[0].assignments[2].sessions.min { $0.date < $1.date }!
        let movedIndex = changed[0].assignments[2].sessions.firstIndex(of: moved)!
        changed[0].assignments[2].sessions[movedIndex].date = LocalDate(iso: "2026-06-29")!
        ids = Array(ids.prefix(3))
        try TimetableFiles.write(changed, scenario: s, classes: classes, to: "\(root)/c", previous: "\(root)/a", stamp: t1)

        let read = try Self.load(["a": "\(root)/a", "again": "\(root)/a-again", "b": "\(root)/b", "c": "\(root)/c"])
        let a = Self.store(read["a"] ?? []), again = Self.store(read["again"] ?? [])
        let b = Self.store(read["b"] ?? []), c = Self.store(read["c"] ?? [])
        // Every dated session is one event.
        #expect(a.count == tts[0].assignments.reduce(0) { $0 + $1.sessions.count } && a.count > 20)
        // The same plan re-run: the same UIDs, unchanged SEQUENCE 0 and the first DTSTAMP.
        #expect(again == a)
        #expect(a.values.allSatisfy { $0.seq == 0 && $0.stamp.hasPrefix("2026-05-28") })
        // Another plan: no UID shared with A, so loading both into one store loses nothing.
        #expect(Set(a.keys).isDisjoint(with: b.keys))
        // The re-plan: the renamed course's class has new UIDs; the others keep theirs.
        func events(_ store: [String: Event], _ classID: String) -> [Event] { store.values.filter { $0.summary.hasPrefix(classID + " ") } }
        #expect(Set(events(c, ids[0]).map(\.uid)).isDisjoint(with: events(a, ids[0]).map(\.uid)))
        #expect(Set(c.keys).subtracting(events(c, ids[0]).map(\.uid)) == Set(a.keys).subtracting(events(a, ids[0]).map(\.uid)))
        // Changed events: SEQUENCE 1 and the new DTSTAMP; unchanged ones keep 0 and the old stamp.
        for e in events(c, ids[1]) { #expect(e.seq == 1 && e.stamp.hasPrefix("2026-05-29") && e.description.contains("Học viên:")) }
        // A moved session keeps the class's UIDs (sessions are numbered in date order, so the
        // calendar updates events in place and keeps no stale copy); the ones whose time changed
        // are new versions.
        #expect(Set(events(c, ids[2]).map(\.uid)) == Set(events(a, ids[2]).map(\.uid)))
        #expect(events(c, ids[2]).filter { $0.start.hasPrefix("2026-06-29") }.count == 1)
        for e in c.values {
            guard let old = a[e.uid] else { #expect(e.seq == 0); continue }
            let same = (old.start, old.summary, old.description, old.location) == (e.start, e.summary, e.description, e.location)
            #expect(same ? e == old : (e.seq == old.seq + 1 && e.stamp.hasPrefix("2026-05-29")), "\(old) → \(e)")
        }
        for e in events(c, ids[0]) { #expect(e.seq == 0) }
        let untouched = Set(ids)
        for e in c.values where !untouched.contains(where: { e.summary.hasPrefix($0 + " ") }) {
            #expect(e == a[e.uid], "\(e)")
        }
    }
}
