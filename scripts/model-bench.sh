#!/usr/bin/env bash
# Measures `crmbench model`'s reading path on a big synthetic combined-format log: peak RSS and MB/s.
#
#   scripts/model-bench.sh [SIZE_MB] [WORK_DIR]      (default 1024 MB, a temporary folder)
#
# The issue's goal: a 1 GB log modelled with peak RSS under 200 MB, at 50 MB/s or more. The parser, sessionizer
# and model (Sources/WorkloadModel) and the log reader (Sources/Runner/LogFileReader.swift) are compiled here with
# `swiftc -O` into one small program, so the figure is that of an optimised build without a full release build of
# the whole package (its HTTP and database dependencies take most of that time and play no part in reading).
# The program reads the log, builds the model and prints elapsed seconds, MB/s (wall clock and per CPU-second) and
# VmHWM (peak RSS) from /proc.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1024}
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK/src"

for f in $(ls Sources/WorkloadModel/*.swift | grep -v OpenAPIImporter) Sources/Runner/LogFileReader.swift Sources/BenchCore/Random/*.swift \
         Sources/BenchCore/Results/ContentHash.swift Sources/BenchCore/Validation/InputLimits.swift; do
    sed '/^import BenchCore$/d; /^import WorkloadModel$/d' "$f" > "$WORK/src/$(basename "$f")"
done
cat > "$WORK/src/main.swift" <<'SWIFT'
import Foundation
let paths = Array(CommandLine.arguments.dropFirst())
let started = Date()
var accumulator = ModelAccumulator()
var bytes = 0
for path in paths {
    let reader = try LogFileReader(path: path)
    try reader.forEachLine { accumulator.add(line: $0, format: .combined) }
    bytes += reader.fileBytesRead
}
accumulator.finishSessions()
let model = try accumulator.model()
let seconds = Date().timeIntervalSince(started)
var usage = rusage()
getrusage(RUSAGE_SELF, &usage)
let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM") } ?? "VmHWM: ?"
print(String(format: "%.1f MB in %.1f s = %.1f MB/s (%.1f s of CPU = %.1f MB per CPU-second); ", Double(bytes) / 1e6, seconds,
             Double(bytes) / 1e6 / seconds, cpu, Double(bytes) / 1e6 / cpu) +
      "\(model.input.requests) requests, \(model.input.malformedLines) malformed, \(model.sessions) sessions, " +
      "\(model.endpoints.count) endpoints, \(model.classes.count) classes; peak RSS \(peak.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))")
SWIFT
echo "compiling (swiftc -O) into $WORK/model-bench"
swiftc -O -wmo -module-name ModelBench -I Sources/CZlib "$WORK"/src/*.swift -o "$WORK/model-bench"

LOG="$WORK/big-access.log"
if [ ! -f "$LOG" ] || [ "$(( $(stat -c %s "$LOG") / 1000000 ))" -lt "$SIZE_MB" ]; then
    echo "generating ${SIZE_MB} MB of combined-format lines into $LOG"
    python3 - "$LOG" "$SIZE_MB" <<'PY'
import random, sys, time
path, size_mb = sys.argv[1], int(sys.argv[2])
random.seed(1)
target = size_mb * 1_000_000
agents = ["Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0", "Mozilla/5.0 (Windows NT 10.0) Chrome/129.0",
          "Mozilla/5.0 (Macintosh) Safari/605.1.15", "crm-mobile/4.2 (Android 14)", "python-requests/2.32"]
pages = [("GET", "/api/v1/customers?limit=20&offset={n}"), ("GET", "/api/v1/customers/{id}"),
         ("GET", "/api/v1/customers/{id}/summary"), ("POST", "/api/v1/orders"), ("POST", "/api/v1/orders/{id}/pay"),
         ("GET", "/api/v1/tickets/{id}"), ("POST", "/api/v1/tickets/{id}/resolve"), ("GET", "/static/app.js"),
         ("GET", "/api/v1/users/{email}/prefs"), ("GET", "/api/v1/objects/{hex}")]
months = ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"]
t = time.mktime((2026, 12, 5, 0, 0, 0, 0, 0, 0))
written, lines, base = 0, 0, 0
with open(path, "w", buffering=1 << 20) as out:
    while written < target:
        t += random.expovariate(60.0)  # about 60 requests per second
        user = base + random.randrange(3000)
        if random.random() < 0.0005: base += 1  # users come and go
        method, page = pages[(user * 7 + lines) % len(pages)] if random.random() < 0.7 else random.choice(pages)
        url = page.format(n=random.randrange(900), id=random.randrange(1, 100000), email=f"u{user}@example.com",
                          hex=f"{random.getrandbits(96):024x}")
        tm = time.gmtime(t)
        stamp = f"{tm.tm_mday:02d}/{months[tm.tm_mon-1]}/{tm.tm_year}:{tm.tm_hour:02d}:{tm.tm_min:02d}:{tm.tm_sec:02d}.{int(t*1000)%1000:03d} +0000"
        line = (f'10.{user >> 16 & 255}.{user >> 8 & 255}.{user & 255} - - [{stamp}] "{method} {url} HTTP/1.1" '
                f'{200 if random.random() < 0.98 else 404} {random.randrange(100, 9000)} "-" "{agents[user % 5]}" '
                f'{random.randrange(300, 40000)} "-"\n')
        if lines % 50_000 == 49_999: line = "this line is not in the combined format\n"
        out.write(line)
        written += len(line)
        lines += 1
print(f"{lines} lines")
PY
fi
ls -l "$LOG"
# Three runs (RUNS=N for another count): on a shared machine the wall-clock rate depends on the other load; the
# CPU-second rate is what one free core gives.
for _ in $(seq "${RUNS:-3}"); do "$WORK/model-bench" "$LOG"; done
if command -v gzip >/dev/null && [ "${GZIP_TOO:-0}" = 1 ]; then
    gzip -1 -k -f "$LOG"
    echo "gzip input:"; "$WORK/model-bench" "$LOG.gz"
fi
