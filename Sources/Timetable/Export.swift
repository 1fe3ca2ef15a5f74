import Foundation
import Mustache
import Pages
import Scenario

/// Writes and reads the timetable files of `langplan timetable`:
///
///     OUT/cohorts.csv               the planned classes the timetables cover (planner format)
///     OUT/terms.csv                 institution,term pairs timetabled
///     OUT/summary.txt               figures, explanations and notes per institution and term
///     OUT/<institution>/timetable.csv   one row per class and weekly slot
///     OUT/<institution>/sessions.csv    one row per dated session (what the verifier reads)
///     OUT/<institution>/classes.csv     class list with learner counts by segment
///     OUT/<institution>/unplaced.csv    classes left out, with the reason
///     OUT/<institution>/timetable.html  printable weekly grid per term
///     OUT/<institution>/<term>.fet      FET file of each term (our timetable locked in)
///     OUT/<institution>/ics/{class,teacher,room}-<id>.ics
public enum TimetableFiles {
    /// - Parameters:
    ///   - previous: a timetable folder written before (default: `dir` itself, read before it is
    ///     overwritten); its calendars give each event's last SEQUENCE and DTSTAMP (`ICS.calendar`).
    ///   - stamp: the time written as DTSTAMP of new and changed events.
    public static func write(_ tts: [TermTimetable], scenario: Scenario, classes: [PlannedClass], to dir: String,
                             previous: String? = nil, stamp: Date = Date(), language: TimetableLanguage = .vi) throws {
        let fm = FileManager.default
        // Read the previous calendars first: `dir` may be the folder they are in.
        var previousVersions: [String: [String: ICS.Version]] = [:]
        for inst in Set(tts.map(\.institution)) {
            previousVersions[inst] = ICS.versions(inFolder: try FileNames.join(try folder(previous ?? dir, institution: inst), "ics"))
        }
        let checksum = scenario.checksum
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let termLabels = Set(tts.map(\.term))
        let covered = Set(tts.flatMap { $0.assignments.map(\.classID) + $0.unplaced.map(\.planned.id) })
        let insts = Set(tts.map(\.institution))
        let keep = classes.filter { covered.contains($0.id) || (termLabels.contains($0.term) && insts.contains($0.institution)) }
        try CohortFile.write(keep, path: try FileNames.join(dir, "cohorts.csv"))
        var terms = CSV.line(["institution", "term", "term_index"])
        for t in tts { terms += CSV.line([t.institution, t.term, String(t.termIndex)]) }
        try terms.write(toFile: try FileNames.join(dir, "terms.csv"), atomically: true, encoding: .utf8)
        try summary(tts).write(toFile: try FileNames.join(dir, "summary.txt"), atomically: true, encoding: .utf8)

        let utc = DateFormatter()
        utc.locale = Locale(identifier: "en_US_POSIX"); utc.timeZone = TimeZone(identifier: "UTC")
        utc.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let dtstamp = utc.string(from: stamp)
        let periods = scenario.calendar.periods
        let courseNames = Dictionary(scenario.courses.map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })

