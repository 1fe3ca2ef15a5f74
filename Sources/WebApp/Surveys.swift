import Foundation
import GRDB
import Scenario

/// Agencies' yearly surveys: a roster is counted into segments on upload (`Roster.aggregate`)
/// and discarded; only counts by segment and level are stored, and merged for the planner.
enum Surveys {
    /// Counts of one segment, as stored (no personal data).
    struct Counts: Codable, Sendable {
        var tags: [String]
        var headcount: [Int]
        /// The segment its people age into, and how many of them did in the survey year.
        var transferTo: String?
        var transferred: Double
    }

    /// Counts a roster. Rows with problems are not counted.
    /// - Returns: the counts by segment id, people counted and the problems (row, column, message).
    static func count(csv: String, asOf: Int) -> (counts: [String: Counts], people: Int, problems: [RosterProblem]) {
        let r = Roster.aggregate(csv: csv, asOf: asOf)
        var counts: [String: Counts] = [:]
        for s in r.segments {
            let t = s.demography.transfers.first
            counts[s.id] = Counts(tags: s.tags, headcount: s.headcount, transferTo: t?.to,
                                  transferred: (t?.share ?? 0) * Double(s.total))
        }
        return (counts, r.people, r.problems)
    }

    /// Every unit's latest submission for one survey year, summed by segment.
    struct Merged: Sendable {
        var asOf: Int
        var segments: [Segment]
        var people: Int
        var units: Int
    }

    /// - Parameter asOf: the survey year; nil → the latest year any agency submitted.
    /// - Returns: nil when no survey was submitted for that year.
    static func merged(store: Store, asOf: Int?) async throws -> Merged? {
        let all = try await store.db.read { db in try SurveyRecord.order(Column("submittedAt").desc).fetchAll(db) }
        guard let year = asOf ?? all.map(\.asOf).max() else { return nil }
        var latest: [String: SurveyRecord] = [:]
        for s in all where s.asOf == year && latest[s.unit] == nil { latest[s.unit] = s }
        guard !latest.isEmpty else { return nil }
        var sum: [String: Counts] = [:]
        var people = 0
        for s in latest.values {
            people += s.people
            let c = (try? JSONDecoder().decode([String: Counts].self, from: Data(s.counts.utf8))) ?? [:]
            for (id, x) in c {
                var m = sum[id] ?? Counts(tags: x.tags, headcount: [0, 0, 0, 0, 0, 0, 0], transferTo: x.transferTo, transferred: 0)
                for (l, n) in x.headcount.enumerated() where l < 7 { m.headcount[l] += n }
                m.transferred += x.transferred
                m.transferTo = m.transferTo ?? x.transferTo
                sum[id] = m
            }
        }
        let segments = sum.keys.sorted().map { id -> Segment in
            let c = sum[id]!
            var d = Demography()
            let total = c.headcount.reduce(0, +)
            if let to = c.transferTo, total > 0, c.transferred > 0 {
                d.transfers = [Transfer(to: to, share: (c.transferred / Double(total) * 1000).rounded() / 1000)]
            }
            return Segment(id: id, tags: c.tags, headcount: c.headcount, demography: d)
        }
        return Merged(asOf: year, segments: segments, people: people, units: latest.count)
    }

    /// The scenario text with its segments replaced by the merged counts (`Roster.splice`:
    /// the settings of segments with the same id are kept).
    static func splice(_ m: Merged, into text: String, file: String) throws(ScenarioError) -> String {
        var r = Roster.aggregate(csv: Roster.requiredColumns.joined(separator: ",") + "\n", asOf: m.asOf)
        r.segments = m.segments; r.people = m.people; r.units = m.units; r.problems = []
        return try Roster.splice(r, into: text, file: file)
    }

    /// A survey file for `langplan replan` (as_of and headcount by segment id).
    static func surveyYAML(_ m: Merged, scenario: Scenario) -> String {
        var out = "# Merged from \(m.units) agencies' surveys (\(m.people) people)\nas_of: \(m.asOf)\nsegments:\n"
        for s in m.segments { out += "  \(s.id): [\(s.headcount.map(String.init).joined(separator: ", "))]\n" }
        return out
    }
}
