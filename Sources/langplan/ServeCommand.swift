import ArgumentParser
import Foundation
import Logging
import WebApp

/// `langplan serve`: the web app for planners, finance officers, institutions and agencies.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app: scenarios, runs, results, timetables and surveys in a browser.",
        discussion: paragraphs("""
        Keeps its store in DATA/langplan.sqlite and run files in DATA/runs/. The first start creates \
        the account `admin` with the password in LANGPLAN_ADMIN_PASSWORD, or a generated one printed once. \
        Runs are solved by child langplan processes, one per core.
        """))

    @Option(name: .long, help: "Data folder (created).") var data: String = "./data"
    @Option(name: .long, help: "TCP port.") var port: Int = 8080
    @Option(name: .long, help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(name: .long, help: "Load each *.yaml of this folder as a scenario on start (when not there yet).") var scenarios: String?
    @Option(name: .long, help: "Solving processes at once (default: one per core).") var workers: Int?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1…65535") }
        if let workers, workers < 1 || workers > 64 { throw ValidationError("--workers must be 1…64") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = .info
            return h
        }
        // The solving children are this same binary.
        let exe = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                      ?? CommandLine.arguments[0]).standardizedFileURL
        var config = WebAppConfig(dataDir: URL(fileURLWithPath: data, isDirectory: true).standardizedFileURL, host: host, port: port,
                                  executable: exe, scenarioDir: scenarios.map { URL(fileURLWithPath: $0, isDirectory: true) },
                                  adminPassword: ProcessInfo.processInfo.environment["LANGPLAN_ADMIN_PASSWORD"])
        if let workers { config.workers = workers }
        let app: WebApp
        do { app = try await WebApp(config: config) } catch {
            FileHandle.standardError.write(Data("error: cannot open the store in \(data): \(error)\n".utf8))
            throw ExitCode(1)
        }
        if let pw = app.generatedAdminPassword {
            FileHandle.standardOutput.write(Data("first start: account admin, password \(pw) (shown once)\n".utf8))
        }
        FileHandle.standardOutput.write(Data("langplan serve: http://\(host):\(port)/  (data in \(data))\n".utf8))
        try await app.run()
    }
}
