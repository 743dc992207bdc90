#!/usr/bin/env bash
# Renders real reports in headless Chromium and fails on a console error, an empty chart, or a sweep chart that
# does not span every level. Usage: bash scripts/report-check.sh BIN [OUT_DIR]   (BIN: the crmbench binary)
# Pages: a URL run (report) and a comparison of two (compare), against a python http.server; a sweep of the
# reference CRM (`crmbench serve`) with its capacity plan (sweep), a second sweep of a server that stalls every few
# seconds, for a latency spike (sweep-stall), and the comparison of the two sweeps (sweep-compare).
# All traffic stays on 127.0.0.1. Screenshots land in OUT_DIR (default .build/report-check): NAME.png per page.
set -euo pipefail
BIN=${1:?usage: report-check.sh BIN [OUT_DIR]}
OUT=${2:-.build/report-check}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SUDO=""; [ "$(id -u)" = "0" ] || SUDO=sudo

find_browser() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }
BROWSER=$(find_browser)
if [ -z "$BROWSER" ]; then
    echo "report-check: installing chromium (apt)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
    BROWSER=$(find_browser)
fi
[ -n "$BROWSER" ] || { echo "report-check: no chromium found" >&2; exit 1; }
if ! command -v python3 >/dev/null; then
    echo "report-check: installing python3 (apt), for the local file server"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 >/dev/null
fi

WORK=$(mktemp -d)
SERVER_PID=""
CRM_PIDS=()
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    for pid in "${CRM_PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# A loopback HTTP server on a free port.
mkdir -p "$WORK/www"
printf '{"id": 1, "name": "Ada <Lovelace> & Co"}\n' > "$WORK/www/customer.json"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/www" >/dev/null 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.2)" 2>/dev/null && break
    sleep 0.1
done

URL="http://127.0.0.1:$PORT/customer.json"
echo "report-check: two short runs against $URL"
"$BIN" run --url "$URL" -c 4 -d 4s --name "report-check <baseline>" --out "$WORK/base" --quiet || [ $? -eq 99 ]
"$BIN" run --url "$URL" -c 4 -d 4s --name "report-check candidate" --out "$WORK/cand" --quiet || [ $? -eq 99 ]
"$BIN" report "$WORK/base" >/dev/null
"$BIN" compare "$WORK/base" "$WORK/cand" --format html --out "$WORK/compare.html" || [ $? -eq 99 ]
"$BIN" compare "$WORK/base" "$WORK/cand" --format text
cp "$WORK/base/report.html" "$OUT/report.html"
cp "$WORK/compare.html" "$OUT/compare.html"

# The reference CRM on a free loopback port; prints its base URL. Extra arguments go to `serve`.
TOKEN=report-check-token
start_crm() {
    local log="$WORK/crm-$RANDOM.log"
    "$BIN" serve --port 0 --in-memory --seed-customers 50 --token "$TOKEN" "$@" >"$log" 2>/dev/null &
    CRM_PIDS+=($!)
    for _ in $(seq 1 100); do
        grep -q "listening on " "$log" 2>/dev/null && break
        sleep 0.1
    done
    sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$log" | head -1
}
CRM=$(start_crm --cpu-work 1ms)
STALLING=$(start_crm --cpu-work 1ms --stall 600ms@5s)
[ -n "$CRM" ] && [ -n "$STALLING" ] || { echo "report-check: the reference CRM did not start" >&2; exit 1; }
AUTH="Authorization: Bearer $TOKEN"
echo "report-check: two sweeps (4 levels of 2 s) against the reference CRM at $CRM and $STALLING"
"$BIN" sweep --url "$CRM/api/v1/customers/7" -H "$AUTH" --vus 1,2,4,8 --step 2s --no-early-stop \
    --name "sweep <baseline>" --out "$WORK/sweep" --quiet || [ $? -eq 99 ]
"$BIN" sweep --url "$STALLING/api/v1/customers/7" -H "$AUTH" --vus 1,2,4,8 --step 2s --no-early-stop \
    --name "sweep stalling" --out "$WORK/sweep-stall" --quiet || [ $? -eq 99 ]
