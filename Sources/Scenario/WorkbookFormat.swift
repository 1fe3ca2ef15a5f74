import Foundation

/// The scenario workbook's layout, written once and used by the template, `convert` and the
/// reader: one sheet per part of a scenario, each column with its YAML field, its Vietnamese
/// and English header, what a cell must hold, and the note the Notes sheet shows.
enum WorkbookLayout {
    /// What a column holds; decides how a cell becomes a value.
    enum Kind: Sendable, Equatable {
        /// Free text (names, descriptions).
        case text
        /// An id: text without spaces.
        case id
        /// A whole number (people, hours, levels, years).
        case int
        /// An amount in VND, a whole number.
        case money
        /// A number: shares (0.35 or 35%), weights.
        case number
        /// Yes or no (có / không).
        case bool
        /// Several words separated by commas (tags, modes, slots).
        case list
        /// Several whole numbers separated by commas (milestone years).
        case intList
        /// A month-day "MM-DD" (a date cell is taken as its month and day).
        case monthDay
        /// A date "YYYY-MM-DD" or a range "YYYY-MM-DD..YYYY-MM-DD".
        case date
        /// A time of day "HH:MM".
        case time
    }

    struct Column: Sendable {
        /// The YAML field (or a workbook-only key such as `level_3`, `funds_all`).
        var key: String
        var vi: String
        var en: String
        var kind: Kind
        /// Unit and meaning, as in docs/scenario.md (Vietnamese, English).
        var noteVi: String
        var noteEn: String
        /// A drop-down list the template puts on the column.
        var choices: Choices? = nil

        func header(_ lang: Lang) -> String { lang == .vi ? vi : en }
        func note(_ lang: Lang) -> String { lang == .vi ? noteVi : noteEn }
    }

    enum Choices: Sendable { case modes, levels, yesNo, payers }

    enum Lang: Sendable { case vi, en }

    struct Sheet: Sendable {
        /// The scenario part (the YAML key of the list, or `horizon` for the field sheet).
        var key: String
        var vi: String
        var en: String
        var columns: [Column]
        /// Further columns headed by a year (budgets: VND per year; targets: milestone shares).
        var yearColumns: Kind? = nil
        /// The part must have at least one row.
        var required: Bool = false
        func name(_ lang: Lang) -> String { lang == .vi ? vi : en }
    }

    static func col(_ key: String, _ vi: String, _ en: String, _ kind: Kind, _ noteVi: String, _ noteEn: String,
                    _ choices: Choices? = nil) -> Column {
        Column(key: key, vi: vi, en: en, kind: kind, noteVi: noteVi, noteEn: noteEn, choices: choices)
    }

    /// Seven columns level_0 ... level_6.
    static func levels(_ prefix: String, _ vi: String, _ en: String, _ kind: Kind, _ noteVi: String, _ noteEn: String) -> [Column] {
        (0...6).map { col("\(prefix)\($0)", "\(vi) \($0)", "\(en) \($0)", kind, noteVi, noteEn) }
    }

    // MARK: The field sheet (horizon, calendar fields, policy, exams)

