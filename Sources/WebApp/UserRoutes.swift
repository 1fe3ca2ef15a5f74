import Foundation
import GRDB
import Hummingbird

/// The admin's changes to an account: role and binding (institution or unit), a new password,
/// disable and enable. A disabled account cannot sign in (`Auth.check`), and its sessions are
/// deleted when it is disabled (and `Auth.current` refuses any that remain). The last enabled
/// admin can be neither disabled nor demoted, so the store always has someone to manage it.
/// Every change goes into the audit log by user id (never a password).
extension WebApp {
    func addUserRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/admin/users/:id") { request, context in
            let v = try await self.signedIn(request)
            try v.require(.manageUsers)
            let user = try await self.account(context)
            return v.page("user", title: "\(v.t("users")) · \(user.username)", self.userPageData(user, v, result: nil))
        }
        router.post("/admin/users/:id") { request, context in
            let v = try await self.signedIn(request)
            try v.require(.manageUsers)
            let form = try await request.form()
            try v.checkCSRF(form)
            let id = try await self.account(context).id!
            guard let role = Role(rawValue: form["role"] ?? "") else { throw HTTPError(.badRequest, message: "role: one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
            let inst = (form["institution"] ?? "").trimmingCharacters(in: .whitespaces)
            let unit = (form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
            if role == .institution && inst.isEmpty { throw HTTPError(.badRequest, message: "institution: an institution user needs an institution id") }
            if role == .agency && unit.isEmpty { throw HTTPError(.badRequest, message: "unit: an agency user needs a unit") }
            let (before, after) = try await self.store.db.write { db -> (User, User) in
                guard let old = try User.fetchOne(db, key: id) else { throw HTTPError(.notFound) }
                if old.role == .admin && !old.disabled && role != .admin { try Self.keepAnAdmin(db, besides: id) }
                var u = old
                u.role = role
                u.institution = role == .institution ? inst : nil
                u.unit = role == .agency ? unit : nil
                // The feed belongs to an institution account: a new binding gets a new secret,
                // any other role has none (the old URL stops working).
                u.feedToken = role != .institution ? nil : (old.role == .institution && old.institution == inst ? old.feedToken : Token.hex(24))
                try u.update(db)
                return (old, u)
            }
            await self.store.audit(v.user, "user.update", "user \(id) role \(before.role.rawValue)→\(after.role.rawValue)"
                                   + " institution \(before.institution ?? "–")→\(after.institution ?? "–") unit \(before.unit ?? "–")→\(after.unit ?? "–")")
            // An admin who stepped down has no users page any more.
            if id == v.user?.id && after.role != .admin { return Headers.redirect("/") }
            return v.page("user", title: "\(v.t("users")) · \(after.username)", self.userPageData(after, v, result: v.t("saved_user")))
        }
        router.post("/admin/users/:id/password") { request, context in
            let v = try await self.signedIn(request)
            try v.require(.manageUsers)
            let form = try await request.form()
            try v.checkCSRF(form)
            let user = try await self.account(context)
            let pw = form["password"] ?? ""
            guard pw.count >= 10 else { throw HTTPError(.badRequest, message: "password: at least 10 characters") }
            let hash = try await Auth.hash(pw)
            // A new password ends the account's sessions (except the admin's own, when it is theirs).
            let ended = try await self.store.db.write { db -> Int in
                try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [hash, user.id!])
                return try SessionRecord.filter(Column("userId") == user.id! && Column("token") != (v.session?.token ?? "")).deleteAll(db)
            }
            await self.store.audit(v.user, "user.password", "user \(user.id!) (\(ended) sessions ended)")
            return v.page("user", title: "\(v.t("users")) · \(user.username)", self.userPageData(user, v, result: v.t("password_reset")))
        }
        for (path, disable) in [("disable", true), ("enable", false)] {
            router.post("/admin/users/:id/\(path)") { request, context in
                let v = try await self.signedIn(request)
                try v.require(.manageUsers)
                let form = try await request.form()
                try v.checkCSRF(form)
                let id = try await self.account(context).id!
                let (user, ended) = try await self.store.db.write { db -> (User, Int) in
                    guard var u = try User.fetchOne(db, key: id) else { throw HTTPError(.notFound) }
                    if disable && u.role == .admin && !u.disabled { try Self.keepAnAdmin(db, besides: id) }
                    u.disabled = disable
                    try u.update(db)
                    // Disabled: every open session of the account ends now.
                    return (u, disable ? try SessionRecord.filter(Column("userId") == id).deleteAll(db) : 0)
                }
                await self.store.audit(v.user, disable ? "user.disable" : "user.enable", "user \(id)" + (disable ? " (\(ended) sessions ended)" : ""))
                if disable && id == v.user?.id { return Headers.redirect("/login") }
                return v.page("user", title: "\(v.t("users")) · \(user.username)",
                              self.userPageData(user, v, result: v.t(disable ? "user_disabled" : "user_enabled")))
            }
        }
    }

    /// The account named by the route's `:id`.
    /// - Throws: 404 when the id is not a number or no such account exists.
    func account(_ context: BasicRequestContext) async throws -> User {
        guard let id = Int64(context.parameters.get("id") ?? "") else { throw HTTPError(.notFound) }
        guard let u = try await store.db.read({ db in try User.fetchOne(db, key: id) }) else { throw HTTPError(.notFound) }
        return u
    }

    /// - Throws: 409 unless an enabled admin other than `id` remains.
    static func keepAnAdmin(_ db: Database, besides id: Int64) throws {
        let others = try User.filter(Column("role") == Role.admin.rawValue && Column("disabled") == false && Column("id") != id).fetchCount(db)
        guard others > 0 else {
            throw HTTPError(.conflict, message: "this is the last enabled admin: make another account admin first")
        }
    }

    func userPageData(_ u: User, _ v: Viewer, result: String?) -> [String: Any] {
        [
            "id": u.id!, "username": u.username, "institution": u.institution ?? "", "unit": u.unit ?? "", "result": result ?? "",
            "roles": Role.allCases.map { ["name": $0.rawValue, "label": v.t("role_" + $0.rawValue), "selected": $0 == u.role] as [String: Any] },
            "disabled": u.disabled, "statusName": v.t(u.disabled ? "disabled" : "enabled"),
        ]
    }
}
