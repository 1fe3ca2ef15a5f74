import Foundation
import Yams

/// A new survey of where staff stand: headcount by level per segment, as of a year.
///
/// YAML form:
/// ```yaml
/// as_of: 2028                 # the first year still to plan
/// segments:
///   city-cbcc-leader-u40: [10, 20, 30, 40, 5, 0, 0]   # levels 0..6
///   vc: {3: 4000, 4: 2500}                          # or a map level → people
/// ```
/// A roster CSV (see `Roster`) works too: its segments are matched to the scenario's by tags.
public struct Survey: Sendable, Equatable {
    public var asOf: Int
    public var headcount: [String: [Int]]
    public init(asOf: Int, headcount: [String: [Int]]) { self.asOf = asOf; self.headcount = headcount }

    /// Reads a survey YAML file; problems name the file and the key.
    public static func load(path: String, scenario: Scenario) throws(ScenarioError) -> Survey {
        let text = try ScenarioLoader.readText(path: path)
        func issue(_ key: String, _ msg: String) -> ScenarioError {
            ScenarioError(issues: [ScenarioIssue(file: path, line: 0, column: 0, path: key, message: msg)])
        }
        guard let root = (try? Yams.load(yaml: text)) as? [String: Any] else {
            throw issue("", "not a YAML mapping; expected as_of and segments")
        }
        guard let asOf = root["as_of"] as? Int else { throw issue("as_of", "expected a year, e.g. as_of: 2028") }
        guard let segs = root["segments"] as? [String: Any] else { throw issue("segments", "expected a mapping segment id → headcount") }
        var out: [String: [Int]] = [:]
        var problems: [ScenarioIssue] = []
        let known = Set(scenario.segments.map(\.id))
        for (id, value) in segs {
            guard known.contains(id) else {
                problems.append(ScenarioIssue(file: path, line: 0, column: 0, path: "segments.\(id)", message: "unknown segment \(id) (the scenario has \(known.sorted().prefix(5).joined(separator: ", "))…)"))
                continue
            }
            var levels = [Int](repeating: 0, count: 7)
            if let list = value as? [Int], list.count == 7, list.allSatisfy({ $0 >= 0 }) {
                levels = list
            } else if let map = value as? [AnyHashable: Any],
                      let pairs = Optional(map.compactMap { k, v -> (Int, Int)? in
                          guard let l = (k.base as? Int) ?? Int("\(k.base)"), let n = v as? Int else { return nil }
                          return (l, n)
                      }), pairs.count == map.count, pairs.allSatisfy({ (0...6).contains($0.0) && $0.1 >= 0 }) {
                for (l, n) in pairs { levels[l] = n }
            } else {
                problems.append(ScenarioIssue(file: path, line: 0, column: 0, path: "segments.\(id)", message: "expected 7 non-negative counts (levels 0..6) or a map level → count"))
                continue
            }
            out[id] = levels
        }
        if !problems.isEmpty { throw ScenarioError(issues: problems) }
        return Survey(asOf: asOf, headcount: out)
    }

    /// Builds a survey from a roster CSV, matching each roster segment to the scenario
    /// segment whose tags include all of the roster segment's tags with the fewest extra.
    public static func fromRoster(path: String, asOf: Int, scenario: Scenario) throws(ScenarioError) -> Survey {
        func fail(_ line: Int, _ message: String) -> ScenarioError {
            ScenarioError(issues: [ScenarioIssue(file: path, line: line, column: 0, path: "", message: message)])
        }
        let data: Data
        do { data = try Roster.readData(path: path) } catch { throw fail(error.line, error.message) }
        let r: RosterImport
        if ScenarioLoader.format(of: data) == .workbook {
            // A roster workbook: its first visible sheet, as `import-roster` reads it.
            do { r = try Roster.aggregate(workbook: data, sheet: nil, asOf: asOf).result } catch { throw fail(0, error.message) }
        } else {
            let text: String
            do { text = try Roster.text(of: data, file: path) } catch { throw fail(error.line, error.message) }
            r = Roster.aggregate(csv: text, asOf: asOf)
        }
        if !r.problems.isEmpty {
            throw ScenarioError(issues: r.problems.map { ScenarioIssue(file: path, line: $0.row, column: 0, path: $0.column, message: $0.message) })
        }
        var out: [String: [Int]] = [:]
        var problems: [ScenarioIssue] = []
        for seg in r.segments {
            let candidates = scenario.segments.filter { s in Set(seg.tags).isSubset(of: Set(s.tags)) }
                .sorted { $0.tags.count < $1.tags.count }
            guard let match = candidates.first, candidates.dropFirst().first?.tags.count != match.tags.count else {
                let group = "roster group [\(seg.tags.joined(separator: ", "))] (\(seg.total) people)"
                let message = candidates.isEmpty
                    ? "\(group) matches no scenario segment: no segment's tags include all of \(seg.tags.joined(separator: ", ")); add such a segment, or give the survey as YAML (as_of and headcount by segment id)"
                    : "\(group) matches \(candidates.prefix(while: { $0.tags.count == candidates[0].tags.count }).map(\.id).joined(separator: ", ")) equally: a roster's columns (category, commune, leader, birth year) cannot tell these segments apart; give the survey as YAML (as_of and headcount by segment id), or give the segments tags a roster can tell apart"
                problems.append(ScenarioIssue(file: path, line: 0, column: 0, path: seg.id, message: message))
                continue
            }
            out[match.id] = zip(out[match.id] ?? Array(repeating: 0, count: 7), seg.headcount + Array(repeating: 0, count: max(0, 7 - seg.headcount.count))).map { $0 + $1 }
        }
        if !problems.isEmpty { throw ScenarioError(issues: problems) }
        return Survey(asOf: asOf, headcount: out)
    }

    /// The scenario re-based on this survey: planning starts in `asOf`, segments surveyed
    /// take their new headcounts (others keep theirs), milestones and budgets before
    /// `asOf` are dropped (they are history), and `spentAlready` (VND per payer and year,
    /// e.g. classes still running) is taken off the remaining budgets.
    public func rebase(_ s: Scenario, spentAlready: [String: [Int: Int64]] = [:]) -> Scenario {
        var out = s
        out.horizon.startYear = asOf
        out.horizon.milestones = s.horizon.milestones.filter { $0 >= asOf }
        // Milestones already past are history, not targets of the new plan.
        for k in out.targets.indices { out.targets[k].milestones = out.targets[k].milestones.filter { $0.key >= asOf } }
        for i in out.segments.indices { if let h = headcount[out.segments[i].id] { out.segments[i].headcount = h } }
        for i in out.budgets.indices {
            out.budgets[i].amounts = out.budgets[i].amounts.filter { $0.key >= asOf }
            for (y, v) in spentAlready[out.budgets[i].payer] ?? [:] where y >= asOf {
                out.budgets[i].amounts[y] = max(0, (out.budgets[i].amounts[y] ?? 0) - v)
            }
        }
        return out
    }
}

extension Scenario {
    /// Every semantic problem of the scenario (see `validate(_:)`).
    public var problems: [ScenarioIssue] { validate(self) }
}
