import Foundation
import Testing

/// Every numeric option of every command — counts, rates, durations, percentages, and the numbers inside option
/// strings (`--station cpu:X`, `--slo 'p99<Xms'`, `--what-if cores=X`, `--stall X@5s`) — fed 0, −1, 1e308, NaN and
/// "abc" (durations also with a unit: `1e308s`, a 20-digit count of seconds, `-1s`). Each must be refused with
/// exit 64 and a message naming the option, never a crash (SIGILL from a `Double` → `Int` trap), a hang or a run.
///
/// Rows list the options as `crmbench <command> --help` shows them (Sources/crmbench, TargetOptions and
/// LevelOptions). Nothing is sent anywhere: run, sweep and find-max point at a closed port on 127.0.0.1, so a value
/// wrongly accepted ends in "nothing measured" (97), not in load; serve binds 127.0.0.1; compare and plan name
/// folders that do not exist, so a value wrongly accepted ends in 66.
@Suite struct NumericOptionTableTests {
    /// One option and the command line that carries it; `{v}` is replaced by the value under test, `{url}` by a URL
    /// on a closed loopback port, `{out}` by a fresh folder.
    struct Row: Sendable, CustomTestStringConvertible {
        let option: String
        let arguments: [String]
        /// Also try values with a unit (the option is a duration).
        var duration = false
        /// Values that are legitimately valid for this option, each with why.
        var valid: [String: String] = [:]

        var testDescription: String { arguments.joined(separator: " ") }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let row: Row
        let value: String
        var testDescription: String { row.testDescription.replacingOccurrences(of: "{v}", with: value) }
    }

    static let values = ["0", "-1", "1e308", "nan", "abc"]
    static let durationValues = ["1e308s", "99999999999999999999s", "-1s"]

    static let url = "{url}"
    static let load = ["--out", "{out}", "--quiet"]
    /// The options every loading command shares (TargetOptions).
    static func targetRows(_ command: [String]) -> [Row] {
        [
            Row(option: "--timeout", arguments: command + ["--timeout", "{v}"], duration: true),
            Row(option: "--seed", arguments: command + ["--seed", "{v}"], valid: ["0": "a seed of 0 is a seed like any other"]),
            Row(option: "--http-debug-iterations", arguments: command + ["--http-debug-iterations", "{v}"]),
        ]
    }

    static let runBase = ["run", "--url", url] + load
    static let sweepBase = ["sweep", "--url", url] + load
    static let findMaxBase = ["find-max", "--url", url, "--slo", "p99<300ms"] + load

