import ChildProcess
import Foundation
import GRDB
import Logging

/// The run queue: runs wait in SQLite and are solved by at most `workers` child processes of
/// the same binary (`langplan plan|size-budget|sweep|timetable|replan … --out runs/<id>/out`).
/// GLPK never runs in the server process, so a solve can neither block the event loop nor take
/// the server down, and cancel is a signal to the child.
actor RunQueue {
    let store: Store
    let runsDir: URL
    let executable: URL
    let workers: Int
    let logger: Logger
    private var children: [String: ChildProcess] = [:]
    private var cancelling: Set<String> = []
    /// Runs taken from the queue whose child is not started yet (kick is reentrant at awaits).
    private var starting = 0
    /// Set on shutdown: no new child starts and finished children are not recorded.
    private var stopping = false

    init(store: Store, runsDir: URL, executable: URL, workers: Int, logger: Logger) {
        self.store = store; self.runsDir = runsDir; self.executable = executable
        self.workers = max(1, workers); self.logger = logger
    }

    /// After a restart: runs that were solving are marked interrupted (they can be re-run);
    /// queued runs start again.
    func recover() async throws {
        try await store.db.write { db in
            try db.execute(sql: "UPDATE run SET status = ?, finishedAt = ?, progress = progress || ? WHERE status = ?",
                           arguments: [RunStatus.interrupted.rawValue, Date(), " (server restarted)", RunStatus.running.rawValue])
        }
        await kick()
    }

    /// The folder of run `id` (ids are generated hex, checked again here).
    nonisolated func folder(_ id: String) -> URL? {
        guard id.count == 16, id.allSatisfy(\.isHexDigit) else { return nil }
        return runsDir.appendingPathComponent(id, isDirectory: true)
    }

    /// Starts queued runs while fewer than `workers` children are running.
    func kick() async {
        while !stopping, children.count + starting < workers {
            starting += 1
            let next = try? await store.db.write { db -> RunRecord? in
                guard var r = try RunRecord.filter(Column("status") == RunStatus.queued.rawValue)
                    .order(Column("createdAt")).fetchOne(db) else { return nil }
                r.status = .running; r.startedAt = Date(); r.progress = "starting"
                try r.update(db)
                return r
            }
            starting -= 1
            guard let run = next ?? nil else { return }
            await launch(run)
        }
    }

    /// The command line of a run (after the executable).
    nonisolated func arguments(_ r: RunRecord, dir: URL) -> [String] {
        let out = dir.appendingPathComponent("out").path
        let scenario = dir.appendingPathComponent("scenario.yaml").path
        var args = [r.kind.rawValue, scenario, "--out", out, "--time-limit", String(r.timeLimit)]
        args += ["--lang", r.lang]  // every kind, timetable included (its HTML and calendars)
        if r.kind.needsPlan, let plan = r.planRun, let pd = folder(plan) {
            args += ["--plan", pd.appendingPathComponent("out").path]
        }
        if r.kind == .replan { args += ["--survey", dir.appendingPathComponent("survey.yaml").path] }
        if r.kind == .sweep { args += ["--budget", "50%..150%", "--steps", "5"] }  // the CLI needs a range
        return args
    }

    private func launch(_ run: RunRecord) async {
        guard let dir = folder(run.id) else { return await finish(run.id, status: .failed, code: nil, note: "bad run id") }
        let id = run.id
        let store = self.store
        let errLog = dir.appendingPathComponent("stderr.txt")
        guard FileManager.default.createFile(atPath: errLog.path, contents: nil) else {
            return await finish(run.id, status: .failed, code: nil, note: "could not create the run's stderr.txt")
        }
        let child: ChildProcess
        do {
            child = try ChildProcess(executable.path, arguments(run, dir: dir), directory: dir.path,
                                     output: .file(dir.appendingPathComponent("stdout.txt").path), error: .pipe)
        } catch {
            return await finish(id, status: .failed, code: nil, note: "could not start langplan: \(error.localizedDescription)")
        }
        children[id] = child
        logger.info("run started", metadata: ["run": "\(id)", "kind": "\(run.kind.rawValue)", "pid": "\(child.pid)"])
        let errFile = try? FileHandle(forWritingTo: errLog)
        // Progress: each stderr line becomes the run's progress line (and goes to stderr.txt).
        // A thread of its own reads the pipe to its end and then reaps the child: blocking
        // there is fine, and no cooperative thread or dispatch source is involved.
        let reader = LineReader { line in
            try? errFile?.write(contentsOf: Data((line + "\n").utf8))  // (a full disk is no reason to stop)
            let clipped = String(line.prefix(300))
            _ = try? store.db.write { db in
                try db.execute(sql: "UPDATE run SET progress = ? WHERE id = ? AND status = 'running'", arguments: [clipped, id])
            }
        }
        let errFD = child.errorPipe!  // safe: asked for a pipe
        Thread {
            readChunks(errFD) { reader.feed($0) }
            reader.flush()
            try? errFile?.close()
            let code = child.wait()
            Task { await self.exited(id, code: Int(code)) }
        }.start()
    }

    /// Child `id` ended with `code` (its exit status, or 128 + the signal that ended it).
    private func exited(_ id: String, code: Int) async {
        guard !stopping else { return }
        children[id] = nil
        let cancelled = cancelling.remove(id) != nil
        let status: RunStatus = cancelled ? .cancelled : (code == 0 ? .done : .failed)
        await finish(id, status: status, code: code, note: nil)
        logger.info("run finished", metadata: ["run": "\(id)", "status": "\(status.rawValue)"])
        await kick()
    }

    private func finish(_ id: String, status: RunStatus, code: Int?, note: String?) async {
        let dir = folder(id)
        let stdout = dir.flatMap { try? String(contentsOf: $0.appendingPathComponent("stdout.txt"), encoding: .utf8) } ?? ""
        let gap = RunQueue.gap(in: stdout)
        _ = try? await store.db.write { db in
            guard var r = try RunRecord.fetchOne(db, key: id) else { return }
            r.status = status; r.finishedAt = Date(); r.exitCode = code; r.gap = gap ?? r.gap
            if let note { r.progress = note }
            else if status == .done { r.progress = stdout.split(separator: "\n").first.map(String.init) ?? r.progress }
            try r.update(db)
        }
        children[id] = nil
    }

    /// The gap a solving command printed ("gap 0.012%"), if any.
    static func gap(in text: String) -> String? {
        guard let r = text.range(of: #"gap [0-9.]+%|gap unknown"#, options: .regularExpression) else { return nil }
        return String(text[r].dropFirst(4))
    }

    /// Cancels a queued or running run.
    /// - Returns: false when the run had already finished.
    func cancel(_ id: String) async -> Bool {
        if let child = children[id] {
            cancelling.insert(id)
            // The child is one process (GLPK runs inside it); its group too when it leads one.
            child.send(SIGTERM)
            Task {
                try? await Task.sleep(for: .seconds(5))
                self.kill(id, child)
            }
            return true
        }
        let changed = (try? await store.db.write { db -> Bool in
            try db.execute(sql: "UPDATE run SET status = 'cancelled', finishedAt = ? WHERE id = ? AND status = 'queued'",
                           arguments: [Date(), id])
            return db.changesCount > 0
        }) ?? false
        return changed
    }

    /// SIGKILL to a child that has not ended 5 s after SIGTERM (still in `children`, so not reaped
    /// and its pid not reused).
    private func kill(_ id: String, _ child: ChildProcess) {
        if children[id]?.pid == child.pid { child.send(SIGKILL) }
    }

    /// Server shutdown: stops every child and marks its run interrupted (re-runnable); queued
    /// runs stay queued for the next start.
    func stopAll() async {
        stopping = true
        for (_, child) in children { child.send(SIGTERM) }
        let ids = Array(children.keys)
        _ = try? await store.db.write { db in
            for id in ids {
                try db.execute(sql: "UPDATE run SET status = 'interrupted', finishedAt = ?, progress = progress || ' (server stopped)' WHERE id = ?",
                               arguments: [Date(), id])
            }
        }
    }
}

/// Splits a byte stream into lines (UTF-8), thread-safe.
final class LineReader: @unchecked Sendable {
    private var buffer = Data()
    private let lock = NSLock()
    private let onLine: (String) -> Void
    init(_ onLine: @escaping (String) -> Void) { self.onLine = onLine }

    func feed(_ d: Data) {
        lock.lock(); defer { lock.unlock() }
        buffer.append(d)
        while let nl = buffer.firstIndex(of: 0x0A) {
            let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
            buffer.removeSubrange(buffer.startIndex...nl)
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { onLine(line) }
        }
    }

    func flush() {
        lock.lock(); defer { lock.unlock() }
        if !buffer.isEmpty { onLine(String(decoding: buffer, as: UTF8.self)); buffer.removeAll() }
    }
}
