#!/usr/bin/env bash
# `memfun traces list` and `traces show last` with many recorded runs, against the same commands in a project with one
# run: a listing must not grow with the size of the runs it lists. Generates RUNS traces (default 300) of 20 turns each
# with make-traces.py (about 57 KB a run), publishes memfun as cold-start.sh does (ReadyToRun), and times both projects
# with hyperfine in one run. Writes benchmarks/results/traces.md.
#   bash benchmarks/traces.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-300}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish src/Memfun.Cli/Memfun.Cli.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$work/memfun" -nologo -v q >/dev/null

for project in many one; do mkdir -p "$work/$project/.git"; done
python3 benchmarks/make-traces.py "$work/many" "$runs"
python3 benchmarks/make-traces.py "$work/one" 1

size=$(du -sh "$work/many/.memfun/traces" | cut -f1)
export HOME="$work/home"
hyperfine -N --warmup 3 --runs 20 --export-markdown "$work/table.md" \
  -n "traces list, 1 run" "bash -c 'cd $work/one && $work/memfun/memfun traces list'" \
  -n "traces list, $runs runs" "bash -c 'cd $work/many && $work/memfun/memfun traces list'" \
  -n "traces show last, 1 run" "bash -c 'cd $work/one && $work/memfun/memfun traces show last'" \
  -n "traces show last, $runs runs" "bash -c 'cd $work/many && $work/memfun/memfun traces show last'" >/dev/null
{
  echo "# traces list and show with many recorded runs"
  echo
  echo "Measured $(date -u +%F) on $(nproc) cores with hyperfine (20 runs after 3 warm-up runs): $runs runs of 20 turns each ($size), against a project with one such run."
  echo
  cat "$work/table.md"
} > benchmarks/results/traces.md
cat benchmarks/results/traces.md
