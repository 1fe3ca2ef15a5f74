import Testing
@testable import Reports

/// Issue 11 item 4: a plan's CSV files read by compare, whatever the line ends.
@Suite struct CompareCSVLineEndTests {
    @Test(arguments: ["\r\n", "\r"])
    func rowsAreTheSame(_ ending: String) {
        let text = "target,year,share\nb2,2026,0.5\nyoung,2026,\"0.6\"\n"
        #expect(parseCSV(text) == [["target", "year", "share"], ["b2", "2026", "0.5"], ["young", "2026", "0.6"]])
        #expect(parseCSV(text.replacingOccurrences(of: "\n", with: ending)) == parseCSV(text))
    }
}
