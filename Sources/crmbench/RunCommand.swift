import ArgumentParser
import BenchCore
import Foundation
import LoadEngine
import Reports

/// `crmbench run`: a wrk/hey-style run of one request (`--url`), or a scenario file.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a load test: one URL (--url) or a scenario file.",
        discussion: """
        Examples:
          crmbench run --url http://127.0.0.1:8080/api/v1/customers/1 -H 'Authorization: Bearer T' -c 50 -d 30s
          crmbench run --url http://127.0.0.1:8080/healthz --rate 1000 -d 10s      (open model)
          crmbench run scenarios/crm-mixed.yaml --target http://127.0.0.1:8080
        Exit codes: 0 ok, 64 usage, 65 invalid scenario, 66 unreadable input, 97 nothing measured,
        98 interrupted (partial result written), 99 thresholds failed.
        """
    )

    @Argument(help: "A scenario file (YAML).") var scenario: String?
    @Option(help: "The URL to load (single-request run).") var url: String?
    @Option(name: [.customShort("X"), .customLong("method")], help: "HTTP method.") var method = "GET"
    @Option(name: [.customShort("H"), .customLong("header")], help: "Request header 'Name: value' (repeatable).")
    var headers: [String] = []
    @Option(help: "Request body, or @FILE to read it from a file.") var body: String?
    @Option(name: [.customShort("c"), .customLong("connections")], help: "Connections (closed model) or the in-flight limit (open model).")
    var connections: Int = 10
    @Option(name: [.customShort("d"), .customLong("duration")], help: "Duration, e.g. 30s, 2m.") var duration = "10s"
    @Option(help: "Worker threads.") var threads: Int = 1
    @Option(help: "Open model: arrivals per second (omit for the closed model).") var rate: Double?
    @Option(help: "Per-request timeout.") var timeout = "30s"
    @Option(help: "Base URL replacing the scenario's target.") var target: String?
    @Flag(help: "Use HTTP/2.") var http2 = false
    @Flag(help: "Do not verify TLS certificates.") var insecure = false
    @Option(help: "Client certificate (PEM).") var cert: String?
    @Option(help: "Client private key (PEM).") var key: String?
    @Option(help: "CA bundle to verify the server with.") var cacert: String?
    @Option(help: "Proxy URL (by default no proxy is used, whatever the environment says).") var proxy: String?
    @Option(help: "Header name whose value is secret (repeatable; Authorization is always redacted).")
    var secretHeader: [String] = []
    @Option(help: "Run folder (default results/<timestamp>-<name>).") var out: String?
    @Option(help: "Also write the end-of-run summary as JSON to this file.") var summaryExport: String?
    @Option(help: "Name of the run.") var name: String?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        if scenario == nil && url == nil { throw ValidationError("give a scenario file or --url") }
        if scenario != nil && url != nil { throw ValidationError("give either a scenario file or --url, not both") }
        if DurationText.nanos(duration) == nil { throw ValidationError("--duration '\(duration)' is not a duration (e.g. 30s, 2m)") }
        if DurationText.nanos(timeout) == nil { throw ValidationError("--timeout '\(timeout)' is not a duration (e.g. 500ms, 30s)") }
        for header in headers where !header.contains(":") {
            throw ValidationError("header '\(header)' must look like 'Name: value'")
        }
    }

    func run() throws {
        do {
            let code: ExitCode
            if let scenario {
                code = try ScenarioRun(command: self, path: scenario).execute()
            } else {
                code = try urlRun()
            }
            throw code
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("crmbench: \(failure.message)\n".utf8))
            throw failure.code
        }
    }

    func clientOptions() -> ClientOptions {
        var client = ClientOptions()
        client.timeoutMillis = Int((DurationText.nanos(timeout) ?? 30_000_000_000) / 1_000_000)
        client.http2 = http2
        client.insecure = insecure
        client.clientCertPath = cert
        client.clientKeyPath = key
        client.caPath = cacert
        client.proxy = proxy
        return client
    }

    private func urlRun() throws -> ExitCode {
        guard let url else { throw CLIFailure(message: "--url is required", code: ExitCodes.usage) }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw CLIFailure(message: "--url must start with http:// or https:// (got '\(url)')", code: ExitCodes.usage)
        }
        var bodyBytes: [UInt8]?
        if let body {
            if body.hasPrefix("@") {
                let path = String(body.dropFirst())
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw CLIFailure(message: "cannot read body file \(path)", code: ExitCodes.unreadableInput)
                }
                bodyBytes = [UInt8](data)
            } else {
                bodyBytes = Array(body.utf8)
            }
        }
        let endpointName = "\(method.uppercased()) \(URLComponents(string: url)?.path ?? url)"
        let request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: method, url: url, headers: headers, body: bodyBytes)
        var config = EngineConfiguration()
        config.connections = connections
        config.threads = threads
        config.durationNanos = DurationText.nanos(duration) ?? 10_000_000_000
        config.client = clientOptions()
        config.gracefulStopNanos = min(UInt64(config.client.timeoutMillis) * 1_000_000, 10_000_000_000)
        if let rate { config.model = .open(ratePerSecond: rate) }
        let problems = config.validate()
        guard problems.isEmpty else { throw CLIFailure(message: problems.joined(separator: "; "), code: ExitCodes.usage) }
        let secretNames = Set(secretHeader.map { $0.lowercased() })
        let record = RunConfigurationRecord(
            model: rate == nil ? "closed" : "open", connections: connections, threads: threads,
            durationSeconds: Double(config.durationNanos) / 1e9, ratePerSecond: rate,
            timeoutMillis: config.client.timeoutMillis, http2: http2,
            requests: [RequestRecord(name: endpointName, method: request.method, url: url,
                                     headers: headers.map { HeaderRedaction.redact($0, extraNames: secretNames) })],
            contentHash: ContentHash.fnv1a([request.method, url] + headers.map { HeaderRedaction.redact($0, extraNames: secretNames) }
                                           + [String(decoding: bodyBytes ?? [], as: UTF8.self)]))
        let runner = RunExecutor(name: name ?? "url", target: url, quiet: quiet, out: out, summaryExport: summaryExport,
                                 plannedSeconds: Double(config.durationNanos) / 1e9, targetRate: rate)
        let engine = Engine(configuration: config, endpointNames: [endpointName])
        return try runner.execute(engine: engine, record: record) { _ in FixedRequestDriver(requests: [request]) }
    }
}
