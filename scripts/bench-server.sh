#!/usr/bin/env bash
# Measures the reference CRM's GET /api/v1/customers/{id} throughput with --cache on and off, using wrk.
# Usage: bash scripts/bench-server.sh .build/release/crmbench
# Starts one server per mode (10,000 seeded customers, port 0, loopback only), then runs wrk -t1 -c32 -d10s
# three times per mode, alternating on/off so that machine drift hits both alike, and prints the median
# requests/s and median p50 latency per mode and the on/off ratio.
set -euo pipefail

BIN=${1:?usage: bench-server.sh PATH-TO-crmbench}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
SEED=${SEED:-10000}
TOKEN="bench-$RANDOM$RANDOM"

if ! command -v wrk >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" = "0" ] || echo sudo)
    echo "installing wrk" >&2
    $SUDO apt-get install -y -qq wrk >/dev/null || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null; }
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# Spread requests over every seeded id with a stride coprime to the id count.
cat > "$WORK/customers.lua" <<LUA
local counter = 0
request = function()
  counter = counter + 1
  local id = (counter * 7919) % $SEED + 1
  return wrk.format("GET", "/api/v1/customers/" .. id)
end
LUA

# start_server MODE: starts a server with --cache MODE and sets URL_<MODE> from its "listening on" line.
start_server() {
    local mode=$1 out="$WORK/serve-$1.out"
    "$BIN" serve --host 127.0.0.1 --port 0 --seed-customers "$SEED" --cache "$mode" --token "$TOKEN" \
        >"$out" 2>"$WORK/serve-$1.err" &
    PIDS+=("$!")
    local url=""
    for _ in $(seq 1 600); do
        url=$(sed -n 's/^listening on //p' "$out")
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { echo "server --cache $mode did not start:" >&2; cat "$WORK/serve-$1.err" >&2; exit 1; }
    case "$url" in http://127.0.0.1:*) ;; *) echo "refusing non-loopback address $url" >&2; exit 1 ;; esac
    printf -v "URL_$mode" '%s' "$url"
}

# to_ms VALUE: wrk latency (e.g. 812.00us, 1.25ms, 1.02s) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else { printf "%.3f", v } }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

start_server on
start_server off
echo "servers: cache on at $URL_on, cache off at $URL_off ($SEED customers); wrk -t1 -c$CONNECTIONS -d$DURATION x $RUNS"

for mode in on off; do  # short warm-up so the first measured run does not pay for cold pages
    url_var="URL_$mode"
    wrk -t1 -c"$CONNECTIONS" -d2s -s "$WORK/customers.lua" -H "Authorization: Bearer $TOKEN" "${!url_var}" >/dev/null
done

for run in $(seq 1 "$RUNS"); do
    for mode in on off; do
        url_var="URL_$mode"
        out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/customers.lua" \
            -H "Authorization: Bearer $TOKEN" "${!url_var}")
        rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
        p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
        errors=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
        echo "$rps" >>"$WORK/rps-$mode"
        echo "$p50" >>"$WORK/p50-$mode"
        printf 'run %d  cache %-3s  %10.1f req/s  p50 %7.3f ms%s\n' "$run" "$mode" "$rps" "$p50" \
            "${errors:+  (non-2xx: $errors)}"
    done
done

rps_on=$(median <"$WORK/rps-on"); rps_off=$(median <"$WORK/rps-off")
p50_on=$(median <"$WORK/p50-on"); p50_off=$(median <"$WORK/p50-off")
echo
printf 'cache on : median %10.1f req/s  p50 %7.3f ms\n' "$rps_on" "$p50_on"
printf 'cache off: median %10.1f req/s  p50 %7.3f ms\n' "$rps_off" "$p50_off"
awk -v a="$rps_on" -v b="$rps_off" 'BEGIN { printf "ratio on/off: %.2fx throughput\n", a / b }'
