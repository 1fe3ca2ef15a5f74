import Foundation
import Hummingbird
import Pages
import Reports

/// Who is asking, in which language: built once per request.
struct Viewer: Sendable {
    var user: User?
    var session: SessionRecord?
    var lang: Language
    var path: String

    var role: Role? { user?.role }

    /// - Throws: 403 unless the signed-in user may do `action`.
    func require(_ action: Action) throws {
        guard let role, Access.may(role, action) else { throw HTTPError(.forbidden, message: "forbidden") }
    }

    func may(_ action: Action) -> Bool { role.map { Access.may($0, action) } ?? false }

    /// Checks the form's CSRF token against the session's.
    /// - Throws: 403 when it is missing or wrong.
    func checkCSRF(_ form: Form) throws {
        guard let s = session, let t = form["csrf"], t == s.csrf else {
            throw HTTPError(.forbidden, message: "the form is stale or was not sent by this site (CSRF token); reload the page")
        }
    }

    var csrfField: String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(session?.csrf ?? "")\">"
    }

    /// The menu for the user's role.
    var nav: [[String: String]] {
        guard let role else { return [] }
        let t = Strings.table(lang)
        var items: [(String, String)] = []
        if Access.may(role, .readScenarios) { items.append(("/scenarios", t["scenarios"]!)) }
        if Access.may(role, .readRuns) { items.append(("/runs", t["runs"]!)) }
        if Access.may(role, .readSurveys) { items.append(("/surveys", t["surveys"]!)) }
        if Access.may(role, .institutionFiles) { items.append(("/institution", t["my_timetables"]!)) }
        if Access.may(role, .submitSurvey) { items.append(("/survey", t["my_survey"]!)) }
        if Access.may(role, .manageUsers) { items.append(("/admin/users", t["users"]!)) }
        if Access.may(role, .readAudit) { items.append(("/admin/audit", t["audit"]!)) }
        return items.map { ["href": $0.0, "label": $0.1] }
    }

    /// Renders a page inside the layout.
    /// - Parameters:
    ///   - template: the page's template name (`Templates.sources`).
    ///   - title: the page title.
    ///   - data: the page's values; `t` (words), `csrfField` and the user are added.
    func page(_ template: String, title: String, _ data: [String: Any] = [:], status: HTTPResponse.Status = .ok) -> Response {
        let nonce = Token.hex(12)
        // swift-mustache renders a section for "" too: an empty text means "no such section".
        var ctx = data.filter { !(($0.value as? String)?.isEmpty ?? false) }
        // And a section for a list's header only when it has items: `{{#hasRuns}}` for `runs`.
        for (k, v) in data { if let list = v as? [Any] { ctx["has" + k.prefix(1).uppercased() + k.dropFirst()] = !list.isEmpty } }
        ctx["t"] = Strings.table(lang)
        ctx["csrfField"] = csrfField
        ctx["csrf"] = session?.csrf ?? ""
        ctx["nonce"] = nonce
        ctx["lang"] = lang.rawValue
        let body = Pages.render(template, ctx, in: Templates.library)
        let header = Pages.AppHeader(
            nav: user == nil ? [] : nav.map { ($0["href"] ?? "", $0["label"] ?? "") },
            logout: user.map { "\(t("logout")) (\($0.username))" }, csrfField: csrfField,
            switchLanguage: ("/lang?to=\(lang == .vi ? "en" : "vi")&back=\(path)", lang == .vi ? "English" : "Tiếng Việt"))
        let html = Pages.page(lang: lang.rawValue, title: title, site: t("app"), home: "/", header: header, body: body, footer: "langplan")
        return Response(status: status, headers: Headers.page(nonce: nonce), body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func t(_ key: String) -> String { Strings.table(lang)[key] ?? key }
}

extension WebApp {
    static let langCookie = "lp_lang"

    /// The viewer of a request (signed in or not).
    func viewer(_ request: Request) async throws -> Viewer {
        let lang = Language(rawValue: request.cookies[WebApp.langCookie]?.value ?? "vi") ?? .vi
        let found = try await auth.current(request)
        return Viewer(user: found?.0, session: found?.1, lang: lang, path: request.uri.path)
    }

    /// The signed-in viewer of a page; anyone else is sent to the login page.
    func signedIn(_ request: Request) async throws -> Viewer {
        let v = try await viewer(request)
        guard v.user != nil else { throw HTTPError(.seeOther, headers: [.location: "/login"]) }
        return v
    }
}
