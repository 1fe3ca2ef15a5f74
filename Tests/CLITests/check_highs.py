"""Solve langplan's exported stage-1 model with HiGHS and check it against summary.json.

usage: check_highs.py MODEL.mps SUMMARY.json TIME_LIMIT exact|limited

Stage 1 maximises, so GLPK's plan value (model_objective) is a lower bound on the optimum and
model_bound an upper bound. exact: HiGHS must prove its optimum z*, and
model_objective <= z* <= model_bound. limited: HiGHS gives its own [objective, bound]; the true
optimum lies in both intervals, so they must overlap. Prints one JSON line, exits 1 on failure.
"""
import json, sys
import highspy

model, summary_path, limit, mode = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
with open(summary_path, encoding="utf-8") as f:
    summary = json.load(f)
lo, hi = summary["model_objective"], summary.get("model_bound")
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("time_limit", limit)
h.setOptionValue("mip_rel_gap", 1e-9)
h.setOptionValue("threads", 1)
h.readModel(model)
if h.getLp().sense_ != highspy.ObjSense.kMaximize:
    print(json.dumps({"ok": False, "why": "the exported model does not maximise (OBJSENSE MAX missing)"}))
    sys.exit(1)
h.run()
status = h.modelStatusToString(h.getModelStatus())
info = h.getInfo()
z, bound = info.objective_function_value, info.mip_dual_bound
tol = 1e-6 * max(1.0, abs(lo))
out = {"status": status, "highs_objective": z, "highs_bound": bound, "model_objective": lo, "model_bound": hi}
if hi is None:
    out.update(ok=False, why="summary.json has no model_bound")
elif mode == "exact":
    ok = status == "Optimal" and lo - tol <= z <= hi + tol
    out.update(ok=ok, why="" if ok else "HiGHS's optimum is outside [model_objective, model_bound] or not proven")
else:
    ok = z <= hi + tol and bound >= lo - tol
    out.update(ok=ok, why="" if ok else "HiGHS's [objective, bound] and [model_objective, model_bound] do not overlap")
print(json.dumps(out))
sys.exit(0 if out["ok"] else 1)
