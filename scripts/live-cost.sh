#!/usr/bin/env bash
# Measures what the live outputs' per-endpoint totals cost a run: client CPU per request (result.json
# generator.cpuMicrosPerRequest, the worker threads' CPU) for runs against the reference CRM with no live output,
# and with --metrics-listen and --out prometheus-rw (to a closed port: its queue fills and drops). With a second
# binary (e.g. one built before the change) the runs without live outputs are compared across the two too.
# Usage: bash scripts/live-cost.sh NEW-crmbench [OLD-crmbench]   (RUNS=5 RATE=2000 DURATION=5s)
# Runs alternate between the modes so that machine drift hits all alike; prints the median per mode.
set -euo pipefail

NEW=${1:?usage: live-cost.sh NEW-crmbench [OLD-crmbench]}
OLD=${2:-}
RUNS=${RUNS:-5}
RATE=${RATE:-2000}
DURATION=${DURATION:-5s}
TOKEN="cost-$RANDOM$RANDOM"
WORK=$(mktemp -d)
SERVER=""
cleanup() { [[ -n "$SERVER" ]] && kill -TERM "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$NEW" serve --port 0 --in-memory --seed-customers 1000 --token "$TOKEN" > "$WORK/server.out" 2>/dev/null &
SERVER=$!
for _ in $(seq 100); do grep -q "listening on " "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -n 's/.*listening on //p' "$WORK/server.out" | head -1 | tr -d '\r')
[[ -n "$BASE" ]] || { echo "live-cost: the server did not start" >&2; exit 69; }

run() {  # run BINARY LABEL [extra args...]
    local bin=$1 label=$2; shift 2
    local out="$WORK/$label-$RANDOM"
    "$bin" run --url "$BASE/api/v1/customers/5" -H "Authorization: Bearer $TOKEN" --rate "$RATE" -d "$DURATION" \
        --out "$out" --quiet "$@" >/dev/null 2>&1 || true
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["generator"]["cpuMicrosPerRequest"], r["summary"]["overall"]["requests"])' \
        "$out/result.json" >> "$WORK/$label.txt"
}

for i in $(seq "$RUNS"); do
    run "$NEW" plain
    run "$NEW" live --metrics-listen 127.0.0.1:0 --out prometheus-rw=http://127.0.0.1:1/api/v1/write
    [[ -n "$OLD" ]] && run "$OLD" old
done

for label in plain live old; do
    [[ -f "$WORK/$label.txt" ]] || continue
    python3 - "$WORK/$label.txt" "$label" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
cpu = [r[0] for r in rows]
print(f"{sys.argv[2]:>6}: cpu µs/request median {statistics.median(cpu):.2f} (runs {', '.join(f'{c:.2f}' for c in cpu)}), requests {int(statistics.median(r[1] for r in rows))}")
PY
done
