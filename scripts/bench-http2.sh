#!/usr/bin/env bash
# HTTP/2 multiplexing against HTTP/1.1 on the same TLS server (nginx, one worker, loopback, the test CA's
# certificate): crmbench with 50 virtual users over HTTP/1.1 (50 connections) and over HTTP/2 with --streams 10 and
# --streams 50 (5 and 1 connections); requests per second, client CPU per request and connections opened, medians of
# RUNS alternating runs of DURATION seconds. Figures, not tests: these machines are noisy.
set -euo pipefail
BIN=${1:-.build/release/crmbench}
RUNS=${RUNS:-3}
DURATION=${DURATION:-8}
CONNS=${CONNS:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
tls="$root/Tests/Fixtures/tls"
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
need=()
command -v nginx >/dev/null || need+=(nginx-light)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d)
cleanup() { [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/www"
chmod 755 "$work" "$work/www"
printf '{"id":1,"name":"Ada Lovelace","email":"ada@example.com","company":"Analytical Engines","segment":"enterprise"}' > "$work/www/customer.json"
# nginx cannot take port 0: try random ports until one binds (bounded). http2_max_requests is raised so that a long
# run is not cut into connections of 1,000 requests (nginx's default).
for attempt in 1 2 3 4 5 6 7 8; do
port=$(( 20000 + RANDOM % 20000 ))
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  http2_max_requests 100000000;
  http2_max_concurrent_streams 128;
  server {
    listen 127.0.0.1:$port ssl http2 backlog=4096;
    ssl_certificate $tls/server.pem;
    ssl_certificate_key $tls/server.key;
    root $work/www;
  }
}
CONF
"$NGINX" -c "$work/nginx.conf" 2> "$work/nginx-start.err" && break
[ "$attempt" = 8 ] && { cat "$work/nginx-start.err" >&2; exit 1; }
done
sleep 0.3
url="https://127.0.0.1:$port/customer.json"
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# One run: appends "req/s <tab> CPU us/request <tab> connections opened <tab> errors" to $work/$1.tsv.
one() {
  local name=$1; shift
  /usr/bin/time -q -f '%U %S' -o "$work/t" "$BIN" run --url "$url" --cacert "$tls/ca.pem" -c "$CONNS" -d "${DURATION}s" \
      --threads 1 --quiet --out "$work/run" "$@" > /dev/null
  python3 - "$work/run/result.json" "$work/t" >> "$work/$name.tsv" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); o = r["summary"]["overall"]
user, system = map(float, open(sys.argv[2]).read().split())
n = max(o["requests"], 1)
print(f'{o["requestsPerSecond"]:.0f}\t{(user + system) * 1e6 / n:.2f}\t{r["generator"].get("connectionsOpened", 0)}\t{o["errors"]}')
PY
  echo "  $name: $(tail -1 "$work/$name.tsv" | awk -F'\t' '{printf "%s req/s, %s us CPU/request, %s connections, %s errors", $1, $2, $3, $4}')"
}
echo "HTTP/2 multiplexing vs HTTP/1.1 on nginx over TLS ($url), $CONNS virtual users, 1 thread, ${DURATION}s, $RUNS runs"
for i in $(seq 1 "$RUNS"); do
  one http1 
  one h2-streams10 --http2 --streams 10
  one h2-streams50 --http2 --streams 50
done
echo "medians            req/s   CPU us/req   connections"
for name in http1 h2-streams10 h2-streams50; do
  awk -v n="$name" -v r="$(cut -f1 "$work/$name.tsv" | median)" -v u="$(cut -f2 "$work/$name.tsv" | median)" \
      -v c="$(cut -f3 "$work/$name.tsv" | median)" 'BEGIN {printf "%-15s %8.0f   %9.2f   %11d\n", n, r, u, c}'
done
awk -v h="$(cut -f2 "$work/http1.tsv" | median)" -v a="$(cut -f2 "$work/h2-streams10.tsv" | median)" \
    -v b="$(cut -f2 "$work/h2-streams50.tsv" | median)" \
    'BEGIN {printf "requests per CPU-second, HTTP/2 / HTTP/1.1: --streams 10 %.2fx, --streams 50 %.2fx\n", h/a, h/b}'
