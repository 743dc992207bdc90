#!/usr/bin/env bash
# make demo: start the reference CRM on an ephemeral loopback port with seeded data, run the default scenario
# against it, write results/<timestamp>-crm-mixed/ (result.json and reports), print the summary, then run the sales
# scenario briefly with --audit and print the audit's line (results/<timestamp>-sales/), stop the server.
set -euo pipefail
BIN=${1:-.build/release/crmbench}
SCENARIO=${SCENARIO:-scenarios/crm-mixed.yaml}
SEED=${SEED:-2000}
cd "$(dirname "$0")/.."

token="demo-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
log=$(mktemp)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap cleanup EXIT

echo "starting the reference CRM (seeding $SEED customers)…"
CRM_TOKEN="$token" "$BIN" serve --host 127.0.0.1 --port 0 --seed-customers "$SEED" > "$log" 2>/dev/null &
server_pid=$!
base=""
for _ in $(seq 1 300); do
  base=$(sed -n 's/^listening on //p' "$log")
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the reference CRM did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "the reference CRM did not report its address" >&2; exit 1; }
echo "reference CRM at $base"
curl -fsS "$base/healthz" >/dev/null 2>&1 && echo "served: GET /healthz → 200" || true
echo "running $SCENARIO against it…"
echo
set +e
CRM_TOKEN="$token" "$BIN" run "$SCENARIO" --target "$base"
status=$?
set -e
echo
# The data-quality audit: the sales flow declares what it writes (record:), so every acknowledged write is read back.
AUDIT_SCENARIO=${AUDIT_SCENARIO:-scenarios/sales.yaml}
echo "auditing the data: $AUDIT_SCENARIO for ${AUDIT_DURATION:-5s} with --audit (every acknowledged write read back)…"
CRM_TOKEN="$token" "$BIN" run "$AUDIT_SCENARIO" --target "$base" -d "${AUDIT_DURATION:-5s}" --audit 2>&1 \
  | grep -E '^(data:|audit:|warning:|crmbench:|results:)' || true
echo
echo "server-side business figures (GET /api/v1/reports/process):"
curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/reports/process" 2>/dev/null | head -c 600 || true
echo
exit $status