# The plan re-renders the sweep's report.html with its section; met or not, it must have written plan.json.
"$BIN" plan "$WORK/sweep" --slo 'throughput=200,p95<100ms' >/dev/null || true
[ -s "$WORK/sweep/plan.json" ] || { echo "report-check: plan wrote no plan.json" >&2; exit 1; }
"$BIN" compare "$WORK/sweep" "$WORK/sweep-stall" --format html --out "$WORK/sweep-compare.html" || [ $? -eq 99 ]
cp "$WORK/sweep/report.html" "$OUT/sweep.html"
cp "$WORK/sweep-stall/report.html" "$OUT/sweep-stall.html"
cp "$WORK/sweep-compare.html" "$OUT/sweep-compare.html"

FAILED=0
check_page() {
    local name=$1 page=$2 height=${3:-2400}
    local flags=(--headless --disable-gpu --no-sandbox --hide-scrollbars --disable-extensions --no-first-run
                 --disable-background-networking --disable-component-update --disable-sync --disable-default-apps)
    timeout 120 "$BROWSER" "${flags[@]}" --window-size=1280,$height --screenshot="$OUT/$name.png" "file://$page" \
        >/dev/null 2>"$OUT/$name.screenshot.log" || true
    timeout 120 "$BROWSER" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$page" \
        >"$OUT/$name.dom.html" 2>"$OUT/$name.console.log" || true
    if [ ! -s "$OUT/$name.png" ]; then echo "report-check: $name: no screenshot" >&2; FAILED=1; fi
    if grep -E 'CONSOLE|Uncaught|SyntaxError|ERR_FILE_NOT_FOUND|net::ERR' "$OUT/$name.console.log" | grep -v -E 'dbus|Fontconfig' ; then
        echo "report-check: $name: console errors (see $OUT/$name.console.log)" >&2; FAILED=1
    fi
    # Every chart in the rendered DOM must draw something: a non-empty path or a bar.
    if ! python3 - "$OUT/$name.dom.html" "$name" <<'PY'
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
figures = re.findall(r'<figure class="chart" id="([^"]+)">(.*?)</figure>', dom, re.S)
bad = [fid for fid, body in figures
       if not re.search(r'<path [^>]*d="M[0-9.\-]+ [0-9.\-]+', body) and not re.search(r'<rect class="bar"[^>]*width="[1-9]', body)
       and not re.search(r'<rect class="bar"', body)]
if not figures:
    print(f"report-check: {sys.argv[2]}: no chart in the DOM", file=sys.stderr); sys.exit(1)
if bad:
    print(f"report-check: {sys.argv[2]}: empty charts: {', '.join(bad)}", file=sys.stderr); sys.exit(1)
if re.search(r'(src|href)="https?:', dom):
    print(f"report-check: {sys.argv[2]}: loads a network resource", file=sys.stderr); sys.exit(1)
# A sweep or find-max: every chart over time shades one band per level and its lines reach into the last one.
levels = len(re.findall(r'<div class="card"><div class="label">level [0-9]+ ', dom))
if levels:
    for fid in ("chart-throughput", "chart-latency", "chart-errors"):
        body = dict(figures).get(fid, "")
        bands = [float(x) for x in re.findall(r'<rect class="band[^"]*" x="([-0-9.]+)"', body)]
        xs = [float(x) for d in re.findall(r'<path class="line[^"]*" stroke="[^"]*" d="([^"]*)"', body)
              for x in re.findall(r'[ML]([-0-9.]+) ', d)]
        if len(bands) != levels or not xs or max(xs) <= max(bands):
            print(f"report-check: {sys.argv[2]}: {fid} does not span the {levels} levels "
                  f"({len(bands)} bands, last point at x={max(xs) if xs else None})", file=sys.stderr); sys.exit(1)
    print(f"report-check: {sys.argv[2]}: the charts over time span all {levels} levels")
print(f"report-check: {sys.argv[2]}: {len(figures)} charts, all drawn")
PY
    then FAILED=1; fi
}
check_page report "$OUT/report.html"
check_page compare "$OUT/compare.html"
check_page sweep "$OUT/sweep.html" 7000
check_page sweep-stall "$OUT/sweep-stall.html" 5000
check_page sweep-compare "$OUT/sweep-compare.html"
echo "report-check: screenshots in $OUT: report.png compare.png sweep.png sweep-stall.png sweep-compare.png"
exit $FAILED
