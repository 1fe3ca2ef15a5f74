"""Solve an exported langplan model with HiGHS and report time to the requested gap."""
import sys, time
import highspy

path, limit, gap = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("time_limit", limit)
h.setOptionValue("mip_rel_gap", gap)
h.setOptionValue("threads", 2)
h.readModel(path)
start = time.time()
h.run()
elapsed = time.time() - start
info = h.getInfo()
print(f"{path}: {h.modelStatusToString(h.getModelStatus())}, objective {info.objective_function_value:.6f}, "
      f"bound {info.mip_dual_bound:.6f}, gap {100 * info.mip_gap:.3f}%, {elapsed:.1f} s")
