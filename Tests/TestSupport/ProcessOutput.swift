import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Everything a pipe (or file) gives until its end, read with POSIX `read`.
///
/// Why not `FileHandle.readDataToEndOfFile()`: on Linux it ends in a `try!` on any read error,
/// and a signal arriving during the read (EINTR) is such an error, so one interrupted read
/// killed the whole test process (seen once in a full suite on 2 busy cores). Here an
/// interrupted read is simply repeated.
/// - Parameter handle: the reading end (a `Pipe`'s `fileHandleForReading`, say).
/// - Returns: the bytes read until end of file, or until a read error other than EINTR.
public func readToEnd(_ handle: FileHandle) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    let fd = handle.fileDescriptor
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            data.append(contentsOf: buffer[0..<n])
        } else if n == 0 || errno != EINTR {
            return data
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
/// pipes to their end.
///
/// Why not `Foundation.Process`: on Linux its termination monitoring runs through libdispatch,
/// and with many children started at once by tests running in parallel the dispatch manager
/// thread crashed the whole test process (`_dispatch_event_loop_drain`, a fresh-clone CI run on 2
/// cores). Here the child is started by `posix_spawn` (through `/bin/sh` for the directory) and
/// reaped by `waitpid`, with no dispatch source involved.
/// - Parameters:
///   - executable: absolute path of the program.
///   - arguments: its arguments (passed as they are, no shell quoting).
///   - directory: the child's working directory.
///   - environment: the child's environment (nil: this process's).
/// - Returns: status and output.
/// - Throws: `POSIXError` when the pipes cannot be made or the child cannot be started.
public func runChild(_ executable: String, _ arguments: [String], directory: String,
                     environment: [String: String]? = nil) throws -> ChildRun {
    var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
    guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
    // sh -c 'cd "$0" && exec "$@"' DIR EXE ARGS…: the directory and arguments stay unquoted words.
    let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments
    var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    var cEnv: [UnsafeMutablePointer<CChar>?] = (environment ?? ProcessInfo.processInfo.environment)
        .map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in cEnv { free(p) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &cArgs, &cEnv)
    close(outPipe[1]); close(errPipe[1])
    guard spawned == 0 else {
        close(outPipe[0]); close(errPipe[0])
        throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
    }
    // Both pipes read at once (a full pipe would block the child).
    nonisolated(unsafe) var errData = Data()
    let errHandle = FileHandle(fileDescriptor: errPipe[0], closeOnDealloc: true)
    let reader = Thread { errData = readToEnd(errHandle) }
    reader.start()
    let outData = readToEnd(FileHandle(fileDescriptor: outPipe[0], closeOnDealloc: true))
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (macros Swift does not import).
    let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ChildRun(status: code, stdout: outData, stderr: errData)
}
