import Foundation
import Spreadsheet

/// Scenario → workbook, in the layout of `WorkbookLayout`; reading the workbook back gives
/// the same scenario (the same `checksum`).
public enum ScenarioWorkbook {
    /// Header language of a written workbook (both are accepted when reading).
    public enum Language: String, Sendable { case vi, en }

    /// The scenario workbook: one sheet per part, a notes sheet, drop-down lists.
    /// - Parameters:
    ///   - scenario: the values to fill in; nil for an empty template.
    ///   - language: header language.
    /// - Returns: the workbook, ready to `write(to:)`.
    public static func workbook(_ scenario: Scenario?, language: Language = .vi) -> Workbook {
        let lang: WorkbookLayout.Lang = language == .vi ? .vi : .en
        var book = Workbook()
        let yes = lang == .vi ? "có" : "yes", no = lang == .vi ? "không" : "no"
        func t(_ s: String?) -> Cell { s.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
        func list(_ xs: [String]) -> Cell { xs.isEmpty ? .empty : .text(xs.joined(separator: ", ")) }
        func n(_ v: Double) -> Cell { .number(v) }
        func i(_ v: Int) -> Cell { .plain(Int64(v)) }
        func money(_ v: Int64) -> Cell { .integer(v) }
        func b(_ v: Bool) -> Cell { .text(v ? yes : no) }
        let payersSheet = WorkbookLayout.table("payers").name(lang)

        func validations(_ sheet: WorkbookLayout.Sheet, rows: Int) -> [Workbook.DataValidation] {
            let last = max(rows + 1, 500)
            return sheet.columns.enumerated().compactMap { c, column in
                guard let choice = column.choices else { return nil }
                let range = "\(Workbook.columnName(c))2:\(Workbook.columnName(c))\(last)"
                switch choice {
                case .modes: return .init(range: range, choices: Mode.allCases.map(\.rawValue), message: "in_person, online, self_study, abroad")
                case .levels: return .init(range: range, choices: (0...6).map(String.init), message: lang == .vi ? "bậc 0…6" : "a level 0…6")
                case .yesNo: return .init(range: range, choices: [yes, no], message: "\(yes) / \(no)")
                case .payers:
                    let quoted = "'" + payersSheet.replacingOccurrences(of: "'", with: "''") + "'"
                    return .init(range: range, source: "\(quoted)!$A$2:$A$1000",
                                 message: lang == .vi ? "mã một nguồn ở trang \(payersSheet)" : "a payer id from the \(payersSheet) sheet")
                }
            }
        }

        // The field sheet: one row per field.
        let s = scenario
        let fieldValues: [String: Cell] = s.map { s in [
            "name": t(s.name), "description": t(s.description),
            "start_year": i(s.horizon.startYear), "end_year": i(s.horizon.endYear),
            "terms_per_year": i(s.horizon.termsPerYear),
            "milestones": s.horizon.milestones.count == 1 ? i(s.horizon.milestones[0]) : list(s.horizon.milestones.map(String.init)),
            "days": list(s.calendar.days), "use_default_holidays": b(s.calendar.useDefaultHolidays),
            "max_share_in_training": n(s.policy.maxShareInTraining), "fee_per_candidate_vnd": money(s.exams.feePerCandidate),
            "seats_per_term": s.exams.seatsPerTerm.map(i) ?? .empty,
        ] } ?? [:]
        let fs = WorkbookLayout.fieldSheet
        book.addSheet(name: fs.name(lang), header: lang == .vi ? ["Mục", "Giá trị", "Ghi chú"] : ["Field", "Value", "Note"],
                      rows: fs.columns.map { [.text($0.header(lang)), fieldValues[$0.key] ?? .empty, .text($0.note(lang))] },
                      validations: fs.columns.enumerated().compactMap { r, c in
                          c.choices == .yesNo ? .init(range: "B\(r + 2)", choices: [yes, no], message: "\(yes) / \(no)") : nil
                      })

        // The tables.
        for sheet in WorkbookLayout.tables {
            var rows: [[String: Cell]] = []
            var years: [Int] = []
            if let s {
                switch sheet.key {
                case "term_dates": rows = s.calendar.termDates.map { ["start": t($0.start), "end": t($0.end)] }
                case "periods": rows = s.calendar.periods.map { ["id": t($0.id), "start": t($0.start), "end": t($0.end), "lessons": i($0.lessons)] }
                case "holidays": rows = s.calendar.holidays.map { ["date": t($0)] }
                case "segments":
                    rows = s.segments.map { g in
                        var r: [String: Cell] = ["id": t(g.id), "name": t(g.name), "tags": list(g.tags), "priority": g.priority == 0 ? .empty : n(g.priority),
                                                 "preferred_windows": list(g.preferredWindows),
                                                 "max_share_in_training": g.maxShareInTraining.map(n) ?? .empty]
                        for (l, v) in g.headcount.enumerated() { r["level_\(l)"] = i(v) }
                        return r
                    }
                case "demography":
                    rows = s.segments.compactMap { g in
                        let d = g.demography
                        guard d.attrition != 0 || d.recruitsPerYear != 0 || d.recruitLevels != Demography().recruitLevels else { return nil }
                        var r: [String: Cell] = ["segment": t(g.id), "attrition": n(d.attrition), "recruits_per_year": i(d.recruitsPerYear)]
                        if d.recruitLevels != Demography().recruitLevels {
                            for (l, v) in d.recruitLevels.enumerated() { r["recruit_level_\(l)"] = n(v) }
                        }
                        return r
                    }
                case "transfers":
                    rows = s.segments.flatMap { g in g.demography.transfers.map { ["segment": t(g.id), "to": t($0.to), "share": n($0.share)] } }
                case "courses":
                    rows = s.courses.map { ["id": t($0.id), "name": t($0.name), "from_level": i($0.fromLevel), "to_level": i($0.toLevel),
                                            "hours": i($0.hours), "terms": i($0.terms), "exam": b($0.exam)] }
                case "modes":
                    rows = s.courses.flatMap { c in c.modes.map { m in
                        let classes = m.mode.hasClasses || m.classSizeMin != 0 || m.classSizeMax != 0 || m.sessionsPerWeek != 0
                        return ["course": t(c.id), "mode": t(m.mode.rawValue), "pass_rate": n(m.passRate),
                                "class_size_min": classes ? i(m.classSizeMin) : .empty, "class_size_max": classes ? i(m.classSizeMax) : .empty,
                                "sessions_per_week": classes ? i(m.sessionsPerWeek) : .empty,
                                "cost_per_class_vnd": money(m.costPerClass), "cost_per_learner_vnd": money(m.costPerLearner),
                                "max_learners_per_term": m.maxLearnersPerTerm.map(i) ?? .empty]
                    } }
                case "institutions":
                    rows = s.institutions.map { ["id": t($0.id), "name": t($0.name), "modes": list($0.modes.map(\.rawValue)),
                                                 "online_classes_max": i($0.onlineClassesMax), "cost_per_class_vnd": money($0.costPerClass)] }
                case "rooms":
                    rows = s.institutions.flatMap { inst in inst.rooms.map {
                        ["institution": t(inst.id), "id": t($0.id), "count": i($0.count), "seats": i($0.seats), "unavailable": list($0.unavailable)]
                    } }
                case "teachers":
                    rows = s.institutions.flatMap { inst in inst.teachers.map {
                        ["institution": t(inst.id), "id": t($0.id), "count": i($0.count), "max_level": i($0.maxLevel),
                         "hours_per_term": i($0.hoursPerTerm), "pay_per_period_vnd": money($0.payPerPeriod),
                         "max_sessions_per_week": i($0.maxSessionsPerWeek), "max_sessions_per_day": i($0.maxSessionsPerDay),
                         "unavailable": list($0.unavailable)]
                    } }
                case "payers":
                    rows = s.payers.map { ["id": t($0.id), "name": t($0.name), "funds_all": list($0.funds.all), "funds_any": list($0.funds.any),
                                           "funds_none": list($0.funds.none), "modes": list($0.modes.map(\.rawValue))] }
                case "budgets":
                    years = Set(s.budgets.flatMap(\.amounts.keys)).sorted()
                    rows = s.budgets.map { bu in
                        var r: [String: Cell] = ["payer": t(bu.payer), "open": b(bu.open)]
                        for (y, v) in bu.amounts { r[String(y)] = money(v) }
                        return r
                    }
                case "targets":
                    years = Set(s.targets.flatMap(\.milestones.keys)).sorted()
                    rows = s.targets.map { g in
                        var r: [String: Cell] = ["id": t(g.id), "name": t(g.name), "filter_all": list(g.filter.all),
                                                 "filter_any": list(g.filter.any), "filter_none": list(g.filter.none),
                                                 "level": i(g.level), "weight": n(g.weight)]
                        for (y, v) in g.milestones { r[String(y)] = n(v) }
                        return r
                    }
                case "history":
                    rows = s.history.map { ["target": t($0.target), "year": i($0.year), "share": n($0.share)] }
                default: break
                }
            } else if sheet.yearColumns != nil {
                years = [2026, 2027, 2028, 2029, 2030]
            }
            let keys = sheet.columns.map(\.key) + years.map(String.init)
            let header = sheet.columns.map { $0.header(lang) } + years.map(String.init)
            book.addSheet(name: sheet.name(lang), header: header,
                          rows: rows.map { r in keys.map { r[$0] ?? .empty } },
                          validations: validations(sheet, rows: rows.count))
        }

        // The notes: every column of every sheet with its unit and meaning.
        var notes: [[Cell]] = (lang == .vi ? [
            "Mỗi trang là một phần của kịch bản; mỗi dòng là một mục (nhóm, khóa học, …). Ô để trống nhận giá trị mặc định.",
            "Số tiền: VND, số nguyên (gõ 400000, không dấu chấm). Tỷ lệ: 0…1 hoặc 35%. Danh sách: cách nhau bằng dấu phẩy.",
            "Mã (id): không dấu cách, không trùng; các trang khác dùng mã để tham chiếu. Có/không: chọn trong danh sách.",
            "Cột \"Ghi chú\" (nếu thêm) để ghi chú riêng, không được đọc. Kiểm tra: langplan validate tệp.xlsx",
        ] : [
            "Each sheet is a part of the scenario; each row one item (a segment, a course, …). An empty cell takes the default.",
            "Money: VND, whole numbers (type 400000, no separators). Shares: 0…1 or 35%. Lists: comma-separated.",
            "Ids: no spaces, unique; other sheets refer to them. Yes/no: pick from the list.",
            "A \"Notes\" column (if you add one) is for your remarks and is not read. Check with: langplan validate file.xlsx",
        ]).map { [.text(lang == .vi ? "(chung)" : "(general)"), .empty, .empty, .text($0)] }
        for sheet in [fs] + WorkbookLayout.tables {
            for c in sheet.columns { notes.append([.text(sheet.name(lang)), .text(c.header(lang)), .text(c.key), .text(c.note(lang))]) }
            if sheet.yearColumns != nil {
                notes.append([.text(sheet.name(lang)), .text(lang == .vi ? "(các cột năm)" : "(year columns)"), .text("years"),
                              .text(WorkbookLayout.yearNote(sheet, lang))])
            }
        }
        book.addSheet(name: lang == .vi ? WorkbookLayout.notesVi : WorkbookLayout.notesEn,
                      header: lang == .vi ? ["Trang", "Cột", "Trường YAML", "Ý nghĩa và đơn vị"] : ["Sheet", "Column", "YAML field", "Meaning and unit"],
                      rows: notes)
        return book
    }
}
