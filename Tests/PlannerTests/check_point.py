"""Check a plan's stage-1 point against the exported model, as HiGHS reads it.

usage: check_point.py MODEL.mps POINT.txt OBJECTIVE TOLERANCE

POINT.txt: one "column-name value" line per column (values written with 17 significant digits).
HiGHS's MPS reader parses the model; numpy evaluates every row's activity, every column's
bounds and integrality, and the objective at the point, independently of langplan's own
evaluation. Passes when every row l <= a.x <= u holds within TOLERANCE * max(1, |l|, |u|),
every column bound within TOLERANCE * max(1, |x_j|), every integer column within TOLERANCE of
an integer, and c.x equals OBJECTIVE (langplan's reported objective) within
TOLERANCE * max(1, |OBJECTIVE|). Prints one JSON line (largest violations and the rows they
are on), exits 1 on failure.
"""
import json, sys
import highspy
import numpy as np

model, point_path, objective, tol = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.readModel(model)
lp = h.getLp()
names = list(lp.col_names_)
values = {}
with open(point_path, encoding="utf-8") as f:
    for line in f:
        name, value = line.rsplit(" ", 1)
        values[name] = float(value)
out = {"columns": lp.num_col_, "rows": lp.num_row_}
missing = [n for n in names if n not in values]
if missing or len(values) != len(names):
    out.update(ok=False, why=f"the point and the model's columns differ (e.g. {missing[:3]})")
    print(json.dumps(out)); sys.exit(1)
x = np.array([values[n] for n in names])
a = lp.a_matrix_
starts, index, value = np.array(a.start_), np.array(a.index_), np.array(a.value_)
activity = np.zeros(lp.num_row_)
for j in range(lp.num_col_):
    s, e = starts[j], starts[j + 1]
    activity[index[s:e]] += value[s:e] * x[j]
lo, up = np.array(lp.row_lower_), np.array(lp.row_upper_)
finite = lambda v: np.where(np.isfinite(v), np.abs(v), 0.0)
row_scale = np.maximum(1.0, np.maximum(finite(lo), finite(up)))
row_excess = np.maximum(lo - activity, activity - up) / row_scale
cl, cu = np.array(lp.col_lower_), np.array(lp.col_upper_)
col_excess = np.maximum(cl - x, x - cu) / np.maximum(1.0, np.abs(x))
integer = np.array([int(k) == 1 for k in lp.integrality_]) if len(lp.integrality_) else np.zeros(len(x), bool)
fractionality = np.abs(x - np.round(x))[integer] if integer.any() else np.zeros(1)
z = float(np.dot(np.array(lp.col_cost_), x) + lp.offset_)
i, j = int(np.argmax(row_excess)), int(np.argmax(col_excess))
out.update(worst_row=lp.row_names_[i], worst_row_excess=float(row_excess[i]),
           worst_column=names[j], worst_column_excess=float(col_excess[j]),
           worst_fractionality=float(fractionality.max()), highs_objective=z, model_objective=objective)
why = []
if row_excess[i] > tol: why.append("a row is broken")
if col_excess[j] > tol: why.append("a column bound is broken")
if fractionality.max() > tol: why.append("an integer column is fractional")
if abs(z - objective) > tol * max(1.0, abs(objective)): why.append("c.x differs from the reported objective")
out.update(ok=not why, why="; ".join(why))
print(json.dumps(out))
sys.exit(0 if out["ok"] else 1)
