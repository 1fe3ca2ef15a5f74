import Foundation
import Spreadsheet
import Yams

extension WorkbookScenarioReader {
    /// Where each field of the field sheet sits in a scenario.
    static func fieldPath(_ key: String) -> String {
        switch key {
        case "start_year", "end_year", "terms_per_year", "milestones": return "horizon.\(key)"
        case "days", "use_default_holidays": return "calendar.\(key)"
        case "max_share_in_training": return "policy.\(key)"
        case "fee_per_candidate_vnd", "seats_per_term": return "exams.\(key)"
        default: return key
        }
    }

    /// A table's header and rows, or nil (with an issue when the part is required) when its sheet is absent.
    mutating func table(_ key: String) -> (SheetData, Header, [Row])? {
        let spec = WorkbookLayout.table(key)
        guard let sh = sheet(spec) else {
            if spec.required {
                issue(nil, spec.key, "no sheet \"\(spec.vi)\" (or \"\(spec.en)\"), expected one with \(spec.en.lowercased()); the workbook has \(sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))",
                      suppress: true)
            }
            return nil
        }
        guard let h = header(sh, spec) else {
            if spec.required { issue(nil, spec.key, "sheet \"\(sh.name)\" is empty, expected at least one row of \(spec.en.lowercased())", suppress: true) }
            return nil
        }
        return (sh, h, rows(sh, h))
    }

    /// Child rows (course modes, rooms, …) grouped by the parent id in `parentColumn`; rows naming
    /// an unknown parent are reported at that cell.
    mutating func children(_ key: String, parentColumn: String, parents: [String], parentSheet: WorkbookLayout.Sheet, parentName: String)
        -> (SheetData, Header, [String: [Row]])? {
        guard let (sh, h, rows) = table(key) else { return nil }
        var out: [String: [Row]] = [:]
        let known = Set(parents)
        for row in rows {
            guard let cell = row.cells[parentColumn], let id = Self.text(cell.value), !id.isEmpty else {
                let c = h.columns[parentColumn] ?? 0
                issue(place(sh.name, row.number, c), parentSheet.key,
                      "found nothing, expected the id of a row on sheet \"\(parentName)\"")
                continue
            }
            guard known.contains(id) else {
                let hint = didYouMean(id, among: parents).map { "; did you mean \($0)?" } ?? " (ids: \(parents.prefix(6).joined(separator: ", "))\(parents.count > 6 ? ", …" : ""))"
                issue(place(sh.name, cell.reference.row, cell.reference.column), parentSheet.key,
                      "found \(NodeReader.quoted(id)), which is not an id on sheet \"\(parentName)\"\(hint)")
                continue
            }
            out[id, default: []].append(row)
        }
        return (sh, h, out)
    }

    /// The ids in a table's id column, in row order.
    static func ids(_ rows: [Row]) -> [String] { rows.map { $0.cells["id"].flatMap { text($0.value) } ?? "" } }

