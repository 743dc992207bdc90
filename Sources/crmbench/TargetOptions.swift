import ArgumentParser
import Runner

/// The options that say what to load (a URL or a scenario) and how to talk HTTP; shared by run, sweep, find-max.
struct TargetOptions: ParsableArguments {
    @Argument(help: "A scenario file (YAML).") var scenario: String?
    @Option(help: "The URL to load (single-request run).") var url: String?
    @Option(name: [.customShort("X"), .customLong("method")], help: "HTTP method.") var method = "GET"
    @Option(name: [.customShort("H", allowingJoined: true), .customLong("header")], help: "Request header 'Name: value' (repeatable).")
    var headers: [String] = []
    @Option(parsing: .unconditional, help: "Request body, or @FILE to read it from a file.") var body: String?
    @Option(parsing: .unconditional, help: "Per-request timeout (default 30s, or the scenario's).") var timeout: String?
    @Option(help: "Base URL replacing the scenario's target.") var target: String?
    @Flag(help: "Use HTTP/2.") var http2 = false
    @Option(help: "With --http2: requests at once on one connection (1-1000); connections = virtual users / N.") var streams: Int?
    @Flag(help: "Do not verify TLS certificates.") var insecure = false
    @Option(help: "Client certificate (PEM).") var cert: String?
    @Option(help: "Client private key (PEM).") var key: String?
    @Option(help: "CA bundle to verify the server with.") var cacert: String?
    @Option(help: "Proxy URL (by default no proxy is used, whatever the environment says).") var proxy: String?
    @Option(help: "Header name whose value is secret (repeatable; Authorization is always redacted).")
    var secretHeader: [String] = []
    @Option(help: "The target's Prometheus metrics URL (default: TARGET/metrics when it answers).") var metricsUrl: String?
    @Option(help: "Name of the run.") var name: String?
    @Option(parsing: .unconditional, help: "Seed of every random stream (templates, Poisson gaps, flow picks, feeders); recorded in result.json.")
    var seed: UInt64?
    @Flag(help: "Print the requests and responses (redacted) of the first iterations to standard error.") var httpDebug = false
    @Option(parsing: .unconditional, help: "With --http-debug: how many first iterations to print (default 3).") var httpDebugIterations: Int?

    var runTarget: RunTarget {
        var target = RunTarget(scenarioPath: scenario, url: url, method: method, headers: headers, body: body, timeout: timeout,
                  target: target, http2: http2, insecure: insecure, cert: cert, key: key, cacert: cacert, proxy: proxy,
                  secretHeaders: secretHeader, metricsURL: metricsUrl, name: name)
        (target.seed, target.httpDebugIterations) = (seed, httpDebug || httpDebugIterations != nil ? httpDebugIterations ?? 3 : 0)
        target.streams = streams
        return target
    }

    func validate() throws {
        let debug = httpDebugIterations.flatMap { (1...10_000).contains($0) ? nil : "--http-debug-iterations must be between 1 and 10000, got \($0)" }
        if let problem = runTarget.problems().first ?? debug { throw ValidationError(problem) }
    }
}
