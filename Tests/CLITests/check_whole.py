"""Whole people in a plan directory, read with Python's csv, json and yaml modules (an
independent reader), against the scenario it was planned from.

usage: check_whole.py SCENARIO_YAML PLAN_DIR
Checks: every enrolment is a whole number; per pool (term, institution, course, mode,
payer) the cohorts' learners add up to the enrolments; the spend rebuilt from the files and
the scenario's prices (classes × class cost, learners × cost per learner, exam candidates ×
fee; the scenario must have no attrition nor transfers, so every learner sits the exam) equals budget.csv's
total and summary.json's total_spend_vnd, and budget.csv respects every limit.
Prints one JSON object of figures; exits 1 with the broken rule on stderr.
"""
import csv, json, os, sys
from collections import defaultdict
import yaml

sc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
d = sys.argv[2]
def rows(name):
    with open(os.path.join(d, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
classes, enrol, cohorts, budget = rows("classes.csv"), rows("enrolments.csv"), rows("cohorts.csv"), rows("budget.csv")
summary = json.load(open(os.path.join(d, "summary.json"), encoding="utf-8"))

for s in sc["segments"]:
    demo = s.get("demography") or {}
    if demo.get("attrition", 0) or demo.get("transfers"):
        sys.exit(f"segment {s['id']} has attrition or transfers: exam fees would depend on survival")
courses = {c["id"]: c for c in sc["courses"]}
mode_of = {(c["id"], m["mode"]): m for c in sc["courses"] for m in c["modes"]}
insts = {i["id"]: i for i in sc["institutions"]}
fee = (sc.get("exams") or {}).get("fee_per_candidate_vnd", 0)

key = lambda r: (r["term"], r["institution"], r["course"], r["mode"], r["payer"])
learners_of, cohort_of = defaultdict(int), defaultdict(int)
spend = 0
for r in enrol:
    n = float(r["learners"])
    if n != int(n):
        sys.exit(f"enrolments.csv {r}: {n} learners is not a whole number")
    n = int(n)
    if r["institution"]:
        learners_of[key(r)] += n
    spend += n * mode_of[(r["course"], r["mode"])].get("cost_per_learner_vnd", 0)
    if courses[r["course"]].get("exam", True):
        spend += n * fee
for r in cohorts:
    cohort_of[key(r)] += int(r["learners"])
if dict(cohort_of) != dict(learners_of):
    bad = [k for k in set(cohort_of) | set(learners_of) if cohort_of[k] != learners_of[k]]
    sys.exit(f"cohorts and enrolments differ in pools {bad[:3]}")
for r in classes:
    c, inst = courses[r["course"]], insts[r["institution"]]
    pay = max(t["pay_per_period_vnd"] for t in inst["teachers"] if t["max_level"] >= c["to_level"] and t["count"] > 0)
    cost = c["hours"] * pay + mode_of[(r["course"], r["mode"])].get("cost_per_class_vnd", 0) + inst.get("cost_per_class_vnd", 0)
    spend += int(r["classes"]) * cost
    if int(r["learners"]) != learners_of[key(r)]:
        sys.exit(f"classes.csv {key(r)}: {r['learners']} learners, enrolments {learners_of[key(r)]}")
written = sum(int(r["spent_vnd"]) for r in budget)
# budget.csv rounds each (year, payer) to whole VND: at most 0.5 VND a row.
if abs(written - spend) > 0.5 * len(budget) or abs(summary["total_spend_vnd"] - spend) > 0.5 * len(budget):
    sys.exit(f"spend rebuilt from the files {spend} VND, budget.csv {written}, summary.json {summary['total_spend_vnd']}")
for r in budget:
    if r["limit_vnd"] != "" and int(r["spent_vnd"]) > int(r["limit_vnd"]):
        sys.exit(f"budget.csv {r['year']} {r['payer']}: spent {r['spent_vnd']} > limit {r['limit_vnd']}")
print(json.dumps({"learners": sum(int(float(r["learners"])) for r in enrol), "spend": spend,
                  "classes": sum(int(r["classes"]) for r in classes), "limited_rows": sum(r["limit_vnd"] != "" for r in budget)}))
