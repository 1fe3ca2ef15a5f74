import Foundation
import TestSupport
import Testing
@testable import Scenario

/// Issue 11 item 1 through the real command line: a scenario with a hostile id in every kind of
/// id is refused by every command that writes files, naming file:line:column, and nothing is
/// written outside the folder the command was given, whatever happens. Runs the `langplan`
/// built beside these tests (`swift build --build-tests` builds it).
@Suite(.serialized) struct HostileCommandTests {
    static let binary = packageRoot.appendingPathComponent(".build/debug/langplan").path

    /// tiny.yaml with a hostile id in each kind of id.
    static func hostileScenario() throws -> String {
        var y = try String(contentsOfFile: shipped("tiny.yaml"), encoding: .utf8)
        for (old, new) in [("  - id: staff", "  - id: \"../seg\""), ("  - id: b1-b2", "  - id: \"a/b\""),
                           ("  - id: school", "  - id: \"../../escaped\""), ("{id: room,", "{id: \"con\","),
                           ("{id: teacher,", "{id: \".hidden\","), ("  - id: state", "  - id: \"..\\\\p\""),
                           ("  - id: b2\n", "  - id: \"/abs\"\n"), ("{id: morning,", "{id: \"x:y\",")] {
            guard y.contains(old) else { Issue.record("tiny.yaml has no \(old)"); continue }
            y = y.replacingOccurrences(of: old, with: new)
        }
        return y
    }

    static func run(_ args: [String], in dir: String) throws -> (Int32, String) {
        let r = try runChild(binary, args, directory: dir)
        return (r.status, String(decoding: r.stdout + r.stderr, as: UTF8.self))
    }

    static func everything(under root: String) -> Set<String> {
        Set((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary), "langplan is not built"))
    func everyCommandRefusesAndWritesNothingOutside() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-cli-\(UUID().uuidString)").path
        let work = "\(root)/a/b/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.hostileScenario().write(toFile: "\(work)/h.yaml", atomically: true, encoding: .utf8)
        try "as_of: 2027\nsegments: {}\n".write(toFile: "\(work)/survey.yaml", atomically: true, encoding: .utf8)
        try goodRoster.write(toFile: "\(work)/roster.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(work)/plan", withIntermediateDirectories: true)
        let inputs = Self.everything(under: root)
        let commands: [[String]] = [
            ["plan", "h.yaml", "--out", "out-plan", "--time-limit", "5"],
            ["timetable", "h.yaml", "--plan", "plan", "--out", "out-tt"],
            ["size-budget", "h.yaml", "--out", "out-size", "--time-limit", "5"],
            ["sweep", "h.yaml", "--budget", "50%..100%", "--out", "out-sweep", "--steps", "2", "--time-limit", "5"],
            ["compare", "h.yaml", "h.yaml", "--html", "out-compare.html", "--time-limit", "5"],
            ["replan", "h.yaml", "--survey", "survey.yaml", "--plan", "plan", "--out", "out-replan", "--time-limit", "5"],
            ["import-roster", "roster.csv", "--into", "out-import.yaml", "--scenario", "h.yaml", "--as-of", "2026"],
            ["export-model", "h.yaml", "--output", "out-model.mps"],
        ]
        for c in commands {
            let (rc, out) = try Self.run(c, in: work)
            #expect(rc != 0, "\(c[0]) accepted the hostile scenario: \(out)")
            // import-roster replaces the segments (and so the hostile segment id) but not the others.
            #expect(out.contains("institutions[0].id: found \"../../escaped\", which cannot be an institution id: it contains a path separator"), "\(c[0]): \(out)")
            #expect(out.contains("h.yaml:"), "\(c[0]) names the file: \(out)")
            let now = Self.everything(under: root)
            let added = now.subtracting(inputs)
            // Whatever a command leaves, it is inside work/ under the name it was given.
            #expect(added.allSatisfy { $0.hasPrefix("a/b/work/out-") }, "\(c[0]) wrote \(added.sorted())")
        }
        // Every kind of id is named (validate reports them all at once).
        let (_, out) = try Self.run(["validate", "h.yaml"], in: work)
        for kind in ["segment", "course", "institution", "room group", "teacher group", "payer", "target", "period"] {
            #expect(out.contains("which cannot be \(kind == "institution" ? "an" : "a") \(kind) id"), "\(kind): \(out)")
        }
    }
}
