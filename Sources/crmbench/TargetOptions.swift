import ArgumentParser
import BenchCore
import Foundation
import LoadEngine

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
    @Flag(help: "Do not verify TLS certificates.") var insecure = false
    @Option(help: "Client certificate (PEM).") var cert: String?
    @Option(help: "Client private key (PEM).") var key: String?
    @Option(help: "CA bundle to verify the server with.") var cacert: String?
    @Option(help: "Proxy URL (by default no proxy is used, whatever the environment says).") var proxy: String?
    @Option(help: "Header name whose value is secret (repeatable; Authorization is always redacted).")
    var secretHeader: [String] = []
    @Option(help: "The target's Prometheus metrics URL (default: TARGET/metrics when it answers).") var metricsUrl: String?
    @Option(help: "Name of the run.") var name: String?

    func validate() throws {
        if scenario == nil && url == nil { throw ValidationError("give a scenario file or --url") }
        if scenario != nil && url != nil { throw ValidationError("give either a scenario file or --url, not both") }
        if let timeout, let problem = InputLimits.durationProblem(timeout, option: "--timeout") {
            throw ValidationError(problem)
        }
        for (index, header) in headers.enumerated() where !header.contains(":") {
            // Not quoted: without the colon the value cannot be told from the name, and it may be a credential.
            throw ValidationError("-H number \(index + 1) has no ':'; a header must look like 'Name: value'")
        }
        if let url, let problem = TargetURL.problem(url, option: "--url") { throw ValidationError(problem) }
        if let target, let problem = TargetURL.problem(target, option: "--target") { throw ValidationError(problem) }
        if let metricsUrl, let problem = TargetURL.problem(metricsUrl, option: "--metrics-url") { throw ValidationError(problem) }
        if let proxy, let problem = TargetURL.proxyProblem(proxy) { throw ValidationError(problem) }
    }

    /// Checks before any load that the TLS files can be read and hold PEM text (exit 66 naming the file): a
    /// missing CA file otherwise only shows as every request failing with `tls`.
    func checkTLSFiles() throws {
        for (option, path) in [("--cacert", cacert), ("--cert", cert), ("--key", key)] {
            guard let path else { continue }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CLIFailure(message: "\(option) \(path): no such file", code: ExitCodes.unreadableInput)
            }
            guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
                throw CLIFailure(message: "\(option) \(path): cannot be read", code: ExitCodes.unreadableInput)
            }
            guard PEMText.hasBlock([UInt8](data)) else {
                throw CLIFailure(message: "\(option) \(path): not a PEM file (no -----BEGIN ...----- block)",
                                 code: ExitCodes.unreadableInput)
            }
        }
        // libcurl reads the key from the certificate file when --key is omitted; a key alone is no use.
        if key != nil && cert == nil { throw CLIFailure(message: "--key needs --cert", code: ExitCodes.usage) }
    }

    func clientOptions() -> ClientOptions {
        var client = ClientOptions()
        client.timeoutMillis = Int((timeout.flatMap(DurationText.nanos) ?? 30_000_000_000) / 1_000_000)
        client.http2 = http2
        client.insecure = insecure
        client.clientCertPath = cert
        client.clientKeyPath = key
        client.caPath = cacert
        client.proxy = proxy
        return client
    }

    /// The plan for this target: a URL plan or a scenario plan.
    func makePlan() throws -> RunPlan {
        try checkTLSFiles()
        if let scenario { return try ScenarioPlanLoader.load(path: scenario, options: self) }
        return try URLPlan(options: self)
    }
}

/// What to run, independent of how much load: the sweep runs one plan at many levels.
protocol RunPlan: AnyObject {
    var name: String { get }
    var target: String { get }
    var endpointNames: [String] { get }
    var client: ClientOptions { get }
    var requests: [RequestRecord] { get }
    var contentHash: String { get }
    /// Where the target's `/metrics` is, if anywhere, and the headers to read it with.
    var metricsURL: String? { get }
    var metricsHeaders: [String] { get }
    /// The scenario's own load section as engine settings, when it has exactly one workload.
    var scenarioLoad: PlannedLoad? { get }
    /// Every workload of the scenario (more than one run at the same time), empty for a URL run.
    var workloads: [PlannedLoad] { get }
    /// Values to redact wherever they appear in the recorded command line and target (a scenario's secrets).
    var secretValues: [String] { get }
    /// Called when the plan itself needs the run to stop (e.g. test data ran out).
    var onStopRequest: ((String) -> Void)? { get set }
    /// Runs what must happen once before the load (scenario setup).
    func prepare(workers: Int) throws
    func makeDriver(worker: Int, workers: Int) -> SlotDriver
    /// The driver of one worker of workload `workload` (index into `workloads`).
    func makeDriver(worker: Int, workers: Int, workload: Int) -> SlotDriver
    /// Why the run must stop now (an `abortOnFail` threshold failed on the live figures), or nil.
    func abortReason(_ progress: ProgressSnapshot) -> String?
    /// Scenario results and whether thresholds passed, after a run.
    func finish(_ output: EngineOutput) -> (ScenarioResults?, Bool)
}

