#!/usr/bin/env bash
# make bench: crmbench against wrk, side by side on the same nginx (one worker, loopback, a small JSON file),
# alternating runs; prints medians and the ratios crmbench/wrk. Then 10,000 connections against the reference CRM
# for the generator's peak RSS. Figures, not tests: these machines are noisy.
set -euo pipefail
BIN=${1:-.build/release/crmbench}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNS=${CONNS:-50}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx-light)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/www"
printf '{"id":1,"name":"Ada Lovelace","email":"ada@example.com","company":"Analytical Engines","segment":"enterprise"}' > "$work/www/customer.json"
port=$(( 20000 + RANDOM % 20000 ))
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 20000; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  server { listen 127.0.0.1:$port; root $work/www; }
}
CONF
"$NGINX" -c "$work/nginx.conf"
sleep 0.3
url="http://127.0.0.1:$port/customer.json"

# A top-level number of the summary export (two-space indent in the pretty JSON).
json_top() { sed -n "s/^  \"$1\" : \([0-9.eE+-]*\).*/\1/p" "$2" | head -1; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
to_us() { # wrk latency like 512.00us, 1.23ms, 2.00s -> microseconds
  awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); print v} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v*1000} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000000}}'
}

: > "$work/wrk.tsv"; : > "$work/crm.tsv"
echo "nginx 1 worker at $url; $CONNS connections, ${DURATION}s, $RUNS runs each, alternating"
for i in $(seq 1 "$RUNS"); do
  /usr/bin/time -f '%U %S' -o "$work/t" wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$url" > "$work/wrk.out"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  reqs=$(awk '/requests in/ {print $1}' "$work/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.out" | to_us)
  cpu=$(awk -v n="$reqs" '{printf "%.3f", ($1+$2)*1e6/n}' "$work/t")
  printf '%s\t%s\t%s\n' "$rps" "$p50" "$cpu" >> "$work/wrk.tsv"
  echo "  wrk      run $i: $rps req/s, p50 ${p50}us, ${cpu} us CPU/request"

  /usr/bin/time -f '%U %S' -o "$work/t" "$BIN" run --url "$url" -c "$CONNS" -d "${DURATION}s" --threads 1 --quiet \
      --out "$work/crm-run" --summary-export "$work/crm.json"
  rps=$(json_top requestsPerSecond "$work/crm.json")
  reqs=$(json_top requests "$work/crm.json")
  p50=$(awk '/^  "latencyMicros"/ {f=1} f && /"p50"/ {sub(/.*: */,""); sub(/,.*/,""); print; exit}' "$work/crm.json")
  cpu=$(awk -v n="$reqs" '{printf "%.3f", ($1+$2)*1e6/n}' "$work/t")
  printf '%s\t%s\t%s\n' "$rps" "$p50" "$cpu" >> "$work/crm.tsv"
  echo "  crmbench run $i: $rps req/s, p50 ${p50}us, ${cpu} us CPU/request"
done
w_rps=$(cut -f1 "$work/wrk.tsv" | median); c_rps=$(cut -f1 "$work/crm.tsv" | median)
w_p50=$(cut -f2 "$work/wrk.tsv" | median); c_p50=$(cut -f2 "$work/crm.tsv" | median)
w_cpu=$(cut -f3 "$work/wrk.tsv" | median); c_cpu=$(cut -f3 "$work/crm.tsv" | median)
echo
echo "medians                 wrk -t1      crmbench --threads 1   ratio crmbench/wrk"
awk -v a="$w_rps" -v b="$c_rps" 'BEGIN {printf "throughput (req/s)  %10.0f   %10.0f              %.2f\n", a, b, b/a}'
awk -v a="$w_p50" -v b="$c_p50" 'BEGIN {printf "p50 latency (us)    %10.0f   %10.0f              %.2f\n", a, b, b/a}'
awk -v a="$w_cpu" -v b="$c_cpu" 'BEGIN {printf "client CPU/req (us) %10.2f   %10.2f              %.2f\n", a, b, b/a}'

# Open model: does every arrival leave on time? Send lag = actual send - scheduled send, from the result.
echo
echo "open model: 1,000 arrivals/s for 10s against the same nginx (goal: 10,000 sent, send lag p99 < 1000 us)"
: > "$work/lag.tsv"
for i in $(seq 1 "$RUNS"); do
  "$BIN" run --url "$url" --rate 1000 -d 10s --threads 1 --quiet --out "$work/crm-open" --summary-export "$work/open.json"
  sent=$(json_top requests "$work/open.json")
  lag=$(awk '/"lagMicros"/ {f=1} f && /"p99"/ {sub(/.*: */,""); sub(/,.*/,""); print; exit}' "$work/crm-open/result.json")
  printf '%s\t%s\n' "$sent" "$lag" >> "$work/lag.tsv"
  echo "  run $i: $sent sent, send lag p99 ${lag}us"
