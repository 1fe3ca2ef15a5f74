/// The language of `Scenario.summary(_:)`: its words and number format (Vietnamese groups
/// thousands with "." and writes decimals with ",").
public enum SummaryLanguage: String, Sendable, CaseIterable {
    case vi, en

    /// The summary's words; `SummaryTests` checks both languages have the same keys.
    public var words: [String: String] { self == .vi ? Self.vietnamese : Self.english }

    static let english: [String: String] = [
        "scenario": "scenario", "checksum": "checksum", "horizon": "horizon", "terms_year": "terms/year", "milestones": "milestones",
        "segments": "segments", "people": "people", "by_level": "by level 0..6", "more": "more", "targets": "targets",
        "level": "level ≥", "over": "over", "now": "now", "courses": "courses", "hours": "h", "institutions": "institutions",
        "teachers": "teachers", "rooms": "rooms", "seats": "seats", "online": "online classes at once", "calendar": "calendar",
        "periods": "periods", "holidays": "holidays", "exams": "exams", "fee": "fee", "seats_term": "seats/term",
        "budget": "budget (million VND)", "payer": "payer", "total": "total", "open": "open (to be sized)", "history": "history",
    ]
    static let vietnamese: [String: String] = [
        "scenario": "kịch bản", "checksum": "mã kiểm tra", "horizon": "thời kỳ", "terms_year": "học kỳ/năm", "milestones": "mốc",
        "segments": "nhóm cán bộ", "people": "người", "by_level": "theo bậc 0..6", "more": "nhóm nữa", "targets": "chỉ tiêu",
        "level": "bậc ≥", "over": "trên", "now": "hiện nay", "courses": "khóa học", "hours": " tiết", "institutions": "cơ sở đào tạo",
        "teachers": "giảng viên", "rooms": "phòng học", "seats": "chỗ ngồi", "online": "lớp trực tuyến cùng lúc", "calendar": "lịch học",
        "periods": "ca", "holidays": "ngày nghỉ", "exams": "thi", "fee": "lệ phí", "seats_term": "chỗ thi/học kỳ",
        "budget": "kinh phí (triệu đồng)", "payer": "nguồn chi", "total": "tổng", "open": "mở (cần xác định)", "history": "đã đạt",
    ]
}

extension Scenario {
    /// A one-screen summary in English (what `langplan validate` prints).
    public var summary: String { summary(.en) }

