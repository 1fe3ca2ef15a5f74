import Foundation
import Testing
@testable import Scenario

/// The one-screen summary in Vietnamese (the web app's scenario page) says what the English one
/// (`langplan validate`) says, in Vietnamese words and number format.
@Suite struct SummaryInTwoLanguages {
    @Test func bothLanguagesHaveTheSameWords() {
        #expect(Set(SummaryLanguage.vi.words.keys) == Set(SummaryLanguage.en.words.keys))
    }

    @Test func vietnameseSummarySaysTheSameInVietnamese() throws {
        let s = try ScenarioLoader.load(path: shipped("hcmc-2026.yaml"))
        let en = s.summary(.en), vi = s.summary(.vi)
        #expect(en == s.summary)  // what validate prints
        #expect(vi.hasPrefix("kịch bản \(s.name)  (mã kiểm tra \(s.checksum))"))
        for english in ["segments", "targets", "institutions", "teachers", "budget (million VND)", "holidays", "people", "payer"] {
            #expect(!vi.contains(english), "\"\(english)\" in the Vietnamese summary")
        }
        // The same figures: every number of the English summary, with its thousands grouped by
        // "." and its decimal comma, stands in the Vietnamese one (people, seats, budgets, shares).
        let numbers = en.matches(of: /\d{1,3}(,\d{3})+|\d+\.\d+%/).map { String($0.output.0) }
        #expect(numbers.count >= 10)
        for n in numbers {
            let v = n.hasSuffix("%") ? n.replacingOccurrences(of: ".", with: ",") : n.replacingOccurrences(of: ",", with: ".")
            #expect(vi.contains(v), "\(n) (as \(v)) missing from the Vietnamese summary")
        }
        #expect(en.split(separator: "\n").count == vi.split(separator: "\n").count)
    }
}
