import Foundation
import Mustache
import Pages

/// The app's HTML: the shared layout (`Pages`) and one mustache template per page (no string concatenation
/// of markup in the routes). Every form carries the session's CSRF token.
enum Templates {
    /// The library holding every template; built once.
    /// The library holding every page body and the shared layout, chart and table (`Pages`);
    /// built once, every template rendered by a route test.
    static let library: MustacheLibrary = Pages.library(sources)

    static let csrf = #"<input type="hidden" name="csrf" value="{{csrf}}">"#

    static let sources: [String: String] = [
        "login": #"""
<section><h1>{{t.login}}</h1>{{#error}}<p class="issue">{{error}}</p>{{/error}}
<form method="post" action="/login"><input type="hidden" name="csrf" value="{{loginToken}}">
<label>{{t.username}}<br><input name="username" autocomplete="username" required></label>
<label>{{t.password}}<br><input name="password" type="password" autocomplete="current-password" required></label>
<button>{{t.login}}</button></form></section>
"""#,
        "home": #"""
<section><h1>{{t.welcome}}, {{username}}</h1><p class="muted">{{roleName}}{{#institution}} · {{t.institution}} {{institution}}{{/institution}}{{#unit}} · {{t.unit}} {{unit}}{{/unit}}</p>
<ul>{{#nav}}<li><a href="{{href}}">{{label}}</a></li>{{/nav}}</ul></section>
{{#hasRuns}}<section><h2>{{t.runs}}</h2>{{> runTable}}</section>{{/hasRuns}}
"""#,
        "runTable": #"""
<div class="scroll"><table><tr><th>{{t.run}}</th><th>{{t.kind}}</th><th>{{t.scenario}}</th><th>{{t.status}}</th><th>{{t.gap}}</th><th>{{t.created}}</th></tr>
{{#runs}}<tr><td><a href="/runs/{{id}}">{{id}}</a></td><td>{{kind}}</td><td>{{scenario}}</td><td class="status status-{{status}}">{{statusName}}</td><td>{{gap}}</td><td>{{created}}</td></tr>{{/runs}}
</table></div>
"""#,
        "scenarios": #"""
<h1>{{t.scenarios}}</h1>
<section><div class="scroll"><table><tr><th>{{t.name}}</th><th>{{t.versions}}</th><th>{{t.status}}</th><th>{{t.created}}</th></tr>
{{#scenarios}}<tr><td><a href="/scenarios/{{id}}">{{name}}</a></td><td>{{versions}}</td><td>{{#valid}}✓{{/valid}}{{^valid}}<span class="issue">{{issues}} {{t.issues}}</span>{{/valid}}</td><td>{{created}}</td></tr>{{/scenarios}}
</table></div>{{^scenarios}}<p>{{t.none}}</p>{{/scenarios}}</section>
{{#canEdit}}<section><h2>{{t.upload_scenario}}</h2>{{#hasUploadIssues}}<p class="issue">{{t.upload_refused}}</p><ul id="upload-issues">{{#uploadIssues}}<li class="issue">{{.}}</li>{{/uploadIssues}}</ul>{{/hasUploadIssues}}
<form method="post" action="/scenarios" enctype="multipart/form-data">{{{csrfField}}}
<label>{{t.name}}<br><input name="name" maxlength="100"></label>
<label>{{t.file}}<br><input type="file" name="file" accept=".yaml,.yml,.xlsx" required></label>
<button>{{t.upload}}</button></form></section>{{/canEdit}}
"""#,
        "scenario": #"""
<h1>{{name}} <span class="muted">· {{t.version}} {{version}}</span></h1>
{{#saved}}<p class="notice">{{t.saved}} {{saved}}.</p>{{/saved}}
<section><h2>{{t.issues}}</h2>{{#hasIssues}}<ul>{{#issues}}<li class="issue"><a href="#L{{line}}">{{where}}</a>: {{path}} — {{message}}</li>{{/issues}}</ul>{{/hasIssues}}{{^issues}}<p class="status-done">{{t.no_issues}}</p>{{/issues}}</section>
{{#summary}}<section><h2>{{t.summary}}</h2><pre>{{summary}}</pre></section>{{/summary}}
{{#canRun}}<section><h2>{{t.run}}</h2><form method="post" action="/scenarios/{{id}}/runs">{{{csrfField}}}
<label>{{t.kind}} <select name="kind">{{#kinds}}<option value="{{.}}">{{.}}</option>{{/kinds}}</select></label>
<label>{{t.time_limit}} <input name="timeLimit" type="number" min="1" max="3600" value="30"></label>
<label>{{t.language}} <select name="lang"><option value="vi">Tiếng Việt</option><option value="en">English</option></select></label>
{{#hasPlanRuns}}<label>{{t.plan_run}} <select name="planRun"><option value=""></option>{{#planRuns}}<option value="{{id}}">{{id}} ({{created}})</option>{{/planRuns}}</select></label>{{/hasPlanRuns}}
<button {{^valid}}disabled{{/valid}}>{{t.run}}</button></form></section>{{/canRun}}
<section><h2>{{t.edit}}</h2><div class="scroll"><table class="yaml">
{{#lines}}<tr id="L{{n}}" {{#bad}}class="bad"{{/bad}}><td class="n">{{n}}</td><td class="l">{{text}}{{#msgs}}<div class="msg">⚠ {{.}}</div>{{/msgs}}</td></tr>{{/lines}}
</table></div>
{{#canEdit}}<form method="post" action="/scenarios/{{id}}">{{{csrfField}}}
<textarea name="text" rows="24" spellcheck="false">{{text}}</textarea>
<button name="do" value="check" class="secondary">{{t.check}}</button> <button name="do" value="save">{{t.save}}</button></form>{{/canEdit}}</section>
<section><h2>{{t.versions}}</h2><div class="scroll"><table><tr><th>{{t.version}}</th><th>{{t.author}}</th><th>{{t.when}}</th><th>{{t.changes}}</th></tr>
{{#versions}}<tr><td><a href="/scenarios/{{scenarioId}}?v={{number}}">{{number}}</a></td><td>{{author}}</td><td>{{when}}</td><td><pre>{{changes}}</pre></td></tr>{{/versions}}</table></div>
<form method="get" action="/scenarios/{{id}}/compare">{{t.compare_versions}}: <input name="a" type="number" min="1" value="{{prev}}" size="3"> ↔ <input name="b" type="number" min="1" value="{{version}}" size="3"> <button class="secondary">{{t.compare}}</button></form></section>
"""#,
        "compare": #"""
<h1>{{t.compare}}: {{title}}</h1>
{{#sections}}<section><h2>{{title}}</h2><ul>{{#lines}}<li>{{.}}</li>{{/lines}}</ul></section>{{/sections}}
{{^sections}}<section><p>{{t.no_changes}}</p></section>{{/sections}}
"""#,
        "runs": #"""
<h1>{{t.runs}}</h1><section>{{#hasRuns}}{{> runTable}}{{/hasRuns}}{{^runs}}<p>{{t.none}}</p>{{/runs}}</section>
{{#hasPlans}}<section><h2>{{t.compare}}</h2><form method="get" action="/compare">
<select name="a">{{#plans}}<option value="{{id}}">{{id}} · {{scenario}} · {{created}}</option>{{/plans}}</select> ↔
<select name="b">{{#plans}}<option value="{{id}}">{{id}} · {{scenario}} · {{created}}</option>{{/plans}}</select>
<button class="secondary">{{t.compare}}</button></form></section>{{/hasPlans}}
"""#,
        "run": #"""
<h1>{{t.run}} {{id}} · {{kind}}</h1>
<section><p>{{t.scenario}}: <a href="/scenarios/{{scenarioId}}">{{scenario}}</a> · {{t.version}} {{version}}</p>
<p>{{t.status}}: <span id="status" class="status status-{{status}}">{{statusName}}</span> · {{t.gap}}: <span id="gap">{{gap}}</span></p>
<p>{{t.progress}}: <span id="progress">{{progress}}</span></p>
<p class="muted">{{t.started}}: {{started}} · {{t.finished}}: {{finished}}</p>
{{#live}}<noscript><p class="muted">{{t.nojs}}</p></noscript><a href="/runs/{{id}}">{{t.refresh}}</a>
<script nonce="{{nonce}}">(function(){var es=new EventSource("/runs/{{id}}/events");es.onmessage=function(e){var d=JSON.parse(e.data);
document.getElementById("progress").textContent=d.progress;document.getElementById("gap").textContent=d.gap||"";
var s=document.getElementById("status");s.textContent=d.statusName;s.className="status status-"+d.status;
if(d.finished){es.close();location.reload();}};})();</script>{{/live}}
{{#canCancel}}<form class="inline" method="post" action="/runs/{{id}}/cancel">{{{csrfField}}}<button class="secondary">{{t.cancel}}</button></form>{{/canCancel}}
{{#canRerun}}<form class="inline" method="post" action="/runs/{{id}}/rerun">{{{csrfField}}}<button>{{t.rerun}}</button></form>{{/canRerun}}</section>
{{#hasFiles}}<section><h2>{{t.files}}</h2>{{#report}}<p><a href="{{report}}">{{t.report}}</a></p>{{/report}}<ul>{{#files}}<li><a href="{{href}}">{{name}}</a> <span class="muted">{{size}}</span></li>{{/files}}</ul>
<p><a href="/runs/{{id}}/zip">{{t.download_zip}}</a></p></section>{{/hasFiles}}
"""#,
        "institution": #"""
<h1>{{t.my_timetables}} · {{institution}}</h1>
<section><h2>{{t.feed}}</h2>{{#feedURL}}<p><code>{{feedURL}}</code></p>{{/feedURL}}<p class="muted">{{t.feed_help}}</p>
<form method="post" action="/institution/feed">{{{csrfField}}}<button class="secondary">{{t.new_feed}}</button></form></section>
<section><h2>{{t.timetable_runs}}</h2>{{#runs}}<h3>{{id}} <span class="muted">{{created}}</span></h3><ul>{{#files}}<li><a href="{{href}}">{{name}}</a></li>{{/files}}</ul>{{/runs}}{{^runs}}<p>{{t.none}}</p>{{/runs}}</section>
"""#,
        "survey": #"""
<h1>{{t.my_survey}} · {{unit}}</h1>
{{#result}}<p class="notice">{{result}}</p>{{/result}}
<section><form method="post" action="/survey" enctype="multipart/form-data">{{{csrfField}}}
<label>{{t.as_of}} <input name="asOf" type="number" min="2000" max="2100" value="{{year}}" required></label>
<label>{{t.roster}}<br><input type="file" name="file" accept=".csv" required></label><p class="muted">{{t.roster_note}}</p>
<button>{{t.upload}}</button></form></section>
<section><h2>{{t.submitted}}</h2><table><tr><th>{{t.as_of}}</th><th>{{t.when}}</th><th>{{t.people}}</th><th>{{t.problems}}</th></tr>
{{#surveys}}<tr><td>{{asOf}}</td><td>{{when}}</td><td>{{people}}</td><td>{{problems}}</td></tr>{{/surveys}}</table></section>
"""#,
        "surveys": #"""
<h1>{{t.surveys}}</h1>
{{#result}}<p class="notice">{{result}}</p>{{/result}}
<section><div class="scroll"><table><tr><th>{{t.unit}}</th><th>{{t.as_of}}</th><th>{{t.when}}</th><th>{{t.people}}</th><th>{{t.problems}}</th></tr>
{{#surveys}}<tr><td>{{unit}}</td><td>{{asOf}}</td><td>{{when}}</td><td>{{people}}</td><td>{{problems}}</td></tr>{{/surveys}}</table></div>
<p>{{t.not_submitted}}: {{#missing}}<strong>{{.}}</strong> {{/missing}}{{^missing}}—{{/missing}}</p></section>
{{#canMerge}}<section><h2>{{t.merge}}</h2><form method="post" action="/surveys/merge">{{{csrfField}}}
<label>{{t.scenario}} <select name="scenario">{{#scenarios}}<option value="{{id}}">{{name}}</option>{{/scenarios}}</select></label>
<label>{{t.as_of}} <input name="asOf" type="number" value="{{year}}"></label><button>{{t.merge}}</button></form></section>{{/canMerge}}
"""#,
        "users": #"""
<h1>{{t.users}}</h1>
{{#result}}<p class="notice">{{result}}</p>{{/result}}
<section><div class="scroll"><table><tr><th>{{t.username}}</th><th>{{t.role}}</th><th>{{t.institution}}</th><th>{{t.unit}}</th><th>{{t.status}}</th></tr>
{{#users}}<tr><td><a href="/admin/users/{{id}}">{{username}}</a></td><td>{{role}}</td><td>{{institution}}</td><td>{{unit}}</td><td{{#disabled}} class="issue"{{/disabled}}>{{statusName}}</td></tr>{{/users}}</table></div></section>
<section><h2>{{t.create_user}}</h2><form method="post" action="/admin/users">{{{csrfField}}}
<label>{{t.username}} <input name="username" required pattern="[A-Za-z0-9._-]{2,40}"></label>
<label>{{t.password}} <input name="password" type="password" required minlength="10"></label>
<label>{{t.role}} <select name="role">{{#roles}}<option>{{.}}</option>{{/roles}}</select></label>
<label>{{t.institution}} <input name="institution"></label><label>{{t.unit}} <input name="unit"></label>
<button>{{t.create_user}}</button></form></section>
"""#,
        "user": #"""
<h1>{{t.edit_user}}: {{username}} <span class="muted">· {{statusName}}</span></h1>
{{#result}}<p class="notice">{{result}}</p>{{/result}}
<section><h2>{{t.role}}</h2><form method="post" action="/admin/users/{{id}}">{{{csrfField}}}
<label>{{t.role}} <select name="role">{{#roles}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/roles}}</select></label>
<label>{{t.institution}} <input name="institution" value="{{institution}}"></label><label>{{t.unit}} <input name="unit" value="{{unit}}"></label>
<p class="muted">{{t.binding_help}}</p><button>{{t.save_changes}}</button></form></section>
<section><h2>{{t.reset_password}}</h2><form method="post" action="/admin/users/{{id}}/password">{{{csrfField}}}
<label>{{t.new_password}} <input name="password" type="password" required minlength="10" autocomplete="new-password"></label>
<button>{{t.reset_password}}</button></form></section>
<section><h2>{{t.status}}</h2>{{#disabled}}<form method="post" action="/admin/users/{{id}}/enable">{{{csrfField}}}<button>{{t.enable}}</button></form>{{/disabled}}
{{^disabled}}<p class="muted">{{t.disable_help}}</p><form method="post" action="/admin/users/{{id}}/disable">{{{csrfField}}}<button class="secondary">{{t.disable}}</button></form>{{/disabled}}</section>
<p><a href="/admin/users">{{t.users}}</a></p>
"""#,
        "audit": #"""
<h1>{{t.audit}}</h1><section><div class="scroll"><table><tr><th>{{t.when}}</th><th>{{t.user}}</th><th>{{t.action}}</th><th>{{t.object}}</th></tr>
{{#entries}}<tr><td>{{when}}</td><td>{{user}}</td><td>{{action}}</td><td>{{object}}</td></tr>{{/entries}}</table></div></section>
"""#,
        "message": #"""
<section><h1>{{heading}}</h1><p>{{message}}</p><p><a href="/">{{t.home}}</a></p></section>
"""#,
    ]
}
