import Foundation
import Mustache

/// The one page layout of langplan: the web app's pages and the pages the CLI writes
/// (report.html, sweep.html, compare.html, rollup.html, timetable.html) share its head,
/// stylesheet, header, main area and footer. Every page is self-contained: the stylesheet is
/// inline and nothing is fetched, so a file opened from disk or served under a sandboxed CSP
/// looks the same as the app.
public enum Pages {
    /// The header of an app page: menu, sign-out form and language switch. CLI pages have none.
    public struct AppHeader: Sendable {
        /// Menu entries, in order.
        public var nav: [(href: String, label: String)]
        /// The sign-out button's label ("Đăng xuất (lan)"); nil when nobody is signed in.
        public var logout: String?
        /// The hidden CSRF field of the sign-out form (HTML, already built by the app).
        public var csrfField: String
        /// The language switch: where it goes and its label.
        public var switchLanguage: (href: String, label: String)

        /// - Parameters:
        ///   - nav: menu entries (path, label).
        ///   - logout: sign-out button label; nil for no button.
        ///   - csrfField: the form's hidden CSRF input.
        ///   - switchLanguage: the language switch's link and label.
        public init(nav: [(href: String, label: String)], logout: String?, csrfField: String,
                    switchLanguage: (href: String, label: String)) {
            self.nav = nav
            self.logout = logout
            self.csrfField = csrfField
            self.switchLanguage = switchLanguage
        }
    }

    /// The whole page around `body`.
    /// - Parameters:
    ///   - lang: the page's language code ("vi" or "en"), the `lang` attribute.
    ///   - title: the page's title (the browser tab); escaped by mustache.
    ///   - site: the product's name shown in the header.
    ///   - home: the header's home link (the app's "/"); nil on a CLI page opened from disk.
    ///   - header: the app's menu; nil on CLI pages.
    ///   - body: the page's body, HTML rendered by a mustache template.
    ///   - footer: a line of plain text under the page.
    /// - Returns: the page's HTML text.
    public static func page(lang: String, title: String, site: String, home: String? = nil,
                            header: AppHeader? = nil, body: String, footer: String) -> String {
        var ctx: [String: Any] = ["lang": lang, "title": title, "site": site, "css": css, "body": body, "footer": footer]
        if let home { ctx["home"] = home }
        if let header {
            var h: [String: Any] = ["nav": header.nav.map { ["href": $0.href, "label": $0.label] },
                                    "switchHref": header.switchLanguage.href, "switchLabel": header.switchLanguage.label,
                                    "csrfField": header.csrfField]
            if let logout = header.logout { h["logout"] = logout }
            ctx["header"] = h
        }
        return render("layout", ctx)
    }

    /// Renders one of `templates` (or a shared partial: layout, chart, table).
    /// - Parameters:
    ///   - name: the template's name.
    ///   - context: its values (dictionaries, arrays, strings, numbers; `Bool` or a missing key
    ///     hides a section; an empty string does not).
    ///   - library: the caller's library (`library(_:)`); the shared one by default.
    /// - Returns: the rendered text; "" if no such template (every template is rendered by a test).
    public static func render(_ name: String, _ context: Any, in library: MustacheLibrary = shared) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    /// A library holding `templates` and the shared ones, so that a module's page templates can
    /// use `{{> chart}}` and `{{> table}}`.
    /// - Parameter templates: template name → mustache source; every one must parse.
    /// - Returns: the library (build it once, in a `static let`).
    public static func library(_ templates: [String: String]) -> MustacheLibrary {
        var all: [String: MustacheTemplate] = [:]
        for (name, text) in sharedSources.merging(templates, uniquingKeysWith: { _, mine in mine }) {
            do { all[name] = try MustacheTemplate(string: text) } catch {
                // Templates are compiled in and every one is rendered by a test.
                preconditionFailure("template \(name) does not parse: \(error)")
            }
        }
        return MustacheLibrary(templates: all)
    }

    /// The shared templates alone.
    public static let shared: MustacheLibrary = library([:])

    static let sharedSources: [String: String] = ["layout": layout, "chart": Chart.template, "shape": Chart.shapeTemplate,
                                                  "table": Table.template]

