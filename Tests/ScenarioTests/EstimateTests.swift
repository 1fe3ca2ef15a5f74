import Foundation
import Testing
@testable import Scenario

/// Pass rates, attrition and recruits written as ranges {low, likely, high} (issue 14).
@Suite struct Estimates {
    /// Line 42 of `baseYAML` is a1's in-person mode (pass_rate 0.8); line 27 attrition 0.02;
    /// line 29 recruits_per_year 5.
    static let ranged = Broken.replacing(42, with: "      - {mode: in_person, pass_rate: {low: 0.6, likely: 0.8, high: 0.9}, class_size_min: 20, class_size_max: 30, sessions_per_week: 3}")
        .replacingOccurrences(of: "      attrition: 0.02", with: "      attrition: {low: 0.01, likely: 0.02, high: 0.05}")
        .replacingOccurrences(of: "      recruits_per_year: 5", with: "      recruits_per_year: {low: 2, likely: 5, high: 9}")

    @Test func rangesAreReadWithLikelyAsTheNominalValue() throws {
        let s = try ScenarioLoader.parse(yaml: Self.ranged, file: "r.yaml")
        let m = s.courses[0].modes[0]
        #expect(m.passRateEstimate == Estimate(low: 0.6, likely: 0.8, high: 0.9))
        #expect(m.passRate == 0.8)
        let d = s.segments[0].demography
        #expect(d.attritionEstimate == Estimate(low: 0.01, likely: 0.02, high: 0.05))
        #expect(d.attrition == 0.02)
        #expect(d.recruitsEstimate == Estimate(low: 2, likely: 5, high: 9))
        #expect(d.recruitsPerYear == 5)
        // A plain number stays a known number.
        #expect(!s.courses[1].modes[0].passRateEstimate.isUncertain)
    }

    @Test func canonicalYAMLKeepsRangesAndChecksumSeesThem() throws {
        let s = try ScenarioLoader.parse(yaml: Self.ranged, file: "r.yaml")
        let again = try ScenarioLoader.parse(yaml: s.canonicalYAML, file: "canonical.yaml")
        #expect(again == s)
        #expect(s.canonicalYAML.contains("pass_rate: {low: 0.6, likely: 0.8, high: 0.9}"))
        // The same likely values as plain numbers are a different scenario.
        let plain = try ScenarioLoader.parse(yaml: baseYAML, file: "a")
        #expect(plain.checksum != s.checksum)
        // A range with nothing uncertain in it reads as the plain number: same checksum.
        let degenerate = try ScenarioLoader.parse(
            yaml: baseYAML.replacingOccurrences(of: "      attrition: 0.02", with: "      attrition: {low: 0.02, likely: 0.02, high: 0.02}"), file: "d")
        #expect(degenerate.checksum == plain.checksum)
    }

    /// Triangular quantiles by hand: on [0.6, 1.0] with peak 0.8, F(x) = (x − 0.6)² / 0.08
    /// below the peak, so the 10% quantile is 0.6 + √0.008 = 0.689443 and the 90% quantile
    /// is 1.0 − √0.008 = 0.910557; the peak holds half the mass, quantile(0.5) = 0.8.
    @Test func triangularQuantiles() {
        let e = Estimate(low: 0.6, likely: 0.8, high: 1.0)
        #expect(abs(e.quantile(0.1) - 0.689443) < 1e-6)
        #expect(abs(e.quantile(0.9) - 0.910557) < 1e-6)
        #expect(abs(e.quantile(0.5) - 0.8) < 1e-12)
        #expect(e.quantile(0) == 0.6 && e.quantile(1) == 1.0)
        #expect(Estimate(0.7).quantile(0.1) == 0.7)
    }

