import Foundation
import GRDB
import Hummingbird
import Reports
import Scenario

/// The JSON API (`/api/…`), described by `OpenAPIDocument.json` at `/api/openapi.json`.
/// Callers sign in with HTTP Basic (an agency's own systems) or the browser's session cookie
/// (then changes need the `X-CSRF-Token` header).
extension WebApp {
    struct APIIssue: Codable, Sendable { var line: Int; var column: Int; var cell: String?; var path: String; var message: String }
    struct APIScenario: ResponseEncodable, Sendable {
        var id: Int64; var name: String; var version: Int; var issues: [APIIssue]; var summary: String?; var text: String?
    }
    struct APIRun: ResponseEncodable, Sendable {
        var id: String; var scenarioId: Int64; var kind: String; var status: String; var progress: String; var gap: String?
        var createdAt: Date; var startedAt: Date?; var finishedAt: Date?; var files: [String]?
    }
    struct APIRunRequest: Decodable, Sendable { var kind: String; var timeLimit: Double?; var lang: String?; var planRun: String? }

    func apiViewer(_ request: Request, changes: Bool) async throws -> Viewer {
        var v = try await viewer(request)
        if v.user != nil {
            if changes, request.headers[.csrfToken] != v.session?.csrf {
                throw HTTPError(.forbidden, message: "X-CSRF-Token header missing or wrong")
            }
            return v
        }
        if let h = request.headers[.authorization], h.hasPrefix("Basic "),
           let d = Data(base64Encoded: String(h.dropFirst(6))), let s = String(data: d, encoding: .utf8), let colon = s.firstIndex(of: ":") {
            if let u = try await auth.check(username: String(s[..<colon]), password: String(s[s.index(after: colon)...])) {
                v.user = u
                return v
            }
        }
        throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"langplan\""], message: "sign in with HTTP Basic")
    }

    func apiRun(_ r: RunRecord, files: Bool) -> APIRun {
        APIRun(id: r.id, scenarioId: r.scenarioId, kind: r.kind.rawValue, status: r.status.rawValue, progress: r.progress, gap: r.gap,
               createdAt: r.createdAt, startedAt: r.startedAt, finishedAt: r.finishedAt,
               files: files && r.status.finished ? runFiles(r.id).map(\.path) : nil)
    }

    func addAPIRoutes(_ router: Router<BasicRequestContext>) {
        let api = router.group("api").add(middleware: APIErrorMiddleware())
        api.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        api.get("scenarios") { request, _ -> [APIScenario] in
            let v = try await self.apiViewer(request, changes: false)
            try v.require(.readScenarios)
            let list = try await self.store.db.read { db in try ScenarioRecord.order(Column("id")).fetchAll(db) }
            var out: [APIScenario] = []
            for s in list {
                let latest = try await Scenarios.latest(store: self.store, id: s.id!)
                out.append(APIScenario(id: s.id!, name: s.name, version: latest?.number ?? 0,
                                       issues: [], summary: nil, text: nil))
            }
            return out
        }
        api.post("scenarios") { request, _ -> EditedResponse<APIScenario> in
            let v = try await self.apiViewer(request, changes: true)
            try v.require(.editScenarios)
            var req = request
            let body: ByteBuffer
            do { body = try await req.collectBody(upTo: Limits.upload) } catch { throw HTTPError(.contentTooLarge) }
            let data = Data(body.readableBytesView)
            guard !data.isEmpty else { throw HTTPError(.badRequest, message: "send the scenario (YAML or .xlsx) as the request body") }
            let given = request.uri.queryParameters.get("name")
            guard (given?.count ?? 0) <= 100 else { throw HTTPError(.badRequest, message: "name: at most 100 characters") }
            let name = WebApp.displayName(given, fallback: "scenario")
            let id: Int64
            do { id = try await Scenarios.create(store: self.store, name: name, data: data, file: name + ".yaml", by: v.user!) } catch let e as Scenarios.UnreadableWorkbook {
                throw HTTPError(.unprocessableContent, message: e.description)
            }
            return EditedResponse(status: .created, response: try await self.apiScenario(id: id, full: true)!)
        }
        api.get("scenarios/:id") { request, context -> APIScenario in
            let v = try await self.apiViewer(request, changes: false)
            try v.require(.readScenarios)
            let id = try WebApp.int64(context, "id")
            guard let s = try await self.apiScenario(id: id, full: true) else { throw HTTPError(.notFound) }
            return s
        }
        api.post("scenarios/:id/runs") { request, context -> EditedResponse<APIRun> in
            let v = try await self.apiViewer(request, changes: true)
            let id = try WebApp.int64(context, "id")
            let body = try await request.decode(as: APIRunRequest.self, context: context)
            let run = try await self.startRun(v, scenario: id, kind: body.kind, timeLimit: body.timeLimit.map { String($0) },
                                              lang: body.lang, planRun: body.planRun)
            return EditedResponse(status: .accepted, response: self.apiRun(run, files: false))
        }
        api.get("runs") { request, _ -> [APIRun] in
            let v = try await self.apiViewer(request, changes: false)
            try v.require(.readRuns)
            let runs = try await self.store.db.read { db in try RunRecord.order(Column("createdAt").desc).limit(500).fetchAll(db) }
            return runs.map { self.apiRun($0, files: false) }
        }
        api.get("runs/:run") { request, context -> APIRun in
            let v = try await self.apiViewer(request, changes: false)
            return self.apiRun(try await self.visibleRun(v, context), files: true)
        }
        api.post("runs/:run/cancel") { request, context -> APIRun in
            let v = try await self.apiViewer(request, changes: true)
            let run = try await self.visibleRun(v, context)
            try v.require(.cancelRun)
            _ = await self.queue.cancel(run.id)
            await self.store.audit(v.user, "run.cancel", "run \(run.id)")
            let now = try await self.store.db.read { db in try RunRecord.fetchOne(db, key: run.id) } ?? run
            return self.apiRun(now, files: false)
        }
        api.get("runs/:run/files/**") { request, context in
            let v = try await self.apiViewer(request, changes: false)
            return try await self.runFile(v, context, path: context.parameters.getCatchAll().joined(separator: "/"))
        }
    }

    func apiScenario(id: Int64, full: Bool) async throws -> APIScenario? {
        guard let s = try await store.db.read({ db in try ScenarioRecord.fetchOne(db, key: id) }),
              let ver = try await Scenarios.latest(store: store, id: id) else { return nil }
        let reading = Scenarios.read(Data(ver.text.utf8), name: "\(s.name).yaml")
        return APIScenario(id: id, name: s.name, version: ver.number,
                           issues: reading.issues.map { APIIssue(line: $0.line, column: $0.column, cell: $0.cell, path: $0.path, message: $0.message) },
                           summary: reading.scenario?.summary, text: full ? ver.text : nil)
    }
}

/// Every API error as JSON (`{"error": {"message": …}}`, as the OpenAPI document says), and
/// never a 500 with a stack or path in it: unexpected errors are logged and answered plainly.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch let e as HTTPError {
            return Self.json(e.status, e.body ?? e.status.reasonPhrase, headers: e.headers)
        } catch let e as any HTTPResponseError {
            return Self.json(e.status, e.status.reasonPhrase, headers: [:])
        } catch {
            context.logger.error("API request failed", metadata: ["path": "\(request.uri.path)", "error": "\(type(of: error))"])
            return Self.json(.internalServerError, "internal error", headers: [:])
        }
    }

    static func json(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields) -> Response {
        var h = headers
        h[.contentType] = "application/json"
        let data = (try? JSONSerialization.data(withJSONObject: ["error": ["message": message]])) ?? Data()
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