    /// Rows of the field sheet: column A names the field, column B holds the value.
    static let fields: [Column] = [
        col("name", "Tên kịch bản", "Name", .text, "tên ngắn của kịch bản (bắt buộc)", "the scenario's short name (required)"),
        col("description", "Mô tả", "Description", .text, "một hai câu mô tả", "a sentence or two"),
        col("start_year", "Năm bắt đầu", "Start year", .int, "năm đầu tiên được lập kế hoạch, vd 2026 (bắt buộc)", "first planned year, e.g. 2026 (required)"),
        col("end_year", "Năm kết thúc", "End year", .int, "năm cuối cùng, vd 2030 (bắt buộc)", "last planned year, e.g. 2030 (required)"),
        col("terms_per_year", "Số học kỳ mỗi năm", "Terms per year", .int, "1, 2, 3 hoặc 4 (mặc định 2)", "1, 2, 3 or 4 (default 2)"),
        col("milestones", "Các năm mốc", "Milestones", .intList, "các năm đo mục tiêu, cách nhau bằng dấu phẩy, vd 2025, 2030 (mặc định: năm kết thúc)", "years when targets are measured, comma-separated, e.g. 2025, 2030 (default: the end year)"),
        col("days", "Ngày dạy", "Teaching days", .list, "các ngày trong tuần có lớp: mon, tue, wed, thu, fri, sat, sun (mặc định mon…sat)", "weekdays with sessions: mon … sun (default mon…sat)"),
        col("use_default_holidays", "Dùng ngày lễ mặc định", "Use default holidays", .bool, "có: thêm các ngày nghỉ lễ của Việt Nam (mặc định có)", "yes: add Vietnam's public holidays (default yes)", .yesNo),
        col("max_share_in_training", "Tỷ lệ tối đa đi học", "Max share in training", .number, "phần tối đa của mỗi nhóm đi học cùng lúc, 0…1 hoặc 20% (mặc định 0,2)", "most of a segment in training at once, 0…1 or 20% (default 0.2)"),
        col("fee_per_candidate_vnd", "Lệ phí thi mỗi người (VND)", "Exam fee per candidate (VND)", .money, "VND, số nguyên, gõ 1800000 (không dấu chấm phân cách)", "VND, whole number (default 0)"),
        col("seats_per_term", "Chỗ thi mỗi học kỳ", "Exam seats per term", .int, "số thí sinh tối đa mỗi học kỳ (để trống: không giới hạn)", "most candidates per term (empty: no limit)"),
    ]

    static let fieldSheet = Sheet(key: "horizon", vi: "Kế hoạch", en: "Horizon", columns: fields, required: true)

    // MARK: Table sheets