    @Test(arguments: [
        // (line text, path, line, column text, message)
        ("      - {mode: in_person, pass_rate: {low: 0.9, likely: 0.8, high: 0.95}, class_size_min: 20, class_size_max: 30, sessions_per_week: 3}",
         "courses[0].modes[0].pass_rate.low", "0.9", "low 0.9 is above likely 0.8"),
        ("      - {mode: in_person, pass_rate: {low: 0.6, likely: 0.8, high: 1.2}, class_size_min: 20, class_size_max: 30, sessions_per_week: 3}",
         "courses[0].modes[0].pass_rate.high", "1.2", "pass rate 1.2 is outside 0...1"),
        ("      - {mode: in_person, pass_rate: {low: 0.6, likely: 0.8}, class_size_min: 20, class_size_max: 30, sessions_per_week: 3}",
         "courses[0].modes[0].pass_rate.high", "{low", "missing required field high"),
        ("      - {mode: in_person, pass_rate: {low: 0.6, likely: 0.8, hi: 0.9}, class_size_min: 20, class_size_max: 30, sessions_per_week: 3}",
         "courses[0].modes[0].pass_rate.hi", "hi:", "unknown key \"hi\""),
    ])
    func badRangesAreNamedWithLineAndColumn(_ c: (String, String, String, String)) {
        let yaml = Broken.replacing(42, with: c.0)
        let found = issues(yaml)
        let match = found.first { $0.path == c.1 && $0.message.contains(c.3) }
        #expect(match != nil, "expected \(c.1): …\(c.3)… in \(found)")
        #expect(match?.line == 42)
        let col = c.0.unicodeScalars.distance(from: c.0.unicodeScalars.startIndex, to: c.0.range(of: c.2)!.lowerBound) + 1
        #expect(match?.column == col)
    }

    @Test func recruitsRangeMustBeWholePeopleInOrder() {
        let yaml = baseYAML.replacingOccurrences(of: "      recruits_per_year: 5", with: "      recruits_per_year: {low: 7, likely: 5, high: 9}")
        let found = issues(yaml)
        #expect(found.contains { $0.path == "segments[0].demography.recruits_per_year.low" && $0.line == 29 && $0.message.contains("above likely 5") })
        let frac = baseYAML.replacingOccurrences(of: "      recruits_per_year: 5", with: "      recruits_per_year: {low: 2.5, likely: 5, high: 9}")
        #expect(issues(frac).contains { $0.path == "segments[0].demography.recruits_per_year.low" && $0.line == 29 })
    }
}

@Suite struct UncertainShipped {
    /// The generated city variant: ranges wherever hcmc-2026 has a pass rate or attrition,
    /// each range's `likely` the figure of hcmc-2026, so the nominal plan is the same.
    @Test func hcmcVariantHasTheSameLikelyValues() throws {
        let base = try ScenarioLoader.load(path: shipped("hcmc-2026.yaml"))
        var ranged = try ScenarioLoader.load(path: shipped("hcmc-2026-uncertain.yaml"))
        let modes = ranged.courses.flatMap(\.modes)
        #expect(!modes.isEmpty && modes.allSatisfy { $0.passRateEstimate.isUncertain })
        #expect(modes.allSatisfy { $0.passRateEstimate.low < $0.passRate && $0.passRate < $0.passRateEstimate.high })
        // Ranges replaced by their likely values: hcmc-2026 itself.
        for c in ranged.courses.indices { for m in ranged.courses[c].modes.indices { ranged.courses[c].modes[m].passRate = ranged.courses[c].modes[m].passRate } }
        for s in ranged.segments.indices {
            ranged.segments[s].demography.attrition = ranged.segments[s].demography.attrition
        }
        ranged.name = base.name
        #expect(ranged == base)
        let again = try ScenarioLoader.parse(yaml: try ScenarioLoader.load(path: shipped("hcmc-2026-uncertain.yaml")).canonicalYAML, file: "c")
        #expect(again == (try ScenarioLoader.load(path: shipped("hcmc-2026-uncertain.yaml"))))
    }
}
