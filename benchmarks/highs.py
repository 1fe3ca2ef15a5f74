"""Solve an exported langplan model with HiGHS and report time to the requested gap.

usage: highs.py MODEL.mps LIMIT_S GAP [JSON_OUT RUNG]
With JSON_OUT, appends one line: objective, bound, seconds and every improving incumbent
(seconds since the solve began, objective), which benchmarks/run.sh compares with langplan's.
"""
import json, sys, time
import highspy

path, limit, gap = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
out = sys.argv[4] if len(sys.argv) > 4 else None
rung = sys.argv[5] if len(sys.argv) > 5 else path
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("time_limit", limit)
h.setOptionValue("mip_rel_gap", gap)
h.setOptionValue("threads", 2)
h.readModel(path)
incumbents = []
start = time.time()

def improving(e):
    incumbents.append([time.time() - start, e.data_out.objective_function_value])

h.cbMipImprovingSolution.subscribe(improving)
h.run()
elapsed = time.time() - start
info = h.getInfo()
status = h.modelStatusToString(h.getModelStatus())
print(f"{path}: {status}, objective {info.objective_function_value:.6f}, "
      f"bound {info.mip_dual_bound:.6f}, gap {100 * info.mip_gap:.3f}%, {elapsed:.1f} s")
if out:
    with open(out, "a", encoding="utf-8") as f:
        f.write(json.dumps({"rung": rung, "status": status, "objective": info.objective_function_value,
                            "bound": info.mip_dual_bound, "seconds": elapsed, "incumbents": incumbents}) + "\n")