    static let rows: [Row] = [
        // run
        Row(option: "--connections", arguments: runBase + ["-d", "1s", "--connections", "{v}"]),
        Row(option: "--duration", arguments: runBase + ["--duration", "{v}"], duration: true),
        Row(option: "--duration", arguments: runBase + ["-d", "{v}"], duration: true),
        Row(option: "--threads", arguments: runBase + ["-d", "1s", "--threads", "{v}"]),
        Row(option: "--rate", arguments: runBase + ["-d", "1s", "--rate", "{v}"]),
        Row(option: "--expected-interval", arguments: runBase + ["-d", "1s", "--expected-interval", "{v}"], duration: true),
        Row(option: "--iterations", arguments: runBase + ["--iterations", "{v}"]),
        Row(option: "--threshold", arguments: runBase + ["-d", "1s", "--threshold", "http.latency.p95 < {v}"]),
        Row(option: "--threshold", arguments: runBase + ["-d", "1s", "--threshold", "http.latency.p95 < {v}ms"],
            valid: ["0": "'p95 < 0ms' is well-formed (a threshold that cannot pass), as in k6"]),
        Row(option: "--threshold", arguments: runBase + ["-d", "1s", "--threshold", "http.errors.rate < {v}%"],
            valid: ["0": "'errors < 0%' is well-formed: no errors allowed (with <=)"]),
    ] + targetRows(runBase + ["-d", "1s"]) + [
        // sweep
        Row(option: "--vus", arguments: sweepBase + ["--step", "1s", "--vus", "{v}"]),
        Row(option: "--vus", arguments: sweepBase + ["--step", "1s", "--vus", "1,{v}"]),
        Row(option: "--rates", arguments: sweepBase + ["--step", "1s", "--rates", "{v}"]),
        Row(option: "--step", arguments: sweepBase + ["--vus", "1", "--step", "{v}"], duration: true),
        Row(option: "--max-errors", arguments: sweepBase + ["--vus", "1", "--step", "1s", "--max-errors", "{v}"]),
        Row(option: "--max-errors", arguments: sweepBase + ["--vus", "1", "--step", "1s", "--max-errors", "{v}%"],
            valid: ["0": "0% stops the sweep at the first error"]),
        Row(option: "--max-p99", arguments: sweepBase + ["--vus", "1", "--step", "1s", "--max-p99", "{v}"], duration: true),
        Row(option: "--threads", arguments: sweepBase + ["--vus", "1", "--step", "1s", "--threads", "{v}"]),
    ] + targetRows(sweepBase + ["--vus", "1", "--step", "1s"]) + [
        // find-max
        Row(option: "--start", arguments: findMaxBase + ["--step", "1s", "--max-probes", "1", "--start", "{v}"]),
        Row(option: "--step", arguments: findMaxBase + ["--max-probes", "1", "--step", "{v}"], duration: true),
        Row(option: "--max-probes", arguments: findMaxBase + ["--step", "1s", "--max-probes", "{v}"]),
        Row(option: "--precision", arguments: findMaxBase + ["--step", "1s", "--max-probes", "1", "--precision", "{v}"]),
        Row(option: "--threads", arguments: findMaxBase + ["--step", "1s", "--max-probes", "1", "--threads", "{v}"]),
        Row(option: "--slo", arguments: ["find-max", "--url", url, "--step", "1s", "--max-probes", "1", "--slo", "p99<{v}ms"] + load),
        Row(option: "--slo", arguments: ["find-max", "--url", url, "--step", "1s", "--max-probes", "1", "--slo", "p99<1s,errors<{v}%"] + load,
            valid: ["0": "'errors<0%' asks for no errors at all"]),
    ] + targetRows(findMaxBase + ["--step", "1s", "--max-probes", "1"]) + [
        // compare (the runs do not exist: a value wrongly accepted ends in 66)
        Row(option: "--min-effect", arguments: ["compare", "/nonexistent/a", "/nonexistent/b", "--min-effect", "{v}"],
            valid: ["0": "0 counts every significant change"]),
        Row(option: "--min-effect", arguments: ["compare", "/nonexistent/a", "/nonexistent/b", "--min-effect", "{v}%"],
            valid: ["0": "0% counts every significant change"]),
        Row(option: "--confidence", arguments: ["compare", "/nonexistent/a", "/nonexistent/b", "--confidence", "{v}"]),
        Row(option: "--resamples", arguments: ["compare", "/nonexistent/a", "/nonexistent/b", "--resamples", "{v}"]),
        Row(option: "--seed", arguments: ["compare", "/nonexistent/a", "/nonexistent/b", "--seed", "{v}"],
            valid: ["0": "a seed of 0 is a seed like any other"]),
        Row(option: "--fail-on-regression", arguments: ["compare", "/nonexistent/a", "/nonexistent/b", "--fail-on-regression", "{v}%"],
            valid: ["0": "0% fails on any significant regression"]),
        Row(option: "--fail-on-regression", arguments: ["compare", "/nonexistent/a", "/nonexistent/b", "--fail-on-regression", "p99={v}%"],
            valid: ["0": "p99=0% fails on any significant p99 regression"]),
        // plan (the run folder does not exist)
        Row(option: "--slo", arguments: ["plan", "/nonexistent/run", "--slo", "throughput={v},p95<200ms"]),
        Row(option: "--slo", arguments: ["plan", "/nonexistent/run", "--slo", "throughput=100,p95<{v}ms"]),
        Row(option: "--what-if", arguments: ["plan", "/nonexistent/run", "--slo", "throughput=100,p95<200ms", "--what-if", "cores={v}"]),
        Row(option: "--what-if", arguments: ["plan", "/nonexistent/run", "--slo", "throughput=100,p95<200ms", "--what-if", "speedup={v}"]),
        Row(option: "--what-if", arguments: ["plan", "/nonexistent/run", "--slo", "throughput=100,p95<200ms", "--what-if", "cache={v}"],
            valid: ["0": "a cache that never hits is the baseline"]),
        Row(option: "--what-if", arguments: ["plan", "/nonexistent/run", "--slo", "throughput=100,p95<200ms", "--what-if", "nodes={v}"]),
        Row(option: "--what-if", arguments: ["plan", "/nonexistent/run", "--slo", "throughput=100,p95<200ms", "--what-if", "replicas={v}"],
            valid: ["0": "no read replica is the baseline"]),
        Row(option: "--what-if", arguments: ["plan", "/nonexistent/run", "--slo", "throughput=100,p95<200ms", "--what-if", "pool={v}"]),
        Row(option: "--what-if", arguments: ["plan", "/nonexistent/run", "--slo", "throughput=100,p95<200ms", "--what-if", "contention={v}"],
            valid: ["0": "no change in contention is the baseline"]),
        Row(option: "--what-if", arguments: ["plan", "/nonexistent/run", "--slo", "throughput=100,p95<200ms", "--what-if", "reduce:cpu={v}"],
            valid: ["0": "no reduction is the baseline"]),
        // serve (binds 127.0.0.1 only; valid values are not run: the server would run until stopped)
        Row(option: "--port", arguments: ["serve", "--in-memory", "--port", "{v}"], valid: ["0": "0 picks a free port"]),
        Row(option: "--seed-customers", arguments: ["serve", "--in-memory", "--seed-customers", "{v}"],
            valid: ["0": "0 seeds nothing: an empty database"]),
        Row(option: "--workers", arguments: ["serve", "--in-memory", "--workers", "{v}"]),
        Row(option: "--db-pool", arguments: ["serve", "--in-memory", "--db-pool", "{v}"]),
        Row(option: "--latency", arguments: ["serve", "--in-memory", "--latency", "{v}"], duration: true,
            valid: ["0": "0 adds no latency (the knob off)"]),
        Row(option: "--latency", arguments: ["serve", "--in-memory", "--latency", "1ms..{v}"], duration: true),
        Row(option: "--cpu-work", arguments: ["serve", "--in-memory", "--cpu-work", "{v}"], duration: true,
            valid: ["0": "0 spends no CPU (the knob off)"]),
        Row(option: "--fail-rate", arguments: ["serve", "--in-memory", "--fail-rate", "{v}"], valid: ["0": "0 injects no failures"]),
        Row(option: "--stall", arguments: ["serve", "--in-memory", "--stall", "{v}@5s"], duration: true),
        Row(option: "--stall", arguments: ["serve", "--in-memory", "--stall", "1s@{v}"], duration: true),
        Row(option: "--idle-timeout", arguments: ["serve", "--in-memory", "--idle-timeout", "{v}"], duration: true),
        Row(option: "--header-timeout", arguments: ["serve", "--in-memory", "--header-timeout", "{v}"], duration: true),
        // capacity (usl's numbers are in its CSV file, covered by CalculatorTests.uslRejectsBadCSV)
        Row(option: "--station", arguments: ["capacity", "mva", "--users", "1", "--station", "cpu:{v}"], duration: true),
        Row(option: "--station", arguments: ["capacity", "mva", "--users", "1", "--station", "cpu:1ms:{v}"]),
        Row(option: "--think", arguments: ["capacity", "mva", "--users", "1", "--station", "cpu:1ms", "--think", "{v}"],
            duration: true, valid: ["0": "no think time: users send their next request at once"]),
        Row(option: "--users", arguments: ["capacity", "mva", "--station", "cpu:1ms", "--users", "{v}"]),
        Row(option: "--users", arguments: ["capacity", "mva", "--station", "cpu:1ms", "--users", "1..{v}"]),
        Row(option: "--arrival-rate", arguments: ["capacity", "mmc", "--service-time", "1ms", "--servers", "1", "--arrival-rate", "{v}"]),
        Row(option: "--service-time", arguments: ["capacity", "mmc", "--arrival-rate", "10", "--servers", "1", "--service-time", "{v}"],
            duration: true),
        Row(option: "--servers", arguments: ["capacity", "mmc", "--arrival-rate", "10", "--service-time", "1ms", "--servers", "{v}"]),
    ]

