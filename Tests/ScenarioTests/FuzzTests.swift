import Foundation
import Testing
@testable import Scenario

/// SplitMix64: a small seeded generator, so every run mutates the same way.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let fuzzTokens = ["[]", "{}", "-1", "0", "1.5", "1e309", "-.inf", ".nan", "x", "~", "null", "\"\"", "true", "'q'",
                  "[1, [2, [3]]]", "{a: b}", "99999999999999999999", "&a x", "*a", "*undefined", "!!binary AAAA",
                  "2026-02-30", "\"07:30\"", "-", "? x", "|\n  text", ">-", "%", "@", "`", "\u{0}", "\u{FEFF}", "é", "１２"]

/// A random edit of YAML text: line deletions, duplications and swaps, swapped values and types,
/// random bytes, indentation changes, truncation.
func mutate(_ text: String, _ g: inout SeededGenerator) -> String {
    var lines = text.components(separatedBy: "\n")
    for _ in 0..<Int.random(in: 1...3, using: &g) {
        guard !lines.isEmpty else { break }
        let i = Int.random(in: 0..<lines.count, using: &g)
        switch Int.random(in: 0..<9, using: &g) {
        case 0: lines.remove(at: i)
        case 1: lines.insert(lines[i], at: i)
        case 2: lines.swapAt(i, Int.random(in: 0..<lines.count, using: &g))
        case 3, 4:
            if let r = lines[i].range(of: ": ") {
                lines[i] = String(lines[i][..<r.upperBound]) + fuzzTokens.randomElement(using: &g)!
            } else if let r = lines[i].range(of: "- ") {
                lines[i] = String(lines[i][..<r.upperBound]) + fuzzTokens.randomElement(using: &g)!
            }
        case 5:
            var scalars = Array(lines[i].unicodeScalars)
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                let u = Unicode.Scalar(UInt8.random(in: 0...255, using: &g))
                scalars.insert(u, at: Int.random(in: 0...scalars.count, using: &g))
            }
            var s = ""
            s.unicodeScalars.append(contentsOf: scalars)
            lines[i] = s
        case 6: lines[i] = Bool.random(using: &g) ? " " + lines[i] : String(lines[i].drop { $0 == " " }.prefix(1_000))
        case 7:
            let joined = lines.joined(separator: "\n")
            let cut = Int.random(in: 0...joined.unicodeScalars.count, using: &g)
            var s = ""
            s.unicodeScalars.append(contentsOf: joined.unicodeScalars.prefix(cut))
            lines = s.components(separatedBy: "\n")
        default:
            if let r = lines[i].range(of: ": ") { lines[i].replaceSubrange(r, with: [":", "\t", " "].randomElement(using: &g)!) }
        }
    }
    return lines.joined(separator: "\n")
}

@Suite struct Fuzz {
    @Test func randomMutationsNeverCrash() throws {
        // FUZZ_SEED and FUZZ_ITERATIONS run a longer or different campaign by hand.
        let env = ProcessInfo.processInfo.environment
        var g = SeededGenerator(state: env["FUZZ_SEED"].flatMap { UInt64($0) } ?? 20261123)
        let iterations = env["FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 3_000
        var valid = 0, invalid = 0
        let sources = [baseYAML, try String(contentsOfFile: shipped("tiny.yaml"), encoding: .utf8)]
        for n in 0..<iterations {
            let text = mutate(sources[n % 2], &g)
            // Lines as YAML counts them (CR, NEL and the Unicode separators break lines too).
            let lineCount = text.reduce(1) { $1.isNewline ? $0 + 1 : $0 }
            do {
                let s = try ScenarioLoader.parse(yaml: text, file: "fuzz.yaml")
                valid += 1
                #expect(validate(s).isEmpty, "a loaded scenario passes validate(): \(validate(s))")
                _ = s.summary
                _ = s.checksum
            } catch {
                invalid += 1
                #expect(!error.issues.isEmpty)
                for i in error.issues {
                    #expect(i.line >= 0 && i.line <= lineCount + 1 && i.column >= 0, "\(i)")
                    #expect(!i.message.isEmpty)
                }
            }
        }
        #expect(valid > iterations / 30 && invalid > iterations / 3, "valid \(valid), invalid \(invalid)")
    }

    @Test func randomBytesOnDisk() throws {
        var g = SeededGenerator(state: 7)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = Array(baseYAML.utf8)
        // The base itself, and the base behind a UTF-8 byte-order mark (Windows editors add
        // one), load as the same scenario: the happy path is asserted, not only refusals.
        let plain = dir.appendingPathComponent("base.yaml").path, bom = dir.appendingPathComponent("bom.yaml").path
        try Data(base).write(to: URL(fileURLWithPath: plain))
        try Data([0xEF, 0xBB, 0xBF] + base).write(to: URL(fileURLWithPath: bom))
        let expected = try ScenarioLoader.load(path: plain)
        #expect(try ScenarioLoader.load(path: bom).checksum == expected.checksum)
        var refusedRandom = 0, loaded = 0
        for n in 0..<200 {
            var bytes: [UInt8]
            switch n % 4 {
            case 0: bytes = (0..<Int.random(in: 0...2_000, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            case 1:
                bytes = base
                for _ in 0..<Int.random(in: 1...20, using: &g) { bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0x80...0xFF, using: &g) }
            case 2: bytes = Array(base.prefix(Int.random(in: 0...base.count, using: &g)))
            default: bytes = [0xEF, 0xBB, 0xBF] + base.map { $0 == 0x20 && Bool.random(using: &g) && Bool.random(using: &g) ? 0x09 : $0 }
            }
            let path = dir.appendingPathComponent("f\(n).yaml").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let s = try ScenarioLoader.load(path: path)
                loaded += 1
                // Whatever loads is a sound scenario (the loader validates).
                #expect(validate(s).isEmpty, "f\(n): \(validate(s).prefix(2))")
            } catch {
                #expect(!error.issues.isEmpty && error.issues.allSatisfy { $0.file == path })
                if n % 4 == 0 { refusedRandom += 1 }
            }
        }
        // Random bytes are never a scenario (50 files); whatever else loaded was checked above.
        #expect(refusedRandom == 50, "\(loaded) files loaded")
    }

    @Test func hugeFileIsRefusedBeforeReading() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("huge.yaml").path
        // A sparse 50 MB file: refused from its size alone.
        FileManager.default.createFile(atPath: path, contents: nil)
        let h = try #require(FileHandle(forWritingAtPath: path))
        try h.truncate(atOffset: 50 * 1024 * 1024)
        try h.close()
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("a 50 MB file loaded")
        } catch {
            #expect(error.issues.count == 1 && error.issues[0].message.contains("refused"), "\(error)")
        }
        // Same for text handed over directly.
        let big = String(repeating: "#", count: ScenarioLoader.maxFileBytes + 1)
        #expect(issues(big).first?.message.contains("larger than") == true)
    }
}
