"""Solve langplan's exported stage-1 model with HiGHS and check it against summary.json.

usage: check_highs.py MODEL.mps SUMMARY.json TIME_LIMIT exact|limited

Stage 1 maximises, so GLPK's plan value (model_objective) is a lower bound on the optimum z*
and model_bound an upper bound; HiGHS's objective and its proven bound hold z* too, so the two
intervals must overlap. exact: HiGHS must also prove its optimum (bound - objective within
mip_abs_gap, 1e-6). limited: HiGHS stops at the time limit. Prints one JSON line, exits 1 on
failure.

Tolerances. The stage-1 objective's priority tie-break has coefficients of 1e-5. HiGHS's MIP
solves its node LPs with primal tolerance mip_feasibility_tolerance and dual tolerance a tenth
of it (HighsLpRelaxation), 1e-7 by default: its simplex then stops with reduced costs of the
tie-break's shares up to 1e-7 on its scaled model, and its "proven" bound on hcmc-2026 was
5.50007397, below langplan's plan 5.50008507 (feasible to 4e-11 as HiGHS reads it; the exact
rational LP with that plan's classes fixed, glpsol --exact, 5.500085096). With
mip_feasibility_tolerance 1e-9 (dual 1e-10) HiGHS's bound is 5.50008553, and its error, about
proportional to the dual tolerance (1.2e-5 at 1e-7), is about 1e-8: the comparison allows
1e-7 * max(1, |model_objective|).
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
h.setOptionValue("mip_feasibility_tolerance", 1e-9)
h.readModel(model)
if h.getLp().sense_ != highspy.ObjSense.kMaximize:
    print(json.dumps({"ok": False, "why": "the exported model does not maximise (OBJSENSE MAX missing)"}))
    sys.exit(1)
h.run()
status = h.modelStatusToString(h.getModelStatus())
info = h.getInfo()
z, bound = info.objective_function_value, info.mip_dual_bound
tol = 1e-7 * max(1.0, abs(lo))
out = {"status": status, "highs_objective": z, "highs_bound": bound, "model_objective": lo, "model_bound": hi}
if hi is None:
    out.update(ok=False, why="summary.json has no model_bound")
elif mode == "exact" and status != "Optimal":
    out.update(ok=False, why="HiGHS did not prove its optimum in the time given")
else:
    ok = z <= hi + tol and bound >= lo - tol
    out.update(ok=ok, why="" if ok else "HiGHS's [objective, bound] and [model_objective, model_bound] do not overlap")
print(json.dumps(out))
sys.exit(0 if out["ok"] else 1)
