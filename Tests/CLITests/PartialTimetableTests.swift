import Foundation
import Testing

/// A timetable of some terms only, re-projected against its plan (brief fxC item 3).
@Suite(.serialized) struct PartialTimetableTests {
    /// tiny.yaml with its course declared over 2 terms: the plan opens its classes in 2026T1
    /// (a class started in 2026T2 could not finish inside the horizon), each ending in 2026T2.
    /// Timetabled for 2026T1 only, every class runs past the timetable: it continues beyond
    /// it (the plan's end term counts), none "moved", the shares equal the plan's and the
    /// output says the timetable covers only part of the horizon. Exit 0.
    @Test func classesPastThePartialTimetableContinueBeyondIt() throws {
        let dir = temporaryDirectory("partial")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yaml = try String(contentsOfFile: CommandTests.tiny, encoding: .utf8)
            .replacingOccurrences(of: "\n    terms: 1\n", with: "\n    terms: 2\n")
        try yaml.write(toFile: dir + "/two.yaml", atomically: true, encoding: .utf8)
        let plan = try langplan("plan", dir + "/two.yaml", "--out", dir + "/plan", "--runs", "0")
        #expect(plan.status == 0, "\(plan.stderr)")
        let cohorts = try String(contentsOfFile: dir + "/plan/cohorts.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(!cohorts.isEmpty && cohorts.allSatisfy { $0.contains(",2026T1,") })
        let tt = try langplan("timetable", dir + "/two.yaml", "--plan", dir + "/plan", "--out", dir + "/tt", "--term", "1")
        #expect(tt.status == 0, "\(tt.stdout)\(tt.stderr)")
        #expect(tt.stdout.contains("total: \(cohorts.count) classes"), "\(tt.stdout)")
        let v = try langplan("verify-timetable", dir + "/tt", "--scenario", dir + "/two.yaml", "--plan", dir + "/plan")
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        #expect(v.stdout.contains("covers only some years, 2026T1-2026T1"), "\(v.stdout)")
        #expect(v.stdout.contains("(0 end in another term than the plan counts, \(cohorts.count) continue beyond the timetable)"), "\(v.stdout)")
        #expect(!v.stdout.contains("moved:"), "\(v.stdout)")
    }
}