        for inst in Set(tts.map(\.institution)).sorted() {
            let mine = tts.filter { $0.institution == inst }.sorted { $0.termIndex < $1.termIndex }
            let instName = scenario.institutions.first { $0.id == inst }?.name ?? inst
            let d = try folder(dir, institution: inst)
            try fm.createDirectory(atPath: try FileNames.join(d, "ics"), withIntermediateDirectories: true)
            var weekly = CSV.line(["term", "class", "course", "mode", "teacher", "room", "day", "period", "start_date",
                                   "end_date", "sessions"])
            var dated = CSV.line(["term", "class", "date", "day", "period", "start", "end", "teacher", "room", "lessons"])
            var list = CSV.line(["term", "class", "course", "mode", "payer", "learners", "segments", "teacher", "room",
                                 "hours", "sessions", "first_date", "last_date", "broken_preference_weight"])
            var left = CSV.line(["term", "class", "course", "mode", "learners", "reason"])
            let byPeriod = Dictionary(periods.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for t in mine {
                for a in t.assignments {
                    for slot in a.slots {
                        let ss = a.sessions.filter { $0.day == slot.day && $0.period == slot.period }
                        weekly += CSV.line([t.term, a.classID, a.planned.course, a.planned.mode.rawValue, a.teacher, a.room ?? "",
                                            slot.day, slot.period, ss.first?.date.description ?? "",
                                            ss.last?.date.description ?? "", String(ss.count)])
                    }
                    for s in a.sessions {
                        dated += CSV.line([t.term, s.classID, s.date.description, s.day, s.period,
                                           byPeriod[s.period]?.start ?? "", byPeriod[s.period]?.end ?? "", s.teacher,
                                           s.room ?? "", String(s.lessons)])
                    }
                    list += CSV.line([t.term, a.classID, a.planned.course, a.planned.mode.rawValue, a.planned.payer,
                                      String(a.planned.learners),
                                      a.planned.segments.map { "\($0.segment):\($0.learners)" }.joined(separator: ";"),
                                      a.teacher, a.room ?? "", String(a.hoursInTerm), String(a.sessions.count),
                                      a.firstDate?.description ?? "", a.lastDate?.description ?? "",
                                      String(a.brokenPreferenceWeight)])
                }
                for u in t.unplaced {
                    left += CSV.line([t.term, u.planned.id, u.planned.course, u.planned.mode.rawValue,
                                      String(u.planned.learners), u.reason])
                }
                // fet-cl refuses a file without activities: no .fet for a term with no placed class.
                if !t.assignments.isEmpty {
                    try FETExport.document(t, scenario: scenario, locked: true)
                        .write(toFile: try FileNames.join(d, fetName(t, scenario: scenario)), atomically: true, encoding: .utf8)
                }
            }
            try weekly.write(toFile: try FileNames.join(d, "timetable.csv"), atomically: true, encoding: .utf8)
            try dated.write(toFile: try FileNames.join(d, "sessions.csv"), atomically: true, encoding: .utf8)
            try list.write(toFile: try FileNames.join(d, "classes.csv"), atomically: true, encoding: .utf8)
            try left.write(toFile: try FileNames.join(d, "unplaced.csv"), atomically: true, encoding: .utf8)
            try HTMLGrid.page(mine, scenario: scenario, language: language).write(toFile: try FileNames.join(d, "timetable.html"), atomically: true, encoding: .utf8)

            // Calendars.
            let all = mine.flatMap(\.assignments)
            let byClass = Dictionary(all.map { ($0.classID, $0) }, uniquingKeysWith: { a, _ in a })
            func describe(_ s: DatedSession) -> (String, String) {
                let a = byClass[s.classID]
                let course = a.map { courseNames[$0.planned.course] ?? $0.planned.course } ?? ""
                let summary = "\(s.classID) \(course)"
                let desc = language.t("ics.description", s.classID, course, a.map { language.mode($0.planned.mode) } ?? "",
                                      s.teacher, s.room ?? language.t("online"), String(a?.planned.learners ?? 0))
                return (summary, desc)
            }
            // Each session's UID: its class's identity and its ordinal among the class's sessions.
            var uids: [DatedSession: String] = [:]
            let periodOrder = Dictionary(periods.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            for a in all {
                let ordered = a.sessions.sorted { ($0.date, periodOrder[$0.period] ?? 0) < ($1.date, periodOrder[$1.period] ?? 0) }
                for (k, s) in ordered.enumerated() {
                    uids[s] = ICS.uid(scenario: checksum, institution: inst, planned: a.planned, ordinal: k + 1)
                }
            }
            let before = previousVersions[inst] ?? [:]
            func cal(_ kind: String, _ id: String, _ title: String, _ sessions: [DatedSession]) throws {
                try ICS.calendar(title: title, sessions: sessions, periods: periods, describe: describe,
                                 uid: { uids[$0] ?? "lp-\(FileNames.hash("\(inst)|\($0.classID)|\($0.date)|\($0.period)"))@langplan" },
                                 previous: before, stamp: dtstamp)
                    .write(toFile: try FileNames.join(d, "ics", "\(kind)-\(FileNames.component(id)).ics"), atomically: true, encoding: .utf8)
            }
            var byTeacher: [String: [DatedSession]] = [:], byRoom: [String: [DatedSession]] = [:]
            for a in all {
                try cal("class", a.classID, "\(instName): \(language.t("ics.class", a.classID))", a.sessions)
                for s in a.sessions {
                    byTeacher[s.teacher, default: []].append(s)
                    if let r = s.room { byRoom[r, default: []].append(s) }
                }
            }
            for (t, ss) in byTeacher { try cal("teacher", t, language.t("ics.teacher", instName, t), ss) }
            for (r, ss) in byRoom { try cal("room", r, language.t("ics.room", instName, r), ss) }
        }
    }

    /// Files written at the top of the output folder: an institution's folder never takes their names.
    static let topLevelFiles: Set<String> = ["cohorts.csv", "terms.csv", "summary.txt", TimetableRun.marker]

    /// "2026T1.fet": the term's label as the horizon makes it (digits, "T", digit), so a safe name.
    static func fetName(_ t: TermTimetable, scenario: Scenario) -> String {
        let label = scenario.horizon.label(ofTerm: t.termIndex)
        return (label == t.term ? label : FileNames.component(t.term)) + ".fet"
    }

    /// The folder of `institution` under `dir` (one safe, unique component; `FileNames`).
    public static func folder(_ dir: String, institution: String) throws -> String {
        try FileNames.join(dir, FileNames.component(institution, avoiding: topLevelFiles))
    }

    /// Text summary of every timetable.
    public static func summary(_ tts: [TermTimetable]) -> String {
        var o = ""
        for t in tts.sorted(by: { ($0.termIndex, $0.institution) < ($1.termIndex, $1.institution) }) {
            let s = t.stats
            o += "\(t.institution) \(t.term) (\(t.termStart)..\(t.termEnd)): \(s.placed)/\(s.classes) classes placed; "
            o += "broken preferences \(s.brokenPreferences) (weight \(s.brokenPreferenceWeight)"
            if let b = s.bound { o += ", bound \(Int(b)), gap \(String(format: "%.2f%%", 100 * (s.gap ?? 0)))" }
            o += "); \(s.solverStatus); teacher gaps \(s.teacherGaps); \(String(format: "%.2f", s.seconds)) s\n"
            for e in t.explanations { o += "  short: \(e)\n" }
            for n in t.notes { o += "  note: \(n.text(.en))\n" }
        }
        return o
    }

    /// The verifier's view of the files in `dir` (as written by `write`).
    public static func read(dir: String, scenario: Scenario) throws -> (records: [TimetableRecord], classes: [PlannedClass]) {
        for f in ["cohorts.csv", "terms.csv"] where !FileManager.default.fileExists(atPath: "\(dir)/\(f)") {
            throw TimetableError.badFile("\(dir) is not a timetable directory written by langplan timetable (no \(f))")
        }
        let classes = try CohortFile.read(path: "\(dir)/cohorts.csv")
        let termsText = try String(contentsOfFile: "\(dir)/terms.csv", encoding: .utf8)
        let terms = try CSV.records(termsText, file: "terms.csv", required: ["institution", "term"])
        var out: [TimetableRecord] = []
        var cache: [String: ([[String: String]], [[String: String]])] = [:]
        for t in terms {
            let inst = t["institution"]!, label = t["term"]!
            guard let index = TermCalendar.termIndex(of: label, horizon: scenario.horizon) else {
                throw TimetableError.badFile("terms.csv: '\(label)' is not a term of the scenario's horizon")
            }
            if cache[inst] == nil {
                let d = try folder(dir, institution: inst)
                for f in ["sessions.csv", "unplaced.csv"] where !FileManager.default.fileExists(atPath: try FileNames.join(d, f)) {
                    throw TimetableError.badFile("\(d)/\(f) is missing")
                }
                let s = try String(contentsOfFile: try FileNames.join(d, "sessions.csv"), encoding: .utf8)
                let u = try String(contentsOfFile: try FileNames.join(d, "unplaced.csv"), encoding: .utf8)
                cache[inst] = (try CSV.records(s, file: "\(inst)/sessions.csv",
                                               required: ["term", "class", "date", "day", "period", "teacher", "room", "lessons"]),
                               try CSV.records(u, file: "\(inst)/unplaced.csv", required: ["term", "class"]))
            }
            let (rows, left) = cache[inst]!
            var sessions: [DatedSession] = []
            for (n, r) in rows.enumerated() where r["term"] == label {
                guard let date = LocalDate(iso: r["date"]!), let lessons = Int(r["lessons"]!) else {
                    throw TimetableError.badFile("\(inst)/sessions.csv line \(n + 2): bad date or lessons")
                }
                let room = r["room"]!
                sessions.append(DatedSession(classID: r["class"]!, date: date, day: r["day"]!, period: r["period"]!,
                                             teacher: r["teacher"]!, room: room.isEmpty ? nil : room, lessons: lessons))
            }
            out.append(TimetableRecord(institution: inst, termIndex: index, sessions: sessions,
                                       unplacedClassIDs: left.filter { $0["term"] == label }.map { $0["class"]! }))
        }
        return (out, classes)
    }
}

/// A printable, self-contained HTML page in the shared layout (`Pages`): the weekly grid of
/// each term, the class list with learner counts by segment, and what was left out.
enum HTMLGrid {
    /// Built once; the timetable tests render it.
    static let library: MustacheLibrary = Pages.library(["timetable": template])

