import Foundation
import Yams

/// Reads scenario files: YAML → `Scenario`, with every problem reported at once.
public enum ScenarioLoader {
    /// Files larger than this are refused before they are read.
    public static let maxFileBytes = 20 * 1024 * 1024
    /// Nesting deeper than this is refused before parsing (a scenario needs about 6 levels).
    static let maxDepth = 64

    /// Loads and validates the scenario at `path`; the issues name the file as given.
    /// A YAML file or an .xlsx workbook, told apart by content (`read(data:name:)`).
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        try load(data: try readData(path: path), name: path)
    }

    /// Reads a file as UTF-8 text with the same checks as `load` (size, binary, encoding).
    public static func readText(path: String) throws(ScenarioError) -> String {
        try decodeText(try readData(path: path), file: path)
    }

    /// A file's bytes after the checks every reader makes: it exists, is a file, and is no
    /// larger than `maxFileBytes` (checked before reading).
    public static func readData(path: String) throws(ScenarioError) -> Data {
        func fail(_ message: String) -> ScenarioError {
            ScenarioError(issues: [ScenarioIssue(file: path, line: 0, column: 0, path: "", message: message)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("no such file") }
        if isDirectory.boolValue { throw fail("is a directory, expected a scenario file (.yaml)") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.int64Value > Int64(maxFileBytes) {
            throw fail("file is \(size.int64Value / 1_048_576) MB, larger than the \(maxFileBytes / 1_048_576) MB a scenario may have; refused without reading it")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("cannot be opened for reading") }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: maxFileBytes + 1) ?? Data() } catch { throw fail("cannot be read: \(error.localizedDescription)") }
        if data.count > maxFileBytes {
            throw fail("file is larger than the \(maxFileBytes / 1_048_576) MB a scenario may have; refused")
        }
        return data
    }

    /// UTF-8 text of `data`, or an issue when it is binary or not UTF-8.
    static func decodeText(_ data: Data, file: String) throws(ScenarioError) -> String {
        func fail(_ line: Int, _ message: String) -> ScenarioError {
            ScenarioError(issues: [ScenarioIssue(file: file, line: line, column: line > 0 ? 1 : 0, path: "", message: message)])
        }
        if data.isEmpty { throw fail(0, "file is empty, expected a scenario in YAML") }
        // UTF-16 with a byte order mark (Notepad's "Unicode"): read it as the text it is.
        if UTF16Text.hasBOM([UInt8](data.prefix(2))) {
            guard let text = UTF16Text.decode([UInt8](data)) else {
                throw fail(0, "file starts like UTF-16 text but is not valid UTF-16; save it as UTF-8")
            }
            return text
        }
        if let nul = data.firstIndex(of: 0) {
            let line = data[data.startIndex..<nul].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            throw fail(line, "file is binary (a NUL byte at offset \(nul - data.startIndex)), expected YAML text")
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            // Find the line of the first invalid byte for the message.
            var line = 1
            var start = bytes.startIndex
            for (i, b) in zip(bytes.indices, bytes) where b == 10 {
                if String(validating: bytes[start..<i], as: UTF8.self) == nil { break }
                line += 1
                start = i + 1
            }
            throw fail(line, "file is not UTF-8 text (binary, or saved in another encoding such as Windows-1258), expected YAML text in UTF-8; save it as UTF-8 (in Notepad: Save As › Encoding: UTF-8)")
        }
        return text
    }

    /// Parses and validates YAML text; `file` names it in the issues.
    public static func parse(yaml: String, file: String) throws(ScenarioError) -> Scenario {
        let (scenario, issues) = parseCollecting(yaml: yaml, file: file)
        if let scenario, issues.isEmpty { return scenario }
        throw ScenarioError(issues: issues.isEmpty
            ? [ScenarioIssue(file: file, line: 0, column: 0, path: "", message: "could not be read")] : issues)
    }

    /// The scenario (when its shape could be read) and every issue found.
    static func parseCollecting(yaml: String, file: String) -> (Scenario?, [ScenarioIssue]) {
        func one(_ line: Int, _ column: Int, _ message: String) -> (Scenario?, [ScenarioIssue]) {
            (nil, [ScenarioIssue(file: file, line: line, column: column, path: "", message: message)])
        }
        if yaml.utf8.count > maxFileBytes {
            return one(0, 0, "text is larger than the \(maxFileBytes / 1_048_576) MB a scenario may have; refused")
        }
        if let nul = yaml.utf8.firstIndex(of: 0) {
            let line = yaml.utf8[..<nul].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            return one(line, 1, "file is binary (contains a NUL byte), expected YAML text")
        }
        let meaningful = yaml.split(whereSeparator: \.isNewline).contains { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#") && t != "---" && t != "..."
        }
        if !meaningful { return one(0, 0, "file is empty (no YAML content), expected a scenario") }
        if let (line, column) = excessiveNesting(yaml, limit: maxDepth) {
            return one(line, column, "nesting deeper than \(maxDepth) levels, expected a scenario (about 6 levels deep)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let e as YamlError {
            return (nil, [issue(from: e, file: file)])
        } catch {
            return one(0, 0, "not YAML: \(error)")
        }
        guard let root else { return one(0, 0, "file is empty (no YAML content), expected a scenario") }
        return decodeCollecting(root: root, file: file)
    }

    /// Decodes and checks a composed tree (from YAML, or built from a workbook's cells): the
    /// scenario when its shape could be read, and every issue, in mark order.
    static func decodeCollecting(root: Node, file: String) -> (Scenario?, [ScenarioIssue]) {
        let reader = NodeReader(file: file)
        let scenario = ScenarioDecoder(r: reader).decode(root)
        var issues = reader.issues
        if let scenario, !reader.exhausted {
            let broken = reader.broken
            let marks = reader.marks
            let horizonBroken = broken.contains { $0.hasPrefix("horizon") } || broken.contains("")
            var checker = SemanticChecker(
                file: file,
                locate: { marks[$0] },
                skip: { path in
                    var p = path
                    while true {
                        if broken.contains(p) { return true }
                        guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { return false }
                        p = String(p[..<cut])
                    }
                })
            checker.trustHorizon = !horizonBroken
            checker.run(scenario)
            issues += checker.issues
        }
        var seen: Set<String> = []
        issues = issues.enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
            .map(\.element)
            .filter { seen.insert($0.description).inserted }
        if issues.count > NodeReader.maxIssues {
            let more = issues.count - NodeReader.maxIssues
            issues = Array(issues.prefix(NodeReader.maxIssues))
            issues.append(ScenarioIssue(file: file, line: 0, column: 0, path: "", message: "… and \(more) more problems"))
        }
        return (scenario, issues)
    }

    static func issue(from e: YamlError, file: String) -> ScenarioIssue {
        func make(_ mark: Mark?, _ text: String) -> ScenarioIssue {
            ScenarioIssue(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, path: "", message: "not valid YAML: \(text)")
        }
        switch e {
        case .scanner(let context, let problem, let mark, let yaml), .parser(let context, let problem, let mark, let yaml),
             .composer(let context, let problem, let mark, let yaml):
            if let tab = tabNear(mark, in: yaml) {
                return ScenarioIssue(file: file, line: tab.line, column: tab.column, path: "",
                                     message: "not valid YAML: a tab character at line \(tab.line), column \(tab.column): YAML allows only spaces for indentation and between items; replace the tab with spaces")
            }
            let ctx = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return make(mark, problem + ctx)
        case .reader(let problem, let offset, _, let yaml):
            var line = 0
            if let offset {
                line = 1 + yaml.prefix(max(0, offset)).filter(\.isNewline).count
            }
            return ScenarioIssue(file: file, line: line, column: line > 0 ? 1 : 0, path: "", message: "not valid YAML text: \(problem)")
        default:
            return make(nil, "\(e)")
        }
    }

    /// The tab that explains a syntax error at `mark`: the character at the mark, or a tab in
    /// the indentation of its line or of the line before (libyaml reports some tabs a line late).
    /// Lines split on LF, CRLF and CR alike; columns count Unicode scalars, as libyaml does.
    static func tabNear(_ mark: Mark, in yaml: String) -> (line: Int, column: Int)? {
        guard mark.line > 0 else { return nil }
        // CRLF gives an empty piece between CR and LF: count lines as libyaml does, one per break.
        var numbered: [Substring.UnicodeScalarView] = []
        var previousCR = false
        var index = yaml.unicodeScalars.startIndex
        var start = index
        for u in yaml.unicodeScalars {
            let next = yaml.unicodeScalars.index(after: index)
            if u == "\r" || (u == "\n" && !previousCR) { numbered.append(yaml.unicodeScalars[start..<index][...]) }
            if u == "\r" || u == "\n" { start = next }
            previousCR = u == "\r"
            index = next
        }
        numbered.append(yaml.unicodeScalars[start...][...])
        func at(_ n: Int) -> [Unicode.Scalar]? { n >= 1 && n <= numbered.count ? Array(numbered[n - 1]) : nil }
        if let line = at(mark.line), mark.column >= 1, mark.column <= line.count, line[mark.column - 1] == "\t" {
            return (mark.line, mark.column)
        }
        for n in [mark.line, mark.line - 1] {
            guard let line = at(n) else { continue }
            for (i, u) in line.enumerated() {
                if u == "\t" { return (n, i + 1) }
                if u != " " && u != "-" { break }
            }
        }
        return nil
    }

    /// The position where flow brackets or block indentation nest deeper than `limit`, if anywhere.
    /// A rough count (quotes are followed only on one line) that guards the recursive parser.
    static func excessiveNesting(_ text: String, limit: Int) -> (Int, Int)? {
        var flow = 0
        var indents: [Int] = []
        var lineNo = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var column = 0
            var indent = 0
            var inLeading = true
            var inSingle = false, inDouble = false
            var blockOnLine = 0
            var previous: Character = " "
            chars: for ch in line {
                column += 1
                if inLeading {
                    if ch == " " { indent += 1; previous = ch; continue }
                    if ch == "-" || ch == "?" { blockOnLine += 1; indent += 1; previous = ch; continue }
                    inLeading = false
                    if ch == "#" { break }
                    while let last = indents.last, last >= indent { indents.removeLast() }
                    indents.append(indent)
                }
                if inDouble { if ch == "\"" && previous != "\\" { inDouble = false } }
                else if inSingle { if ch == "'" { inSingle = false } }
                else {
                    switch ch {
                    case "\"" where previous == " " || previous == "[" || previous == "{" || previous == "," || previous == ":": inDouble = true
                    case "'" where previous == " " || previous == "[" || previous == "{" || previous == "," || previous == ":": inSingle = true
                    case "[", "{": flow += 1
                    case "]", "}": flow = max(0, flow - 1)
                    case "#" where previous == " " || previous == "\t": break chars
                    default: break
                    }
                }
                if flow + indents.count + blockOnLine > limit { return (lineNo, column) }
                previous = ch
            }
            if indents.count + blockOnLine > limit { return (lineNo, 1) }
        }
        return nil
    }
}
