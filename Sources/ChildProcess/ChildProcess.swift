import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started by `posix_spawn` and reaped by `waitpid`.
///
/// Why not `Foundation.Process`: on Linux it monitors children through libdispatch, and with
/// many children started at once the dispatch manager thread crashed the whole parent
/// (`_dispatch_event_loop_drain`, seen in a fresh-clone CI run of the test suite on 2 cores).
/// The web app's run queue and `langplan batch` start children for as long as they live, so
/// they use this instead: no dispatch source is involved, and every read and wait repeats
/// itself when a signal interrupts it (EINTR), where Foundation's reads end in a forced try.
public struct ChildProcess: Sendable {
    /// Where one of the child's output streams goes.
    public enum Output: Sendable {
        /// A pipe; read it with `readToEnd` or `readLines` from `outputPipe`/`errorPipe`.
        case pipe
        /// A file, created or truncated.
        case file(String)
        /// The same as the child's standard output (for `error` only).
        case standardOutput
    }

    /// Held while a child is being started (see the pipes' close-on-exec flag).
    private static let spawning = NSLock()

    /// The child's process id.
    public let pid: pid_t
    /// Reading ends of the pipes asked for (nil otherwise); the caller reads them to their end.
    public let outputPipe: Int32?, errorPipe: Int32?

    /// Starts `executable` with `arguments` in `directory`, standard input from /dev/null.
    /// - Parameters:
    ///   - executable: absolute path of the program.
    ///   - arguments: its arguments (passed as they are, no shell quoting).
    ///   - directory: the child's working directory.
    ///   - environment: the child's environment (nil: this process's).
    ///   - output, error: where its standard output and standard error go.
    /// - Throws: `POSIXError` when a pipe or file cannot be opened or the child cannot be started.
    public init(_ executable: String, _ arguments: [String], directory: String, environment: [String: String]? = nil,
                output: Output = .pipe, error: Output = .pipe) throws {
        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        var toClose: [Int32] = []
        defer { for fd in toClose { close(fd) } }
        func posixError(_ code: Int32 = errno) -> POSIXError { POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var readEnds: [Int32: Int32] = [:]
        var ours: [Int32] = []  // read ends kept by the parent (closed in the child)
        for (fd, where_) in [(Int32(1), output), (Int32(2), error)] {
            switch where_ {
            case .pipe:
                var p: [Int32] = [0, 0]
                // Close-on-exec: a child started later by another thread must not inherit this
                // pipe's writing end (its reader would wait for that child's end too). Spawns
                // are serialised (`spawning`) so none happens between pipe and fcntl.
                guard pipe(&p) == 0 else { for r in ours { close(r) }; throw posixError() }
                for end in p { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                posix_spawn_file_actions_adddup2(&actions, p[1], fd)
                toClose.append(p[1]); ours.append(p[0]); readEnds[fd] = p[0]
            case .file(let path):
                let f = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard f >= 0 else { for r in ours { close(r) }; throw posixError() }
                posix_spawn_file_actions_adddup2(&actions, f, fd)
                toClose.append(f)
            case .standardOutput:
                posix_spawn_file_actions_adddup2(&actions, 1, fd)
            }
        }
        for fd in ours + toClose { posix_spawn_file_actions_addclose(&actions, fd) }
        // sh -c 'cd "$0" && exec "$@"' DIR EXE ARGS…: the directory and arguments stay unquoted
        // words (glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift here).
        let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var cEnv: [UnsafeMutablePointer<CChar>?] = (environment ?? ProcessInfo.processInfo.environment)
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cEnv { free(p) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/bin/sh", &actions, nil, &cArgs, &cEnv)
        guard spawned == 0 else { for r in ours { close(r) }; throw posixError(spawned) }
        pid = child
        outputPipe = readEnds[1]
        errorPipe = readEnds[2]
    }

    /// Waits for the child to end (repeating the wait when a signal interrupts it).
    /// - Returns: its exit status, or 128 + the signal's number when a signal ended it.
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 128 + SIGKILL }  // already reaped elsewhere: treat as killed
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (macros Swift does not import).
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Sends `signal` to the child (and to its process group when it leads one).
    public func send(_ signal: Int32) {
        if getpgid(pid) == pid { kill(-pid, signal) } else { kill(pid, signal) }
    }
}

/// Everything a file descriptor gives until its end, read with POSIX `read` (EINTR repeated);
/// the descriptor is closed afterwards.
/// - Parameter fd: a pipe's reading end, say.
/// - Returns: the bytes read until end of file, or until a read error other than EINTR.
public func readToEnd(_ fd: Int32) -> Data {
    var data = Data()
    readChunks(fd) { data.append($0) }
    return data
}

/// Calls `body` with each chunk `fd` gives until its end (EINTR repeated), then closes it.
/// - Parameters:
///   - fd: a pipe's reading end, say.
///   - body: called on the calling thread with each chunk read.
public func readChunks(_ fd: Int32, _ body: (Data) -> Void) {
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            body(Data(buffer[0..<n]))
        } else if n == 0 || errno != EINTR {
            return
        }
    }
}

/// What a child process did: its exit status (128 + signal when a signal ended it) and
/// everything it wrote.
public struct ChildRun: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
}

/// Runs `executable` with `arguments` in `directory` and waits for it, reading both of its
/// pipes to their end (at once: a full pipe would block the child).
/// - Parameters:
///   - executable: absolute path of the program.
///   - arguments: its arguments (passed as they are, no shell quoting).
///   - directory: the child's working directory.
///   - environment: the child's environment (nil: this process's).
/// - Returns: status and output.
/// - Throws: `POSIXError` when the pipes cannot be made or the child cannot be started.
public func runChild(_ executable: String, _ arguments: [String], directory: String,
                     environment: [String: String]? = nil) throws -> ChildRun {
    let child = try ChildProcess(executable, arguments, directory: directory, environment: environment)
    nonisolated(unsafe) var errData = Data()
    let errFD = child.errorPipe!  // safe: asked for a pipe
    let reader = Thread { errData = readToEnd(errFD) }
    reader.start()
    let outData = readToEnd(child.outputPipe!)  // safe: asked for a pipe
    let status = child.wait()
    while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    return ChildRun(status: status, stdout: outData, stderr: errData)
}
