import ArgumentParser
import ChildProcess
import Dispatch
import Foundation
import PlanFiles
import Reports
import Scenario

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Plan many scenarios in parallel, each into its own folder, and roll them up.",
        discussion: """
        Each scenario is planned by `langplan plan` in a child process (at most --jobs at a time) into
        a folder of --out named after its file. A scenario whose folder holds a finished plan of the same
        checksum and options is not planned again, so a stopped batch resumes where it was. A scenario that cannot be
        planned is reported and the others go on. Writes rollup.csv (one row per scenario),
        rollup-attainment.csv (attainment per target and milestone, weighted by people),
        rollup-budget.csv (spend by year and payer), rollup.html and rollup.xlsx into --out.
        Exit status 1 when any scenario failed (the roll-up is still written; each failure is also
        printed). When more than one scenario is planned at a time each child plans on one core
        (`plan --one-core`). A finished plan is reused only when it was made with the same --time-limit,
        --gap, --lang, --runs and --no-cost-stage; with others it is planned again (--jobs, --one-core and
        --verbose do not count).
        """)

    @Argument(help: "Scenario files (YAML or .xlsx).") var scenarios: [String]
    @Option(name: .long, help: "Output directory (created; one holding files langplan did not write is refused unless --force; a previous run's files are replaced).") var out: String
    @Option(name: .long, help: "Scenarios planned at the same time (the default is the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .long, help: "Time limit in seconds for each scenario (both stages).") var timeLimit: Double = 60
    @Option(name: .long, help: "Relative gap at which stage 1 stops.") var gap: Double = 1e-4
    @Option(name: .long, help: "Language of the reports and the roll-up.") var lang: Language = .vi
    @Option(name: .long, help: "Monte Carlo runs for P10/P90 attainment of each plan.") var runs: Int = 200
    @Flag(name: .long, help: "Skip stage 2 (least cost at the attainment reached).") var noCostStage = false
    @Flag(name: .long, help: "Write into --out even if it holds files langplan did not write.") var force = false
    @OptionGroup var solver: SolverFlags

    func validate() throws {
        guard !scenarios.isEmpty else { throw ValidationError("give at least one scenario file") }
        guard jobs >= 1, jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
        guard gap >= 0, gap < 1 else { throw ValidationError("--gap must be in [0, 1)") }
        guard runs >= 0, runs <= 100_000 else { throw ValidationError("--runs must be between 0 and 100000") }
    }

    func run() throws {
        bootstrapLogging(verbose: solver.verbose)
        let dir: OutputDirectory
        do { dir = try OutputDirectory(out, force: force) } catch { note("error: \(error)"); throw ExitCode(1) }
        var entries = BatchEntry.assign(scenarios)
        let work = (out as NSString).appendingPathComponent(".work")
        // A stopped run leaves its unfinished plans here; they are started again from scratch.
        try? FileManager.default.removeItem(atPath: work)
        do { try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true) } catch {
            note("error: cannot create \(work): \(error.localizedDescription)"); throw ExitCode(1)
        }
        var outcomes = [BatchOutcome?](repeating: nil, count: entries.count)
        var pending: [Int] = []
        var otherOptions = 0
        for i in entries.indices {
            switch entries[i].prepare(in: out, options: BatchRunner.reuseKey(childOptions())) {
            case .done(let o): outcomes[i] = o
            case .plan(let madeWithOtherOptions): pending.append(i); if madeWithOtherOptions { otherOptions += 1 }
            }
        }
        let reused = outcomes.compactMap { $0 }.filter { if case .reused = $0 { return true } else { return false } }.count
        let again = otherOptions > 0 ? " (\(otherOptions) planned before with other options)" : ""
        note("batch: \(entries.count) scenarios, \(reused) already planned, \(pending.count) to plan\(again), \(min(jobs, max(1, pending.count))) at a time")
        let runner = BatchRunner(options: childOptions(), out: out, work: work)
        runner.installSignalHandlers()
        let results = runner.run(pending.map { entries[$0] }, jobs: jobs)
        for (k, i) in pending.enumerated() { outcomes[i] = results[k] }

        var rollup = Rollup()
        var failed = 0
        for (i, e) in entries.enumerated() {
            let outcome = outcomes[i] ?? .failed("not planned")
            switch outcome {
            case .solved, .reused:
                let state = { if case .solved = outcome { return "solved" } else { return "reused" } }()
                do {
                    try rollup.add(directory: (out as NSString).appendingPathComponent(e.folder), folder: e.folder, file: e.file, state: state)
                } catch {
                    failed += 1
                    note("batch: \(e.file) failed: \(error.description)")
                    rollup.addFailure(folder: e.folder, file: e.file, scenario: e.name, checksum: e.checksum, message: error.description)
                }
            case .failed(let why):
                failed += 1
                note("batch: \(e.file) failed: \(why)")
                rollup.addFailure(folder: e.folder, file: e.file, scenario: e.name, checksum: e.checksum, message: why)
            }
        }
        for w in rollup.overlapWarnings(language: .en) { note("batch: note: \(w)") }
        do { try rollup.write(to: dir, language: lang) } catch { note("error: \(error)"); throw ExitCode(1) }
        try? FileManager.default.removeItem(atPath: work)
        let solved = rollup.scenarioRows().filter { $0.state == "solved" }.count
        print("""
        batch: \(solved) planned, \(reused) reused, \(failed) failed of \(entries.count) scenarios
        roll-up: \((out as NSString).appendingPathComponent("rollup.html"))
        """)
        if failed > 0 { throw ExitCode(1) }
    }

    /// The options every child `langplan plan` gets.
    func childOptions() -> [String] {
        var a = ["--time-limit", String(timeLimit), "--gap", String(gap), "--lang", lang.rawValue, "--runs", String(runs)]
        if noCostStage { a.append("--no-cost-stage") }
        if solver.verbose { a.append("--verbose") }
        // Several children at a time already fill the cores: each plans on one.
        if solver.oneCore || jobs > 1 { a.append("--one-core") }
        return a
    }
}

