#!/usr/bin/env bash
# Builds the solution with warnings as errors, starts Redis and NATS JetStream on free loopback ports,
# runs every test project, and prints `N passed, N failed, N skipped` from the TRX results.
# Exits non-zero when the build or any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/.ci/out"
rm -rf "$out" && mkdir -p "$out"

echo "== build"
dotnet build Memfun.slnx -c Release -warnaserror -nologo -clp:ErrorsOnly

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "server on port $1 did not start" >&2; return 1; }

if [ -z "${MEMFUN_REDIS_URL:-}" ] && command -v redis-server >/dev/null; then
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --notify-keyspace-events KEA \
    --dir "$out" >"$out/redis.log" 2>&1 &
  pids+=($!); wait_port "$port"
  export MEMFUN_REDIS_URL="redis://127.0.0.1:$port"
fi
if [ -z "${MEMFUN_NATS_URL:-}" ] && command -v nats-server >/dev/null; then
  port=$(free_port)
  mkdir -p "$out/nats"
  nats-server -a 127.0.0.1 -p "$port" -js -sd "$out/nats" >"$out/nats.log" 2>&1 &
  pids+=($!); wait_port "$port"
  export MEMFUN_NATS_URL="nats://127.0.0.1:$port"
fi
echo "== servers: redis=${MEMFUN_REDIS_URL:-none} nats=${MEMFUN_NATS_URL:-none} require=${MEMFUN_REQUIRE_SERVERS:-0}"

echo "== test"
status=0
dotnet test Memfun.slnx -c Release --no-build --nologo \
  --logger "trx" --results-directory "$out/results" \
  --blame-hang-timeout 10m -- RunConfiguration.TreatNoTestsAsError=false || status=$?

python3 - "$out/results" <<'PY' || status=1
import glob, sys, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for f in files:
    root = ET.parse(f).getroot()
    outcomes = [r.get("outcome") for r in root.iter(ns + "UnitTestResult")]
    passed += outcomes.count("Passed")
    skipped += outcomes.count("NotExecuted")
    # A crashed test host leaves failures in the counters without a result per test: take the larger.
    c = root.find(ns + "ResultSummary/" + ns + "Counters")
    counted = sum(int(c.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
    failed += max(counted, sum(outcomes.count(o) for o in ("Failed", "Error", "Timeout", "Aborted")))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or not files or passed == 0 else 0)
PY
exit $status
