#!/usr/bin/env bash
# make bench: crmbench against wrk, side by side on the same nginx (one worker, loopback, a small JSON file),
# alternating runs; prints medians and the ratios crmbench/wrk, for both event loops (curl_multi_poll and
# curl_multi_socket_action + epoll). Then both loops at 1,000 and 10,000 connections on nginx, and 10,000
# connections against the reference CRM for the generator's peak RSS, beside plain programs that only keep 10,000
# libcurl transfers going (C with either loop, Swift with Foundation): the floors under that figure. At 50
# connections a C loop asking libcurl for the same work as crmbench (its options, its per-transfer reads) shows what
# is left that is crmbench's own.
# Figures, not tests: these machines are noisy.
# Generator-bound mode (on by default with 2 or more cores; PIN=0 turns it off): nginx's one worker is pinned to
# CPU 0 and every generator (crmbench, wrk, the C floor) to CPU 1, and nginx's own CPU per request is printed beside
# each figure, so a reader sees which side was the limit: a generator ratio read while nginx's core was full is the
# server's, not the generator's.
# SKIP_SWEEP=1, SKIP_10K=1, SKIP_FLOW=1 leave sections out; SWEEP_CONNS="1000 10000" sets the sweep.
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
PIN=${PIN:-$([ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null && echo 1 || echo 0)}
if [ "$PIN" = 1 ]; then SERVER_PIN=(taskset -c 0); CLIENT_PIN=(taskset -c 1); else SERVER_PIN=(); CLIENT_PIN=(); fi
TICKS=$(getconf CLK_TCK)

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/www"
# nginx's worker runs as another user: mktemp's 0700 folder would make it answer 403 to every request.
chmod 755 "$work" "$work/www"
printf '{"id":1,"name":"Ada Lovelace","email":"ada@example.com","company":"Analytical Engines","segment":"enterprise"}' > "$work/www/customer.json"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
# nginx cannot take port 0: try random ports until one binds (bounded).
for attempt in 1 2 3 4 5 6 7 8; do
port=$(( 20000 + RANDOM % 20000 ))
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile 30000;
daemon on;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 20000; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  server { listen 127.0.0.1:$port backlog=4096; root $work/www; location = /nginx_status { stub_status; } }
}
CONF
"${SERVER_PIN[@]}" "$NGINX" -c "$work/nginx.conf" 2> "$work/nginx-start.err" && break
[ "$attempt" = 8 ] && { cat "$work/nginx-start.err" >&2; exit 1; }
done
sleep 0.3
url="http://127.0.0.1:$port/customer.json"
nginx_worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)
# nginx's worker CPU time in clock ticks (user + system), to charge each run its share of the server's work.
nginx_ticks() { awk '{print $14 + $15}' "/proc/$nginx_worker/stat" 2>/dev/null || echo 0; }
# After a run of $1 requests in $2 seconds that started at $3 ticks: "server us/request <tab> server busy fraction".
nginx_cost() {
  awk -v t0="$3" -v t1="$(nginx_ticks)" -v n="$1" -v d="$2" -v hz="$TICKS" \
      'BEGIN {s = (t1 - t0) / hz; printf "%.2f\t%.2f\n", s * 1e6 / (n > 0 ? n : 1), s / d}'
}

# A top-level number of the summary export (two-space indent in the pretty JSON).
json_top() { sed -n "s/^  \"$1\" : \([0-9.eE+-]*\).*/\1/p" "$2" | head -1; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
to_us() { # wrk latency like 512.00us, 1.23ms, 2.00s -> microseconds
  awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); print v} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v*1000} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000000}}'
}

