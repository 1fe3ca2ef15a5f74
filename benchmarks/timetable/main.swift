// Benchmark: a generated term at one institution (default 300 classes), timed; the same
// instance exported as FET XML and, when fet-cl is installed, solved by FET for comparison.
//   timetable-bench [--classes N] [--seed S] [--slack X] [--time-limit S] [--online-sessions K]
//                   [--fet-weight W] [--fet-time-limit S] [--out DIR] [--greedy] [--write DIR (all timetable files)]
import Foundation
import Scenario
import Timetable

var classes = 300, seed: UInt64 = 1, timeLimit = 10.0, onlineSessions = 2, slack = 1.25
var fetWeight = 95.0, fetTimeLimit = 600
var out = NSTemporaryDirectory() + "langplan-timetable-bench"
var greedyOnly = false
var writeDir: String? = nil
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--classes": classes = Int(args.popFirst() ?? "") ?? classes
    case "--seed": seed = UInt64(args.popFirst() ?? "") ?? seed
    case "--slack": slack = Double(args.popFirst() ?? "") ?? slack
    case "--time-limit": timeLimit = Double(args.popFirst() ?? "") ?? timeLimit
    case "--online-sessions": onlineSessions = Int(args.popFirst() ?? "") ?? onlineSessions
    case "--fet-weight": fetWeight = Double(args.popFirst() ?? "") ?? fetWeight
    case "--fet-time-limit": fetTimeLimit = Int(args.popFirst() ?? "") ?? fetTimeLimit
    case "--out": out = args.popFirst() ?? out
    case "--greedy": greedyOnly = true
    case "--write": writeDir = args.popFirst()
    default: FileHandle.standardError.write("unknown argument \(a)\n".data(using: .utf8)!); exit(2)
    }
}
func seconds(since t: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - t
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

let (scenario, planned) = SyntheticTerm.make(classes: classes, seed: seed, slack: slack, onlineSessions: onlineSessions)
let inst = scenario.institutions[0]
print("instance: \(classes) classes (seed \(seed), slack \(slack)), rooms \(inst.rooms.map { "\($0.count)×\($0.seats)" }.joined(separator: " + ")), teachers \(inst.teachers.map { "\($0.count) \($0.id) (≤ level \($0.maxLevel))" }.joined(separator: ", ")), grid \(scenario.calendar.days.count)×\(scenario.calendar.periods.count), \(ProcessInfo.processInfo.activeProcessorCount) cores")
var options = TimetableOptions()
options.timeLimit = timeLimit
options.useMIP = !greedyOnly
let clock = ContinuousClock.now
let tt = try Timetabler.solve(scenario: scenario, classes: planned, institution: "inst", term: 0, options: options)
let wall = seconds(since: clock)
let violations = TimetableVerifier.verify(tt, scenario: scenario, classes: planned)
let s = tt.stats
print("langplan: \(String(format: "%.2f", wall)) s (incl. dating); placed \(s.placed)/\(s.classes); broken preferences \(s.brokenPreferences) (weight \(s.brokenPreferenceWeight)); bound \(s.bound.map { String(Int($0)) } ?? "-"); gap \(s.gap.map { String(format: "%.3f%%", $0 * 100) } ?? "-"); \(s.solverStatus); MIP \(s.variables) vars × \(s.constraints) rows; teacher gaps \(s.teacherGaps); verifier: \(violations.isEmpty ? "pass" : "\(violations.count) violations")")
for v in violations.prefix(10) { print("  violation: \(v)") }
for e in tt.explanations.prefix(10) { print("  short: \(e)") }
for n in tt.notes { print("  note: \(n)") }

if let w = writeDir { try TimetableFiles.write([tt], scenario: scenario, classes: planned, to: w); print("files: \(w)/") }
try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
let fetFile = "\(out)/bench-\(classes)-\(seed).fet"
try FETExport.document(tt, scenario: scenario, locked: false, preferenceWeight: fetWeight)
    .write(toFile: fetFile, atomically: true, encoding: .utf8)
print("fet file: \(fetFile) (times and rooms free, our teachers, preferences as soft constraints of weight \(fetWeight)%)")

// FET on the same instance.
let fetCL = ["/usr/bin/fet-cl", "/usr/local/bin/fet-cl"].first { FileManager.default.isExecutableFile(atPath: $0) }
guard let fetCL else { print("fet-cl: not installed (apt-get install fet)"); exit(violations.isEmpty ? 0 : 1) }
let fetOut = "\(out)/fet-\(classes)-\(seed)"
try? FileManager.default.removeItem(atPath: fetOut)
let p = Process()
p.executableURL = URL(fileURLWithPath: fetCL)
p.arguments = ["--inputfile=\(fetFile)", "--outputdir=\(fetOut)", "--timelimitseconds=\(fetTimeLimit)",
               "--writetimetablesdayshorizontal=false", "--writetimetablesdaysvertical=false",
               "--writetimetablestimehorizontal=false", "--writetimetablestimevertical=false"]
let pipe = Pipe()
p.standardOutput = pipe; p.standardError = pipe
let fetClock = ContinuousClock.now
try p.run()
let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
p.waitUntilExit()
let fetSeconds = seconds(since: fetClock)
let label = URL(fileURLWithPath: fetFile).deletingPathExtension().lastPathComponent
let xmlPath = "\(fetOut)/timetables/\(label)/\(label)_activities.xml"
guard log.contains("Simulation successful"), let xml = try? String(contentsOfFile: xmlPath, encoding: .utf8) else {
    print("fet-cl: no timetable after \(String(format: "%.2f", fetSeconds)) s (exit \(p.terminationStatus)): \(log.split(separator: "\n").suffix(3).joined(separator: " / "))")
    exit(violations.isEmpty ? 0 : 1)
}
// FET's placement, scored with our preference measure. Activities were numbered class by class.
var slotOf: [Int: WeeklySlot] = [:]
let dayIDs = Dictionary(scenario.calendar.days.map { (dayName: ["mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"][$0] ?? $0, id: $0) }.map { ($0.dayName, $0.id) }, uniquingKeysWith: { a, _ in a })
for block in xml.components(separatedBy: "<Activity>").dropFirst() {
    func tag(_ t: String) -> String {
        guard let a = block.range(of: "<\(t)>"), let b = block.range(of: "</\(t)>") else { return "" }
        return String(block[a.upperBound..<b.lowerBound])
    }
    if let id = Int(tag("Id")) { slotOf[id] = WeeklySlot(day: dayIDs[tag("Day")] ?? tag("Day"), period: tag("Hour")) }
}
var next = 1, fetWeightSum = 0, fetCount = 0
for a in tt.assignments {
    let slots = (0..<a.slots.count).compactMap { slotOf[next + $0] }
    next += a.slots.count
    let pen = Timetabler.preferencePenalty(scenario: scenario, planned: a.planned, slots: slots)
    fetWeightSum += pen.weight; fetCount += pen.count
}
print("fet-cl: \(String(format: "%.2f", fetSeconds)) s; \(slotOf.count) sessions placed; broken preferences \(fetCount) (weight \(fetWeightSum)) by our measure")
exit(violations.isEmpty ? 0 : 1)