/// Load settings that come from a scenario file.
struct PlannedLoad {
    var name = "default"
    var startAfterNanos: UInt64 = 0
    var model: EngineConfiguration.Model
    var connections: Int
    var durationNanos: UInt64
    var maxIterations: UInt64?
    var gracefulStopNanos: UInt64
}

extension RunPlan {
    func record(for config: EngineConfiguration) -> RunConfigurationRecord {
        var rate: Double?
        let model: String
        switch config.model {
        case .closed, .closedStages: model = "closed"
        case .open(let profile, _): model = "open"; rate = profile.stages.isEmpty ? profile.initial : profile.peak
        }
        return RunConfigurationRecord(model: model, connections: config.connections, threads: config.threads,
                                      durationSeconds: Double(config.durationNanos) / 1e9, ratePerSecond: rate,
                                      timeoutMillis: config.client.timeoutMillis, http2: config.client.http2,
                                      requests: requests, contentHash: contentHash)
    }

    /// A snapshot of the target's counters, or nil when there is no readable `/metrics`.
    func scrapeServer() -> ServerSnapshot? {
        guard let metricsURL else { return nil }
        guard case .success(let response) = SimpleFetch.request(metricsURL, headers: metricsHeaders, timeoutMillis: 2_000,
                                                                client: client),
              response.status == 200 else { return nil }
        let snapshot = ServerSnapshot(PrometheusText(response.text))
        return snapshot.cpuSeconds == nil && snapshot.requests == nil ? nil : snapshot
    }
}

/// The plan of a `--url` run: one fixed request.
final class URLPlan: RunPlan {
    let name: String
    let target: String
    let endpointNames: [String]
    let client: ClientOptions
    let requests: [RequestRecord]
    let contentHash: String
    let metricsURL: String?
    let metricsHeaders: [String]
    let request: HTTPRequestSpec
    var scenarioLoad: PlannedLoad? { nil }
    var workloads: [PlannedLoad] { [] }
    var secretValues: [String] { [] }
    func makeDriver(worker: Int, workers: Int, workload: Int) -> SlotDriver { makeDriver(worker: worker, workers: workers) }

    init(options: TargetOptions) throws {
        guard let url = options.url else { throw CLIFailure(message: "--url is required", code: ExitCodes.usage) }
        var bodyBytes: [UInt8]?
        if let body = options.body {
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
        let shownURL = URLRedaction.redact(url)
        let endpoint = "\(options.method.uppercased()) \(URLComponents(string: url)?.path ?? shownURL)"
        request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: options.method, url: url, headers: options.headers, body: bodyBytes)
        name = options.name ?? "url"
        target = url
        endpointNames = [endpoint]
        var client = options.clientOptions()
        client.cookies = false  // one fixed request needs no cookie jar, and the jar costs time per request
        self.client = client
        let secretNames = Set(options.secretHeader.map { $0.lowercased() })
        let redacted = options.headers.map { HeaderRedaction.redact($0, extraNames: secretNames) }
        requests = [RequestRecord(name: endpoint, method: request.method, url: shownURL, headers: redacted)]
        contentHash = ContentHash.fnv1a([request.method, shownURL] + redacted + [String(decoding: bodyBytes ?? [], as: UTF8.self)])
        metricsURL = options.metricsUrl ?? URLPlan.defaultMetricsURL(for: url)
        metricsHeaders = options.headers.filter { $0.lowercased().hasPrefix("authorization:") }
    }

    /// scheme://host:port/metrics of a URL.
    static func defaultMetricsURL(for url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        let port = components.port.map { ":\($0)" } ?? ""
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)\(port)/metrics"
    }

    var onStopRequest: ((String) -> Void)?
    func prepare(workers: Int) throws {}
    func makeDriver(worker: Int, workers: Int) -> SlotDriver { FixedRequestDriver(requests: [request]) }
    func finish(_ output: EngineOutput) -> (ScenarioResults?, Bool) { (nil, true) }
    func abortReason(_ progress: ProgressSnapshot) -> String? { nil }
}
