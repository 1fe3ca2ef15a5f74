import Foundation
import Scenario
import Testing
@testable import Timetable

/// Issue 11 item 1, second line of defence: a scenario built in code (so never validated) and
/// classes read from a plan may hold any id; every file the timetable writer makes stays in
/// the output folder, and no two ids share a file.
@Suite struct HostileIDFilesTests {
    /// Every file and folder under `root`, relative to it.
    static func everything(under root: String) -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
    }

    @Test func timetableFilesStayInTheOutputFolder() throws {
        var (s, classes) = SyntheticTerm.make(classes: 12, seed: 3)
        let hostileInstitution = "../../escaped"
        s.institutions[0].id = hostileInstitution
        s.institutions[0].rooms[0].id = "../room"
        s.institutions[0].rooms[1].id = "/etc/big"
        s.institutions[0].teachers[0].id = "..\\lect"
        s.institutions[0].teachers[1].id = "CON"
        // Class ids that differ only by case or by "/" vs "_" must still get files of their own.
        let classIDs = ["../c1", "..", "C1", "c1", "a/b", "a_b", "a\\b", ".hidden", "x:y", "x_y", "Trường", "nul.txt"]
        for i in classes.indices {
            classes[i].institution = hostileInstitution
            classes[i].id = classIDs[i]
        }
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)").path
        let out = "\(parent)/a/b/out"
        defer { try? FileManager.default.removeItem(atPath: parent) }
        var options = TimetableOptions()
        options.timeLimit = 5
        let r = try TimetableRun.run(scenario: s, classes: classes, terms: [0], out: out, options: options)
        #expect(r.violations.isEmpty, "\(r.violations)")

        // Nothing outside out/: the only thing under the parent is the chain a/b/out.
        let all = Self.everything(under: parent)
        #expect(all.allSatisfy { $0 == "a" || $0 == "a/b" || $0 == "a/b/out" || $0.hasPrefix("a/b/out/") }, "\(all)")
        let inside = Self.everything(under: out)
        // One institution folder, directly under out/, holding the six fixed files, the .fet and ics/.
        let folders = inside.filter { !$0.contains("/") && $0.contains("~") }
        #expect(folders.count == 1, "\(inside)")
        let inst = folders.first ?? ""
        for f in ["timetable.csv", "sessions.csv", "classes.csv", "unplaced.csv", "timetable.html", "2026T1.fet"] {
            #expect(inside.contains("\(inst)/\(f)"), "\(f) in \(inside)")
        }
        // Every class, teacher and room got a calendar of its own: as many files as distinct ids.
        let ics = inside.filter { $0.hasPrefix("\(inst)/ics/") && $0.hasSuffix(".ics") }
        let placed = r.timetables.flatMap(\.assignments)
        let teachers = Set(placed.map(\.teacher)), rooms = Set(placed.compactMap(\.room))
        #expect(ics.count == placed.count + teachers.count + rooms.count, "\(ics)")
        // No two names differ only by case (they would be one file on macOS or Windows).
        #expect(Set(inside.map { $0.lowercased() }).count == inside.count)
        // The files read back through the same names and pass the verifier.
        #expect(TimetableRun.verifyFiles(dir: out, scenario: s).isEmpty)
    }

    @Test func anInstitutionNamedLikeATopLevelFileGetsAFolderOfItsOwn() throws {
        var (s, classes) = SyntheticTerm.make(classes: 4, seed: 5)
        s.institutions[0].id = "cohorts.csv"
        for i in classes.indices { classes[i].institution = "cohorts.csv" }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        var options = TimetableOptions()
        options.timeLimit = 5
        let r = try TimetableRun.run(scenario: s, classes: classes, terms: [0], out: out, options: options)
        #expect(r.violations.isEmpty, "\(r.violations)")
        var isDir: ObjCBool = true
        #expect(FileManager.default.fileExists(atPath: "\(out)/cohorts.csv", isDirectory: &isDir) && !isDir.boolValue)
    }
}

/// Issue 11 item 4: plan and timetable CSV files edited in Excel (CRLF) or an old Mac editor (CR) read the same.
@Suite struct TimetableCSVLineEndTests {
    @Test(arguments: ["\r\n", "\r"])
    func csvRowsAreTheSame(_ ending: String) {
        let text = "term,class,note\n2026T1,c1,\"two\nlines\"\n2026T1,c2,x\n"
        let rows = CSV.parse(text)
        #expect(rows.count == 3)
        #expect(CSV.parse(text.replacingOccurrences(of: "\n", with: ending)).map { $0.map { $0.replacingOccurrences(of: ending, with: "\n") } } == rows)
    }
}
