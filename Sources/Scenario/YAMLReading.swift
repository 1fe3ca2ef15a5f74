import Yams

/// Reads a composed YAML tree field by field, collecting every problem with its position
/// instead of stopping at the first. Values that cannot be read come back as nil.
final class NodeReader {
    let file: String
    private(set) var issues: [ScenarioIssue] = []
    /// Position of every field read, by path, so that semantic checks can point at lines.
    private(set) var marks: [String: (line: Int, column: Int)] = [:]
    /// Paths whose value could not be read: semantic checks below them are skipped.
    private(set) var broken: Set<String> = []
    /// Node visits left: guards against alias bombs ("billion laughs").
    private var budget: Int
    private(set) var exhausted = false
    static let maxIssues = 500

    init(file: String, visitBudget: Int = 400_000) {
        self.file = file
        self.budget = visitBudget
    }

    // MARK: Recording

    func issue(_ node: Node?, _ path: String, _ message: String) {
        let m = node?.mark
        issue(line: m?.line ?? 0, column: m?.column ?? 0, path, message)
    }

    func issue(line: Int, column: Int, _ path: String, _ message: String) {
        broken.insert(path)
        guard issues.count < Self.maxIssues else { return }
        issues.append(ScenarioIssue(file: file, line: line, column: column, path: path, message: message))
    }

    /// Marks a path as unread without an issue of its own (e.g. a misspelt key's intended field).
    func markBroken(_ path: String) { broken.insert(path) }

    func note(_ node: Node, _ path: String) {
        if marks[path] == nil, let m = node.mark { marks[path] = (m.line, m.column) }
    }

    /// Counts one node visit; false once the budget is spent (one issue is recorded then).
    func visit(_ node: Node) -> Bool {
        if exhausted { return false }
        budget -= 1
        if budget < 0 {
            exhausted = true
            issue(node, "", "the document expands to more than the allowed number of values (aliases nested too deeply?)")
            return false
        }
        return true
    }