    static let tables: [Sheet] = [
        Sheet(key: "term_dates", vi: "Học kỳ", en: "Terms", columns: [
            col("start", "Ngày bắt đầu", "Start", .monthDay, "tháng-ngày \"MM-DD\", vd 01-05", "month-day \"MM-DD\", e.g. 01-05"),
            col("end", "Ngày kết thúc", "End", .monthDay, "tháng-ngày \"MM-DD\", vd 06-30", "month-day \"MM-DD\", e.g. 06-30"),
        ]),
        Sheet(key: "periods", vi: "Ca học", en: "Periods", columns: [
            col("id", "Mã ca", "Id", .id, "morning, afternoon, evening …", "morning, afternoon, evening …"),
            col("start", "Bắt đầu", "Start", .time, "giờ \"HH:MM\"", "time \"HH:MM\""),
            col("end", "Kết thúc", "End", .time, "giờ \"HH:MM\"", "time \"HH:MM\""),
            col("lessons", "Số tiết", "Lessons", .int, "tiết trong một buổi", "teaching periods (tiết) per session"),
        ]),
        Sheet(key: "holidays", vi: "Ngày nghỉ", en: "Holidays", columns: [
            col("date", "Ngày", "Date", .date, "ngày \"YYYY-MM-DD\" hoặc khoảng \"YYYY-MM-DD..YYYY-MM-DD\"", "a date \"YYYY-MM-DD\" or a range \"YYYY-MM-DD..YYYY-MM-DD\""),
        ]),
        Sheet(key: "segments", vi: "Nhóm cán bộ", en: "Segments", columns: [
            col("id", "Mã nhóm", "Id", .id, "mã duy nhất, không dấu cách (bắt buộc)", "unique id without spaces (required)"),
            col("name", "Tên nhóm", "Name", .text, "tên đầy đủ", "full name"),
            col("tags", "Nhãn", "Tags", .list, "các nhãn cách nhau bằng dấu phẩy, vd commune, leader", "comma-separated tags, e.g. commune, leader"),
        ] + levels("level_", "Số người bậc", "People at level", .int, "số người ở bậc này khi bắt đầu (bậc 0 = chưa có bậc)", "people at this level at the start (0 = no level)") + [
            col("priority", "Ưu tiên", "Priority", .number, "trọng số ≥ 0 (mặc định 0)", "weight ≥ 0 (default 0)"),
            col("preferred_windows", "Khung giờ ưa thích", "Preferred windows", .list, "vd *.evening, sat", "e.g. *.evening, sat"),
            col("max_share_in_training", "Tỷ lệ tối đa đi học", "Max share in training", .number, "0…1, thay cho mức chung", "0…1, overrides the policy"),
        ], required: true),
        Sheet(key: "demography", vi: "Biến động", en: "Demography", columns: [
            col("segment", "Mã nhóm", "Segment", .id, "mã một nhóm ở trang Nhóm cán bộ", "a segment id from the Segments sheet"),
            col("attrition", "Tỷ lệ nghỉ mỗi năm", "Attrition", .number, "phần rời đi mỗi năm, 0…1", "yearly share leaving, 0…1"),
            col("recruits_per_year", "Tuyển mới mỗi năm", "Recruits per year", .int, "số người mỗi năm", "people per year"),
        ] + levels("recruit_level_", "Tỷ lệ tuyển bậc", "Recruits at level", .number, "phần người tuyển mới ở bậc này, 0…1 (mặc định toàn bộ bậc 0)", "share of recruits at this level (default all at 0)")),
        Sheet(key: "transfers", vi: "Luân chuyển", en: "Transfers", columns: [
            col("segment", "Từ nhóm", "From segment", .id, "mã nhóm chuyển đi", "segment people leave"),
            col("to", "Đến nhóm", "To segment", .id, "mã nhóm nhận", "receiving segment"),
            col("share", "Tỷ lệ mỗi năm", "Yearly share", .number, "0…1", "0…1"),
        ]),
        Sheet(key: "courses", vi: "Khóa học", en: "Courses", columns: [
            col("id", "Mã khóa", "Id", .id, "mã duy nhất (bắt buộc)", "unique id (required)"),
            col("name", "Tên khóa", "Name", .text, "tên đầy đủ", "full name"),
            col("from_level", "Từ bậc", "From level", .int, "bậc đầu vào 0…5", "starting level 0…5", .levels),
            col("to_level", "Đến bậc", "To level", .int, "bậc đạt được 1…6", "level reached 1…6", .levels),
            col("hours", "Số tiết", "Hours", .int, "số tiết hướng dẫn", "guided teaching periods (tiết)"),
            col("terms", "Số học kỳ", "Terms", .int, "số học kỳ liên tiếp (mặc định 1)", "consecutive terms (default 1)"),
            col("exam", "Có thi", "Exam", .bool, "có: thi cấp chứng chỉ ở học kỳ cuối (mặc định có)", "yes: a certifying exam in the last term (default yes)", .yesNo),
        ], required: true),
        Sheet(key: "modes", vi: "Hình thức học", en: "Course modes", columns: [
            col("course", "Mã khóa", "Course", .id, "mã một khóa ở trang Khóa học", "a course id from the Courses sheet"),
            col("mode", "Hình thức", "Mode", .text, "in_person, online, self_study hoặc abroad", "in_person, online, self_study or abroad", .modes),
            col("pass_rate", "Tỷ lệ đạt", "Pass rate", .number, "0…1 hoặc 85%", "0…1 or 85%"),
            col("class_size_min", "Sĩ số tối thiểu", "Class size min", .int, "người mỗi lớp (bắt buộc với lớp học)", "learners per class (required for classes)"),
            col("class_size_max", "Sĩ số tối đa", "Class size max", .int, "người mỗi lớp (bắt buộc với lớp học)", "learners per class (required for classes)"),
            col("sessions_per_week", "Số buổi mỗi tuần", "Sessions per week", .int, "buổi mỗi tuần (bắt buộc với lớp học)", "sessions per week (required for classes)"),
            col("cost_per_class_vnd", "Chi phí mỗi lớp (VND)", "Cost per class (VND)", .money, "VND, số nguyên, ngoài tiền giảng", "VND per class beyond teacher pay"),
            col("cost_per_learner_vnd", "Chi phí mỗi học viên (VND)", "Cost per learner (VND)", .money, "VND, số nguyên", "VND per learner"),
            col("max_learners_per_term", "Học viên tối đa mỗi kỳ", "Max learners per term", .int, "để trống: không giới hạn", "empty: no limit"),
        ]),
        Sheet(key: "institutions", vi: "Cơ sở đào tạo", en: "Institutions", columns: [
            col("id", "Mã cơ sở", "Id", .id, "mã duy nhất (bắt buộc)", "unique id (required)"),
            col("name", "Tên cơ sở", "Name", .text, "tên đầy đủ", "full name"),
            col("modes", "Hình thức", "Modes", .list, "các hình thức cách nhau bằng dấu phẩy (mặc định in_person, online)", "comma-separated modes (default in_person, online)"),
            col("online_classes_max", "Lớp trực tuyến tối đa", "Online classes max", .int, "lớp trực tuyến mỗi học kỳ", "online classes per term"),
            col("cost_per_class_vnd", "Chi phí mỗi lớp (VND)", "Cost per class (VND)", .money, "VND, số nguyên", "VND per class"),
        ], required: true),
        Sheet(key: "rooms", vi: "Phòng học", en: "Rooms", columns: [
            col("institution", "Mã cơ sở", "Institution", .id, "mã một cơ sở ở trang Cơ sở đào tạo", "an institution id from the Institutions sheet"),
            col("id", "Mã nhóm phòng", "Id", .id, "mã nhóm phòng", "room group id"),
            col("count", "Số phòng", "Count", .int, "số phòng", "rooms"),
            col("seats", "Số chỗ", "Seats", .int, "chỗ ngồi mỗi phòng", "seats per room"),
            col("unavailable", "Không dùng được", "Unavailable", .list, "các ô \"ngày.ca\", vd sat.evening", "weekly slots \"day.period\", e.g. sat.evening"),
        ]),
        Sheet(key: "teachers", vi: "Giáo viên", en: "Teachers", columns: [
            col("institution", "Mã cơ sở", "Institution", .id, "mã một cơ sở ở trang Cơ sở đào tạo", "an institution id from the Institutions sheet"),
            col("id", "Mã nhóm giáo viên", "Id", .id, "mã nhóm giáo viên", "teacher group id"),
            col("count", "Số giáo viên", "Count", .int, "số người", "teachers"),
            col("max_level", "Bậc tối đa", "Max level", .int, "bậc cao nhất dạy được 1…6", "highest course level taught 1…6", .levels),
            col("hours_per_term", "Số tiết mỗi kỳ", "Hours per term", .int, "tiết mỗi người mỗi học kỳ", "teaching periods each per term"),
            col("pay_per_period_vnd", "Thù lao mỗi tiết (VND)", "Pay per period (VND)", .money, "VND mỗi tiết, số nguyên", "VND per teaching period"),
            col("max_sessions_per_week", "Buổi tối đa mỗi tuần", "Max sessions per week", .int, "mặc định 12", "default 12"),
            col("max_sessions_per_day", "Buổi tối đa mỗi ngày", "Max sessions per day", .int, "mặc định 2", "default 2"),
            col("unavailable", "Không dạy được", "Unavailable", .list, "các ô \"ngày.ca\"", "weekly slots \"day.period\""),
        ]),
        Sheet(key: "payers", vi: "Nguồn kinh phí", en: "Payers", columns: [
            col("id", "Mã nguồn", "Id", .id, "mã duy nhất (bắt buộc)", "unique id (required)"),
            col("name", "Tên nguồn", "Name", .text, "tên đầy đủ", "full name"),
            col("funds_all", "Chi cho nhóm có tất cả nhãn", "Funds: all tags", .list, "nhãn mà nhóm phải có tất cả", "tags a segment must all have"),
            col("funds_any", "Chi cho nhóm có một trong các nhãn", "Funds: any tag", .list, "nhãn mà nhóm có ít nhất một", "tags a segment needs one of"),
            col("funds_none", "Không chi cho nhãn", "Funds: no tag", .list, "nhãn mà nhóm không được có", "tags a segment must not have"),
            col("modes", "Hình thức được chi", "Modes", .list, "các hình thức (mặc định tất cả)", "modes paid for (default all)"),
        ], required: true),
        Sheet(key: "budgets", vi: "Ngân sách", en: "Budgets", columns: [
            col("payer", "Mã nguồn", "Payer", .id, "mã một nguồn ở trang Nguồn kinh phí", "a payer id from the Payers sheet", .payers),
            col("open", "Để mở", "Open", .bool, "có: để langplan tính ngân sách cần", "yes: let langplan size the budget", .yesNo),
        ], yearColumns: .money, required: true),
        Sheet(key: "targets", vi: "Mục tiêu", en: "Targets", columns: [
            col("id", "Mã mục tiêu", "Id", .id, "mã duy nhất (bắt buộc)", "unique id (required)"),
            col("name", "Tên mục tiêu", "Name", .text, "tên đầy đủ", "full name"),
            col("filter_all", "Nhóm có tất cả nhãn", "Filter: all tags", .list, "nhãn mà nhóm phải có tất cả", "tags a segment must all have"),
            col("filter_any", "Nhóm có một trong các nhãn", "Filter: any tag", .list, "nhãn mà nhóm có ít nhất một", "tags a segment needs one of"),
            col("filter_none", "Nhóm không có nhãn", "Filter: no tag", .list, "nhãn mà nhóm không được có", "tags a segment must not have"),
            col("level", "Bậc", "Level", .int, "bậc cần đạt 1…6", "level threshold 1…6", .levels),
            col("weight", "Trọng số", "Weight", .number, "trọng số ≥ 0 (mặc định 1)", "weight ≥ 0 (default 1)"),
        ], yearColumns: .number, required: true),
        Sheet(key: "history", vi: "Kết quả trước", en: "Past results", columns: [
            col("target", "Mã mục tiêu", "Target", .id, "mã một mục tiêu", "a target id"),
            col("year", "Năm", "Year", .int, "năm trước kế hoạch", "a year before the horizon"),
            col("share", "Tỷ lệ đạt", "Share", .number, "0…1", "0…1"),
        ]),
    ]

