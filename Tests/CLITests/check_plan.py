"""Read a plan directory written by `langplan plan` with Python's own csv and json modules
(an independent reader) and check what any plan must satisfy.

usage: check_plan.py PLAN_DIR
Prints one JSON object of figures; exits 1 with the broken rule on stderr.
"""
import csv, json, os, sys
from collections import defaultdict

d = sys.argv[1]
def rows(name, columns):
    with open(os.path.join(d, name), newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        missing = [c for c in columns if c not in (r.fieldnames or [])]
        if missing:
            sys.exit(f"{name}: missing columns {missing}")
        return list(r)

classes = rows("classes.csv", ["term", "institution", "course", "mode", "payer", "classes", "learners"])
enrol = rows("enrolments.csv", ["term", "segment", "course", "mode", "institution", "payer", "learners"])
cohorts = rows("cohorts.csv", ["class_id", "term", "institution", "course", "mode", "payer", "learners", "segments"])
att = rows("attainment.csv", ["target", "milestone", "target_share", "projected_share", "p10", "p90", "met"])
budget = rows("budget.csv", ["year", "payer", "spent_vnd", "limit_vnd"])
cap = rows("capacity.csv", ["term", "institution", "resource", "used", "available"])
with open(os.path.join(d, "summary.json"), encoding="utf-8") as f:
    summary = json.load(f)

def fail(msg):
    sys.exit(msg)

# classes.csv learners = enrolments at an institution = learners of its cohorts, per pool.
key = lambda r: (r["term"], r["institution"], r["course"], r["mode"], r["payer"])
by_classes, n_classes = defaultdict(int), defaultdict(int)
for r in classes:
    by_classes[key(r)] += int(r["learners"]); n_classes[key(r)] += int(r["classes"])
by_enrol = defaultdict(float)
for r in enrol:
    if r["institution"]:
        by_enrol[key(r)] += float(r["learners"])
by_cohort, n_cohort = defaultdict(int), defaultdict(int)
for r in cohorts:
    split = [p.split(":") for p in r["segments"].split(";") if p]
    if sum(int(n) for _, n in split) != int(r["learners"]):
        fail(f"cohorts.csv {r['class_id']}: segments {r['segments']} do not add up to {r['learners']}")
    by_cohort[key(r)] += int(r["learners"]); n_cohort[key(r)] += 1
for k in by_classes:
    if abs(by_enrol[k] - by_classes[k]) > 1e-9 or by_cohort[k] != by_classes[k] or n_cohort[k] != n_classes[k]:
        fail(f"pool {k}: classes.csv {by_classes[k]} learners in {n_classes[k]} classes, enrolments {by_enrol[k]}, "
             f"cohorts {by_cohort[k]} in {n_cohort[k]}")
# Budgets: spend within the limit (rounded to whole VND), limits absent only when unlimited.
for r in budget:
    if r["limit_vnd"] == "":
        continue
    if int(r["spent_vnd"]) > int(r["limit_vnd"]) + 1:
        fail(f"budget.csv {r['year']} {r['payer']}: spent {r['spent_vnd']} > limit {r['limit_vnd']}")
# Capacity: nothing used beyond what is available.
for r in cap:
    if float(r["used"]) > float(r["available"]) * (1 + 1e-6) + 1e-6:
        fail(f"capacity.csv {r['term']} {r['institution']} {r['resource']}: used {r['used']} > {r['available']}")
# Attainment: met means projected >= target.
for r in att:
    met = float(r["projected_share"]) >= float(r["target_share"]) * (1 - 1e-6) - 1e-9
    if (r["met"] == "yes") != met:
        fail(f"attainment.csv {r['target']} {r['milestone']}: met={r['met']} but projected {r['projected_share']} "
             f"vs target {r['target_share']}")
    # Bands: P10 <= P50 <= P90 and p_met a probability, where Monte Carlo ran.
    if r.get("p50"):
        if not float(r["p10"]) <= float(r["p50"]) <= float(r["p90"]):
            fail(f"attainment.csv {r['target']} {r['milestone']}: P10 {r['p10']}, P50 {r['p50']}, P90 {r['p90']} out of order")
    if r.get("p_met") and not 0 <= float(r["p_met"]) <= 1:
        fail(f"attainment.csv {r['target']} {r['milestone']}: p_met {r['p_met']} is not a probability")
total = sum(int(r["spent_vnd"]) for r in budget)
if abs(total - summary["total_spend_vnd"]) > len(budget):
    fail(f"budget.csv total {total} != summary total_spend_vnd {summary['total_spend_vnd']}")
if summary["model_bound"] < summary["model_objective"] - 1e-9:
    fail("summary.json: model_bound below model_objective (stage 1 maximises)")
# Numbers as a reader sees them: no arithmetic noise (0.040371804000000004 s) in summary.json.
def floats(v, path="summary.json"):
    if isinstance(v, float):
        yield path, v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield from floats(x, f"{path}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from floats(x, f"{path}[{i}]")
for where, v in floats(summary):
    mantissa = repr(v).lstrip("-").split("e")[0].replace(".", "").lstrip("0")
    if len(mantissa) > 15:
        fail(f"{where}: {v!r} has more than the 15 significant digits a double holds")
print(json.dumps({"classes": sum(n_classes.values()), "cohorts": len(cohorts), "learners_in_classes": sum(by_classes.values()),
                  "total_spend_vnd": total, "checksum": summary["scenario_checksum"],
                  "stage_2": summary.get("stage_2"), "met": sum(r["met"] == "yes" for r in att), "milestones": len(att)}))
