"""Check a `langplan batch` folder with Python's own csv, json and openpyxl (independent readers):
the roll-up must equal the sum of the parts.

usage: check_rollup.py BATCH_DIR
For every scenario of rollup.csv that has a plan, reads its folder's budget.csv,
attainment.csv and summary.json, adds them up, and compares with rollup-budget.csv,
rollup-attainment.csv and rollup.xlsx. National attainment is people-weighted:
sum of reached / sum of population (not an average of shares).
Prints one JSON object of figures; exits 1 with the broken rule on stderr.
"""
import csv, json, math, os, sys
from collections import defaultdict

d = sys.argv[1]

def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

def fail(msg):
    sys.exit(msg)

def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))

scenarios = rows(os.path.join(d, "rollup.csv"))
spent = defaultdict(int); limit = defaultdict(int); open_limit = set(); bplans = defaultdict(int)
pop = defaultdict(float); reached = defaultdict(float); wanted = defaultdict(float); aplans = defaultdict(int); met = defaultdict(int)
states = defaultdict(int)
for s in scenarios:
    states[s["state"]] += 1
    if s["state"] == "failed":
        if not s["message"]:
            fail(f"rollup.csv: {s['folder']} failed without a message")
        continue
    if s["state"] not in ("solved", "reused"):
        fail(f"rollup.csv: {s['folder']}: unknown state {s['state']}")
    folder = os.path.join(d, s["folder"])
    with open(os.path.join(folder, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    if summary["scenario_checksum"] != s["checksum"]:
        fail(f"{s['folder']}: summary.json checksum {summary['scenario_checksum']} but rollup.csv says {s['checksum']}")
    if not close(summary["weighted_attainment"], float(s["weighted_attainment"])):
        fail(f"{s['folder']}: weighted attainment {summary['weighted_attainment']} in summary.json, {s['weighted_attainment']} in rollup.csv")
    for r in rows(os.path.join(folder, "budget.csv")):
        k = (int(r["year"]), r["payer"])
        spent[k] += int(r["spent_vnd"]); bplans[k] += 1
        if r["limit_vnd"] == "":
            open_limit.add(k)
        else:
            limit[k] += int(r["limit_vnd"])
    att = rows(os.path.join(folder, "attainment.csv"))
    if int(s["milestones"]) != len(att) or int(s["milestones_met"]) != sum(r["met"] == "yes" for r in att):
        fail(f"{s['folder']}: milestones {s['milestones_met']}/{s['milestones']} in rollup.csv do not match attainment.csv")
    for r in att:
        k = (r["target"], int(r["milestone"]))
        p, q = float(r["population"]), float(r["reached"])
        if p > 0 and not close(q / p, float(r["projected_share"])):
            fail(f"{s['folder']} attainment.csv {k}: reached/population {q / p} is not projected_share {r['projected_share']}")
        pop[k] += p; reached[k] += q; wanted[k] += float(r["target_share"]) * p; aplans[k] += 1
        met[k] += r["met"] == "yes"

budget = rows(os.path.join(d, "rollup-budget.csv"))
if {(int(r["year"]), r["payer"]) for r in budget} != set(spent):
    fail(f"rollup-budget.csv: keys differ from the plans' budget.csv keys")
for r in budget:
    k = (int(r["year"]), r["payer"])
    if int(r["spent_vnd"]) != spent[k] or int(r["plans"]) != bplans[k]:
        fail(f"rollup-budget.csv {k}: spent {r['spent_vnd']} over {r['plans']} plans, the plans add up to {spent[k]} over {bplans[k]}")
    want_limit = "" if k in open_limit else str(limit[k])
    if r["limit_vnd"] != want_limit:
        fail(f"rollup-budget.csv {k}: limit {r['limit_vnd']!r}, the plans add up to {want_limit!r}")

attain = rows(os.path.join(d, "rollup-attainment.csv"))
if {(r["target"], int(r["milestone"])) for r in attain} != set(pop):
    fail("rollup-attainment.csv: keys differ from the plans' attainment.csv keys")
for r in attain:
    k = (r["target"], int(r["milestone"]))
    share = reached[k] / pop[k] if pop[k] > 0 else 0
    goal = wanted[k] / pop[k] if pop[k] > 0 else 0
    for name, got, want in [("population", float(r["population"]), pop[k]), ("reached", float(r["reached"]), reached[k]),
                            ("share", float(r["share"]), share), ("target_share", float(r["target_share"]), goal)]:
        if not close(got, want):
            fail(f"rollup-attainment.csv {k}: {name} {got}, the plans give {want}")
    if int(r["plans"]) != aplans[k] or int(r["plans_met"]) != met[k]:
        fail(f"rollup-attainment.csv {k}: plans {r['plans']}/{r['plans_met']} met, the plans give {aplans[k]}/{met[k]}")

# The workbook a ministry opens: its budget and attainment sheets hold the same numbers.
import openpyxl
wb = openpyxl.load_workbook(os.path.join(d, "rollup.xlsx"), data_only=True)
if len(wb.sheetnames) != 3:
    fail(f"rollup.xlsx: sheets {wb.sheetnames}, expected scenarios, attainment, budget")
ws_s, ws_a, ws_b = (wb[n] for n in wb.sheetnames)
xb = {(int(r[0]), r[1]): (int(r[3]), r[4]) for r in ws_b.iter_rows(min_row=2, values_only=True)}
for k in spent:
    got = xb.get(k)
    if got is None or got[0] != spent[k] or (got[1] is None) != (k in open_limit) or (got[1] is not None and int(got[1]) != limit[k]):
        fail(f"rollup.xlsx budget {k}: {got}, the plans give {spent[k]}, limit {None if k in open_limit else limit[k]}")
xa = {(r[0], int(r[1])): (float(r[3]), float(r[4]), float(r[5])) for r in ws_a.iter_rows(min_row=2, values_only=True)}
for k in pop:
    got = xa.get(k)
    if got is None or not (close(got[0], pop[k]) and close(got[1], reached[k]) and close(got[2], reached[k] / pop[k] if pop[k] else 0)):
        fail(f"rollup.xlsx attainment {k}: {got}, the plans give {pop[k]}, {reached[k]}")
if ws_s.max_row - 1 != len(scenarios):
    fail(f"rollup.xlsx scenarios: {ws_s.max_row - 1} rows, rollup.csv has {len(scenarios)}")

# Numbers as a reader sees them: no arithmetic noise (0.5999999999999999 for 0.6) in any CSV field.
import re
for name in ("rollup.csv", "rollup-attainment.csv", "rollup-budget.csv"):
    for line, r in enumerate(rows(os.path.join(d, name)), start=2):
        for col, v in r.items():
            m = re.fullmatch(r"-?(\d+)(?:\.(\d+))?(?:[eE][-+]?\d+)?", v or "")
            if m and len((m.group(1) + (m.group(2) or "")).lstrip("0")) > 15:
                fail(f"{name}:{line}: {col} {v} has more than the 15 significant digits a double holds")

# The page a ministry reads, in its language: a Vietnamese roll-up has no English state or status words.
from html.parser import HTMLParser
class Cells(HTMLParser):
    """Table cells and warning paragraphs of a page, as text."""
    def __init__(self):
        super().__init__(); self.lang = None; self.cells = []; self.warnings = []; self.into = None
    def handle_starttag(self, tag, attrs):
        if tag == "html": self.lang = dict(attrs).get("lang")
        if tag in ("td", "th"): self.cells.append(""); self.into = self.cells
        if tag == "p" and dict(attrs).get("class") == "warning": self.warnings.append(""); self.into = self.warnings
    def handle_endtag(self, tag):
        if tag in ("td", "th", "p"): self.into = None
    def handle_data(self, data):
        if self.into is not None: self.into[-1] += data
page = Cells()
with open(os.path.join(d, "rollup.html"), encoding="utf-8") as f:
    page.feed(f.read())
if page.lang == "vi":
    english = {"solved", "reused", "failed", "optimal", "feasible", "infeasible", "noSolutionFound", "open"}
    found = sorted({c.strip() for c in page.cells} & english)
    if found:
        fail(f"rollup.html (lang vi): English words in its tables: {found}")

# Plans of the same staff (what-ifs) are named in a warning: the same target milestones covering the
# same people (within half a person) in their attainment.csv.
covered = defaultdict(list)
for s in scenarios:
    if s["state"] == "failed":
        continue
    att = sorted((r["target"], int(r["milestone"]), float(r["population"])) for r in rows(os.path.join(d, s["folder"], "attainment.csv")))
    if not att:
        continue
    for key in covered:
        if [a[:2] for a in key] == [a[:2] for a in att] and all(abs(a[2] - b[2]) < 0.5 for a, b in zip(key, att)):
            covered[key].append(s["folder"]); break
    else:
        covered[tuple(att)].append(s["folder"])
groups = [g for g in covered.values() if len(g) > 1]
if len(page.warnings) != len(groups) or not all(any(all(f in w for f in g) for w in page.warnings) for g in groups):
    fail(f"rollup.html: warnings {page.warnings}, but the plans of the same staff are {groups}")

print(json.dumps({"scenarios": len(scenarios), "states": states, "budget_keys": len(spent), "same_staff": groups, "targets": len(pop),
                  "total_spent_vnd": sum(spent.values()),
                  "national": {f"{t}@{m}": reached[(t, m)] / pop[(t, m)] for (t, m) in sorted(pop) if pop[(t, m)] > 0}}))
