#!/bin/sh
# Robust plans on the city scenario with pass rates and attrition as ranges (issue 14).
# usage: benchmarks/robust/run.sh [OUT_DIR]   (from the package root; builds release first)
# Prints the nominal and the robust plan's classes, spend, lowest P(met) on fresh draws and
# the time each took (the plan command's own lines), and the wall time of the whole run.
set -eu
out=${1:-/tmp/langplan-robust-bench}
python3 benchmarks/robust/make_uncertain.py
swift build -c release --product langplan >/dev/null
bin=.build/release/langplan
rm -rf "$out"
start=$(date +%s.%N)
"$bin" plan scenarios/hcmc-2026-uncertain.yaml --out "$out/plan" --confidence 0.9 --time-limit 60 --lang en 2>"$out.log"
end=$(date +%s.%N)
echo "wall: $(echo "$end - $start" | bc) s"
grep "robust: quantile" "$out.log" || true
echo "robust.csv:"; cat "$out/plan/robust.csv"
start=$(date +%s.%N)
"$bin" size-budget scenarios/hcmc-2026-uncertain.yaml --out "$out/sized" --confidence 0.9 --time-limit 60 --lang en >"$out/sized.out" 2>"$out.sized.log" || true
end=$(date +%s.%N)
echo "size-budget --confidence 0.9 wall: $(echo "$end - $start" | bc) s"
grep "robust: quantile" "$out.sized.log" || true
cat "$out/sized.out"