# One crmbench run; appends "req/s <tab> p50 us <tab> CPU us/request" to $2. Args after: connections, loop.
crm_run() {
  local tsv=$1 conns=$2 loop=$3 t0
  t0=$(nginx_ticks)
  /usr/bin/time -q -f '%U %S' -o "$work/t" "${CLIENT_PIN[@]}" "$BIN" run --url "$url" -c "$conns" -d "${DURATION}s" --threads 1 --quiet \
      --event-loop "$loop" --out "$work/crm-run" --summary-export "$work/crm.json"
  local rps reqs p50 cpu steady
  rps=$(json_top requestsPerSecond "$work/crm.json")
  reqs=$(json_top requests "$work/crm.json")
  p50=$(awk '/^  "latencyMicros"/ {f=1} f && /"p50"/ {sub(/.*: */,""); sub(/,.*/,""); print; exit}' "$work/crm.json")
  cpu=$(awk -v n="$reqs" '{printf "%.3f", ($1+$2)*1e6/n}' "$work/t")
  # The worker's CPU per request during the schedule (the result's generator.cpuMicrosPerRequest).
  steady=$(grep -o '"cpuMicrosPerRequest" : [0-9.eE+-]*' "$work/crm-run/result.json" 2>/dev/null | head -1 | awk '{print $3}' || true)
  printf '%s\t%s\t%s\t%s\t%s\n' "$rps" "$p50" "$cpu" "$(nginx_cost "$reqs" "$DURATION" "$t0")" "${steady:-0}" >> "$tsv"
  echo "  crmbench $loop run: $rps req/s, p50 ${p50}us, ${cpu} us CPU/request; nginx $(tail -1 "$tsv" | cut -f4) us/request, busy $(tail -1 "$tsv" | cut -f5)"
}
col_median() { cut -f"$2" "$1" | median; }
# Samples a process's memory every 100 ms while it lives and prints, at its highest RSS seen, the private part
# (RssAnon: heap, stacks) and the file-backed part (RssFile: code and read-only data of the binary and the shared
# libraries, clean pages shared with every process mapping them), in MB.
rss_split() {
  local pid=$1 best=0 anon=0 file=0 a f
  while [ -r "/proc/$pid/status" ]; do
    read -r a f < <(awk '/^RssAnon:/ {a=$2} /^RssFile:/ {f=$2} END {print a+0, f+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0")
    if [ $((a + f)) -gt "$best" ]; then best=$((a + f)); anon=$a; file=$f; fi
    sleep 0.1
  done
  awk -v a="$anon" -v f="$file" 'BEGIN {printf "%.1f\t%.1f\n", a/1024, f/1024}'
}

# Runs a command under /usr/bin/time ('%M %U %S' into $work/rss) while rss_split samples it (into $work/split);
# a failed command is not the bench's failure.
run_sampled() {
  : > "$work/split"
  /usr/bin/time -q -f '%M %U %S' -o "$work/rss" "$@" &
  local time_pid=$! child="" split_pid
  for _ in $(seq 1 50); do child=$(pgrep -P "$time_pid" | head -1 || true); [ -n "$child" ] && break; sleep 0.02; done
  [ -n "$child" ] && rss_split "$child" > "$work/split" &
  split_pid=$!
  wait "$time_pid" || true
  wait "$split_pid" || true
  [ -s "$work/split" ] || printf '0\t0\n' > "$work/split"
}

# The floors: plain programs on libcurl's multi interface that only re-request the URL (scripts/curl-floor.c, C
# with either loop; scripts/curl-floor.swift, Swift loading Foundation, poll loop). What libcurl itself costs.
floors=""
if command -v cc >/dev/null && cc -O2 -o "$work/curl-floor" "$(dirname "$0")/curl-floor.c" -lcurl 2>/dev/null; then
  floors="c-poll c-epoll c-epoll-same"
else
  echo "(no C compiler: the plain C libcurl floors are left out)"
fi
if command -v swiftc >/dev/null && swiftc -O -I "$(dirname "$0")/../Sources/CCurl" "$(dirname "$0")/curl-floor.swift" \
    -o "$work/swift-floor" 2>/dev/null; then
  floors="$floors swift-poll"
else
  echo "(swiftc failed: the Swift floor is left out)"
fi
# One floor run: "$1" is c-poll, c-epoll, c-epoll-same (crmbench's options and reads) or swift-poll; then URL,
# connections, seconds.
floor_cmd() {
  case "$1" in
    c-epoll-same) echo "$work/curl-floor $2 $3 $4 epoll same" ;;
    c-*) echo "$work/curl-floor $2 $3 $4 ${1#c-}" ;;
    swift-poll) echo "$work/swift-floor $2 $3 $4" ;;
  esac
}