    /// A one-screen summary: horizon, segments and people, targets, courses, institutions,
    /// teachers, rooms, budget per year and payer.
    /// - Parameter lang: the words and the number format.
    /// - Returns: lines of text (monospace layout), no final newline.
    public func summary(_ lang: SummaryLanguage) -> String {
        let w = lang.words
        func t(_ k: String) -> String { w[k] ?? k }  // safe fallback: both tables have every key (tested)
        func group(_ v: Double) -> String { groupDigits(v, lang) }
        func pct(_ v: Double) -> String { percent(v, lang) }
        func millions(_ v: Int64) -> String { group(Double(v) / 1_000_000) }
        func vnd(_ v: Int64) -> String { group(Double(v)) + (lang == .vi ? " đồng" : " VND") }
        var out: [String] = []
        let h = horizon
        out.append("\(t("scenario")) \(name)  (\(t("checksum")) \(checksum))")
        out.append("  \(t("horizon").padding(12))\(h.startYear)...\(h.endYear), \(h.termsPerYear) \(t("terms_year")), \(t("milestones")) \(h.milestones.map(String.init).joined(separator: ", "))")
        let people = segments.reduce(0.0) { $0 + $1.headcount.reduce(0.0) { $0 + Double($1) } }
        var byLevel = [Double](repeating: 0, count: 7)
        for s in segments { for (l, n) in s.headcount.enumerated() where l < 7 { byLevel[l] += Double(n) } }
        out.append("  \(t("segments").padding(12))\(segments.count), \(group(people)) \(t("people")); \(t("by_level")): \(byLevel.map { group($0) }.joined(separator: " / "))")
        for s in segments.sorted(by: { $0.headcount.reduce(0, &+) > $1.headcount.reduce(0, &+) }).prefix(6) {
            out.append("              \(s.id.padding(28)) \(group(Double(s.headcount.reduce(0, &+))).leftPad(9))  [\(s.tags.joined(separator: ", "))]")
        }
        if segments.count > 6 { out.append("              … \(segments.count - 6) \(t("more"))") }
        out.append("  \(t("targets").padding(12))\(targets.count)")
        for t in targets {
            let covered = segments.filter { t.filter.matches($0.tags) }
            let n = covered.reduce(0.0) { $0 + Double($1.headcount.reduce(0, &+)) }
            let now = covered.reduce(0.0) { acc, s in acc + s.headcount.enumerated().filter { $0.offset >= t.level }.reduce(0.0) { $0 + Double($1.element) } }
            let ms = t.milestones.sorted { $0.key < $1.key }.map { "\($0.key): \(pct($0.value))" }.joined(separator: ", ")
            out.append("              \(t.id.padding(28)) \(w["level"] ?? "")\(t.level) \(w["over"] ?? "") \(group(n)) \(w["people"] ?? "") (\(w["now"] ?? "") \(n > 0 ? pct(now / n) : "–")), \(ms)")
        }
        let chain = courses.sorted { ($0.fromLevel, $0.toLevel) < ($1.fromLevel, $1.toLevel) }
            .map { "\($0.fromLevel)→\($0.toLevel) \($0.hours)\(t("hours")) [\($0.modes.map(\.mode.rawValue).joined(separator: ","))]" }
        out.append("  \(t("courses").padding(12))\(courses.count): \(chain.joined(separator: "; "))")
        let teachers = institutions.flatMap(\.teachers).reduce(0) { $0 &+ $1.count }
        let rooms = institutions.flatMap(\.rooms).reduce(0) { $0 &+ $1.count }
        let seats = institutions.flatMap(\.rooms).reduce(0) { $0 &+ $1.count &* $1.seats }
        let online = institutions.reduce(0) { $0 &+ $1.onlineClassesMax }
        out.append("  \(t("institutions").padding(12))\(institutions.count): \(teachers) \(t("teachers")), \(rooms) \(t("rooms")) (\(group(Double(seats))) \(t("seats"))), \(online) \(t("online"))")
        let hol = holidayDates(calendar, years: h.startYear...max(h.startYear, h.endYear)).count
        out.append("  \(t("calendar").padding(12))\(calendar.days.joined(separator: " ")); \(t("periods")) \(calendar.periods.map(\.id).joined(separator: ", ")); \(hol) \(t("holidays"))")
        out.append("  \(t("exams").padding(12))\(t("fee")) \(vnd(exams.feePerCandidate))\(exams.seatsPerTerm.map { ", \(group(Double($0))) \(t("seats_term"))" } ?? "")")
        out.append("  \(t("budget"))")
        let years = Array(h.startYear...min(max(h.startYear, h.endYear), h.startYear &+ Limits.horizonYears))
        out.append("    " + t("payer").padding(16) + years.map { String($0).leftPad(9) }.joined() + t("total").leftPad(11))
        for b in budgets {
            if b.open {
                out.append("    " + b.payer.padding(16) + t("open"))
                continue
            }
            let row = years.map { y in b.amounts[y].map { millions($0).leftPad(9) } ?? "–".leftPad(9) }.joined()
            let total = years.reduce(Int64(0)) { $0 &+ (b.amounts[$1] ?? 0) }
            out.append("    " + b.payer.padding(16) + row + millions(total).leftPad(11))
        }
        if !history.isEmpty {
            out.append("  " + t("history").padding(12) + history.map { "\($0.target) \($0.year): \(pct($0.share))" }.joined(separator: ", "))
        }
        return out.joined(separator: "\n")
    }

    /// FNV-1a 64-bit hash (16 hex digits) of the scenario's canonical YAML: the same for
    /// any two files that describe the same scenario, whatever their layout or comments.
    public var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in canonicalYAML.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

private func groupDigits(_ v: Double, _ lang: SummaryLanguage) -> String {
    let sep = lang == .vi ? "." : ","
    let n = Int(min(max(v, -9e15), 9e15).rounded())
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += sep }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}

private func percent(_ v: Double, _ lang: SummaryLanguage) -> String {
    guard v.isFinite else { return "?" }
    let p = (v * 1000).rounded() / 10
    let text = p == p.rounded() ? "\(Int(p))%" : "\(p)%"
    return lang == .vi ? text.replacingOccurrences(of: ".", with: ",") : text
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
    func leftPad(_ n: Int) -> String { count >= n ? " " + self : String(repeating: " ", count: n - count) + self }
}