/// What happened to one scenario of a batch.
enum BatchOutcome: Sendable {
    case solved, reused
    case failed(String)
}

/// One scenario of a batch: its file, the folder its plan goes to, and (once read) its checksum.
struct BatchEntry: Sendable {
    var file: String
    var folder: String
    var name: String?
    var checksum: String?

    /// Folder names for `files`, in the same order: the file's name without its extension
    /// through `FileNames.component`, unique without regard to case. Files sharing a name are
    /// numbered ("plan", "plan-2", …) in the order of their absolute paths, so the same list
    /// of files gets the same folders on every run, whatever the order on the command line.
    /// The roll-up's own files are never taken.
    static func assign(_ files: [String]) -> [BatchEntry] {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ f: String) -> String {
            ((f.hasPrefix("/") ? f : (cwd as NSString).appendingPathComponent(f)) as NSString).standardizingPath
        }
        var taken: Set<String> = ["rollup.csv", "rollup-attainment.csv", "rollup-budget.csv", "rollup.html", "rollup.xlsx"]
        var folders = [String](repeating: "", count: files.count)
        var seen: [String: Int] = [:]
        for i in files.indices.sorted(by: { (absolute(files[$0]), $0) < (absolute(files[$1]), $1) }) {
            let stem = ((files[i] as NSString).lastPathComponent as NSString).deletingPathExtension
            let n = (seen[stem] ?? 0) + 1
            seen[stem] = n
            var name = FileNames.component(n == 1 ? stem : "\(stem)-\(n)", avoiding: taken)
            var extra = n
            while taken.contains(where: { $0.lowercased() == name.lowercased() }) {
                extra += 1
                name = FileNames.component("\(stem)-\(extra)", avoiding: taken)
            }
            taken.insert(name)
            folders[i] = name
        }
        return files.indices.map { BatchEntry(file: files[$0], folder: folders[$0]) }
    }

    /// `plan(true)`: the folder holds a finished plan of the same checksum made with other options.
    enum Preparation { case done(BatchOutcome), plan(Bool) }

    /// Reads the scenario (its checksum) and decides whether it needs planning: not when its
    /// folder holds a finished plan (summary.json, only ever moved into place complete) of
    /// the same checksum, made with the same options.
    /// - Parameters:
    ///   - out: the batch folder; `options`: `BatchRunner.reuseKey` of this run's child options.
    mutating func prepare(in out: String, options: String) -> Preparation {
        let sc: Scenario
        do { sc = try ScenarioLoader.load(path: file) } catch {
            let all = error.description.split(separator: "\n")
            let more = all.count > 5 ? "\n… \(all.count - 5) more: langplan validate \(file)" : ""
            return .done(.failed(all.prefix(5).joined(separator: "\n") + more))
        }
        name = sc.name
        checksum = sc.checksum
        let summary = ((out as NSString).appendingPathComponent(folder) as NSString).appendingPathComponent("summary.json")
        guard let s = try? PlanSummary.read(path: summary), s.scenarioChecksum == sc.checksum else { return .plan(false) }
        let made = ((out as NSString).appendingPathComponent(folder) as NSString).appendingPathComponent(BatchRunner.optionsFile)
        return (try? String(contentsOfFile: made, encoding: .utf8)) == options ? .done(.reused) : .plan(true)
    }
}