    // MARK: Describing what was found

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence(let s): return "a list of \(s.count)"
        case .scalar(let s):
            if isQuoted(s) { return "text \(quoted(s.string))" }
            let t = s.string
            if isNull(s) { return "nothing (null)" }
            if let i = parseInteger(t) { return "number \(i)" }
            if parseDouble(t) != nil { return "number \(t)" }
            if parseBool(t) != nil { return t.lowercased() }
            return "text \(quoted(t))"
        }
    }

    static func quoted(_ s: String) -> String {
        var t = ""
        for ch in s.unicodeScalars.prefix(40) {
            switch ch {
            case "\n": t += "\\n"
            case "\t": t += "\\t"
            case "\"": t += "\\\""
            default:
                if ch.value < 0x20 || ch.value == 0x7f { t += "\\u{\(String(ch.value, radix: 16))}" } else { t.unicodeScalars.append(ch) }
            }
        }
        if s.unicodeScalars.count > 40 { t += "…" }
        return "\"\(t)\""
    }

    static func isQuoted(_ s: Node.Scalar) -> Bool {
        switch s.style {
        case .singleQuoted, .doubleQuoted, .literal, .folded: return true
        default: return false
        }
    }

    static func isNull(_ s: Node.Scalar) -> Bool {
        if isQuoted(s) { return false }
        switch s.string { case "", "~", "null", "Null", "NULL": return true; default: return false }
    }

    // MARK: Scalar parsing (plain text, our own rules: no YAML 1.1 surprises)

    /// "45_000_000_000", "-3", "+7"; integral floats like "150.0" and "1e6" too.
    static func parseInteger(_ text: String) -> Int? {
        let t = text.trimmingSpaces
        guard !t.isEmpty, t.utf8.count <= 40 else { return nil }
        var digits = Substring(t)
        var negative = false
        if let f = digits.first, f == "-" || f == "+" { negative = f == "-"; digits = digits.dropFirst() }
        if !digits.isEmpty, digits.first != "_", digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) {
            let clean = digits.filter { $0 != "_" }
            guard let v = Int(clean) else { return nil }
            return negative ? -v : v
        }
        return nil
    }

    /// Number text, including "1.5", "1e-3", "35%" (= 0.35); nil for anything else.
    static func parseDouble(_ text: String) -> Double? {
        var t = text.trimmingSpaces.filter { $0 != "_" }
        guard !t.isEmpty, t.utf8.count <= 60 else { return nil }
        var scale = 1.0
        if t.hasSuffix("%") { t.removeLast(); scale = 0.01 }
        guard t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              t.contains(where: { $0.isNumber }), let v = Double(t) else { return nil }
        return v * scale
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    // MARK: Typed reads (each records an issue and returns nil when the value is wrong)

    func int(_ node: Node, _ path: String, what: String = "a whole number") -> Int? {
        guard visit(node) else { return nil }
        note(node, path)
        if case .scalar(let s) = node, !Self.isNull(s), let message = NumberWriting.groupedThousands(s.string, what: what, whole: true) {
            issue(node, path, message)
            return nil
        }
        if case .scalar(let s) = node, !Self.isQuoted(s), !Self.isNull(s) {
            if let i = Self.parseInteger(s.string) { return i }
            if let d = Self.parseDouble(s.string) {
                if d.isFinite, d == d.rounded(), abs(d) < 9e15 { return Int(d) }
                if !d.isFinite || d == d.rounded() {
                    issue(node, path, "found number \(s.string), which is too large, expected \(what)")
                } else {
                    issue(node, path, "found fractional number \(s.string), expected \(what)")
                }
                return nil
            }
        }
        issue(node, path, "found \(Self.describe(node)), expected \(what)")
        return nil
    }

    func money(_ node: Node, _ path: String) -> Int64? {
        int(node, path, what: "an amount in VND (whole number)").map { Int64($0) }
    }

    func double(_ node: Node, _ path: String, what: String = "a number") -> Double? {
        guard visit(node) else { return nil }
        note(node, path)
        if case .scalar(let s) = node, !Self.isNull(s), let message = NumberWriting.decimalComma(s.string, what: what) {
            issue(node, path, message)
            return nil
        }
        if case .scalar(let s) = node, !Self.isQuoted(s), let d = Self.parseDouble(s.string) {
            if d.isFinite { return d }
            issue(node, path, "found \(s.string), which is too large, expected \(what)")
            return nil
        }
        if case .scalar(let s) = node, !Self.isQuoted(s), [".nan", ".inf", "-.inf", ".NaN", ".Inf"].contains(s.string) {
            issue(node, path, "found \(s.string), expected a finite number (\(what))")
            return nil
        }
        issue(node, path, "found \(Self.describe(node)), expected \(what)")
        return nil
    }

    func string(_ node: Node, _ path: String, what: String = "text") -> String? {
        guard visit(node) else { return nil }
        note(node, path)
        if case .scalar(let s) = node, !Self.isNull(s) { return s.string }
        issue(node, path, "found \(Self.describe(node)), expected \(what)")
        return nil
    }

    /// A non-empty identifier without spaces.
    func identifier(_ node: Node, _ path: String) -> String? {
        guard let s = string(node, path, what: "an id (text without spaces)") else { return nil }
        if s.isEmpty || s.contains(where: { $0.isWhitespace || $0.isNewline }) || s.unicodeScalars.count > 100 {
            issue(node, path, "found \(Self.quoted(s)), expected an id: 1 to 100 characters, no spaces")
            return nil
        }
        return s
    }

    func bool(_ node: Node, _ path: String) -> Bool? {
        guard visit(node) else { return nil }
        note(node, path)
        if case .scalar(let s) = node, !Self.isQuoted(s), let b = Self.parseBool(s.string) { return b }
        issue(node, path, "found \(Self.describe(node)), expected true or false")
        return nil
    }

    func list(_ node: Node, _ path: String, what: String) -> [Node]? {
        guard visit(node) else { return nil }
        note(node, path)
        if case .sequence(let s) = node { return Array(s) }
        if case .scalar(let s) = node, Self.isNull(s) { return [] }
        issue(node, path, "found \(Self.describe(node)), expected \(what)")
        return nil
    }

    func stringList(_ node: Node, _ path: String, what: String = "a list of text") -> [String]? {
        guard let items = list(node, path, what: what) else { return nil }
        var out: [String] = []
        var ok = true
        for (i, item) in items.enumerated() {
            if let s = string(item, "\(path)[\(i)]") { out.append(s) } else { ok = false }
        }
        return ok ? out : nil
    }

    func mode(_ node: Node, _ path: String) -> Mode? {
        guard let s = string(node, path, what: "a mode") else { return nil }
        if let m = Mode(rawValue: s) { return m }
        let names = Mode.allCases.map(\.rawValue)
        let hint = didYouMean(s, among: names).map { "; did you mean \($0)?" } ?? ""
        issue(node, path, "found \(Self.quoted(s)), expected one of \(names.joined(separator: ", "))\(hint)")
        return nil
    }

    func modes(_ node: Node, _ path: String) -> [Mode]? {
        guard let items = list(node, path, what: "a list of modes") else { return nil }
        var out: [Mode] = []
        var ok = true
        for (i, item) in items.enumerated() {
            if let m = mode(item, "\(path)[\(i)]") { out.append(m) } else { ok = false }
        }
        return ok ? out : nil
    }

    /// A mapping keyed by whole numbers (years or levels): `{2030: 0.35}`.
    func intKeyed(_ node: Node, _ path: String, what: String, keyWhat: String) -> [(key: Int, keyNode: Node, value: Node)]? {
        guard visit(node) else { return nil }
        note(node, path)
        guard case .mapping(let m) = node else {
            if case .scalar(let s) = node, Self.isNull(s) { return [] }
            issue(node, path, "found \(Self.describe(node)), expected \(what)")
            return nil
        }
        var out: [(Int, Node, Node)] = []
        var seen: Set<Int> = []
        for (k, v) in m {
            guard case .scalar(let ks) = k, !Self.isQuoted(ks) || Self.parseInteger(ks.string) != nil,
                  let key = Self.parseInteger(ks.string) else {
                issue(k, path, "found key \(Self.describe(k)), expected \(keyWhat)")
                continue
            }
            if !seen.insert(key).inserted {
                issue(k, "\(path).\(key)", "duplicate key \(key)")
                continue
            }
            out.append((key, k, v))
        }
        return out
    }
}

