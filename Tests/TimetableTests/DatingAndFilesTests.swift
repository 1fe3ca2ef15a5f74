import Foundation
import TestSupport
import Scenario
import Testing
@testable import Timetable

@Suite struct DatingTests {
    @Test func civilDates() {
        #expect(LocalDate(1970, 1, 1).dayNumber == 0)
        #expect(LocalDate(2026, 3, 2).weekdayID == "mon")
        #expect(LocalDate(2026, 4, 30).weekdayID == "thu")
        #expect(LocalDate(dayNumber: LocalDate(2028, 2, 29).dayNumber) == LocalDate(2028, 2, 29))
        #expect(LocalDate(iso: "2026-02-30") == nil)
    }

    /// Three days and k = 2 give one day set (⌊3/2⌋ = 1: days 0 and 1, mon+tue). A class of
    /// 32 h in 4-lesson sessions needs 8. On a term 23 Mar-17 Apr 2026 the Mondays and Tuesdays
    /// are 23, 24, 30, 31 Mar, 6, 7, 13, 14 Apr; 24 and 31 Mar are holidays: 6 teaching days < 8,
    /// so the class cannot finish in its only term and is not placed (the arithmetic says why).
    /// With the term to 8 May the sessions are 23, 30 Mar; 6, 7, 13, 14, 20, 21 Apr, inside it.
    @Test func holidaysAreSkippedAndClassesStayInsideTheTerm() throws {
        let short = Fixture.scenario(days: ["mon", "tue", "wed"], periods: [Period(id: "am", start: "08:00", end: "11:30", lessons: 4)],
                                 termDates: [TermDates(start: "03-23", end: "04-17")],
                                 holidays: ["2026-03-24", "2026-03-31..2026-03-31"], useDefaultHolidays: true,
                                 courses: [Course(id: "c3", fromLevel: 2, toLevel: 3, hours: 32, terms: 1,
                                                  modes: [CourseMode(mode: .inPerson, passRate: 1, sessionsPerWeek: 2)])],
                                 institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 1, seats: 30)],
                                                            teachers: [TeacherGroup(id: "t", count: 1, maxLevel: 4, hoursPerTerm: 100, payPerPeriod: 1)])])
        let none = try Timetabler.solve(scenario: short, classes: [Fixture.planned("A")], institution: "inst", term: 0)
        #expect(none.assignments.isEmpty)
        let why = try #require(none.unplaced.first?.reason)
        #expect(why.contains("cannot finish inside the horizon"), "\(why)")
        #expect(why.contains("32 periods at 2 sessions a week of 4 periods need 8 sessions (4 teaching weeks); 2026T1 (2026-03-23..2026-04-17) has 6 teaching days on a day set"), "\(why)")
        #expect(TimetableVerifier.verify(none, scenario: short, classes: [Fixture.planned("A")]).isEmpty)

        var s = short
        s.calendar.termDates = [TermDates(start: "03-23", end: "05-08")]
        let tt = try Timetabler.solve(scenario: s, classes: [Fixture.planned("A")], institution: "inst", term: 0)
        let a = try #require(tt.assignments.first)
        #expect(a.slots.map(\.day) == ["mon", "tue"])
        #expect(a.sessions.map(\.date.description) == ["2026-03-23", "2026-03-30", "2026-04-06", "2026-04-07",
                                                       "2026-04-13", "2026-04-14", "2026-04-20", "2026-04-21"])
        #expect(tt.stats.spilledClasses == 0)
        #expect(TimetableVerifier.verify(tt, scenario: s, classes: [Fixture.planned("A")]).isEmpty)
        // Holidays 23-31 Mar: from 6 Apr; Giỗ Tổ (Sun 26 Apr) is observed Mon 27 Apr by default,
        // so the 7th and 8th sessions are Tue 28 Apr... : 6, 7, 13, 14, 20, 21, 28 Apr, 4 May.
        var s2 = s
        s2.calendar.holidays = ["2026-03-23..2026-03-31"]
        let tt2 = try Timetabler.solve(scenario: s2, classes: [Fixture.planned("A")], institution: "inst", term: 0)
        let b = try #require(tt2.assignments.first)
        #expect(b.sessions.map(\.date.description) == ["2026-04-06", "2026-04-07", "2026-04-13", "2026-04-14",
                                                       "2026-04-20", "2026-04-21", "2026-04-28", "2026-05-04"])
        #expect(TimetableVerifier.verify(tt2, scenario: s2, classes: [Fixture.planned("A")]).isEmpty)
    }

    /// A 2-term course of 49 h at 2 sessions a week (mon+tue, the only day set) opened in T1:
    /// T1 (2-13 Mar) has 4 teaching days, its share of 25 h needs 7 morning or 9 evening
    /// sessions, so it cannot finish in 2 terms, and the horizon has no third: the class is not
    /// placed in T1 (with the arithmetic), and T2 has no timetable of it (no spill, no clash).
    @Test func classThatCannotFinishIsNotPlaced() throws {
        let s = Fixture.scenario(termDates: [TermDates(start: "03-02", end: "03-13"), TermDates(start: "03-16", end: "06-30")],
                                 courses: [Fixture.course("c3", hours: 49, terms: 2, sessions: 2)],
                                 institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 1, seats: 30)],
                                                            teachers: [TeacherGroup(id: "t", count: 1, maxLevel: 4, hoursPerTerm: 100, payPerPeriod: 1)])])
        let classes = [Fixture.planned("A")]
        let tts = try Timetabler.solveAll(scenario: s, classes: classes, terms: [0, 1])
        #expect(tts.count == 1)
        let t1 = try #require(tts.first { $0.termIndex == 0 })
        #expect(t1.assignments.isEmpty)
        #expect(t1.unplaced.first?.reason.contains("2026T1 (2026-03-02..2026-03-13) has 4 teaching days on a day set") == true)
        for t in tts { #expect(TimetableVerifier.verify(t, scenario: s, classes: classes).isEmpty) }
    }

    @Test func multiTermCourseRunsInBothTerms() throws {
        let s = Fixture.scenario(days: ["mon", "tue", "wed", "thu"],
                                 termDates: [TermDates(start: "03-02", end: "06-30"), TermDates(start: "09-07", end: "12-31")],
                                 courses: [Fixture.course("c3", hours: 49, terms: 2, sessions: 2), Fixture.course("n3", hours: 20, sessions: 2)],
                                 institutions: [Institution(id: "inst", rooms: [RoomGroup(id: "r", count: 3, seats: 30)],
                                                            teachers: [TeacherGroup(id: "t", count: 4, maxLevel: 4, hoursPerTerm: 100, payPerPeriod: 1)])])
        var classes = (1...3).map { Fixture.planned("A\($0)") }
        classes += (1...5).map { Fixture.planned("N\($0)", course: "n3", term: "2026T2") }
        let tts = try Timetabler.solveAll(scenario: s, classes: classes, terms: [0, 1])
        #expect(tts.count == 2)
        let t1 = try #require(tts.first { $0.termIndex == 0 }), t2 = try #require(tts.first { $0.termIndex == 1 })
        #expect(t1.assignments.first?.hoursInTerm == 25)
        #expect(t2.stats.placed == 8)
        for id in ["A1", "A2", "A3"] {
            let a = try #require(t1.assignments.first { $0.classID == id })
            let b = try #require(t2.assignments.first { $0.classID == id })
            #expect(b.hoursInTerm == 24)
            #expect(b.firstDate.map { $0 >= LocalDate(2026, 9, 7) } == true)
            #expect(a.slots == b.slots && a.teacher == b.teacher && a.room == b.room, "\(id): \(a.slots) \(a.teacher) \(String(describing: a.room)) → \(b.slots) \(b.teacher) \(String(describing: b.room))")
        }
        // No clash between the two terms (no class runs past its term: see classThatCannotFinishIsNotPlaced).
        #expect(TimetableVerifier.verifyAcrossTerms(tts.map(\.record), horizon: s.horizon).isEmpty)
        #expect(t2.notes.contains { $0.text(.en).hasPrefix("3 classes continue from the previous term: 3 keep their weekly time, 3 their teacher, 3 their room") })
        // The page (Vietnamese by default) says the note in Vietnamese, not in English.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lp-notes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try TimetableFiles.write(tts, scenario: s, classes: classes, to: root)
        let page = try String(contentsOfFile: "\(root)/inst/timetable.html", encoding: .utf8)
        #expect(page.contains("3 lớp học tiếp từ học kỳ trước: 3 giữ lịch hằng tuần, 3 giữ giảng viên, 3 giữ phòng"))
        #expect(!page.contains("continue from the previous term"))
        #expect(TimetableVerifier.verify(t2, scenario: s, classes: classes).isEmpty)
        #expect(TimetableVerifier.verify(t1, scenario: s, classes: classes).isEmpty)
    }
}

