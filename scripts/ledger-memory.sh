#!/usr/bin/env bash
# Checks that the write ledger keeps memory flat: peak RSS of `crmbench run --audit` writing 2,000 records and
# writing 200,000 (one create per iteration against the reference CRM, loopback only), and the audit's read rate.
# Usage: bash scripts/ledger-memory.sh [.build/debug/crmbench]   (SMALL=2000 LARGE=200000 VUS=32 to change)
# Pass: the two peaks within 10 MB (the issue's bound). Prints both peaks, the difference and the audit's reads/s.
set -euo pipefail

BIN=${1:-.build/debug/crmbench}
SMALL=${SMALL:-2000}
LARGE=${LARGE:-200000}
VUS=${VUS:-32}
TOKEN="ledger-$RANDOM$RANDOM"
WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

cat > "$WORK/writers.yaml" <<'YAML'
name: ledger-memory
target: http://127.0.0.1:1
secrets: [CRM_TOKEN]
defaults:
  headers:
    Authorization: Bearer ${env.CRM_TOKEN}
flows:
  - name: write
    steps:
      - post: /api/v1/customers
        name: create customer
        json:
          name: Writer ${seq}
          email: w-${random.uuid}@example.test
        check:
          - status: 201
        record:
          resource: customers
          id: $.id
          fields: [name, email]
          key: email
          readBack: /api/v1/customers/${id}
YAML

measure() {  # $1 = iterations; prints "peakKB readsPerSecond checked"
    "$BIN" serve --port 0 --token "$TOKEN" > "$WORK/server.out" 2>/dev/null &
    SERVER=$!
    for _ in $(seq 100); do grep -q "listening on" "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
    local url
    url=$(sed -n 's/^listening on //p' "$WORK/server.out")
    CRM_TOKEN="$TOKEN" /usr/bin/time -q -f "%M" -o "$WORK/rss" "$BIN" run "$WORK/writers.yaml" --target "$url" \
        -c "$VUS" --iterations "$1" --audit --audit-concurrency 8 --quiet --no-default-thresholds --out "$WORK/run-$1" || true
    kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
    python3 - "$WORK/run-$1/result.json" "$(tail -1 "$WORK/rss")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["dataQuality"]
print(sys.argv[2], round(d["readsPerSecond"]), d["checked"], round(d["auditSeconds"], 1))
PY
}

read -r small_kb small_rate small_checked small_secs < <(measure "$SMALL")
read -r large_kb large_rate large_checked large_secs < <(measure "$LARGE")
diff_mb=$(python3 -c "print(round(($large_kb - $small_kb) / 1024, 1))")
echo "records $small_checked: peak RSS $((small_kb / 1024)) MB; audit ${small_secs}s at $small_rate reads/s"
echo "records $large_checked: peak RSS $((large_kb / 1024)) MB; audit ${large_secs}s at $large_rate reads/s"
echo "difference: $diff_mb MB (bound: 10 MB)"
python3 -c "import sys; sys.exit(0 if $large_kb - $small_kb <= 10240 else 1)"
