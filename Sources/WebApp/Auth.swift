import Foundation
import GRDB
import Hummingbird
import HummingbirdBcrypt
import NIOPosix

/// Logins, sessions and CSRF tokens. Passwords are bcrypt hashes (hummingbird-auth), checked on
/// NIO's thread pool so that a slow hash never stalls the event loop.
struct Auth: Sendable {
    static let cookie = "lp_session"
    static let sessionLifetime: TimeInterval = 12 * 3600
    /// bcrypt cost: 2^10 rounds, about 60 ms a check on this machine.
    static let cost: UInt8 = 10
    let store: Store
    let limiter: LoginLimiter
    /// A real hash of a random password, checked when the username is unknown.
    static let dummyHash = Bcrypt.hash(Token.hex(8), cost: cost)

    /// - Returns: the bcrypt hash of `password`, computed off the event loop.
    static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Checks a username and password, rate-limited per username.
    /// - Returns: the user, or nil when the name or password is wrong or the account is disabled.
    /// - Throws: `HTTPError(.tooManyRequests)` after too many recent failures for that name.
    func check(username: String, password: String) async throws -> User? {
        let key = username.lowercased()
        guard await limiter.allowed(key) else { throw HTTPError(.tooManyRequests, message: "too many failed logins; wait 15 minutes") }
        let user = try await store.db.read { db in try User.filter(Column("username") == username).fetchOne(db) }
        // Hash even for an unknown name, so that timing does not tell which names exist.
        let hash = user?.passwordHash ?? Auth.dummyHash
        let ok = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        // A disabled account answers as a wrong password: the form does not say which accounts exist.
        if ok, let user, !user.disabled { return user }
        await limiter.failed(key)
        return nil
    }

    /// Opens a session for `user`.
    /// - Returns: the session (its token goes into the cookie).
    func open(for user: User) async throws -> SessionRecord {
        let s = SessionRecord(token: Token.hex(32), userId: user.id!, csrf: Token.hex(16),
                              expiresAt: Date().addingTimeInterval(Auth.sessionLifetime))
        try await store.db.write { db in
            try s.insert(db)
            try SessionRecord.filter(Column("expiresAt") < Date()).deleteAll(db)
        }
        return s
    }

    /// - Returns: the signed-in user and session for a request's cookie, if any and not expired.
    func current(_ request: Request) async throws -> (User, SessionRecord)? {
        guard let token = request.cookies[Auth.cookie]?.value, token.count == 64,
              token.allSatisfy({ $0.isHexDigit }) else { return nil }
        return try await store.db.read { db -> (User, SessionRecord)? in
            guard let s = try SessionRecord.fetchOne(db, key: token), s.expiresAt > Date(),
                  let u = try User.fetchOne(db, key: s.userId), !u.disabled else { return nil }
            return (u, s)
        }
    }

    /// The session cookie: HttpOnly, SameSite=Strict, whole site.
    static func sessionCookie(_ token: String, maxAge: Int = Int(sessionLifetime)) -> Cookie {
        Cookie(name: cookie, value: token, maxAge: maxAge, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// Creates the admin account on first start.
    /// - Parameter password: from `LANGPLAN_ADMIN_PASSWORD`; nil → a generated one.
    /// - Returns: the generated password to print once, or nil when none was generated
    ///   (an account existed already, or the password was given).
    static func bootstrapAdmin(store: Store, password: String?) async throws -> String? {
        let any = try await store.db.read { db in try User.fetchCount(db) }
        guard any == 0 else { return nil }
        let pw = password ?? Token.hex(9)
        let hash = try await Auth.hash(pw)
        let admin = try await store.db.write { db in
            var u = User(id: nil, username: "admin", passwordHash: hash, role: .admin, institution: nil, unit: nil,
                         feedToken: nil, createdAt: Date())
            try u.insert(db)
            return u
        }
        await store.audit(admin, "bootstrap", "admin account")
        return password == nil ? pw : nil
    }
}

/// At most `limit` failed logins per username in a sliding window.
actor LoginLimiter {
    let limit: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 5, window: TimeInterval = 15 * 60) { self.limit = limit; self.window = window }

    func allowed(_ key: String) -> Bool {
        let since = Date().addingTimeInterval(-window)
        failures[key] = failures[key]?.filter { $0 > since }
        return (failures[key]?.count ?? 0) < limit
    }

    func failed(_ key: String) {
        failures[key, default: []].append(Date())
        if failures.count > 10_000 { failures.removeAll() }
    }
}