    /// The scenario tree built from every sheet.
    mutating func root() -> Tree {
        let origin = place(sheets.first?.name ?? "Sheet1", 1, 0)
        var top: [(String, Tree)] = []

        // The field sheet: column A names a field, column B holds its value.
        var field: [String: Tree] = [:]
        var fieldSheetLoc = origin
        let fs = WorkbookLayout.fieldSheet
        if let sh = sheet(fs) {
            fieldSheetLoc = place(sh.name, 1, 0)
            for r in sh.rowNumbers {
                guard let labelCell = sh[r, 0], let label = Self.text(labelCell.value), !label.isEmpty else { continue }
                if ["muc", "field", "truong"].contains(WorkbookLayout.fold(label)) { continue }
                guard let column = fs.columns.first(where: { WorkbookLayout.matches(label, $0) }) else {
                    let names = fs.columns.map(\.vi) + fs.columns.map(\.en)
                    let hint = didYouMean(label, among: names).map { "; did you mean \"\($0)\"?" }
                        ?? "; expected one of \(fs.columns.map(\.vi).joined(separator: ", "))"
                    issue(place(sh.name, r, 0), "", "unknown field \(NodeReader.quoted(label))\(hint)")
                    continue
                }
                let path = Self.fieldPath(column.key)
                pathCells[path] = place(sh.name, r, 1)
                if field[column.key] != nil {
                    issue(place(sh.name, r, 0), path, "field \(NodeReader.quoted(label)) appears twice; keep one")
                    continue
                }
                if let cell = sh[r, 1], let n = node(cell, column.kind, sheet: sh.name, path: path) { field[column.key] = n }
            }
        } else {
            issue(nil, "horizon", "no sheet \"\(fs.vi)\" (or \"\(fs.en)\") with the scenario's name and years; the workbook has \(sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))",
                  suppress: true)
            reported.insert("name")
        }
        for k in ["name", "description"] { if let n = field[k] { top.append((k, n)) } }
        if sheet(fs) != nil {
            let h = ["start_year", "end_year", "terms_per_year", "milestones"].compactMap { k in field[k].map { (k, $0) } }
            top.append(("horizon", .map(h, loc: fieldSheetLoc)))
        }

        // Calendar: field-sheet fields and the terms, periods and holidays sheets.
        var calendar: [(String, Tree)] = []
        if let (sh, h, rows) = table("term_dates"), !rows.isEmpty {
            let spec = WorkbookLayout.table("term_dates")
            calendar.append(("term_dates", .seq(rows.enumerated().map { i, row in
                let p = "calendar.term_dates[\(i)]"
                pathCells[p] = place(sh.name, row.number, 0)
                return .map(fields(row, spec, h, sheet: sh.name, path: p), loc: place(sh.name, row.number, 0))
            }, loc: place(sh.name, h.row, 0))))
        }
        if let n = field["days"] { calendar.append(("days", n)) }
        if let (sh, h, rows) = table("periods"), !rows.isEmpty {
            let spec = WorkbookLayout.table("periods")
            calendar.append(("periods", .seq(rows.enumerated().map { i, row in
                let p = "calendar.periods[\(i)]"
                pathCells[p] = place(sh.name, row.number, 0)
                return .map(fields(row, spec, h, sheet: sh.name, path: p), loc: place(sh.name, row.number, 0))
            }, loc: place(sh.name, h.row, 0))))
        }
        if let (sh, h, rows) = table("holidays"), !rows.isEmpty {
            let items: [Tree] = rows.enumerated().compactMap { i, row in
                row.cells["date"].flatMap { node($0, .date, sheet: sh.name, path: "calendar.holidays[\(i)]") }
            }
            calendar.append(("holidays", .seq(items, loc: place(sh.name, h.row, 0))))
        }
        if let n = field["use_default_holidays"] { calendar.append(("use_default_holidays", n)) }
        if !calendar.isEmpty { top.append(("calendar", .map(calendar, loc: fieldSheetLoc))) }
        if let n = field["max_share_in_training"] { top.append(("policy", .map([("max_share_in_training", n)], loc: fieldSheetLoc))) }
        let exams = ["fee_per_candidate_vnd", "seats_per_term"].compactMap { k in field[k].map { (k, $0) } }
        if !exams.isEmpty { top.append(("exams", .map(exams, loc: fieldSheetLoc))) }

        top += segments() + courses() + institutions() + payersAndBudgets() + targetsAndHistory()
        return .map(top, loc: origin)
    }