: > "$work/wrk.tsv"; : > "$work/poll.tsv"; : > "$work/epoll.tsv"
: > "$work/cfloor.tsv"; : > "$work/cfloor-same.tsv"
echo "nginx 1 worker at $url; $CONNS connections, ${DURATION}s, $RUNS runs each, alternating"
for i in $(seq 1 "$RUNS"); do
  t0=$(nginx_ticks)
  /usr/bin/time -q -f '%U %S' -o "$work/t" "${CLIENT_PIN[@]}" wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$url" > "$work/wrk.out"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  reqs=$(awk '/requests in/ {print $1}' "$work/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.out" | to_us)
  cpu=$(awk -v n="$reqs" '{printf "%.3f", ($1+$2)*1e6/n}' "$work/t")
  printf '%s\t%s\t%s\t%s\n' "$rps" "$p50" "$cpu" "$(nginx_cost "$reqs" "$DURATION" "$t0")" >> "$work/wrk.tsv"
  echo "  wrk      run $i: $rps req/s, p50 ${p50}us, ${cpu} us CPU/request; nginx $(tail -1 "$work/wrk.tsv" | cut -f4) us/request, busy $(tail -1 "$work/wrk.tsv" | cut -f5)"
  crm_run "$work/poll.tsv" "$CONNS" poll
  crm_run "$work/epoll.tsv" "$CONNS" epoll
  if [[ " $floors " == *" c-poll "* ]]; then
    # shellcheck disable=SC2046
    /usr/bin/time -q -f '%U %S' -o "$work/t" "${CLIENT_PIN[@]}" $(floor_cmd c-poll "$url" "$CONNS" "$DURATION") > "$work/floor.out"
    reqs=$(cut -d' ' -f1 "$work/floor.out")
    awk -v n="$reqs" -v d="$DURATION" '{printf "%.0f\t%.3f\n", n/d, ($1+$2)*1e6/n}' "$work/t" >> "$work/cfloor.tsv"
    echo "  plain C  run $i: $(tail -1 "$work/cfloor.tsv" | awk '{printf "%s req/s, %s us CPU/request", $1, $2}')"
    # shellcheck disable=SC2046
    t0=$(nginx_ticks)
    /usr/bin/time -q -f '%U %S' -o "$work/t" "${CLIENT_PIN[@]}" $(floor_cmd c-poll "$url" "$CONNS" "$DURATION") same > "$work/floor.out"
    reqs=$(cut -d' ' -f1 "$work/floor.out")
    printf '%s\t%s\n' "$(awk -v n="$reqs" -v d="$DURATION" '{printf "%.0f\t%.3f", n/d, ($1+$2)*1e6/n}' "$work/t")" \
        "$(nginx_cost "$reqs" "$DURATION" "$t0")" >> "$work/cfloor-same.tsv"
    echo "  C, same work run $i: $(tail -1 "$work/cfloor-same.tsv" | awk '{printf "%s req/s, %s us CPU/request", $1, $2}')"
  fi
