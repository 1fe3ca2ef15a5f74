import Foundation
import TestSupport

/// The package's root, from this file's path (Tests/CLITests/Support.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// What a spawned process did.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` from the package root, as a user's shell would
/// (`TestSupport.runChild`: posix_spawn, not Foundation's Process).
func spawn(_ executable: String, _ arguments: [String]) throws -> Run {
    let r = try runChild(executable, arguments, directory: packageRoot)
    return Run(status: r.status, stdout: String(decoding: r.stdout, as: UTF8.self), stderr: String(decoding: r.stderr, as: UTF8.self))
}

/// The `langplan` binary `swift build` made (debug), run as a user runs it.
func langplan(_ arguments: String...) throws -> Run {
    try langplan(arguments)
}

/// `langplan(_:)` with the arguments as an array.
func langplan(_ arguments: [String]) throws -> Run {
    let binary = packageRoot + "/.build/debug/langplan"
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw CLITestError("\(binary) is missing: run `swift build --build-tests` first")
    }
    return try spawn(binary, arguments)
}

/// Runs one of this folder's Python checkers.
func python(_ script: String, _ arguments: [String]) throws -> Run {
    try spawn("/usr/bin/env", ["python3", packageRoot + "/Tests/CLITests/" + script] + arguments)
}

struct CLITestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A fresh empty directory under the system's temporary directory.
func temporaryDirectory(_ name: String) -> String {
    let dir = NSTemporaryDirectory() + "langplan-cli-\(name)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