    mutating func segments() -> [(String, Tree)] {
        guard let (sh, h, rows) = table("segments") else { return [] }
        let spec = WorkbookLayout.table("segments")
        let ids = Self.ids(rows)
        let demography = children("demography", parentColumn: "segment", parents: ids, parentSheet: spec, parentName: sh.name)
        let transfers = children("transfers", parentColumn: "segment", parents: ids, parentSheet: spec, parentName: sh.name)
        let levelKeys = Set((0...6).map { "level_\($0)" })
        let list: [Tree] = rows.enumerated().map { i, row in
            let p = "segments[\(i)]"
            let loc = place(sh.name, row.number, 0)
            pathCells[p] = loc
            var f = fields(row, spec, h, sheet: sh.name, path: p, skip: levelKeys)
            if let hc = levelMap(row, "level_", .int, h, sheet: sh.name, path: "\(p).headcount") {
                f.insert(("headcount", hc), at: min(f.count, 3))
            }
            var demo: [(String, Tree)] = []
            var demoLoc = loc
            if let (dsh, dh, groups) = demography, let drows = groups[ids[i]] {
                let dspec = WorkbookLayout.table("demography")
                let row = drows[0]
                demoLoc = place(dsh.name, row.number, 0)
                for extra in drows.dropFirst() {
                    issue(place(dsh.name, extra.number, dh.columns["segment"] ?? 0), "\(p).demography",
                          "a second row for segment \(ids[i]), expected one row per segment")
                }
                demo = fields(row, dspec, dh, sheet: dsh.name, path: "\(p).demography",
                              skip: Set(["segment"] + (0...6).map { "recruit_level_\($0)" }))
                if let mix = levelMap(row, "recruit_level_", .number, dh, sheet: dsh.name, path: "\(p).demography.recruit_levels") {
                    demo.append(("recruit_levels", mix))
                }
            }
            if let (tsh, th, groups) = transfers, let trows = groups[ids[i]] {
                let tspec = WorkbookLayout.table("transfers")
                let items: [Tree] = trows.enumerated().map { j, row in
                    let q = "\(p).demography.transfers[\(j)]"
                    pathCells[q] = place(tsh.name, row.number, 0)
                    return .map(fields(row, tspec, th, sheet: tsh.name, path: q, skip: ["segment"]), loc: place(tsh.name, row.number, 0))
                }
                if demo.isEmpty { demoLoc = place(tsh.name, trows[0].number, 0) }
                demo.append(("transfers", .seq(items, loc: place(tsh.name, trows[0].number, 0))))
            }
            if !demo.isEmpty { f.append(("demography", .map(demo, loc: demoLoc))) }
            return .map(f, loc: loc)
        }
        return [("segments", .seq(list, loc: place(sh.name, h.row, 0)))]
    }

    mutating func courses() -> [(String, Tree)] {
        guard let (sh, h, rows) = table("courses") else { return [] }
        let spec = WorkbookLayout.table("courses")
        let ids = Self.ids(rows)
        let modes = children("modes", parentColumn: "course", parents: ids, parentSheet: spec, parentName: sh.name)
        let list: [Tree] = rows.enumerated().map { i, row in
            let p = "courses[\(i)]"
            let loc = place(sh.name, row.number, 0)
            pathCells[p] = loc
            var f = fields(row, spec, h, sheet: sh.name, path: p)
            if let (msh, mh, groups) = modes, let mrows = groups[ids[i]] {
                let mspec = WorkbookLayout.table("modes")
                let items: [Tree] = mrows.enumerated().map { j, row in
                    let q = "\(p).modes[\(j)]"
                    pathCells[q] = place(msh.name, row.number, 0)
                    return .map(fields(row, mspec, mh, sheet: msh.name, path: q, skip: ["course"]), loc: place(msh.name, row.number, 0))
                }
                f.append(("modes", .seq(items, loc: place(msh.name, mrows[0].number, 0))))
            }
            return .map(f, loc: loc)
        }
        return [("courses", .seq(list, loc: place(sh.name, h.row, 0)))]
    }

    mutating func institutions() -> [(String, Tree)] {
        guard let (sh, h, rows) = table("institutions") else { return [] }
        let spec = WorkbookLayout.table("institutions")
        let ids = Self.ids(rows)
        let rooms = children("rooms", parentColumn: "institution", parents: ids, parentSheet: spec, parentName: sh.name)
        let teachers = children("teachers", parentColumn: "institution", parents: ids, parentSheet: spec, parentName: sh.name)
        let list: [Tree] = rows.enumerated().map { i, row in
            let p = "institutions[\(i)]"
            let loc = place(sh.name, row.number, 0)
            pathCells[p] = loc
            var f = fields(row, spec, h, sheet: sh.name, path: p)
            for (key, part) in [("rooms", rooms), ("teachers", teachers)] {
                guard let (csh, ch, groups) = part, let crows = groups[ids[i]] else { continue }
                let cspec = WorkbookLayout.table(key)
                let items: [Tree] = crows.enumerated().map { j, row in
                    let q = "\(p).\(key)[\(j)]"
                    pathCells[q] = place(csh.name, row.number, 0)
                    return .map(fields(row, cspec, ch, sheet: csh.name, path: q, skip: ["institution"]), loc: place(csh.name, row.number, 0))
                }
                f.append((key, .seq(items, loc: place(csh.name, crows[0].number, 0))))
            }
            return .map(f, loc: loc)
        }
        return [("institutions", .seq(list, loc: place(sh.name, h.row, 0)))]
    }