done
echo
echo "medians                 wrk -t1   crmbench poll  crmbench epoll   poll/wrk  epoll/wrk"
for metric in "1 throughput (req/s)  %10.0f" "2 p50 latency (us)    %10.0f" "3 client CPU/req (us) %10.2f"; do
  col=${metric%% *}; rest=${metric#* }; label=${rest% *}; fmt=${rest##* }
  w=$(col_median "$work/wrk.tsv" "$col"); p=$(col_median "$work/poll.tsv" "$col"); e=$(col_median "$work/epoll.tsv" "$col")
  awk -v w="$w" -v p="$p" -v e="$e" -v label="$label" -v f="$fmt" \
      'BEGIN {printf "%-19s " f "   " f "    " f "      %.2f       %.2f\n", label, w, p, e, p/w, e/w}'
done
if [ -s "$work/cfloor.tsv" ]; then
  awk -v r="$(col_median "$work/cfloor.tsv" 1)" -v u="$(col_median "$work/cfloor.tsv" 2)" \
      -v w="$(col_median "$work/wrk.tsv" 1)" -v wu="$(col_median "$work/wrk.tsv" 3)" \
      -v p="$(col_median "$work/poll.tsv" 1)" -v pu="$(col_median "$work/poll.tsv" 3)" \
      'BEGIN {printf "plain C libcurl poll loop: %.0f req/s (%.2fx wrk), %.2f us CPU/request (%.2fx wrk); crmbench poll/plain C: throughput %.2f, CPU/request %.2f\n", r, r/w, u, u/wu, p/r, pu/u}'
  awk -v r="$(col_median "$work/cfloor-same.tsv" 1)" -v u="$(col_median "$work/cfloor-same.tsv" 2)" \
      -v p="$(col_median "$work/poll.tsv" 1)" -v pu="$(col_median "$work/poll.tsv" 3)" \
      'BEGIN {printf "C loop with crmbench'"'"'s options and per-transfer reads: %.0f req/s, %.2f us CPU/request; crmbench poll/it: throughput %.2f, CPU/request %.2f\n", r, u, p/r, pu/u}'
fi
echo "(crmbench's default at $CONNS connections per worker: $( [ "$CONNS" -ge 1000 ] && echo epoll || echo poll ))"
# Which side was the limit: nginx's busy share of its core in each generator's runs (medians). Near 1: the server
# was the bottleneck and that generator's throughput is nginx's; well below 1: the generator was.
echo "pinned: $( [ "$PIN" = 1 ] && echo "nginx on CPU 0, generators on CPU 1" || echo "no (PIN=0 or one core): both sides share the cores")"
for pair in "wrk wrk.tsv 4" "crmbench-poll poll.tsv 4" "crmbench-epoll epoll.tsv 4" "C-same-work cfloor-same.tsv 3"; do
  set -- $pair
  [ -s "$work/$2" ] || continue
  awk -v g="$1" -v u="$(col_median "$work/$2" "$3")" -v b="$(col_median "$work/$2" $(( $3 + 1 )))" \
      'BEGIN {printf "  nginx during %-15s %.2f us CPU/request, busy %.0f%% of its core: %s\n", g, u, b*100, (b >= 0.9 ? "SERVER-bound (this throughput is nginx'"'"'s)" : "generator-bound")}'
done

if [ "${SKIP_SWEEP:-0}" != 1 ]; then
  echo
  echo "event loops by connection count on the same nginx (${DURATION}s, $RUNS runs each, alternating), beside the C loop"
  echo "doing the same work with its handles spread over multi handles of 500 as crmbench spreads them (curl-floor.c"
  echo "epoll same shard): how libcurl's own cost grows with connections. CPU/req: the process's CPU over the requests;"
  echo "steady: crmbench's worker CPU during the schedule (connections opened before it), the C loop's after its first second"
  echo "connections   loop        req/s   CPU us/req   steady us/req   (medians)"
  for conns in ${SWEEP_CONNS:-1000 10000}; do
    : > "$work/sweep-poll.tsv"; : > "$work/sweep-epoll.tsv"; : > "$work/sweep-c.tsv"
    for i in $(seq 1 "$RUNS"); do
      crm_run "$work/sweep-poll.tsv" "$conns" poll > /dev/null
      crm_run "$work/sweep-epoll.tsv" "$conns" epoll > /dev/null
      if [[ " $floors " == *" c-epoll-same "* ]]; then
        # shellcheck disable=SC2046
        /usr/bin/time -q -f '%U %S' -o "$work/t" "${CLIENT_PIN[@]}" $(floor_cmd c-epoll-same "$url" "$conns" "$DURATION") shard \
            > "$work/floor.out"
        reqs=$(cut -d' ' -f1 "$work/floor.out")
        steady=$(sed -n 's/.* at \([0-9.]*\) us CPU\/request.*/\1/p' "$work/floor.out")
        awk -v n="${reqs:-0}" -v d="$DURATION" -v s="${steady:-0}" '{printf "%.0f\t0\t%.3f\t0\t0\t%s\n", n/d, ($1+$2)*1e6/(n>0?n:1), s}' "$work/t" \
            >> "$work/sweep-c.tsv"
      fi
    done
    for loop in poll epoll c; do
      [ -s "$work/sweep-$loop.tsv" ] || continue
      awk -v c="$conns" -v l="$( [ "$loop" = c ] && echo "C shard" || echo "$loop")" -v r="$(col_median "$work/sweep-$loop.tsv" 1)" \
          -v u="$(col_median "$work/sweep-$loop.tsv" 3)" -v s="$(col_median "$work/sweep-$loop.tsv" 6)" \
          'BEGIN {printf "%11d   %-8s %9.0f   %9.2f   %12.2f\n", c, l, r, u, s}'
    done
    if [ -s "$work/sweep-c.tsv" ]; then
      awk -v e="$(col_median "$work/sweep-epoll.tsv" 3)" -v es="$(col_median "$work/sweep-epoll.tsv" 6)" \
          -v c="$(col_median "$work/sweep-c.tsv" 3)" -v cs="$(col_median "$work/sweep-c.tsv" 6)" \
          -v b="$(col_median "$work/poll.tsv" 3)" -v be="$(col_median "$work/epoll.tsv" 3)" -v n="$conns" \
          -v cb="$(col_median "$work/cfloor-same.tsv" 2)" \
          'function r(x, y) { return y > 0 ? x / y : 0 }
           BEGIN {printf "  %d: crmbench epoll / C same work: CPU/req %.2f, steady %.2f; crmbench epoll / its %d-connection CPU/req (poll %.2f, epoll %.2f us): %.2f and %.2f; the C loop (epoll, sharded) / its own %d-connection CPU/req (poll, %.2f us): %.2f, steady %.2f\n", n, r(e, c), r(es, cs), '"$CONNS"', b, be, r(e, b), r(e, be), '"$CONNS"', cb, r(c, cb), r(cs, cb)}'
    fi
  done
fi

# Open model: does every arrival leave on time, and does the server count every one? Send lag = actual send -
# scheduled send, from the result, after the first second and in it (where the connections open); nginx's own request
# counter (stub_status) before and after the run, less its own two reads, is what the server saw.
OPEN_RATE=${OPEN_RATE:-5000}
OPEN_SECONDS=${OPEN_SECONDS:-10}
nginx_requests() { curl -s "http://127.0.0.1:$port/nginx_status" | awk 'NR == 3 {print $3}'; }
echo
echo "open model: $OPEN_RATE arrivals/s for ${OPEN_SECONDS}s against the same nginx (goal: $((OPEN_RATE * OPEN_SECONDS)) sent within 1 %," \
     "counted by nginx; send lag p99 < 1000 us, the first second included)"
: > "$work/lag.tsv"
for i in $(seq 1 "$RUNS"); do
  before=$(nginx_requests)
  "${CLIENT_PIN[@]}" "$BIN" run --url "$url" --rate "$OPEN_RATE" -d "${OPEN_SECONDS}s" --quiet --out "$work/crm-open" \
      --summary-export "$work/open.json"
  after=$(nginx_requests)
  python3 - "$work/crm-open/result.json" "$before" "$after" "$((OPEN_RATE * OPEN_SECONDS))" >> "$work/lag.tsv" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); g = r["generator"]