@Suite struct FilesTests {
    @Test func cohortFileRoundTripAndErrors() throws {
        let text = """
            class_id,term,institution,course,mode,payer,learners,segments
            c0001,2026T1,sgu,b1_b2,in_person,state,32,"hcm_cbcc_leader_u40:12;hcm_cbcc_u40:20"
            c0002,2026T1,sgu,b1_b2,online,unit,20,vc:20\r
            """
        let cs = try CohortFile.parse(text)
        #expect(cs.count == 2)
        #expect(cs[0].segments == [SegmentShare(segment: "hcm_cbcc_leader_u40", learners: 12),
                                   SegmentShare(segment: "hcm_cbcc_u40", learners: 20)])
        #expect(cs[1].mode == .online && cs[1].learners == 20)
        #expect(try CohortFile.parse(CohortFile.format(cs)) == cs)
        #expect(throws: TimetableError.self) { try CohortFile.parse(text.replacingOccurrences(of: "32,", with: "31,")) }
        #expect(throws: TimetableError.self) { try CohortFile.parse(text.replacingOccurrences(of: "online", with: "radio")) }
        #expect(throws: TimetableError.self) { try CohortFile.parse("class_id,term\nc1,2026T1\n") }
    }

    @Test func termsOfAYearAndWarnings() throws {
        let (s, classes) = SyntheticTerm.make(classes: 5, seed: 1)
        #expect(try TimetableRun.terms(scenario: s) == [0, 1])
        #expect(try TimetableRun.terms(scenario: s, year: 2026, term: 2) == [1])
        #expect(throws: TimetableError.self) { try TimetableRun.terms(scenario: s, year: 2031) }
        #expect(throws: TimetableError.self) { try TimetableRun.terms(scenario: s, term: 3) }
        var odd = classes
        odd[0].institution = "nowhere"
        odd[1].term = "2031T1"
        let w = TimetableRun.warnings(scenario: s, classes: odd)
        #expect(w.count == 2 && w[0].contains("nowhere") && w[1].contains("2031T1"))
        #expect(TimetableRun.warnings(scenario: s, classes: classes).isEmpty)
    }

    @Test func icsFoldingAndEscaping() {
        #expect(ICS.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let long = "DESCRIPTION:" + String(repeating: "Trường Đại học Sài Gòn ", count: 8)
        let folded = ICS.fold(long)
        let lines = folded.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        // Unfolding gives the line back.
        #expect(folded.hasSuffix("\r\n"))
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "").dropLast(1) == long[...])
    }

    static func writeSmall() throws -> (String, Scenario, [PlannedClass]) {
        let (s, classes) = SyntheticTerm.make(classes: 30, seed: 11)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tt-\(UUID().uuidString)").path
        var options = TimetableOptions()
        options.timeLimit = 5
        let r = try TimetableRun.run(scenario: s, classes: classes, terms: [0], out: dir, options: options)
        #expect(r.violations.isEmpty)
        return (dir, s, classes)
    }

    @Test func filesRoundTripThroughTheVerifier() throws {
        let (dir, s, _) = try Self.writeSmall()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for f in ["cohorts.csv", "terms.csv", "summary.txt", "inst/timetable.csv", "inst/sessions.csv", "inst/classes.csv",
                  "inst/unplaced.csv", "inst/timetable.html", "inst/2026T1.fet", "inst/ics/class-c0001.ics"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(f)"), "\(f)")
        }
        #expect(TimetableRun.verifyFiles(dir: dir, scenario: s).isEmpty)
        // Tamper with the written sessions: drop the last one.
        let path = "\(dir)/inst/sessions.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(TimetableRun.verifyFiles(dir: dir, scenario: s).contains { $0.contains("needs") })
        // The writer refuses a foreign non-empty directory, accepts its own or --force.
        let foreign = FileManager.default.temporaryDirectory.appendingPathComponent("tt-foreign-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: foreign) }
        try "x".write(toFile: "\(foreign)/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: TimetableError.self) { try TimetableRun.checkOutput(foreign, force: false) }
        try TimetableRun.checkOutput(foreign, force: true)
        try TimetableRun.checkOutput(dir, force: false)
    }

    /// python3 as found on PATH (the one `python3 -m pip install icalendar` installs into).
    static let python: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin")
        .split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ exe: String, _ args: [String]) throws -> (Int32, String) {
        let r = try runChild(exe, args, directory: FileManager.default.currentDirectoryPath)
        return (r.status, String(decoding: r.stdout + r.stderr, as: UTF8.self))
    }

    /// The .ics files parse with Python's `icalendar` (pip install icalendar); skipped only
    /// when python3 is missing. A missing icalendar package fails the test.
    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func icsParsesWithICalendar() throws {
        let (dir, _, _) = try Self.writeSmall()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("check_ics.py").path
        let (rc, out) = try Self.run(Self.python!, [script, "\(dir)/inst/ics"])
        #expect(rc == 0, "\(out)")
        #expect(out.contains(" 0 with errors"), "\(out)")
    }

    static let fetCL: String? = ["/usr/bin/fet-cl", "/usr/local/bin/fet-cl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The .fet file opens in fet-cl (Debian package fet) and, with our timetable locked in,
    /// FET reproduces it: same day, hour and room for every activity.
    @Test(.enabled(if: fetCL != nil, "fet-cl is not installed (apt-get install fet)"))
    func fetOpensInFetCL() throws {
        let (dir, _, _) = try Self.writeSmall()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = "\(dir)/fet-out"
        let (rc, log) = try Self.run(Self.fetCL!, ["--inputfile=\(dir)/inst/2026T1.fet", "--outputdir=\(out)", "--timelimitseconds=60"])
        #expect(rc == 0, "\(log)")
        #expect(log.contains("Simulation successful"), "\(log)")
        let opened = try String(contentsOfFile: "\(out)/logs/file_open.log", encoding: .utf8)
        #expect(!opened.lowercased().contains("error"), "\(opened)")
        // FET's placement equals ours, class by class: each activity's class comes from the
        // .fet we wrote (<Students> is the class id), its day, hour and room from FET's output.
        func tag(_ t: String, in block: String) -> String {
            guard let a = block.range(of: "<\(t)>"), let b = block.range(of: "</\(t)>", range: a.upperBound..<block.endIndex) else { return "" }
            return String(block[a.upperBound..<b.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let input = try String(contentsOfFile: "\(dir)/inst/2026T1.fet", encoding: .utf8)
        var classOf: [String: String] = [:]
        for block in input.components(separatedBy: "<Activity>").dropFirst() {
            classOf[tag("Id", in: block)] = tag("Students", in: block)
        }
        let xml = try String(contentsOfFile: "\(out)/timetables/2026T1/2026T1_activities.xml", encoding: .utf8)
        let weekly = try String(contentsOfFile: "\(dir)/inst/timetable.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        // timetable.csv: term,class,course,mode,teacher,room,day,period,...
        let ours = weekly.map { line -> String in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return "\(f[1])|\(dayName(String(f[6])))|\(f[7])|\(f[5])"
        }.sorted()
        var theirs: [String] = []
        for block in xml.components(separatedBy: "<Activity>").dropFirst() {
            let id = tag("Id", in: block)
            let cls = try #require(classOf[id], "FET placed activity \(id), which is not in our .fet")
            theirs.append("\(cls)|\(tag("Day", in: block))|\(tag("Hour", in: block))|\(tag("Room", in: block))")
        }
        #expect(ours.count == theirs.count, "\(ours.count) sessions a week in timetable.csv, \(theirs.count) activities placed by FET")
        // Every class at the same day, hour and room on both sides (online: no room on either).
        #expect(ours == theirs.sorted(), "first difference: \(zip(ours, theirs.sorted()).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "counts differ")")
    }
}