    static let layout = #"""
<!doctype html>
<html lang="{{lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · {{site}}</title>
<style>{{{css}}}</style></head><body>
<header>{{#home}}<a class="app" href="{{home}}">{{site}}</a>{{/home}}{{^home}}<span class="app">{{site}}</span>{{/home}}
{{#header}}{{#nav}}<a href="{{href}}">{{label}}</a>{{/nav}}
{{#logout}}<form class="inline" method="post" action="/logout">{{{csrfField}}}<button class="secondary">{{logout}}</button></form>{{/logout}}
<a href="{{switchHref}}">{{switchLabel}}</a>{{/header}}</header>
<main>{{{body}}}</main>
<footer>{{footer}}</footer></body></html>

"""#

    /// The one stylesheet (inline in every page): the app's look, the report's number tables,
    /// cards and charts, the timetable grid, and a print style without the header.
    public static let css = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#f6f7f9;line-height:1.45}
header{background:#0b4f6c;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}
header a{color:#fff;text-decoration:none}header .app{font-weight:600;margin-right:auto}
main{max-width:72rem;margin:0 auto;padding:1rem}footer{max-width:72rem;margin:0 auto;padding:0 1rem 1rem;color:#5b6775;font-size:.85rem}
section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:.8rem 1rem;margin:0 0 1rem}
h1{font-size:1.4rem;margin:.2rem 0 .8rem}h2{font-size:1.1rem;margin:.2rem 0 .6rem}h3{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #e6e9ee;vertical-align:top}
table.num{width:auto;margin:.5rem 0}table.num td,table.num th{text-align:right;border:1px solid #dde2e8;padding:.25rem .5rem}
table.num th{background:#f1f3f6}table.num .l{text-align:left}
.scroll{overflow-x:auto}pre{white-space:pre-wrap;font-size:.85rem;background:#f1f3f6;padding:.6rem;border-radius:4px;overflow-x:auto}
label{display:block;margin:.3rem 0}input,select,textarea{font:inherit;max-width:100%}textarea{width:100%;font-family:ui-monospace,monospace;font-size:.85rem}
button{font:inherit;background:#0b4f6c;color:#fff;border:0;border-radius:4px;padding:.35rem .9rem;cursor:pointer}
button.secondary{background:#5b6775}.status{font-weight:600}.status-failed,.status-interrupted,.issue{color:#a4262c}.status-done{color:#1e7a3a}
.ok,.up{color:#1e7a3a;font-weight:600}.no,.down{color:#a4262c;font-weight:600}
.yaml td.n{color:#7a8594;text-align:right;width:3rem}.yaml td.l{font-family:ui-monospace,monospace;white-space:pre-wrap;font-size:.85rem}
.yaml tr.bad td{background:#fdecec}.msg{color:#a4262c;font-size:.85rem}.notice{background:#e8f4ea;padding:.5rem;border-radius:4px}.warning{background:#fdf3e2;padding:.5rem;border-radius:4px}
.inline{display:inline}.muted{color:#5b6775;font-size:.9rem}ul.legend{list-style:none;padding:0}
.cards{display:flex;flex-wrap:wrap;gap:1rem;margin:0 0 1rem}.card{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:.6rem 1rem;min-width:170px}
.card b{display:block;font-size:1.3rem}svg{max-width:100%;height:auto}svg text{font-size:11px;font-family:inherit}
.bar{background:#e9eef3;height:10px;position:relative;min-width:120px;display:inline-block}.bar span{position:absolute;left:0;top:0;bottom:0;background:#1f77b4}
table.grid td,table.grid th{border:1px solid #888;padding:4px;font-size:11px}table.grid th{background:#eee}
.c{margin:1px 0;padding:2px;border-radius:3px;background:#e8f0fe}.c.o{background:#e6f4ea}
@media print{body{background:#fff}header{display:none}main{max-width:none;padding:0}section{border:0;padding:0}
section.term{page-break-before:always}section.term:first-of-type{page-break-before:auto}.c{background:none;border:1px solid #ccc}}
"""
}
