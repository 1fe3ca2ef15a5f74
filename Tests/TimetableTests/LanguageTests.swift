import Foundation
import Scenario
import Testing
@testable import Timetable

/// timetable.html and the calendars speak Vietnamese by default, English on request.
@Suite struct LanguageTests {
    /// Every key of one language is in the other (a missing one would print the key itself).
    @Test func bothLanguagesHaveTheSameKeys() {
        let vi = Set(TimetableLanguage.strings[.vi]!.keys), en = Set(TimetableLanguage.strings[.en]!.keys)
        #expect(vi.subtracting(en).isEmpty && en.subtracting(vi).isEmpty)
        #expect(vi.count >= 35)
    }

    /// One class on mon+tue mornings at a named institution, written in both languages: the
    /// Vietnamese page names the institution and course by name, days as "Thứ Hai", and has no
    /// English day or heading; the English one the reverse. The class's calendar DESCRIPTION
    /// (read from the written .ics text, lines unfolded) says "Giảng viên:" in Vietnamese.
    @Test func pageAndCalendarsInVietnameseByDefault() throws {
        var s = Fixture.scenario(courses: [Fixture.course("c3", hours: 12)],
                                 institutions: [Institution(id: "inst", name: "Trường Đại học Văn Lang", rooms: [RoomGroup(id: "r", count: 1, seats: 30)],
                                                            teachers: [TeacherGroup(id: "t", count: 1, maxLevel: 4, hoursPerTerm: 200, payPerPeriod: 1)])])
        s.courses[0].name = "Tiếng Anh B1"
        let classes = [Fixture.planned("A")]
        let tts = try Timetabler.solveAll(scenario: s, classes: classes, terms: [0])
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lp-lang-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try TimetableFiles.write(tts, scenario: s, classes: classes, to: "\(root)/vi")
        try TimetableFiles.write(tts, scenario: s, classes: classes, to: "\(root)/en", language: .en)
        let vi = try String(contentsOfFile: "\(root)/vi/inst/timetable.html", encoding: .utf8)
        let en = try String(contentsOfFile: "\(root)/en/inst/timetable.html", encoding: .utf8)
        #expect(vi.contains("<html lang=\"vi\">") && vi.contains("Thời khóa biểu: Trường Đại học Văn Lang"))
        #expect(vi.contains("Thứ Hai") && vi.contains("Tiếng Anh B1") && vi.contains("Đã xếp 1/1 lớp") && vi.contains("trực tiếp"))
        for english in ["Monday", "Timetable", "classes placed", "in_person", "Classes"] { #expect(!vi.contains(english)) }
        #expect(en.contains("<html lang=\"en\">") && en.contains("Timetable: Trường Đại học Văn Lang") && en.contains("Monday"))
        #expect(!en.contains("Thứ Hai"))
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(root)/vi/inst/ics")
        let classFile = try #require(files.first { $0.hasPrefix("class-") })
        let ics = try String(contentsOfFile: "\(root)/vi/inst/ics/\(classFile)", encoding: .utf8)
            .replacingOccurrences(of: "\r\n ", with: "")
        #expect(ics.contains("Giảng viên: t-1") && ics.contains("Phòng: r-1") && ics.contains("Học viên: 20"))
        #expect(!ics.contains("Teacher:"))
    }
}