/// A mapping's fields by name, with unknown and duplicate keys reported once when made.
struct Fields {
    let reader: NodeReader
    let node: Node
    let path: String
    private var values: [String: (key: Node, value: Node)] = [:]
    /// Known keys offered as "did you mean" for a misspelt key (not reported again as missing).
    private var suggested: Set<String> = []
    let ok: Bool

    /// Reads `node` as a mapping with the `known` keys; reports anything else.
    init(_ reader: NodeReader, _ node: Node, _ path: String, known: [String], what: String) {
        self.reader = reader; self.node = node; self.path = path
        guard reader.visit(node) else { ok = false; return }
        reader.note(node, path)
        guard case .mapping(let m) = node else {
            reader.issue(node, path, "found \(NodeReader.describe(node)), expected \(what)")
            ok = false
            return
        }
        ok = true
        var previous: (name: String, value: Node)? = nil
        for (k, v) in m {
            let sub = path.isEmpty ? "" : path + "."
            guard case .scalar(let ks) = k, !NodeReader.isNull(ks) else {
                reader.issue(k, path, "found key \(NodeReader.describe(k)), expected one of \(known.joined(separator: ", "))")
                continue
            }
            let name = ks.string
            defer { previous = (name, v) }
            // `{pass_rate: 0,8}` reads as pass_rate 0 and a key "8": a decimal comma split by flow style.
            if !known.contains(name), let (prevName, prevValue) = previous, case .scalar(let pv) = prevValue,
               case .scalar(let nv) = v, NodeReader.isNull(nv), !NodeReader.isQuoted(pv),
               let message = NumberWriting.decimalComma(pv.string + "," + name, what: "a number") {
                reader.issue(prevValue, sub + prevName, message + "; inside { } a comma separates fields, so this was read as \(prevName): \(pv.string) and a field \(NodeReader.quoted(name))")
                reader.markBroken(sub + name)
                continue
            }
            guard known.contains(name) else {
                var msg = "unknown key \(NodeReader.quoted(name))"
                if let guess = didYouMean(name, among: known) {
                    msg += "; did you mean \(guess)?"
                    suggested.insert(guess)
                    reader.markBroken(sub + guess)
                } else {
                    msg += "; expected one of \(known.joined(separator: ", "))"
                }
                reader.issue(k, sub + name, msg)
                continue
            }
            if values[name] != nil {
                reader.issue(k, sub + name, "duplicate key \(NodeReader.quoted(name)); each field may appear once")
                continue
            }
            values[name] = (k, v)
            reader.note(v, sub + name)
        }
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of `key`, nil when absent (or written as null).
    subscript(key: String) -> Node? {
        guard let v = values[key]?.value else { return nil }
        if case .scalar(let s) = v, NodeReader.isNull(s) { return nil }
        return v
    }

    /// The value of `key`; an issue at the mapping when it is missing.
    func required(_ key: String, _ what: String) -> Node? {
        if let v = self[key] { return v }
        if let kv = values[key] {
            reader.issue(kv.value, child(key), "found nothing (null), expected \(what)")
        } else if ok && !suggested.contains(key) {
            reader.issue(node, child(key), "missing required field \(key) (\(what))")
        }
        return nil
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