    static func table(_ key: String) -> Sheet { tables.first { $0.key == key }! }

    /// The sheet that explains every column.
    static let notesVi = "Hướng dẫn", notesEn = "Notes"

    /// Year-column notes.
    static func yearNote(_ sheet: Sheet, _ lang: Lang) -> String {
        switch (sheet.key, lang) {
        case ("budgets", .vi): return "mỗi cột một năm (tiêu đề là năm, vd 2026): VND, số nguyên; gõ 0 nếu không có"
        case ("budgets", .en): return "one column per year (headed by the year, e.g. 2026): VND, whole number; 0 for none"
        case (_, .vi): return "mỗi cột một năm mốc (tiêu đề là năm): tỷ lệ cần đạt 0…1 hoặc 35%"
        default: return "one column per milestone year (headed by the year): share to reach, 0…1 or 35%"
        }
    }

    /// Headers of columns kept for the planner's remarks and never read ("Ghi chú", "Notes"),
    /// folded as `fold` folds them; any other unknown column is reported (it may be a typo).
    static let remarkHeaders: Set<String> = ["ghi chu", "chu thich", "note", "notes", "comment", "comments", "remarks"]

    /// Header text made comparable: case, spacing and Vietnamese diacritics ignored.
    static func fold(_ s: String) -> String {
        let t = s.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        // "Tên kịch bản:" and "Name *" name the same field as "Tên kịch bản" and "Name".
        return t.split(whereSeparator: { $0.isWhitespace || $0 == "_" || $0 == ":" || $0 == "*" }).joined(separator: " ")
    }

    /// Whether `header` names `column` (its Vietnamese or English header or its field key).
    static func matches(_ header: String, _ column: Column) -> Bool {
        let h = fold(header)
        return [column.vi, column.en, column.key].contains { fold($0) == h }
    }
}