    /// Year columns of a row as `{year: value}`, nil when none is filled.
    mutating func years(_ row: Row, _ kind: WorkbookLayout.Kind, _ h: Header, sheet: String, path: String) -> Tree? {
        var pairs: [(String, Tree)] = []
        var first: Int?
        for (y, c) in h.years {
            let loc = place(sheet, row.number, c)
            pathCells["\(path).\(y)"] = loc
            first = first ?? loc
        }
        if let first { pathCells[path] = first }
        for (y, cell) in row.years {
            // The key carries the value's place (`yamsNode`): a year outside the horizon points at that cell.
            if let n = node(cell, kind, sheet: sheet, path: "\(path).\(y)") { pairs.append((String(y), n)) }
        }
        guard !pairs.isEmpty, let first else { return nil }
        return .map(pairs, loc: first)
    }

    mutating func payersAndBudgets() -> [(String, Tree)] {
        var out: [(String, Tree)] = []
        if let (sh, h, rows) = table("payers") {
            let spec = WorkbookLayout.table("payers")
            out.append(("payers", .seq(rows.enumerated().map { i, row in
                let p = "payers[\(i)]"
                pathCells[p] = place(sh.name, row.number, 0)
                var f = fields(row, spec, h, sheet: sh.name, path: p, skip: ["funds_all", "funds_any", "funds_none"])
                if let funds = filter(row, "funds", h, sheet: sh.name, path: "\(p).funds") { f.insert(("funds", funds), at: min(f.count, 2)) }
                return .map(f, loc: place(sh.name, row.number, 0))
            }, loc: place(sh.name, h.row, 0))))
        }
        if let (sh, h, rows) = table("budgets") {
            let spec = WorkbookLayout.table("budgets")
            out.append(("budgets", .seq(rows.enumerated().map { i, row in
                let p = "budgets[\(i)]"
                pathCells[p] = place(sh.name, row.number, 0)
                var f = fields(row, spec, h, sheet: sh.name, path: p)
                if let y = years(row, .money, h, sheet: sh.name, path: "\(p).years") { f.append(("years", y)) }
                return .map(f, loc: place(sh.name, row.number, 0))
            }, loc: place(sh.name, h.row, 0))))
        }
        return out
    }

    mutating func targetsAndHistory() -> [(String, Tree)] {
        var out: [(String, Tree)] = []
        if let (sh, h, rows) = table("targets") {
            let spec = WorkbookLayout.table("targets")
            out.append(("targets", .seq(rows.enumerated().map { i, row in
                let p = "targets[\(i)]"
                pathCells[p] = place(sh.name, row.number, 0)
                var f = fields(row, spec, h, sheet: sh.name, path: p, skip: ["filter_all", "filter_any", "filter_none"])
                if let fl = filter(row, "filter", h, sheet: sh.name, path: "\(p).filter") { f.append(("filter", fl)) }
                if let y = years(row, .number, h, sheet: sh.name, path: "\(p).milestones") { f.append(("milestones", y)) }
                return .map(f, loc: place(sh.name, row.number, 0))
            }, loc: place(sh.name, h.row, 0))))
        }
        if let (sh, h, rows) = table("history"), !rows.isEmpty {
            let spec = WorkbookLayout.table("history")
            out.append(("history", .seq(rows.enumerated().map { i, row in
                let p = "history[\(i)]"
                pathCells[p] = place(sh.name, row.number, 0)
                return .map(fields(row, spec, h, sheet: sh.name, path: p), loc: place(sh.name, row.number, 0))
            }, loc: place(sh.name, h.row, 0))))
        }
        return out
    }

