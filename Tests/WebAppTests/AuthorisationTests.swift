import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WebApp

/// The authorisation matrix: every role × every route × own and another's object → status.
/// Pages answer 303 (to /login) without a session; collection and action routes a role may not
/// use answer 403; objects that are not the viewer's answer 404, exactly as objects that do not
/// exist.
@Suite struct AuthorisationMatrix {
    static let roles = ["anon", "admin", "planner", "finance", "inst-a", "inst-b", "agency-1"]

    /// Expected status per role, in the order of `roles`.
    struct Row { let uri: String; let expect: [Int] }

    @Test func everyRoleEveryGetRoute() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let s = h.scenarioId, r = h.timetableRun
        let rows: [Row] = [
            //                                         anon admin plan  fin  instA instB agency
            Row(uri: "/",                          expect: [303, 200, 200, 200, 200, 200, 200]),
            Row(uri: "/scenarios",                 expect: [303, 200, 200, 200, 403, 403, 403]),
            Row(uri: "/scenarios/\(s)",            expect: [303, 200, 200, 200, 403, 403, 403]),
            Row(uri: "/scenarios/999",             expect: [303, 404, 404, 404, 403, 403, 403]),
            Row(uri: "/scenarios/\(s)/compare?a=1&b=1", expect: [303, 200, 200, 200, 403, 403, 403]),
            Row(uri: "/runs",                      expect: [303, 200, 200, 200, 403, 403, 403]),
            Row(uri: "/runs/\(r)",                 expect: [303, 200, 200, 200, 404, 404, 404]),
            Row(uri: "/runs/0000000000000000",     expect: [303, 404, 404, 404, 404, 404, 404]),
            // Own institution's file vs another institution's file.
            Row(uri: "/runs/\(r)/files/inst-a/timetable.html", expect: [303, 200, 200, 200, 200, 404, 404]),
            Row(uri: "/runs/\(r)/files/inst-b/timetable.html", expect: [303, 200, 200, 200, 404, 200, 404]),
            Row(uri: "/runs/\(r)/files/inst-a/../inst-b/timetable.html", expect: [303, 404, 404, 404, 404, 404, 404]),
            Row(uri: "/runs/\(r)/files/..%2F..%2Flangplan.sqlite", expect: [303, 404, 404, 404, 404, 404, 404]),
            Row(uri: "/runs/\(r)/zip",             expect: [303, 200, 200, 200, 404, 404, 404]),
            Row(uri: "/compare?a=\(r)&b=\(r)",    expect: [303, 404, 404, 404, 403, 403, 403]),  // not plan runs
            Row(uri: "/institution",               expect: [303, 403, 403, 403, 200, 200, 403]),
            Row(uri: "/survey",                    expect: [303, 403, 403, 403, 403, 403, 200]),
            Row(uri: "/surveys",                   expect: [303, 200, 200, 403, 403, 403, 403]),
            Row(uri: "/admin/users",               expect: [303, 200, 403, 403, 403, 403, 403]),
            Row(uri: "/admin/audit",               expect: [303, 200, 403, 403, 403, 403, 403]),
            Row(uri: "/admin/users/\(h.users["agency-2"]!.id!)", expect: [303, 200, 403, 403, 403, 403, 403]),
            Row(uri: "/admin/users/999",           expect: [303, 404, 403, 403, 403, 403, 403]),
            Row(uri: "/admin/users/x",             expect: [303, 404, 403, 403, 403, 403, 403]),
        ]
        try await h.application().test(.router) { client in
            for row in rows {
                for (i, role) in Self.roles.enumerated() {
                    let res = try await client.execute(uri: row.uri, method: .get, headers: h.cookie(role == "anon" ? nil : role))
                    #expect(Int(res.status.code) == row.expect[i], "\(role) GET \(row.uri)")
                }
            }
        }
    }

    @Test func apiRoutesWithBasicAuth() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let s = h.scenarioId, r = h.timetableRun
        let rows: [Row] = [
            //                                                   anon admin plan  fin  instA instB agency
            Row(uri: "/api/scenarios",                       expect: [401, 200, 200, 200, 403, 403, 403]),
            Row(uri: "/api/scenarios/\(s)",                  expect: [401, 200, 200, 200, 403, 403, 403]),
            Row(uri: "/api/runs",                            expect: [401, 200, 200, 200, 403, 403, 403]),
            Row(uri: "/api/runs/\(r)",                       expect: [401, 200, 200, 200, 404, 404, 404]),
            Row(uri: "/api/runs/\(r)/files/inst-a/timetable.html", expect: [401, 200, 200, 200, 200, 404, 404]),
            Row(uri: "/api/openapi.json",                    expect: [200, 200, 200, 200, 200, 200, 200]),
        ]
        try await h.application().test(.router) { client in
            for row in rows {
                for (i, role) in Self.roles.enumerated() {
                    let res = try await client.execute(uri: row.uri, method: .get, headers: role == "anon" ? [:] : h.basic(role))
                    #expect(Int(res.status.code) == row.expect[i], "\(role) GET \(row.uri)")
                }
            }
        }
    }

    /// Actions: starting each kind of run, editing, merging, creating users; with the CSRF token.
    @Test func everyRoleEveryAction() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let s = h.scenarioId
        struct Action { let uri: String; let fields: [String: String]; let expect: [Int] }
        let tiny = try String(contentsOf: Harness.root.appendingPathComponent("scenarios/tiny.yaml"), encoding: .utf8)
        let other = h.users["agency-2"]!.id!
        let actions: [Action] = [
            //                                                                          anon admin plan  fin  instA instB agency
            Action(uri: "/scenarios/\(s)/runs", fields: ["kind": "plan", "timeLimit": "5"], expect: [303, 303, 303, 403, 403, 403, 403]),
            Action(uri: "/scenarios/\(s)/runs", fields: ["kind": "size-budget", "timeLimit": "5"], expect: [303, 303, 303, 303, 403, 403, 403]),
            Action(uri: "/scenarios/\(s)/runs", fields: ["kind": "sweep", "timeLimit": "5"], expect: [303, 303, 303, 303, 403, 403, 403]),
            Action(uri: "/scenarios/\(s)/runs", fields: ["kind": "timetable", "timeLimit": "5"], expect: [303, 422, 422, 403, 403, 403, 403]),
            Action(uri: "/scenarios/\(s)", fields: ["text": tiny, "do": "save"], expect: [303, 200, 200, 403, 403, 403, 403]),
            Action(uri: "/surveys/merge", fields: ["scenario": "\(s)"], expect: [303, 200, 200, 403, 403, 403, 403]),
            Action(uri: "/institution/feed", fields: [:], expect: [303, 403, 403, 403, 303, 303, 403]),
            Action(uri: "/admin/users", fields: ["username": "x", "password": "short", "role": "planner"], expect: [303, 400, 403, 403, 403, 403, 403]),
            Action(uri: "/admin/users/\(other)", fields: ["role": "agency", "unit": "unit-2"], expect: [303, 200, 403, 403, 403, 403, 403]),
            Action(uri: "/admin/users/999", fields: ["role": "agency", "unit": "unit-2"], expect: [303, 404, 403, 403, 403, 403, 403]),
            Action(uri: "/admin/users/\(other)/password", fields: ["password": "short"], expect: [303, 400, 403, 403, 403, 403, 403]),
            Action(uri: "/admin/users/\(other)/disable", fields: [:], expect: [303, 200, 403, 403, 403, 403, 403]),
            Action(uri: "/admin/users/\(other)/enable", fields: [:], expect: [303, 200, 403, 403, 403, 403, 403]),
        ]
        try await h.application().test(.router) { client in
            for a in actions {
                for (i, role) in Self.roles.enumerated() {
                    var fields = a.fields
                    if role != "anon" { fields["csrf"] = h.csrf(role) }
                    let res = try await client.form(a.uri, fields, headers: h.cookie(role == "anon" ? nil : role))
                    #expect(Int(res.status.code) == a.expect[i], "\(role) POST \(a.uri) \(a.fields["kind"] ?? "")")
                }
            }
            // Without the CSRF token every form is refused, whoever sends it.
            for a in actions {
                let res = try await client.form(a.uri, a.fields, headers: h.cookie("admin"))
                #expect(res.status == .forbidden, "admin POST \(a.uri) without CSRF")
            }
        }
    }
}
