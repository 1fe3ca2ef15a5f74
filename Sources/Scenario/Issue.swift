/// One problem found in a scenario: where it is, which field, what was found and what was expected.
public struct ScenarioIssue: Sendable, Equatable, CustomStringConvertible {
    /// The file name as given (or "<scenario>" for a scenario built in code).
    public var file: String
    /// 1-based line and column in the file; 0 when unknown (a scenario built in code).
    public var line: Int
    public var column: Int
    /// Field path, e.g. `targets[2].milestones.2030`; empty for the whole file.
    public var path: String
    /// What was found and what was expected.
    public var message: String
    /// In a workbook, the sheet and cell (`Targets!C12`) in place of line and column; nil in YAML.
    public var cell: String?

    public init(file: String, line: Int, column: Int, path: String, message: String, cell: String? = nil) {
        self.file = file; self.line = line; self.column = column; self.path = path; self.message = message
        self.cell = cell
    }

    /// `hcmc.yaml:42:7: targets[2].milestones.2030: share 1.4 is outside 0...1`, or for a
    /// workbook `hcmc.xlsx:Targets!C12: targets[2].milestones.2030: …`
    public var description: String {
        var s = file
        if let cell { s += ":\(cell)" } else if line > 0 { s += ":\(line):\(column)" }
        s += ": "
        if !path.isEmpty { s += path + ": " }
        return s + message
    }
}

/// Every problem found in one file; thrown by `ScenarioLoader`.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [ScenarioIssue]
    public init(issues: [ScenarioIssue]) { self.issues = issues }
    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Edit distance (Levenshtein) between two short strings, for "did you mean".
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev = Array(0...y.count)
    var cur = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        cur[0] = i
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        }
        swap(&prev, &cur)
    }
    return prev[y.count]
}

/// The closest candidate to `word`, when it is close enough to be a likely typo.
func didYouMean(_ word: String, among candidates: [String]) -> String? {
    guard word.unicodeScalars.count <= 64 else { return nil }
    let lower = word.lowercased()
    var best: String?
    var bestDistance = Int.max
    for c in candidates {
        let d = editDistance(lower, c.lowercased())
        if d < bestDistance { best = c; bestDistance = d }
    }
    guard let c = best else { return nil }
    let limit = max(1, min(3, c.count / 3))
    return bestDistance <= limit ? c : nil
}
