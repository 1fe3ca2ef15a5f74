import Foundation
import Pages
import PlanFiles
import Planner
import Scenario

// The report's part for `replan --keep-terms` (issue 14): every class added, moved or
// dropped against the plan being revised, and why.

extension Language {
    static let replanTexts: [Language: [String: String]] = [
        .en: [
            "replan_title": "Changes against the announced plan",
            "replan_kept_all": "Every class announced for the first %d term(s) is kept.",
            "replan_changed": "The announced classes could not all be kept: %d change(s) to the first %d term(s), the fewest that give the best attainment.",
            "change": "Change", "from_w": "From", "to_w": "To", "why": "Why", "kept_term": "Announced term",
            "added": "added", "moved": "moved", "dropped": "dropped", "no_changes": "No class differs from the plan being revised.",
        ],
        .vi: [
            "replan_title": "Thay đổi so với kế hoạch đã công bố",
            "replan_kept_all": "Giữ nguyên mọi lớp đã công bố cho %d học kỳ đầu.",
            "replan_changed": "Không thể giữ mọi lớp đã công bố: %d thay đổi trong %d học kỳ đầu, ít nhất có thể để đạt mức hoàn thành tốt nhất.",
            "change": "Thay đổi", "from_w": "Từ", "to_w": "Đến", "why": "Lý do", "kept_term": "Học kỳ đã công bố",
            "added": "thêm", "moved": "chuyển", "dropped": "bỏ", "no_changes": "Không lớp nào khác kế hoạch đang điều chỉnh.",
        ],
    ]
    func pt(_ key: String) -> String { Self.replanTexts[self]?[key] ?? key }
}

extension PlanReport {
    /// Rows of replan-changes.csv (empty unless made by `replan --keep-terms`).
    public func replanChangeRows() -> [ReplanChangeRow] {
        guard let o = result.replanOutcome else { return [] }
        return o.changes.map { c in
            let key = (c.from ?? c.to)!  // safe: every change has a from or a to
            let (course, mode) = label(key.offering)
            return ReplanChangeRow(change: c.kind.rawValue, course: course, mode: mode, payer: sc.payers[key.payer].id, classes: c.classes,
                                   fromTerm: c.from.map { sc.horizon.label(ofTerm: $0.term) } ?? "",
                                   fromInstitution: c.from.map { sc.institutions[$0.institution].id } ?? "",
                                   toTerm: c.to.map { sc.horizon.label(ofTerm: $0.term) } ?? "",
                                   toInstitution: c.to.map { sc.institutions[$0.institution].id } ?? "",
                                   keptTerm: c.inKeptTerms ? .yes : .no, reason: c.reason)
        }
    }

    /// Writes replan-changes.csv when the plan was made by `replan --keep-terms`.
    func writeReplanChanges(to out: OutputDirectory) throws(OutputDirectory.Problem) {
        guard result.replanOutcome != nil else { return }
        try out.write(ReplanChangeRow.fileName, PlanFiles.csv(replanChangeRows()))
    }
}

extension HTMLReport {
    /// The changes against the plan being revised. Nil unless made by `replan --keep-terms`.
    func replanSection() -> [String: Any]? {
        guard let o = r.replanOutcome else { return nil }
        var s: [String: Any] = ["title": lang.pt("replan_title")]
        // --keep-terms 0 promises nothing: only the changes are listed.
        s["kept"] = o.keepTerms > 0
            ? (o.keptAll ? String(format: lang.pt("replan_kept_all"), o.keepTerms)
                         : String(format: lang.pt("replan_changed"), o.keptTermChanges, o.keepTerms)) as Any
            : false
        let rows = report.replanChangeRows()
        guard !rows.isEmpty else {
            s["none"] = lang.pt("no_changes")
            s["changes"] = false
            return s
        }
        s["none"] = false
        var table = Table(head: [.init(lang.pt("change"), cls: "l"), .init(t("course"), cls: "l"), .init(t("classes")),
                                 .init(lang.pt("from_w"), cls: "l"), .init(lang.pt("to_w"), cls: "l"), .init(lang.pt("kept_term")),
                                 .init(lang.pt("why"), cls: "l")])
        for c in rows {
            let from = c.fromTerm.isEmpty ? "–" : "\(c.fromInstitution) \(c.fromTerm)"
            let to = c.toTerm.isEmpty ? "–" : "\(c.toInstitution) \(c.toTerm)"
            table.rows.append([.init(lang.pt(c.change), cls: "l"), .init("\(c.course) · \(c.mode)", cls: "l"), .init(String(c.classes)),
                               .init(from, cls: "l"), .init(to, cls: "l"), .init(t(c.keptTerm == .yes ? "yes" : "no")),
                               .init(c.reason, cls: "l")])
        }
        s["changes"] = table.context
        return s
    }
}