sent = r["summary"]["overall"]["requests"]
# The server's count less the status read after the first one, and the warm-up HEADs (they opened connections);
# crmbench's own reads of TARGET/metrics (404 on nginx) remain in it, one or two requests.
counted = int(sys.argv[3]) - int(sys.argv[2]) - 1 - (g.get("preopenedConnections") or 0)
steady = (g.get("steadyLagMicros") or g["lagMicros"])["p99"]
first = (g.get("warmupLagMicros") or g["lagMicros"])["p99"]
print(f"{sent}\t{counted}\t{steady}\t{first}\t{abs(counted - int(sys.argv[4])) / int(sys.argv[4]) * 100:.2f}")
PY
  echo "  run $i: $(tail -1 "$work/lag.tsv" | awk -F'\t' '{printf "%s sent, %s counted by nginx (%s %% off the schedule), send lag p99 %s us after the first second, %s us in it", $1, $2, $5, $3, $4}')"
done
awk -v s="$(cut -f3 "$work/lag.tsv" | median)" -v f="$(cut -f4 "$work/lag.tsv" | median)" -v o="$(cut -f5 "$work/lag.tsv" | median)" \
    'BEGIN {printf "  medians: send lag p99 %.0f us after the first second, %.0f us in it; %.2f %% off the schedule: %s\n", s, f, o,
            (s < 1000 && f < 1000 && o <= 1 ? "ok" : "NOT within the goals")}'

