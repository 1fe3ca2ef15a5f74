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

/// Runs `executable` with `arguments` from the package root, as a user's shell would.
func spawn(_ executable: String, _ arguments: [String]) throws -> Run {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    p.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes while the process runs (a full pipe would block it).
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = readToEnd(err.fileHandleForReading) }
    reader.start()
    let outData = readToEnd(out.fileHandleForReading)
    p.waitUntilExit()
    while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    return Run(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
               stderr: String(decoding: errData, as: UTF8.self))
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
