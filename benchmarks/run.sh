#!/usr/bin/env bash
# Runs the scale ladder with langplan (GLPK) and, side by side on the same exported
# models, HiGHS (pip package highspy) until its time limit or a proof of optimality; then, per
# rung, the time each took to come within 0.1% of the best bound either proved
# (benchmarks/ratio.py), read from each solver's timeline of improving plans. HiGHS is not
# stopped at its own 0.1% gap (HIGHS_GAP, default 0): where it stops decides the bound B, and
# a bound left loose by stopping early moves the 0.1% line for both solvers. Usage:
#   bash benchmarks/run.sh [rungs] [time-limit] [national-time-limit]
#   e.g. bash benchmarks/run.sh district,province,city,national 60 300
set -euo pipefail
cd "$(dirname "$0")/.."
RUNGS="${1:-district,province,city}"
LIMIT="${2:-60}"
NATIONAL_LIMIT="${3:-$LIMIT}"   # the national rung's own limit (it needs minutes)
HIGHS_GAP="${HIGHS_GAP:-0}"     # HiGHS's mip_rel_gap (0: run to the limit or to optimality)
OUT=.build/bench-models
mkdir -p "$OUT"
rm -f "$OUT/langplan.jsonl" "$OUT/highs.jsonl"
swift build -c release --product langplan-bench >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
limit_of() { if [ "$1" = national ]; then echo "$NATIONAL_LIMIT"; else echo "$LIMIT"; fi; }
echo "## langplan (GLPK), time limit ${LIMIT}s (national ${NATIONAL_LIMIT}s, by province)"
for r in ${RUNGS//,/ }; do
  .build/release/langplan-bench --rungs "$r" --time-limit "$(limit_of "$r")" --export "$OUT" --json "$OUT/langplan.jsonl" 2>/dev/null
done
if python3 -c "import highspy" 2>/dev/null || pip install -q highspy >/dev/null 2>&1; then
  echo
  echo "## HiGHS on langplan's exported models (2 threads, mip_rel_gap ${HIGHS_GAP}, limit ${LIMIT}s, national ${NATIONAL_LIMIT}s)"
  for r in ${RUNGS//,/ }; do python3 benchmarks/highs.py "$OUT/$r.mps" "$(limit_of "$r")" "$HIGHS_GAP" "$OUT/highs.jsonl" "$r" 2>/dev/null | { grep -v '^Running HiGHS\|^Includes third' || true; }; done
  echo
  echo "## time to 0.1% of the best bound either solver proved"
  python3 benchmarks/ratio.py "$OUT/langplan.jsonl" "$OUT/highs.jsonl"
else
  echo "highspy not available: HiGHS comparison skipped"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
