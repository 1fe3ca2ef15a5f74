#!/usr/bin/env bash
# Timetable benchmark: langplan's timetabler vs fet-cl on generated terms at one institution.
# Usage: [SCRATCH=.build] bash benchmarks/timetable/run.sh [extra timetable-bench flags]
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=${SCRATCH:-.build}   # e.g. SCRATCH=.build-tt
swift build -c release --scratch-path "$scratch" --product timetable-bench >/dev/null
bin="$scratch/release/timetable-bench"
fetv=$( (fet-cl --version 2>/dev/null || true) | head -1 )
echo "## $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, ${fetv:-fet-cl missing}"
for seed in 1 2 3; do
  echo "### 300 classes, seed $seed, slack 1.25"; $bin --classes 300 --seed "$seed" "$@"
done
echo "### 300 classes, seed 1, tight (slack 1.05), online classes 3 sessions a week"; $bin --classes 300 --seed 1 --slack 1.05 --online-sessions 3 "$@"
echo "### 600 classes, seed 1"; $bin --classes 600 --seed 1 "$@"
