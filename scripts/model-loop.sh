#!/usr/bin/env bash
# The closed loop of `crmbench model`, end to end, printing the fidelity figures:
#
#   scenarios/crm-mixed.yaml (with an X-Session-Id per iteration) against `serve --access-log`
#   → crmbench model → run the generated scenario against a fresh `serve --access-log`
#   → crmbench model --check RUN_DIR SOURCE_LOG --run-log REPLAY_LOG
#
#   scripts/model-loop.sh [DURATION] [VUS] [WORK_DIR]     (default 20s, 4 users: below the debug server's saturation on a shared machine, where an open-model replay of a saturated closed run would queue)
#
# CRMBENCH=path/to/crmbench picks the binary (default: the debug build). Exit status: model --check's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${1:-20s}
VUS=${2:-4}
WORK=${3:-$(mktemp -d)}
BIN=${CRMBENCH:-$ROOT/.build/debug/crmbench}
TOKEN=loop-token-1234
mkdir -p "$WORK"
[ -e "$WORK/data" ] || ln -s "$ROOT/scenarios/data" "$WORK/data"
sed 's|^    Accept: application/json$|    Accept: application/json\n    X-Session-Id: s${seq}|' scenarios/crm-mixed.yaml > "$WORK/mixed.yaml"
cat > "$WORK/bodies.json" <<'JSON'
{"POST /api/v1/customers": {"name": "M ${seq}", "email": "m-${random.uuid}@example.test", "company": "M"},
 "POST /api/v1/interactions": {"customerId": "${random.int(1,900)}", "channel": "phone", "startedAt": "${now}", "notes": "n"},
 "POST /api/v1/orders": {"customerId": "${random.int(1,900)}", "amount": "${random.int(20,900)}", "quantity": 1},
 "POST /api/v1/tickets": {"customerId": "${random.int(1,900)}", "subject": "s", "description": "d"},
 "POST /api/v1/feedback": {"customerId": "${random.int(1,900)}", "rating": 4, "text": "t"}}
JSON

SERVER_PID=
serve() {  # serve LOG: starts the reference CRM on a free port, sets URL and SERVER_PID
    rm -f "$1"
    "$BIN" serve --port 0 --in-memory --seed-customers 1000 --token "$TOKEN" --access-log "$1" > "$WORK/serve.out" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
        URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/serve.out" | head -1)
        [ -n "$URL" ] && return 0
        sleep 0.1
    done
    echo "server did not start: $(cat "$WORK/serve.out")" >&2; exit 69
}
stop() { kill -INT "$SERVER_PID"; wait "$SERVER_PID" || true; }
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT

serve "$WORK/source.log"
echo "1. crm-mixed for $DURATION with $VUS users against $URL"
CRM_TOKEN=$TOKEN "$BIN" run "$WORK/mixed.yaml" --target "$URL" -c "$VUS" -d "$DURATION" --quiet --out "$WORK/source" || true
stop
echo "   $(wc -l < "$WORK/source.log") log lines"

echo "2. model"
"$BIN" model "$WORK/source.log" --session-key header:X-Session-Id --out "$WORK/gen/modelled.yaml" \
    -H 'Authorization: Bearer ${env.CRM_TOKEN}' --bodies "$WORK/bodies.json"

serve "$WORK/replay.log"
echo "3. the generated scenario against $URL"
CRM_TOKEN=$TOKEN "$BIN" run "$WORK/gen/modelled.yaml" --target "$URL" --quiet --out "$WORK/replay" || true
stop

echo "4. model --check"
set +e
"$BIN" model --check "$WORK/replay" "$WORK/source.log" --session-key header:X-Session-Id --run-log "$WORK/replay.log"
status=$?
echo "work folder: $WORK"
exit $status