    /// The page in `language`: days, periods, modes and headings translated; institutions and
    /// courses by name (their id where the scenario gives none).
    static func page(_ tts: [TermTimetable], scenario: Scenario, language L: TimetableLanguage = .vi) -> String {
        let cal = scenario.calendar
        let inst = tts.first?.institution ?? ""
        let instName = scenario.institutions.first { $0.id == inst }?.name ?? inst
        let courseNames = Dictionary(scenario.courses.map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })
        func course(_ id: String) -> String { courseNames[id] ?? id }
        func slot(_ w: WeeklySlot) -> String { "\(L.day(w.day)) \(L.period(w.period).lowercased())" }
        let cols = ["class", "course", "mode", "learners", "teacher", "room", "weekly", "sessions", "dates"]
        let terms: [[String: Any]] = tts.map { t in
            let s = t.stats
            let grid: [[String: Any]] = cal.periods.map { p in
                ["period": L.period(p.id), "hours": "\(p.start)-\(p.end)",
                 "days": cal.days.map { d -> [String: Any] in
                     ["classes": t.assignments.filter { $0.slots.contains(WeeklySlot(day: d, period: p.id)) }.map { a -> [String: Any] in
                         ["online": a.room == nil, "id": a.classID, "course": course(a.planned.course), "teacher": a.teacher,
                          "room": a.room ?? L.t("online"), "learners": a.planned.learners]
                     }]
                 }]
            }
            let classes: [[String]] = t.assignments.map { a in
                [a.classID, course(a.planned.course), L.mode(a.planned.mode),
                 "\(a.planned.learners): " + a.planned.segments.map { "\($0.segment) \($0.learners)" }.joined(separator: ", "),
                 a.teacher, a.room ?? L.t("online"), a.slots.map(slot).joined(separator: ", "), String(a.sessions.count),
                 L.t("dates", a.firstDate?.description ?? "", a.lastDate?.description ?? "")]
            }
            var term: [String: Any] = [
                "heading": L.t("term", t.term, t.termStart.description, t.termEnd.description),
                "placed": L.t("placed", String(s.placed), String(s.classes), String(s.brokenPreferences), String(s.brokenPreferenceWeight),
                              s.bound.map { L.t("bound", String(Int($0))) } ?? "", s.lastSessionDate?.description ?? "-"),
                "grid": grid, "classes": classes.map { ["cells": $0] },
                "notes": t.notes.isEmpty ? false as Any : ["items": t.notes.map { $0.text(L) }],
            ]
            term["left"] = t.unplaced.isEmpty && t.explanations.isEmpty ? false as Any : [
                "unplaced": t.unplaced.map { L.t("left.item", $0.planned.id, course($0.planned.course), String($0.planned.learners), $0.reason) },
                "explanations": t.explanations,
            ]
            return term
        }
        let ctx: [String: Any] = [
            "title": L.t("title", instName), "days": cal.days.map(L.day), "terms": terms, "columns": cols.map { L.t("col." + $0) },
            "classesTitle": L.t("classes"), "leftTitle": L.t("left"), "shortTitle": L.t("short"), "notesTitle": L.t("notes"),
        ]
        return Pages.page(lang: L.t("html.lang"), title: L.t("title", instName), site: "langplan",
                          body: Pages.render("timetable", ctx, in: library), footer: "langplan timetable")
    }

    static let template = #"""
<h1>{{title}}</h1>
{{#terms}}<section class="term"><h2>{{heading}}</h2><p>{{placed}}</p>
<div class="scroll"><table class="grid"><tr><th></th>{{#days}}<th>{{.}}</th>{{/days}}</tr>
{{#grid}}<tr><th>{{period}}<br>{{hours}}</th>{{#days}}<td>{{#classes}}<div class="c{{#online}} o{{/online}}"><b>{{id}}</b> {{course}} · {{teacher}} · {{room}} · {{learners}}</div>{{/classes}}</td>{{/days}}</tr>
{{/grid}}</table></div>
<h3>{{classesTitle}}</h3><div class="scroll"><table class="grid"><tr>{{#columns}}<th>{{.}}</th>{{/columns}}</tr>
{{#classes}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
{{/classes}}</table></div>
{{#left}}<h3>{{leftTitle}}</h3><ul>{{#unplaced}}<li>{{.}}</li>{{/unplaced}}</ul><h3>{{shortTitle}}</h3><ul>{{#explanations}}<li>{{.}}</li>{{/explanations}}</ul>{{/left}}
{{#notes}}<h3>{{notesTitle}}</h3><ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>{{/notes}}</section>
{{/terms}}
"""#
}
