import Foundation
import Mustache
import Pages

/// The bodies of the pages the CLI writes (report.html, sweep.html, compare.html,
/// rollup.html), as mustache templates inside the shared layout (`Pages.page`). Figures are
/// formatted in Swift (`Language`); markup and escaping are the templates'.
enum ReportTemplates {
    /// Built once; every template is rendered by a Reports test.
    static let library: MustacheLibrary = Pages.library(sources)

    static let sources: [String: String] = [
        "report": #"""
<h1>{{t.title}}</h1><p class="muted">{{t.scenario}}: {{scenario}} · {{from}}–{{to}}</p>
<div class="cards">{{#cards}}<div class="card">{{label}}<b>{{value}}</b>{{#note}}<span class="muted">{{.}}</span>{{/note}}</div>{{/cards}}</div>
<section><h2>{{t.attainment}}</h2>{{#attainment}}{{> table}}{{/attainment}}<p class="muted">{{t.uncertainty_note}}</p>
{{#confidence}}<h3>{{chartTitle}}</h3>{{> chart}}<p class="muted">{{confidenceNote}}</p>{{/confidence}}</section>
{{#robust}}<section><h2>{{title}}</h2><p class="muted">{{note}}</p>{{#noneCleared}}<p class="no">{{.}}</p>{{/noneCleared}}
{{#plans}}{{> table}}{{/plans}}{{#unguarded}}<p class="muted">{{.}}</p>{{/unguarded}}
<h3>{{stepsTitle}}</h3>{{#steps}}{{> table}}{{/steps}}</section>{{/robust}}
{{#replan}}<section><h2>{{title}}</h2>{{#kept}}<p>{{.}}</p>{{/kept}}{{#none}}<p class="muted">{{.}}</p>{{/none}}{{#changes}}{{> table}}{{/changes}}</section>{{/replan}}
<section><h2>{{t.trajectory}}</h2><div class="cards">{{#trajectories}}<div><div><b>{{name}}</b> <span class="muted">≥ {{level}}</span></div>{{#chart}}{{> chart}}{{/chart}}</div>{{/trajectories}}</div>
<p class="muted">— {{t.optimised}} · - - {{t.greedy}} · ● {{t.target_share}}</p></section>
<section><h2>{{t.budget}}</h2>{{#budgetChart}}{{> chart}}{{/budgetChart}}
<div class="muted">{{#legend}}<span style="color:{{colour}}">■</span> {{name}} · {{/legend}}▬ {{t.limit}}</div>
{{#budgetTable}}{{> table}}{{/budgetTable}}<p class="muted">{{t.spent}} / {{t.limit}}</p></section>
<section><h2>{{t.plan_by_term}}</h2>{{#planByTerm}}{{> table}}{{/planByTerm}}</section>
<section><h2>{{t.capacity}}</h2>{{#capacity}}{{> table}}{{/capacity}}</section>
<section><h2>{{t.vs_greedy}}</h2>{{#greedy}}{{> table}}{{/greedy}}</section>
<section><h2>{{t.binding}}</h2>{{#binding}}{{> table}}<p class="muted">{{t.binding_note}}</p>{{/binding}}{{^binding}}<p class="muted">{{t.binding_none}}</p>{{/binding}}</section>
"""#,
        "sweep": #"""
<h1>{{title}}</h1><p>{{scenario}}: {{axisNote}}</p>
<section>{{#chart}}{{> chart}}{{/chart}}<ul class="legend">{{#legend}}<li>{{#key}}{{> chart}}{{/key}} {{name}}</li>{{/legend}}</ul></section>
<section>{{#points}}{{> table}}{{/points}}<p>{{spendNote}}</p></section>
{{#marginal}}<section><h2>{{title}}</h2>{{#table}}{{> table}}{{/table}}{{#notLimiting}}<p>{{.}}</p>{{/notLimiting}}{{#check}}<p>{{.}}</p>{{/check}}</section>{{/marginal}}
"""#,
        "compare": #"""
<h1>{{title}}</h1><p class="muted">A: {{a}}<br>B: {{b}}</p>
<section><h2>{{inputsTitle}}</h2>{{#inputs}}{{#heading}}<h3>{{.}}</h3>{{/heading}}<ul>{{#lines}}<li>{{.}}</li>{{/lines}}</ul>{{/inputs}}</section>
{{#tables}}<section><h2>{{title}}</h2>{{#table}}{{> table}}{{/table}}</section>{{/tables}}
"""#,
        "rollup": #"""
<h1>{{title}}</h1><p>{{counts}}</p>
{{#overlaps}}<p class="warning" role="note">{{.}}</p>{{/overlaps}}
{{#tables}}<section><h2>{{title}}</h2>{{#note}}<p>{{.}}</p>{{/note}}{{#table}}{{> table}}{{/table}}</section>{{/tables}}
"""#,
    ]
}