done
lag_median=$(cut -f2 "$work/lag.tsv" | median)
awk -v m="$lag_median" 'BEGIN {printf "  median send lag p99 %.0f us: %s\n", m, (m < 1000 ? "ok" : "ABOVE the 1000 us goal")}'

if [ "${SKIP_10K:-0}" != 1 ]; then
  echo
  echo "10,000 concurrent connections against the reference CRM (GET /healthz, 10s)"
  ulimit -n 65536 || true
  "$BIN" serve --port 0 --in-memory --seed-customers 100 --token bench-token --workers 1 > "$work/serve.out" 2> "$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do grep -q 'listening on' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's/^listening on //p' "$work/serve.out")
  /usr/bin/time -f '%M' -o "$work/rss" "$BIN" run --url "$base/healthz" -c 10000 -d 10s --threads 1 --timeout 30s --quiet \
      --out "$work/crm-10k" --summary-export "$work/10k.json" || true
  reqs=$(json_top requests "$work/10k.json")
  errs=$(json_top errors "$work/10k.json")
  echo "  requests $reqs, errors $errs, generator peak RSS $(awk '{printf "%.1f MB", $1/1024}' "$work/rss") (goal <= 150 MB)"
fi

if [ "${SKIP_FLOW:-0}" != 1 ]; then
  echo
  echo "scenario flow (GET, 2 checks, 1 JSON extraction) vs plain GET against the reference CRM;" \
       "$CONNS connections, ${DURATION}s, $RUNS runs each, alternating"
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  "$BIN" serve --port 0 --in-memory --seed-customers 500 --token bench-token > "$work/flow-serve.out" 2> "$work/flow-serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do grep -q 'listening on' "$work/flow-serve.out" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's/^listening on //p' "$work/flow-serve.out")
  cat > "$work/flow.yaml" <<'YAML'
target: http://127.0.0.1:1
defaults:
  headers:
    Authorization: Bearer ${env.CRM_TOKEN}
flows:
  - name: read
    steps:
      - get: /api/v1/customers/${random.int(1,400)}
        name: read customer
        check:
          - status: 200
          - {json: $.id, exists: true}
        extract:
          id: $.id
YAML
  : > "$work/plain.tsv"; : > "$work/flow.tsv"
  for i in $(seq 1 "$RUNS"); do
    /usr/bin/time -f '%U %S' -o "$work/t" "$BIN" run --url "$base/api/v1/customers/5" -H 'Authorization: Bearer bench-token' \
        -c "$CONNS" -d "${DURATION}s" --threads 1 --quiet --out "$work/plain-run" --summary-export "$work/plain.json"
    reqs=$(json_top requests "$work/plain.json")
    awk -v n="$reqs" '{printf "%.3f\t%s\n", ($1+$2)*1e6/n, n}' "$work/t" >> "$work/plain.tsv"
    echo "  plain GET run $i: $reqs requests, $(tail -1 "$work/plain.tsv" | cut -f1) us CPU/request"

    CRM_TOKEN=bench-token /usr/bin/time -f '%U %S' -o "$work/t" "$BIN" run "$work/flow.yaml" --target "$base" \
        -c "$CONNS" -d "${DURATION}s" --threads 1 --quiet --out "$work/flow-run" --summary-export "$work/flow.json"
    reqs=$(json_top requests "$work/flow.json")
    awk -v n="$reqs" '{printf "%.3f\t%s\n", ($1+$2)*1e6/n, n}' "$work/t" >> "$work/flow.tsv"
    echo "  flow      run $i: $reqs requests, $(tail -1 "$work/flow.tsv" | cut -f1) us CPU/request"
  done
  p_cpu=$(cut -f1 "$work/plain.tsv" | median); f_cpu=$(cut -f1 "$work/flow.tsv" | median)
  echo
  echo "medians                 plain GET    flow      ratio flow/plain (goal <= 1.3)"
  awk -v a="$p_cpu" -v b="$f_cpu" 'BEGIN {printf "client CPU/req (us) %10.2f   %8.2f      %.2f\n", a, b, b/a}'
fi
