#!/usr/bin/env bash
# The issue's first "must hold": 32 concurrent writers for 20 s on the reference CRM without faults, then the audit.
# Pass: 0 lost, 0 mutated, 0 duplicated, and as many acknowledged writes as the server answered 201 to creates
# (crm_http_requests_total on /metrics) and as it holds customers (the list's total). Loopback only.
# Usage: bash scripts/writers-audit.sh [.build/debug/crmbench]   (VUS=32 DURATION=20s to change)
set -euo pipefail

BIN=${1:-.build/debug/crmbench}
VUS=${VUS:-32}
DURATION=${DURATION:-20s}
TOKEN="writers-$RANDOM$RANDOM"
WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

cat > "$WORK/writers.yaml" <<'YAML'
name: writers
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
          phone: "+1555${random.int(1000000,9999999)}"
        check:
          - status: 201
        record:
          resource: customers
          id: $.id
          fields: [name, email, phone]
          key: email
          readBack: /api/v1/customers/${id}
          search: /api/v1/customers?search=${key}
YAML

"$BIN" serve --port 0 --token "$TOKEN" > "$WORK/server.out" 2>/dev/null &
SERVER=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$WORK/server.out")
status=0
CRM_TOKEN="$TOKEN" "$BIN" run "$WORK/writers.yaml" --target "$url" -c "$VUS" -d "$DURATION" --audit --no-default-thresholds \
    --threshold 'data.lost.count == 0' --threshold 'data.mutated.count == 0' --threshold 'data.duplicated.count == 0' \
    --out "$WORK/run" > "$WORK/run.out" 2> "$WORK/run.err" || status=$?
grep -E '^(audit:|data:)' "$WORK/run.err" "$WORK/run.out" | sed 's/^[^:]*://' | tail -3 || true
created=$(curl -fsS "$url/metrics" | awk '/^crm_http_requests_total\{/ && /route="\/api\/v1\/customers"/ && /method="POST"/ && /status="201"/ {s += $NF} END {print s + 0}')
stored=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$url/api/v1/customers?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
python3 - "$WORK/run/result.json" "$created" "$stored" "$status" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
d = result["dataQuality"]
created, stored, status = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"writers: {result['summary']['overall']['requests']} requests; acknowledged {d['acknowledged']}, "
      f"server 201s {created}, customers stored {stored}; read back {d['checked']} in {d['auditSeconds']:.1f}s "
      f"({d['readsPerSecond']:.0f} reads/s)")
print(f"lost {d['lost']['count']}, mutated {d['mutated']['count']}, duplicated {d['duplicated']['count']}, "
      f"orphaned {d['orphaned']['count']}, unacknowledged {d['unacknowledged']}, exit {status}")
ok = status == 0 and d["acknowledged"] == created == stored and d["lost"]["count"] == d["mutated"]["count"] == d["duplicated"]["count"] == 0
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