    // MARK: Decoding

    /// Most cells (with their rows and sheets) a scenario workbook may fill: far above the
    /// shipped scenarios fill, low enough that composing the marks stays quick.
    static let maxPlaces = 300_000

    /// Marks whose line numbers index `places`: Yams offers no public way to make a `Mark`,
    /// so they are taken from a composed list with one item per line.
    static func marks(_ count: Int) -> [Mark] {
        guard count > 0, let node = try? Yams.compose(yaml: String(repeating: "- 0\n", count: count)),
              case .sequence(let items) = node else { return [] }
        return items.compactMap(\.mark)
    }

    static func yamsNode(_ t: Tree, _ marks: [Mark]) -> Node {
        func mark(_ loc: Int) -> Mark? { marks.indices.contains(loc) ? marks[loc] : nil }
        switch t {
        case .scalar(let s, let quoted, let loc):
            return .scalar(Node.Scalar(s, .implicit, quoted ? .doubleQuoted : .plain, mark(loc)))
        case .mapping(let keys, let values, let loc):
            return .mapping(Node.Mapping(zip(keys, values).map { key, value in
                (Node.scalar(Node.Scalar(key, .implicit, .plain, mark(Self.loc(value)))), yamsNode(value, marks))
            }, .implicit, .block, mark(loc)))
        case .seq(let items, let loc):
            return .sequence(Node.Sequence(items.map { yamsNode($0, marks) }, .implicit, .block, mark(loc)))
        }
    }

    static func loc(_ t: Tree) -> Int {
        switch t { case .scalar(_, _, let l), .mapping(_, _, let l), .seq(_, let l): return l }
    }

    /// Reads the scenario: the tree through the YAML decoder and checks, issues placed at cells.
    mutating func read() -> (Scenario?, [ScenarioIssue]) {
        let tree = root()
        guard places.count <= Self.maxPlaces else {
            return (nil, [ScenarioIssue(file: file, line: 0, column: 0, path: "",
                message: "the workbook has more than \(Self.maxPlaces) filled cells in scenario columns, more than a scenario needs; refused")])
        }
        let marks = Self.marks(places.count)
        guard marks.count == places.count else {
            return (nil, [ScenarioIssue(file: file, line: 0, column: 0, path: "", message: "the workbook is too large to read as a scenario")])
        }
        let (scenario, decoded) = ScenarioLoader.decodeCollecting(root: Self.yamsNode(tree, marks), file: file)
        var all = own
        let ownPaths = own.map(\.issue.path)
        for issue in decoded where !reported.contains(issue.path) {
            // "missing required field headcount" after a headcount cell was already reported
            // (a formula without a result, an error cell) says nothing new.
            if issue.message.hasPrefix("missing"), ownPaths.contains(where: { $0.hasPrefix(issue.path) && $0 != issue.path }) { continue }
            var loc: Int? = pathCells[issue.path] ?? (issue.line > 0 ? issue.line - 1 : nil)
            if issue.message.hasPrefix("missing required field"), issue.line > 0 { loc = pathCells[issue.path] ?? issue.line - 1 }
            var placed = issue
            placed.line = 0; placed.column = 0
            placed.cell = loc.map { cellName($0) }
            if let hint = hints[issue.path] { placed.message += "; \(hint)" }
            all.append(((loc ?? -1) + 1, placed))
        }
        var seen: Set<String> = []
        var issues = all.enumerated().sorted { ($0.element.loc, $0.offset) < ($1.element.loc, $1.offset) }
            .map(\.element.issue).filter { seen.insert($0.description).inserted }
        if issues.count > NodeReader.maxIssues {
            let more = issues.count - NodeReader.maxIssues
            issues = Array(issues.prefix(NodeReader.maxIssues))
            issues.append(ScenarioIssue(file: file, line: 0, column: 0, path: "", message: "… and \(more) more problems"))
        }
        return (issues.isEmpty ? scenario : nil, issues)
    }
}
