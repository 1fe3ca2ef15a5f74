#!/usr/bin/env bash
# Runs the scale ladder with langplan (GLPK) and, side by side on the same exported
# models, HiGHS (pip package highspy) to 0.1% of its bound; then, per rung, the time each
# took to come within 0.1% of the best bound either proved (benchmarks/ratio.py). Usage:
#   bash benchmarks/run.sh [rungs] [time-limit]      e.g. bash benchmarks/run.sh district,province,city,national 120
set -euo pipefail
cd "$(dirname "$0")/.."
RUNGS="${1:-district,province,city}"
LIMIT="${2:-60}"
OUT=.build/bench-models
mkdir -p "$OUT"
rm -f "$OUT/langplan.jsonl" "$OUT/highs.jsonl"
swift build -c release --product langplan-bench >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## langplan (GLPK), time limit ${LIMIT}s"
.build/release/langplan-bench --rungs "$RUNGS" --time-limit "$LIMIT" --export "$OUT" --json "$OUT/langplan.jsonl" 2>/dev/null
if python3 -c "import highspy" 2>/dev/null || pip install -q highspy >/dev/null 2>&1; then
  echo
  echo "## HiGHS on langplan's exported models (2 threads, mip_rel_gap 0.001, limit ${LIMIT}s)"
  for r in ${RUNGS//,/ }; do python3 benchmarks/highs.py "$OUT/$r.mps" "$LIMIT" 0.001 "$OUT/highs.jsonl" "$r"; done
  echo
  echo "## time to 0.1% of the best bound either solver proved"
  python3 benchmarks/ratio.py "$OUT/langplan.jsonl" "$OUT/highs.jsonl"
else
  echo "highspy not available: HiGHS comparison skipped"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
