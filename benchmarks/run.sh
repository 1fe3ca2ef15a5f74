#!/usr/bin/env bash
# Runs the scale ladder with langplan (GLPK) and, side by side on the same exported
# models, HiGHS (pip package highspy) to 0.1% of its bound. Usage:
#   bash benchmarks/run.sh [rungs] [time-limit]      e.g. bash benchmarks/run.sh district,province,city 60
set -euo pipefail
cd "$(dirname "$0")/.."
RUNGS="${1:-district,province,city}"
LIMIT="${2:-60}"
OUT=.build/bench-models
swift build -c release --product langplan-bench >/dev/null
echo "## langplan (GLPK), time limit ${LIMIT}s"
.build/release/langplan-bench --rungs "$RUNGS" --time-limit "$LIMIT" --export "$OUT" 2>/dev/null
if python3 -c "import highspy" 2>/dev/null || pip install -q highspy >/dev/null 2>&1; then
  echo
  echo "## HiGHS on langplan's exported models (2 threads, mip_rel_gap 0.001, limit ${LIMIT}s)"
  for r in ${RUNGS//,/ }; do python3 benchmarks/highs.py "$OUT/$r.mps" "$LIMIT" 0.001; done
else
  echo "highspy not available: HiGHS comparison skipped"
fi
