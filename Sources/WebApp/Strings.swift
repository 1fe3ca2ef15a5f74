import Reports

/// The app's words in Vietnamese (default) and English, looked up by key from the templates
/// as `{{t.key}}`.
enum Strings {
    static func table(_ lang: Language) -> [String: String] { lang == .vi ? vi : en }

    static let vi: [String: String] = [
        "app": "Kế hoạch đào tạo ngoại ngữ", "login": "Đăng nhập", "logout": "Đăng xuất", "username": "Tên đăng nhập",
        "password": "Mật khẩu", "bad_login": "Sai tên đăng nhập hoặc mật khẩu.", "home": "Trang chủ",
        "scenarios": "Kịch bản", "runs": "Lượt chạy", "users": "Người dùng", "audit": "Nhật ký", "surveys": "Khảo sát",
        "my_timetables": "Thời khóa biểu", "my_survey": "Khảo sát của đơn vị", "upload": "Tải lên",
        "upload_scenario": "Tải lên kịch bản (YAML hoặc .xlsx)", "name": "Tên", "file": "Tệp", "versions": "Phiên bản",
        "version": "Phiên bản", "author": "Người lưu", "when": "Thời điểm", "changes": "Thay đổi", "issues": "Lỗi cần sửa",
        "no_issues": "Kịch bản hợp lệ.", "summary": "Tóm tắt", "edit": "Sửa kịch bản", "check": "Kiểm tra", "save": "Lưu phiên bản mới",
        "run": "Chạy", "kind": "Loại", "time_limit": "Giới hạn thời gian (giây)", "language": "Ngôn ngữ báo cáo",
        "plan_run": "Kế hoạch gốc (cho thời khóa biểu / lập lại)", "status": "Trạng thái", "gap": "Khoảng cách tối ưu",
        "progress": "Tiến độ", "files": "Tệp kết quả", "download_zip": "Tải tất cả (.zip)", "cancel": "Hủy",
        "rerun": "Chạy lại", "started": "Bắt đầu", "finished": "Kết thúc", "refresh": "Làm mới", "compare": "So sánh",
        "compare_versions": "So sánh hai phiên bản", "no_changes": "Không có khác biệt.", "feed": "Lịch đăng ký (iCalendar)",
        "feed_help": "Dán địa chỉ này vào Google Calendar hoặc Outlook (Thêm lịch từ URL). Giữ bí mật.",
        "new_feed": "Tạo địa chỉ mới (thu hồi địa chỉ cũ)", "create_user": "Tạo người dùng", "role": "Vai trò",
        "institution": "Cơ sở đào tạo", "unit": "Đơn vị", "as_of": "Năm khảo sát", "roster": "Danh sách nhân sự (CSV)",
        "roster_note": "Tệp chỉ được đếm theo nhóm rồi xóa ngay; không lưu thông tin cá nhân.", "people": "Số người",
        "submitted": "Đã nộp", "not_submitted": "Chưa nộp", "merge": "Gộp số liệu khảo sát vào kịch bản",
        "action": "Hành động", "object": "Đối tượng", "user": "Người dùng", "none": "Chưa có.", "open": "Mở",
        "report": "Báo cáo", "created": "Tạo lúc", "shipped": "Kịch bản mẫu", "problems": "Dòng bị bỏ qua",
        "forbidden": "Bạn không có quyền xem trang này.", "not_found": "Không tìm thấy.", "line": "Dòng",
        "welcome": "Xin chào", "role_admin": "quản trị", "role_planner": "lập kế hoạch (Sở Nội vụ)",
        "role_finance": "tài chính", "role_institution": "cơ sở đào tạo", "role_agency": "cơ quan, đơn vị",
        "queued": "đang chờ", "running": "đang giải", "done": "xong", "failed": "lỗi", "cancelled": "đã hủy",
        "interrupted": "bị gián đoạn", "nojs": "Trang tự cập nhật khi bật JavaScript; nếu không, bấm Làm mới.",
        "timetable_runs": "Các lần xếp thời khóa biểu", "saved": "Đã lưu phiên bản", "scenario": "Kịch bản",
    ]

    static let en: [String: String] = [
        "app": "Foreign-language training plan", "login": "Log in", "logout": "Log out", "username": "Username",
        "password": "Password", "bad_login": "Wrong username or password.", "home": "Home",
        "scenarios": "Scenarios", "runs": "Runs", "users": "Users", "audit": "Audit log", "surveys": "Surveys",
        "my_timetables": "Timetables", "my_survey": "Our unit's survey", "upload": "Upload",
        "upload_scenario": "Upload a scenario (YAML or .xlsx)", "name": "Name", "file": "File", "versions": "Versions",
        "version": "Version", "author": "Saved by", "when": "When", "changes": "What changed", "issues": "Issues to fix",
        "no_issues": "The scenario is valid.", "summary": "Summary", "edit": "Edit the scenario", "check": "Check", "save": "Save as a new version",
        "run": "Run", "kind": "Kind", "time_limit": "Time limit (seconds)", "language": "Report language",
        "plan_run": "Plan run (for timetable / replan)", "status": "Status", "gap": "Gap",
        "progress": "Progress", "files": "Result files", "download_zip": "Download all (.zip)", "cancel": "Cancel",
        "rerun": "Run again", "started": "Started", "finished": "Finished", "refresh": "Refresh", "compare": "Compare",
        "compare_versions": "Compare two versions", "no_changes": "No differences.", "feed": "Calendar feed (iCalendar)",
        "feed_help": "Paste this address into Google Calendar or Outlook (add calendar from URL). Keep it secret.",
        "new_feed": "New address (revokes the old one)", "create_user": "Create a user", "role": "Role",
        "institution": "Institution", "unit": "Unit", "as_of": "Survey year", "roster": "Staff roster (CSV)",
        "roster_note": "The file is only counted into segments and then discarded; no personal data is kept.", "people": "People",
        "submitted": "Submitted", "not_submitted": "Not yet submitted", "merge": "Merge the survey counts into a scenario",
        "action": "Action", "object": "Object", "user": "User", "none": "None yet.", "open": "Open",
        "report": "Report", "created": "Created", "shipped": "Shipped scenarios", "problems": "Rows skipped",
        "forbidden": "You may not see this page.", "not_found": "Not found.", "line": "Line",
        "welcome": "Hello", "role_admin": "admin", "role_planner": "planner (home affairs)",
        "role_finance": "finance", "role_institution": "training institution", "role_agency": "agency",
        "queued": "queued", "running": "solving", "done": "done", "failed": "failed", "cancelled": "cancelled",
        "interrupted": "interrupted", "nojs": "The page updates itself with JavaScript on; otherwise press Refresh.",
        "timetable_runs": "Timetabling runs", "saved": "Saved version", "scenario": "Scenario",
    ]
}
