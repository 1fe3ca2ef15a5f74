import Foundation
import Planner

/// Report language: Vietnamese by default, English on request.
public enum Language: String, Sendable, CaseIterable {
    case vi, en

    /// Formats a number the way readers of this language expect (vi: 1.234.567,8).
    public func number(_ v: Double, decimals: Int = 0) -> String {
        // By hand: NumberFormatter on Linux may show more decimals than asked.
        guard v.isFinite else { return "–" }
        let d = max(0, min(decimals, 10))
        let text = String(format: "%.\(d)f", abs(v))
        let parts = text.split(separator: ".", maxSplits: 1)
        let digits = Array(parts[0])
        var grouped = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped += self == .vi ? "." : "," }
            grouped.append(c)
        }
        let negative = v < 0 && text.contains(where: { $0 != "0" && $0 != "." })
        return (negative ? "−" : "") + grouped + (parts.count > 1 ? (self == .vi ? "," : ".") + parts[1] : "")
    }

    public func percent(_ v: Double, decimals: Int = 1) -> String { number(100 * v, decimals: decimals) + "%" }

    /// A number with `digits` significant digits and no exponent (vi: 0,000123), for small
    /// quantities such as marginal values that fixed decimals would show as 0.
    /// - Parameters:
    ///   - v: the value (0 and −0 give "0").
    ///   - digits: significant digits, 1-10.
    /// - Returns: e.g. "0,00123" (vi) or "1,230" for 1230 (en); not rounded to zero for
    ///   |v| ≥ 1e-10 (smaller is below any solver tolerance).
    public func significant(_ v: Double, digits: Int = 3) -> String {
        guard v.isFinite else { return "–" }
        guard v != 0 else { return "0" }
        let magnitude = Int(floor(log10(abs(v))))
        return number(v, decimals: max(0, min(10, digits - 1 - magnitude)))
    }

    /// Billions of VND (tỷ đồng).
    public func billions(_ vnd: Double) -> String { number(vnd / 1e9, decimals: 2) + (self == .vi ? " tỷ" : " bn") }

    public func t(_ key: String) -> String { (self == .vi ? Self.vietnamese : Self.english)[key] ?? key }

    /// A limit of the model in this language, from its typed kind (Planner's `Resource`).
    /// - Parameter r: the resource of a capacity row or binding limit.
    /// - Returns: e.g. "lớp/tuần của phòng (≥ 25 chỗ ngồi)" or "room classes/week (≥ 25 seats)".
    public func name(of r: Resource) -> String {
        switch r {
        case .rooms(let seats): return "\(t("res_room classes/week")) (≥ \(seats) \(t("res_seats")))"
        case .teachers(let level): return "\(t("res_teachers")) (\(t("level_w")) ≥ \(level))"
        case .online: return t("res_online classes")
        case .release: return t("res_release")
        case .examSeats: return t("res_exam seats")
        case .places(let course, let mode): return "\(t("res_places")) (\(t(mode.rawValue)), \(course))"
        }
    }

    /// A capacity row's resource as the independent projection names it ("room slots/week",
    /// "teachers", "teacher periods", "teacher sessions/week", "online classes", "exam seats").
    public func resourceName(_ raw: String) -> String {
        (self == .vi ? Self.vietnamese : Self.english)["res_" + raw] ?? raw
    }

    /// Every key has a text in both languages (a test checks it).
    public static let english: [String: String] = [
        "title": "Foreign-language training plan", "scenario": "Scenario", "summary": "Summary",
        "attainment": "Projected attainment of targets", "target": "Target", "milestone": "Milestone",
        "target_share": "Target share", "projected": "Projected share", "met": "Met", "yes": "yes", "no": "no",
        "p10p90": "P10–P90 (ranges drawn per run, pass/fail per learner)", "budget": "Budget by year and payer", "year": "Year",
        "payer": "Payer", "spent": "Spent", "limit": "Limit", "open": "open (to be sized)",
        "capacity": "Capacity use (busiest term per institution)", "institution": "Institution", "resource": "Resource",
        "used": "Used", "available": "Available", "plan_by_term": "Classes opened by term and mode", "term": "Term",
        "classes": "Classes", "learners": "Learners", "vs_greedy": "Optimised plan vs spreadsheet (greedy) plan",
        "optimised": "Optimised", "greedy": "Greedy", "weighted": "Weighted attainment (Σ weight × share of target met)",
        "binding": "What limits attainment", "binding_none": "Nothing: one more unit of any budget or capacity buys no attainment in the LP relaxation.", "marginal": "Marginal value", "binding_note":
            "Rows with a positive shadow price in the LP relaxation: weighted attainment gained per extra billion VND of a budget, or per one more unit of what the Available column counts.",
        "solver": "Solver", "status": "Status", "gap": "Gap to best bound", "seconds": "Solve time (s)",
        "trajectory": "Trajectory of each target (share at each year end; dots: milestone targets)",
        "people": "People", "total_cost": "Total cost", "mode": "Mode", "course": "Course", "segment": "Segment",
        "uncertainty_note": "Pass rates are estimates: the band shows P10–P90 over seeded runs.",
        "in_person": "in person", "online": "online", "self_study": "self-study", "abroad": "abroad",
        "spent_vnd": "Spent (VND)", "limit_vnd": "Limit (VND)", "p10": "P10", "p90": "P90",
        "compare_title": "Comparison of two plans", "inputs_diff": "What differs in the inputs",
        "no_input_changes": "The inputs do not differ.", "inputs_not_compared": "Plan directories: inputs not compared.",
        "spend_by_year_payer": "Spend by year and payer (VND)", "classes_by_mode": "Classes by mode",
        "delta": "Δ", "pp": "pp", "total": "Total", "weighted_short": "Weighted attainment", "vnd": "VND",
        "segment_w": "segment", "target_w": "target", "budget_w": "budget", "institution_w": "institution",
        "course_w": "course", "payer_w": "payer", "added": "added", "removed": "removed", "level_w": "level",
        "weight_w": "weight", "tags_w": "tags", "rooms_w": "rooms", "teachers_w": "teachers",
        "online_w": "online classes", "pass_rate_w": "pass rate", "cost_class_w": "cost per class",
        "cost_learner_w": "cost per learner", "headcount_w": "headcount", "share_w": "share", "exam_fee_w": "exam fee",
        "bn": "bn", "mn": "M",
        "status_optimal": "optimal", "status_feasible": "feasible (not proven optimal)", "status_infeasible": "infeasible",
        "status_unbounded": "unbounded", "status_noSolutionFound": "no solution found",
        "state_solved": "planned", "state_reused": "reused (same checksum)", "state_failed": "failed",
        "stage2": "Least spend at this attainment: gap", "sizing_stage": "Least budget (size-budget): gap",
        "no_limit_sized": "no limit (sized)",
        "res_room slots/week": "room slots/week", "res_room classes/week": "room classes/week", "res_teachers": "teachers", "res_teacher periods": "teacher periods",
        "res_teacher sessions/week": "teacher sessions/week", "res_online classes": "online classes",
        "res_exam seats": "exam seats", "res_release": "staff away in training", "res_places": "places",
        "res_seats": "seats", "sheet_budget": "budget", "sheet_attainment": "attainment", "sheet_classes": "classes",
    ]
    public static let vietnamese: [String: String] = [
        "title": "Kế hoạch bồi dưỡng ngoại ngữ", "scenario": "Kịch bản", "summary": "Tóm tắt",
        "attainment": "Dự báo mức đạt chỉ tiêu", "target": "Chỉ tiêu", "milestone": "Mốc",
        "target_share": "Tỷ lệ chỉ tiêu", "projected": "Tỷ lệ dự báo", "met": "Đạt", "yes": "có", "no": "không",
        "p10p90": "P10–P90 (rút khoảng ước tính mỗi lần, đỗ/trượt từng học viên)", "budget": "Kinh phí theo năm và nguồn", "year": "Năm",
        "payer": "Nguồn kinh phí", "spent": "Chi", "limit": "Hạn mức", "open": "mở (cần xác định)",
        "capacity": "Sử dụng năng lực (học kỳ bận nhất của mỗi cơ sở)", "institution": "Cơ sở đào tạo", "resource": "Nguồn lực",
        "used": "Đã dùng", "available": "Sẵn có", "plan_by_term": "Số lớp mở theo học kỳ và hình thức", "term": "Học kỳ",
        "classes": "Số lớp", "learners": "Học viên", "vs_greedy": "Kế hoạch tối ưu so với kế hoạch lập thủ công (tham lam)",
        "optimised": "Tối ưu", "greedy": "Thủ công", "weighted": "Mức đạt có trọng số (Σ trọng số × phần chỉ tiêu đạt)",
        "binding": "Yếu tố hạn chế mức đạt", "binding_none": "Không có: thêm kinh phí hay năng lực đều không tăng mức đạt trong bài toán nới lỏng.", "marginal": "Giá trị biên", "binding_note":
            "Các ràng buộc có giá bóng dương trong bài toán nới lỏng: mức đạt có trọng số tăng thêm trên mỗi tỷ đồng kinh phí, hoặc trên mỗi đơn vị thêm của cột Sẵn có.",
        "solver": "Bộ giải", "status": "Trạng thái", "gap": "Khoảng cách tới cận tốt nhất", "seconds": "Thời gian giải (giây)",
        "trajectory": "Diễn biến từng chỉ tiêu (tỷ lệ cuối mỗi năm; chấm: chỉ tiêu tại các mốc)",
        "people": "Người", "total_cost": "Tổng chi phí", "mode": "Hình thức", "course": "Khóa học", "segment": "Nhóm",
        "uncertainty_note": "Tỷ lệ đỗ là ước tính: dải thể hiện P10–P90 qua các lần mô phỏng có hạt giống cố định.",
        "in_person": "trực tiếp", "online": "trực tuyến", "self_study": "tự học", "abroad": "nước ngoài",
        "spent_vnd": "Chi (đồng)", "limit_vnd": "Hạn mức (đồng)", "p10": "P10", "p90": "P90",
        "compare_title": "So sánh hai kế hoạch", "inputs_diff": "Khác biệt về đầu vào",
        "no_input_changes": "Đầu vào không khác nhau.", "inputs_not_compared": "Thư mục kế hoạch: không so sánh đầu vào.",
        "spend_by_year_payer": "Chi theo năm và nguồn (đồng)", "classes_by_mode": "Số lớp theo hình thức",
        "delta": "Chênh lệch", "pp": "điểm %", "total": "Tổng", "weighted_short": "Mức đạt có trọng số", "vnd": "đồng",
        "segment_w": "nhóm", "target_w": "chỉ tiêu", "budget_w": "kinh phí", "institution_w": "cơ sở",
        "course_w": "khóa học", "payer_w": "nguồn", "added": "thêm", "removed": "bỏ", "level_w": "bậc",
        "weight_w": "trọng số", "tags_w": "nhãn", "rooms_w": "phòng", "teachers_w": "giáo viên",
        "online_w": "lớp trực tuyến", "pass_rate_w": "tỷ lệ đỗ", "cost_class_w": "chi phí mỗi lớp",
        "cost_learner_w": "chi phí mỗi học viên", "headcount_w": "số người", "share_w": "tỷ lệ", "exam_fee_w": "lệ phí thi",
        "bn": "tỷ", "mn": "triệu",
        "status_optimal": "tối ưu", "status_feasible": "khả thi (chưa chứng minh tối ưu)", "status_infeasible": "không khả thi",
        "status_unbounded": "không bị chặn", "status_noSolutionFound": "chưa tìm được lời giải",
        "state_solved": "đã lập", "state_reused": "dùng lại (cùng mã kiểm tra)", "state_failed": "lỗi",
        "stage2": "Chi thấp nhất ở mức đạt này: khoảng cách", "sizing_stage": "Kinh phí tối thiểu (size-budget): khoảng cách",
        "no_limit_sized": "không giới hạn (đang xác định)",
        "res_room slots/week": "lượt phòng/tuần", "res_room classes/week": "lớp/tuần của phòng", "res_teachers": "giáo viên", "res_teacher periods": "tiết giảng",
        "res_teacher sessions/week": "buổi giảng/tuần", "res_online classes": "lớp trực tuyến",
        "res_exam seats": "chỗ thi", "res_release": "người đi học cùng lúc", "res_places": "suất học",
        "res_seats": "chỗ ngồi", "sheet_budget": "kinh phí", "sheet_attainment": "mức đạt", "sheet_classes": "số lớp",
    ]
}