if [ "${SKIP_10K:-0}" != 1 ]; then
  echo
  echo "10,000 concurrent connections against the reference CRM (GET /healthz, 10s, $RUNS runs per loop, alternating)"
  "$BIN" serve --port 0 --in-memory --seed-customers 100 --token bench-token --workers 1 > "$work/serve.out" 2> "$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do grep -q 'listening on' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's/^listening on //p' "$work/serve.out")
  : > "$work/rss-poll.tsv"; : > "$work/rss-epoll.tsv"; : > "$work/rss-wrk.tsv"
  # Side by side: the floors (plain programs that only keep 10,000 libcurl transfers going) and wrk.
  for f in $floors; do : > "$work/rss-$f.tsv"; done
  for i in $(seq 1 "$RUNS"); do
    for f in $floors; do
      # shellcheck disable=SC2046
      run_sampled $(floor_cmd "$f" "$base/healthz" 10000 10) > "$work/floor.out"
      reqs=$(cut -d' ' -f1 "$work/floor.out")
      errs=$(sed -n 's/^[0-9]* requests, \([0-9]*\) errors.*/\1/p' "$work/floor.out")
      awk -v n="${reqs:-0}" -v e="${errs:-0}" -v s="$(cat "$work/split")" \
          '{split(s, p, "\t"); printf "%.1f\t%s\t%s\t%.2f\t%s\t%s\n", $1/1024, n, e, ($2+$3)*1e6/(n>0?n:1), p[1], p[2]}' \
          "$work/rss" >> "$work/rss-$f.tsv"
      echo "  floor $f run $i: $(cat "$work/floor.out"), peak RSS $(tail -1 "$work/rss-$f.tsv" | cut -f1) MB" \
           "(sampled peak: private $(tail -1 "$work/rss-$f.tsv" | cut -f5) MB, file-backed $(tail -1 "$work/rss-$f.tsv" | cut -f6) MB)"
    done
    /usr/bin/time -q -f '%M' -o "$work/rss" wrk -t1 -c10000 -d10s "$base/healthz" > "$work/wrk10k.out" 2>&1 || true
    awk '{printf "%.1f\n", $1/1024}' "$work/rss" >> "$work/rss-wrk.tsv"
    echo "  wrk -t1 run $i: $(grep -o '[0-9]* requests in' "$work/wrk10k.out" | head -1 | cut -d' ' -f1) requests, peak RSS $(tail -1 "$work/rss-wrk.tsv") MB"
    for loop in poll epoll; do
      run_sampled "$BIN" run --url "$base/healthz" -c 10000 -d 10s --threads 1 --timeout 30s \
          --quiet --event-loop "$loop" --out "$work/crm-10k" --summary-export "$work/10k.json"
      reqs=$(json_top requests "$work/10k.json")
      errs=$(json_top errors "$work/10k.json")
      awk -v n="$reqs" -v e="$errs" -v s="$(cat "$work/split")" \
          '{split(s, p, "\t"); printf "%.1f\t%s\t%s\t%.2f\t%s\t%s\n", $1/1024, n, e, ($2+$3)*1e6/(n>0?n:1), p[1], p[2]}' \
          "$work/rss" >> "$work/rss-$loop.tsv"
      echo "  $loop run $i: requests $reqs, errors $errs, generator peak RSS $(tail -1 "$work/rss-$loop.tsv" | cut -f1) MB" \
           "(sampled peak: private $(tail -1 "$work/rss-$loop.tsv" | cut -f5) MB, file-backed $(tail -1 "$work/rss-$loop.tsv" | cut -f6) MB)"
    done
  done
  for loop in poll epoll; do
    awk -v l="$loop" -v m="$(col_median "$work/rss-$loop.tsv" 1)" -v n="$(col_median "$work/rss-$loop.tsv" 2)" \
        -v u="$(col_median "$work/rss-$loop.tsv" 4)" -v a="$(col_median "$work/rss-$loop.tsv" 5)" \
        -v f="$(col_median "$work/rss-$loop.tsv" 6)" \
        'BEGIN {printf "  median %-5s peak RSS %.1f MB (goal <= 150 MB), %d requests, %.1f us CPU/request; private %.1f MB, file-backed %.1f MB\n", l, m, n, u, a, f}'
  done
  echo "  (the default at 10,000 connections per worker is epoll)"
  wrk_rss=$(col_median "$work/rss-wrk.tsv" 1)
  echo "  median wrk -t1 peak RSS ${wrk_rss} MB"
  for f in $floors; do
    awk -v f="$f" -v m="$(col_median "$work/rss-$f.tsv" 1)" -v p="$(col_median "$work/rss-poll.tsv" 1)" \
        -v e="$(col_median "$work/rss-epoll.tsv" 1)" -v u="$(col_median "$work/rss-$f.tsv" 4)" \
        -v a="$(col_median "$work/rss-$f.tsv" 5)" -v fb="$(col_median "$work/rss-$f.tsv" 6)" \
        'BEGIN {printf "  median floor %-12s peak RSS %.1f MB (private %.1f, file-backed %.1f), %.1f us CPU/request; crmbench over it: poll %+.1f MB, epoll %+.1f MB\n", f, m, a, fb, u, p-m, e-m}'
  done
  if [ -s "$work/rss-c-epoll-same.tsv" ]; then
    # The goals: peak RSS at most 1.1x the same-work C floor's, private memory at most its private + 5 MB.
    awk -v m="$(col_median "$work/rss-c-epoll-same.tsv" 1)" -v ma="$(col_median "$work/rss-c-epoll-same.tsv" 5)" \
        -v e="$(col_median "$work/rss-epoll.tsv" 1)" -v ea="$(col_median "$work/rss-epoll.tsv" 5)" \
        -v eu="$(col_median "$work/rss-epoll.tsv" 4)" -v mu="$(col_median "$work/rss-c-epoll-same.tsv" 4)" \
        'BEGIN {printf "  crmbench epoll / C same-work floor at 10,000: peak RSS %.3fx (goal <= 1.1), private %+.1f MB (goal <= +5), CPU/request %.2fx (the floor runs one multi handle)\n", (m > 0 ? e/m : 0), ea-ma, (mu > 0 ? eu/mu : 0)}'
  fi
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
    /usr/bin/time -q -f '%U %S' -o "$work/t" "$BIN" run --url "$base/api/v1/customers/5" -H 'Authorization: Bearer bench-token' \
        -c "$CONNS" -d "${DURATION}s" --threads 1 --quiet --out "$work/plain-run" --summary-export "$work/plain.json"
    reqs=$(json_top requests "$work/plain.json")
    awk -v n="$reqs" '{printf "%.3f\t%s\n", ($1+$2)*1e6/n, n}' "$work/t" >> "$work/plain.tsv"
    echo "  plain GET run $i: $reqs requests, $(tail -1 "$work/plain.tsv" | cut -f1) us CPU/request"

    CRM_TOKEN=bench-token /usr/bin/time -q -f '%U %S' -o "$work/t" "$BIN" run "$work/flow.yaml" --target "$base" \
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
