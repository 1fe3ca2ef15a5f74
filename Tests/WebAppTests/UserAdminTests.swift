import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WebApp

/// The admin's users page: change a role and binding, reset a password, disable and enable;
/// a disabled user is signed out at once and cannot sign in (page or API); the last enabled
/// admin can be neither disabled nor demoted; every change is in the audit log.
@Suite struct UserAdminTests {
    /// Signs in through the login form; the status the form answers (303 signed in, 401 not).
    static func login(_ client: some TestClientProtocol, _ user: String, _ password: String) async throws -> HTTPResponse.Status {
        let page = try await client.execute(uri: "/login", method: .get)
        let token = try #require(PageTests.hidden(String(buffer: page.body)))
        return try await client.form("/login", ["username": user, "password": password, "csrf": token],
                                     headers: [.cookie: "lp_login=\(token)"]).status
    }

    static func audit(_ h: Harness) async throws -> [String] {
        try await h.app.store.db.read { db in try String.fetchAll(db, sql: "SELECT action || ' ' || object FROM audit ORDER BY id") }
    }

    @Test func roleAndBindingChangeTakeEffectAtOnce() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let id = h.users["finance"]!.id!
        try await h.application().test(.router) { client in
            let r1 = try await client.execute(uri: "/scenarios", method: .get, headers: h.cookie("finance"))
            #expect(r1.status == .ok)
            let r2 = try await client.execute(uri: "/institution", method: .get, headers: h.cookie("finance"))
            #expect(r2.status == .forbidden)
            // An institution user needs an institution: refused without one, nothing changed.
            let bad = try await client.form("/admin/users/\(id)", ["role": "institution", "csrf": h.csrf("admin")], headers: h.cookie("admin"))
            #expect(bad.status == .badRequest)
            let ok = try await client.form("/admin/users/\(id)", ["role": "institution", "institution": "inst-b", "unit": "ignored",
                                                                  "csrf": h.csrf("admin")], headers: h.cookie("admin"))
            #expect(ok.status == .ok)
            // The same session now has the new role: its institution's page, not the scenarios.
            let r3 = try await client.execute(uri: "/scenarios", method: .get, headers: h.cookie("finance"))
            #expect(r3.status == .forbidden)
            let inst = try await client.execute(uri: "/institution", method: .get, headers: h.cookie("finance"))
            #expect(inst.status == .ok && String(buffer: inst.body).contains("inst-b"))
            // Its own institution's file, not another's.
            let r = h.timetableRun
            let r4 = try await client.execute(uri: "/runs/\(r)/files/inst-b/timetable.html", method: .get, headers: h.cookie("finance"))
            #expect(r4.status == .ok)
            let r5 = try await client.execute(uri: "/runs/\(r)/files/inst-a/timetable.html", method: .get, headers: h.cookie("finance"))
            #expect(r5.status == .notFound)
        }
        let u = try await h.app.store.db.read { db in try User.fetchOne(db, key: id) }!
        // A unit is kept only for agency users; an institution user gets a feed secret.
        #expect(u.role == .institution && u.institution == "inst-b" && u.unit == nil && u.feedToken?.count == 48)
        let r22 = try await Self.audit(h)
        #expect(r22.contains("user.update user \(id) role finance→institution institution –→inst-b unit –→–"))
    }

    @Test func disabledUserIsSignedOutAndCannotSignIn() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let id = h.users["planner"]!.id!
        try await h.application().test(.router) { client in
            let r6 = try await client.execute(uri: "/scenarios", method: .get, headers: h.cookie("planner"))
            #expect(r6.status == .ok)
            let res = try await client.form("/admin/users/\(id)/disable", ["csrf": h.csrf("admin")], headers: h.cookie("admin"))
            #expect(res.status == .ok)
            // The open session ended: pages send the user to the login page, the API refuses.
            let page = try await client.execute(uri: "/scenarios", method: .get, headers: h.cookie("planner"))
            #expect(page.status == .seeOther && page.headers[.location] == "/login")
            let r18 = try await Self.login(client, "planner", Harness.password)
            #expect(r18 == .unauthorized)
            let r7 = try await client.execute(uri: "/api/scenarios", method: .get, headers: h.basic("planner"))
            #expect(r7.status == .unauthorized)
            let users = String(buffer: try await client.execute(uri: "/admin/users", method: .get, headers: h.cookie("admin")).body)
            #expect(users.contains("<td class=\"issue\">đã khóa</td>"))
            // Enabled again: the password works again (the old session stays ended).
            let r8 = try await client.form("/admin/users/\(id)/enable", ["csrf": h.csrf("admin")], headers: h.cookie("admin"))
            #expect(r8.status == .ok)
            let r19 = try await Self.login(client, "planner", Harness.password)
            #expect(r19 == .seeOther)
            let r9 = try await client.execute(uri: "/scenarios", method: .get, headers: h.cookie("planner"))
            #expect(r9.status == .seeOther)
        }
        let sessions = try await h.app.store.db.read { db in try SessionRecord.filter(Column("userId") == id).fetchCount(db) }
        #expect(sessions == 1, "the disabled session deleted, the new login's kept")
        let log = try await Self.audit(h)
        #expect(log.contains("user.disable user \(id) (1 sessions ended)") && log.contains("user.enable user \(id)"))
    }

    @Test func passwordResetEndsSessionsAndOnlyTheNewPasswordWorks() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let id = h.users["agency-1"]!.id!
        let fresh = "a brand new secret"
        try await h.application().test(.router) { client in
            let short = try await client.form("/admin/users/\(id)/password", ["password": "short", "csrf": h.csrf("admin")], headers: h.cookie("admin"))
            #expect(short.status == .badRequest)
            let res = try await client.form("/admin/users/\(id)/password", ["password": fresh, "csrf": h.csrf("admin")], headers: h.cookie("admin"))
            #expect(res.status == .ok)
            let r10 = try await client.execute(uri: "/survey", method: .get, headers: h.cookie("agency-1"))
            #expect(r10.status == .seeOther)
            let r20 = try await Self.login(client, "agency-1", Harness.password)
            #expect(r20 == .unauthorized)
            let r21 = try await Self.login(client, "agency-1", fresh)
            #expect(r21 == .seeOther)
        }
        let log = try await Self.audit(h)
        #expect(log.contains("user.password user \(id) (1 sessions ended)"))
        #expect(!log.contains { $0.contains(fresh) }, "no password in the audit log")
    }

    @Test func theLastAdminCannotBeDisabledOrDemoted() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let admin = h.users["admin"]!.id!, planner = h.users["planner"]!.id!
        try await h.application().test(.router) { client in
            let csrf = h.csrf("admin"), me = h.cookie("admin")
            let r11 = try await client.form("/admin/users/\(admin)/disable", ["csrf": csrf], headers: me)
            #expect(r11.status == .conflict)
            let r12 = try await client.form("/admin/users/\(admin)", ["role": "planner", "csrf": csrf], headers: me)
            #expect(r12.status == .conflict)
            let r13 = try await client.execute(uri: "/admin/users", method: .get, headers: me)
            #expect(r13.status == .ok, "still an admin")
            // With a second admin, the first may step down; its session then has a planner's rights.
            let r14 = try await client.form("/admin/users/\(planner)", ["role": "admin", "csrf": csrf], headers: me)
            #expect(r14.status == .ok)
            let r15 = try await client.form("/admin/users/\(admin)", ["role": "planner", "csrf": csrf], headers: me)
            #expect(r15.status == .seeOther && r15.headers[.location] == "/", "stepped down: sent home")
            let r16 = try await client.execute(uri: "/admin/users", method: .get, headers: me)
            #expect(r16.status == .forbidden)
            // The new admin is now the last one: it cannot disable itself either.
            let p = h.cookie("planner"), pc = h.csrf("planner")
            let r17 = try await client.form("/admin/users/\(planner)/disable", ["csrf": pc], headers: p)
            #expect(r17.status == .conflict)
        }
        let roles = try await h.app.store.db.read { db in try User.filter(Column("role") == "admin" && Column("disabled") == false).fetchCount(db) }
        #expect(roles == 1)
    }
}
