import Foundation
import Scenario

/// The language of the timetable files people read (timetable.html, the .ics SUMMARY and
/// DESCRIPTION); the CSV files keep ids and English headers for machines. Reports has its own
/// `Language` (the CLI maps `--lang` to this one by its raw value); Timetable cannot depend on
/// Reports, which depends on Timetable, so its few strings live here.
public enum TimetableLanguage: String, Sendable, CaseIterable {
    case vi, en

    /// The string `key` with "{1}", "{2}", … replaced by `args` in order; the key itself when
    /// missing (a test checks both languages have the same keys).
    /// - Parameters:
    ///   - key: a key of `strings`.
    ///   - args: values for the placeholders.
    /// - Returns: the text in this language.
    public func t(_ key: String, _ args: String...) -> String { t(key, args) }

    /// The string `key` with its placeholders replaced by `args` (see the variadic form).
    public func t(_ key: String, _ args: [String]) -> String {
        var s = (Self.strings[self] ?? [:])[key] ?? key
        for (i, a) in args.enumerated() { s = s.replacingOccurrences(of: "{\(i + 1)}", with: a) }
        return s
    }

    /// A day id of the grid ("mon") by name ("Thứ Hai", "Monday"); other ids as they are.
    public func day(_ id: String) -> String {
        guard let i = LocalDate.weekdayIDs.firstIndex(of: id.lowercased()) else { return id }
        return t("day." + LocalDate.weekdayIDs[i])
    }

    /// A period id by name when it is one of the usual three ("morning" → "Sáng").
    public func period(_ id: String) -> String {
        let key = "period." + id.lowercased()
        return (Self.strings[self] ?? [:])[key] ?? id
    }

    /// A mode by name ("in_person" → "trực tiếp").
    public func mode(_ m: Mode) -> String { t("mode." + m.rawValue) }

    /// Every string, by language; both languages have the same keys.
    static let strings: [TimetableLanguage: [String: String]] = [
        .vi: [
            "html.lang": "vi",
            "title": "Thời khóa biểu: {1}",
            "term": "{1}: từ {2} đến {3}",
            "placed": "Đã xếp {1}/{2} lớp; vi phạm nguyện vọng: {3} (trọng số {4}{5}). Buổi học cuối: {6}.",
            "bound": ", cận dưới {1}",
            "classes": "Danh sách lớp",
            "col.class": "lớp", "col.course": "khóa học", "col.mode": "hình thức", "col.learners": "học viên theo nhóm",
            "col.teacher": "giảng viên", "col.room": "phòng", "col.weekly": "lịch hằng tuần", "col.sessions": "số buổi",
            "col.dates": "thời gian",
            "dates": "{1} đến {2}",
            "left": "Lớp chưa xếp được",
            "left.item": "{1} ({2}, {3} học viên): {4}",
            "short": "Nguồn lực còn thiếu",
            "notes": "Ghi chú",
            "note.rhythm.teachers": "giảng viên {1} dạy các lớp có số buổi mỗi tuần khác nhau: mỗi giảng viên giữ một nhịp",
            "note.rhythm.rooms": "phòng {1} dùng cho các lớp có số buổi mỗi tuần khác nhau: mỗi phòng giữ một nhịp",
            "note.continuing": "{1} lớp học tiếp từ học kỳ trước: {2} giữ lịch hằng tuần, {3} giữ giảng viên, {4} giữ phòng",
            "note.spilled": "{1} lớp kéo dài quá ngày cuối học kỳ ({2}) để đủ số giờ; buổi cuối {3}",
            "note.short": "{1} lớp chưa xếp đủ ngày học (lịch quá ngắn)",
            "online": "trực tuyến",
            "ics.class": "Lớp {1}",
            "ics.description": "Lớp {1}, khóa {2}, {3}\nGiảng viên: {4}\nPhòng: {5}\nHọc viên: {6}",
            "ics.teacher": "{1}: giảng viên {2}",
            "ics.room": "{1}: phòng {2}",
            "day.mon": "Thứ Hai", "day.tue": "Thứ Ba", "day.wed": "Thứ Tư", "day.thu": "Thứ Năm", "day.fri": "Thứ Sáu",
            "day.sat": "Thứ Bảy", "day.sun": "Chủ nhật",
            "period.morning": "Sáng", "period.afternoon": "Chiều", "period.evening": "Tối",
            "mode.in_person": "trực tiếp", "mode.online": "trực tuyến", "mode.self_study": "tự học", "mode.abroad": "học ở nước ngoài",
        ],
        .en: [
            "html.lang": "en",
            "title": "Timetable: {1}",
            "term": "{1}: {2} to {3}",
            "placed": "{1} of {2} classes placed; broken preferences: {3} (weight {4}{5}). Last session: {6}.",
            "bound": ", lower bound {1}",
            "classes": "Classes",
            "col.class": "class", "col.course": "course", "col.mode": "mode", "col.learners": "learners by segment",
            "col.teacher": "teacher", "col.room": "room", "col.weekly": "weekly", "col.sessions": "sessions",
            "col.dates": "dates",
            "dates": "{1} to {2}",
            "left": "Left out",
            "left.item": "{1} ({2}, {3} learners): {4}",
            "short": "What runs short",
            "notes": "Notes",
            "note.rhythm.teachers": "teachers {1} serve classes with different sessions a week: each teacher keeps to one rhythm",
            "note.rhythm.rooms": "rooms {1} serve classes with different sessions a week: each room keeps to one rhythm",
            "note.continuing": "{1} classes continue from the previous term: {2} keep their weekly time, {3} their teacher, {4} their room",
            "note.spilled": "{1} classes run past the term's end ({2}) to get their hours; last session {3}",
            "note.short": "{1} classes could not be dated in full (calendar too short)",
            "online": "online",
            "ics.class": "Class {1}",
            "ics.description": "Class {1}, course {2}, {3}\nTeacher: {4}\nRoom: {5}\nLearners: {6}",
            "ics.teacher": "{1}: teacher {2}",
            "ics.room": "{1}: room {2}",
            "day.mon": "Monday", "day.tue": "Tuesday", "day.wed": "Wednesday", "day.thu": "Thursday", "day.fri": "Friday",
            "day.sat": "Saturday", "day.sun": "Sunday",
            "period.morning": "Morning", "period.afternoon": "Afternoon", "period.evening": "Evening",
            "mode.in_person": "in person", "mode.online": "online", "mode.self_study": "self-study", "mode.abroad": "abroad",
        ],
    ]
}
