import Foundation
import GRDB
import Hummingbird
import Logging
import Reports
import Scenario
import ServiceLifecycle

/// How `langplan serve` runs.
public struct WebAppConfig: Sendable {
    /// The data folder: `langplan.sqlite` and `runs/<run-id>/`.
    public var dataDir: URL
    public var host: String
    public var port: Int
    /// The langplan binary that solves runs (the server's own executable).
    public var executable: URL
    /// Solving children at once (one GLPK solve per core by default).
    public var workers: Int
    /// Shipped scenarios (*.yaml) loaded into the store on start when not there yet.
    public var scenarioDir: URL?
    /// The admin's first password (`LANGPLAN_ADMIN_PASSWORD`); nil → generated and printed.
    public var adminPassword: String?

    /// - Parameters:
    ///   - dataDir: the data folder (created when missing).
    ///   - host: the address to listen on; port: the TCP port.
    ///   - executable: the `langplan` binary that runs solves as child processes.
    ///   - workers: child processes solving at once (≥ 1).
    ///   - scenarioDir: a folder of shipped `*.yaml` scenarios to load on start, or nil.
    ///   - adminPassword: the first admin's password, or nil to generate one.
    public init(dataDir: URL, host: String = "127.0.0.1", port: Int = 8080, executable: URL,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, scenarioDir: URL? = nil,
                adminPassword: String? = nil) {
        self.dataDir = dataDir; self.host = host; self.port = port; self.executable = executable
        self.workers = workers; self.scenarioDir = scenarioDir; self.adminPassword = adminPassword
    }
}

/// The web app: store, sign-in, run queue and routes.
public final class WebApp: Sendable {
    let config: WebAppConfig
    let store: Store
    let auth: Auth
    let queue: RunQueue
    let logger: Logger
    /// Set when the first start generated the admin's password (printed once by the CLI).
    public let generatedAdminPassword: String?

    /// Opens the store (creating it and the admin on first start), loads shipped scenarios and
    /// recovers the run queue.
    /// - Parameter config: the data folder, address, executable and workers.
    /// - Throws: when the data folder or store cannot be created or opened.
    public init(config: WebAppConfig, logger: Logger = Logger(label: "langplan.web")) async throws {
        self.config = config
        self.logger = logger
        let fm = FileManager.default
        let runs = config.dataDir.appendingPathComponent("runs", isDirectory: true)
        try fm.createDirectory(at: runs, withIntermediateDirectories: true)
        store = try Store(path: config.dataDir.appendingPathComponent("langplan.sqlite").path)
        auth = Auth(store: store, limiter: LoginLimiter())
        queue = RunQueue(store: store, runsDir: runs, executable: config.executable, workers: config.workers, logger: logger)
        generatedAdminPassword = try await Auth.bootstrapAdmin(store: store, password: config.adminPassword)
        if let dir = config.scenarioDir { try await loadShipped(dir) }
        try await queue.recover()
    }

    /// Loads each `*.yaml` of `dir` as a scenario (version 1, by the admin) unless one of that
    /// name exists.
    func loadShipped(_ dir: URL) async throws {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let admin = try await store.db.read { db in try User.filter(Column("role") == Role.admin.rawValue).fetchOne(db) }
        guard let admin else { return }
        for f in files.sorted() where f.hasSuffix(".yaml") {
            let name = String(f.dropLast(5))
            let exists = try await store.db.read { db in try ScenarioRecord.filter(Column("name") == name).fetchCount(db) } > 0
            guard !exists, let data = FileManager.default.contents(atPath: dir.appendingPathComponent(f).path) else { continue }
            _ = try await Scenarios.create(store: store, name: name, data: data, file: f, by: admin)
        }
    }

    /// The router with every page and API route.
    /// - Returns: a router for `BasicRequestContext` (HummingbirdTesting drives it in the tests).
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        addPageRoutes(router)
        addRunRoutes(router)
        addPeopleRoutes(router)
        addUserRoutes(router)
        addAPIRoutes(router)
        return router
    }

    /// The application bound to the configured host and port.
    /// - Returns: the Hummingbird application (not yet running).
    public func application() -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(config.host, port: config.port),
                                                            serverName: "langplan"), logger: logger)
    }

    /// Serves until SIGINT/SIGTERM. Shutdown stops the run queue first (children terminated,
    /// their runs marked interrupted, so open progress streams end), then the HTTP server.
    /// - Throws: when the address cannot be bound.
    public func run() async throws {
        let group = ServiceGroup(configuration: .init(
            services: [application(), RunQueueService(queue: queue)],  // shut down in reverse order
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// The run queue as a service of the server's group: on graceful shutdown it stops the
/// solving children and marks their runs interrupted.
struct RunQueueService: Service {
    let queue: RunQueue
    func run() async throws {
        try? await gracefulShutdown()
        await queue.stopAll()
    }
}