    static let invalidCases: [Case] = rows.flatMap { row in
        (values + (row.duration ? durationValues : [])).filter { row.valid[$0] == nil }.map { Case(row: row, value: $0) }
    }

    /// A port on 127.0.0.1 with nothing listening: bound by the kernel's choice, then closed.
    static let closedPort: Int = {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }()

    static func arguments(_ row: Row, value: String, out: String) -> [String] {
        row.arguments.map {
            $0.replacingOccurrences(of: "{v}", with: value)
                .replacingOccurrences(of: "{url}", with: "http://127.0.0.1:\(closedPort)/")
                .replacingOccurrences(of: "{out}", with: out)
        }
    }

    @Test(arguments: invalidCases)
    func refusedWithTheOptionNamed(_ item: Case) throws {
        let out = CLI.temporaryDirectory() + "/run"
        defer { try? FileManager.default.removeItem(atPath: (out as NSString).deletingLastPathComponent) }
        let outcome = try CLI.run(Self.arguments(item.row, value: item.value, out: out), timeoutSeconds: 20)
        #expect(outcome.status == 64, "exit \(outcome.status); stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains(item.row.option), "the message names \(item.row.option): \(outcome.stderr)")
        // "-1" is a value, not a missing one: the message must be about the value.
        #expect(!outcome.stderr.contains("Missing value"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing ran: no run folder")
    }

    /// The values listed as valid really pass the checks, where passing ends quickly: the calculators answer, and
    /// compare and plan go on to read their (missing) folders. serve and the load commands are not run with them.
    @Test(arguments: rows.flatMap { row in row.valid.keys.sorted().map { Case(row: row, value: $0) } }
        .filter { ["capacity", "compare", "plan"].contains($0.row.arguments[0]) })
    func validValuesPassTheChecks(_ item: Case) throws {
        let outcome = try CLI.run(Self.arguments(item.row, value: item.value, out: "/nonexistent/out"), timeoutSeconds: 20)
        #expect(outcome.status != 64, "\(item.row.valid[item.value] ?? ""): \(outcome.stderr)")
        #expect([0, 66].contains(outcome.status), "exit \(outcome.status): \(outcome.stderr)")
    }
}