/// Runs `langplan plan` children, at most `jobs` at a time. Each plans into `.work/<folder>`
/// and, when it succeeds, its folder replaces `<out>/<folder>` in one rename: a plan folder
/// is either the previous finished plan or the new finished one, never half written, so a
/// batch killed at any moment resumes correctly.
final class BatchRunner: @unchecked Sendable {
    let options: [String], out: String, work: String
    let lock = NSLock()
    var running: [pid_t: ChildProcess] = [:]
    var signalSources: [DispatchSourceSignal] = []

    init(options: [String], out: String, work: String) { self.options = options; self.out = out; self.work = work }

    /// The file in each plan folder recording the options it was planned with (`reuseKey`).
    static let optionsFile = ".batch-options"

    /// The options that shape a plan's files, one a line: the child options without those that
    /// only change how it runs (--verbose, --one-core).
    static func reuseKey(_ options: [String]) -> String {
        options.filter { $0 != "--verbose" && $0 != "--one-core" }.joined(separator: "\n") + "\n"
    }

    /// The running binary, which the children run as `langplan plan`.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// On Ctrl-C or SIGTERM, stops the children before leaving (each child also leaves by
    /// itself when the batch is killed outright: see `watchBatchParent`).
    func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                lock.lock(); let children = Array(running.values); lock.unlock()
                for child in children { kill(child.pid, SIGTERM) }
                note("batch: stopped; run the same command again to resume")
                _exit(130)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    // Shared by the worker threads, under `lock`.
    var results: [BatchOutcome] = []
    var next = 0, finished = 0

    /// Plans `entries`, at most `jobs` at a time.
    /// - Returns: what happened to each, in the same order.
    func run(_ entries: [BatchEntry], jobs: Int) -> [BatchOutcome] {
        results = [BatchOutcome](repeating: .failed("not planned"), count: entries.count)
        next = 0; finished = 0
        let group = DispatchGroup()
        for _ in 0..<min(jobs, entries.count) {
            group.enter()
            Thread { [self] in
                while true {
                    lock.lock()
                    let i = next; next += 1
                    lock.unlock()
                    guard i < entries.count else { break }
                    let outcome = plan(entries[i])
                    lock.lock()
                    results[i] = outcome; finished += 1
                    let line = "[\(finished)/\(entries.count)] \(entries[i].folder): " + {
                        if case .failed(let why) = outcome { return "failed: \(why.split(separator: "\n").first ?? "")" }
                        return "planned"
                    }()
                    lock.unlock()
                    note(line)
                }
                group.leave()
            }.start()
        }
        group.wait()
        return results
    }

    /// Plans one scenario in a child process and moves its folder into place.
    func plan(_ e: BatchEntry) -> BatchOutcome {
        let fm = FileManager.default
        // Folder names come from FileNames.component; join checks they stay under --out.
        guard let staging = try? FileNames.join(work, e.folder), let log = try? FileNames.join(work, e.folder + ".log"),
              let target = try? FileNames.join(out, e.folder) else {
            return .failed("refused to write \(e.folder) outside \(out)")
        }
        try? fm.removeItem(atPath: staging)
        var env = ProcessInfo.processInfo.environment
        env[batchParentVariable] = String(getpid())
        // posix_spawn and waitpid (ChildProcess), not Foundation.Process: its libdispatch
        // monitoring of many children at once once crashed a whole parent process.
        let child: ChildProcess
        do {
            child = try ChildProcess(Self.executable, ["plan", e.file, "--out", staging] + options,
                                     directory: fm.currentDirectoryPath, environment: env, output: .file(log), error: .standardOutput)
        } catch {
            return .failed("cannot start \(Self.executable): \(error.localizedDescription)")
        }
        lock.lock(); running[child.pid] = child; lock.unlock()
        let status = child.wait()
        lock.lock(); running[child.pid] = nil; lock.unlock()
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let why = lines.last(where: { $0.hasPrefix("error") }) ?? lines.last ?? "exit status \(status)"
            return .failed(String(why.prefix(500)))
        }
        do {
            try Self.reuseKey(options).write(toFile: (staging as NSString).appendingPathComponent(Self.optionsFile), atomically: true, encoding: .utf8)
            if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
            try fm.moveItem(atPath: staging, toPath: target)
        } catch {
            return .failed("cannot move the plan into \(target): \(error.localizedDescription)")
        }
        return .solved
    }
}

/// Environment variable naming the batch's process id in its children.
let batchParentVariable = "LANGPLAN_BATCH_PARENT"

/// In a child of `langplan batch`: leave as soon as the batch is gone (killed with SIGKILL,
/// say), so that no orphan keeps writing into a folder the next run starts again.
func watchBatchParent() {
    guard let text = ProcessInfo.processInfo.environment[batchParentVariable], let parent = Int32(text) else { return }
    Thread {
        while getppid() == parent { Thread.sleep(forTimeInterval: 0.2) }
        _exit(3)
    }.start()
}
