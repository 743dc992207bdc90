import BenchCore
import Foundation
import LoadEngine

/// What to load (a URL or a scenario file) and how to talk HTTP: the command line's target options as a value,
/// shared by run, sweep and find-max.
public struct RunTarget: Sendable {
    /// A scenario file (YAML), or nil for a `--url` run.
    public var scenarioPath: String?
    /// The URL of a single-request run.
    public var url: String?
    public var method = "GET"
    /// `Name: value` lines.
    public var headers: [String] = []
    /// The request body, or `@FILE`.
    public var body: String?
    /// Per-request timeout text (e.g. `5s`); nil: 30 s or the scenario's.
    public var timeout: String?
    /// A base URL replacing the scenario's target.
    public var target: String?
    public var http2 = false
    /// With `http2`: requests at once on one connection (`--streams`); nil: libcurl's own choice.
    public var streams: Int?
    public var insecure = false
    public var cert: String?
    public var key: String?
    public var cacert: String?
    public var proxy: String?
    /// Header names whose values are secret (Authorization always is).
    public var secretHeaders: [String] = []
    /// The target's Prometheus metrics URL; nil: TARGET/metrics when it answers.
    public var metricsURL: String?
    /// The run's name; nil: the scenario's name, or `url`.
    public var name: String?
    /// Seeds every random stream (templates, Poisson gaps, flow picks, `random` feeders); nil: one from the clock.
    /// The seed used is recorded in result.json, so any run can be replayed.
    public var seed: UInt64?
    /// `--iterations N`: each flow runs N times (a `--url` run sends N requests), flows taken in turn.
    public var iterationsPerFlow: Int?
    /// `--http-debug`: print the requests and responses (redacted) of this many first iterations.
    public var httpDebugIterations = 0
    /// This agent's part of a distributed run (nil: the whole run).
    public var segment: LoadSegment?

    /// A target; give `scenarioPath` or `url`.
    public init(scenarioPath: String? = nil, url: String? = nil, method: String = "GET", headers: [String] = [],
                body: String? = nil, timeout: String? = nil, target: String? = nil, http2: Bool = false, insecure: Bool = false,
                cert: String? = nil, key: String? = nil, cacert: String? = nil, proxy: String? = nil,
                secretHeaders: [String] = [], metricsURL: String? = nil, name: String? = nil) {
        (self.scenarioPath, self.url, self.method, self.headers, self.body) = (scenarioPath, url, method, headers, body)
        (self.timeout, self.target, self.http2, self.insecure) = (timeout, target, http2, insecure)
        (self.cert, self.key, self.cacert, self.proxy) = (cert, key, cacert, proxy)
        (self.secretHeaders, self.metricsURL, self.name) = (secretHeaders, metricsURL, name)
    }

    /// A seed for a run without `--seed`: the clock's milliseconds (recorded, so the run can still be replayed).
    static func clockSeed() -> UInt64 { UInt64(truncatingIfNeeded: Int64(Date().timeIntervalSince1970 * 1_000)) }

    /// Every problem with the values, before anything is read or sent.
    public func problems() -> [String] {
        var found: [String] = []
        if scenarioPath == nil && url == nil { found.append("give a scenario file or --url") }
        if scenarioPath != nil && url != nil { found.append("give either a scenario file or --url, not both") }
        if let timeout, let problem = InputLimits.durationProblem(timeout, option: "--timeout") { found.append(problem) }
        for (index, header) in headers.enumerated() {
            // Not quoted: without the colon the value cannot be told from the name, and it may be a credential.
            if !header.contains(":") { found.append("-H number \(index + 1) has no ':'; a header must look like 'Name: value'") }
            // Nothing from the command line reaches the wire unchecked: CR, LF, NUL would add headers or requests.
            else if let problem = HTTPSyntax.headerLineProblem(header) { found.append("-H number \(index + 1): \(problem)") }
        }
        if let problem = HTTPSyntax.methodProblem(method) { found.append("-X: \(problem)") }
        if let streams {
            if !http2 && url != nil { found.append("--streams needs --http2 (HTTP/1.1 carries one request per connection at a time)") }
            if !(1...1_000).contains(streams) { found.append("--streams must be between 1 and 1000, got \(streams)") }
        }
        if let iterations = iterationsPerFlow, !(1...ScenarioLimits.maxIterations).contains(iterations) {
            found.append("--iterations must be between 1 and \(ScenarioLimits.maxIterations), got \(iterations)")
        }
        if let url, let problem = TargetURL.problem(url, option: "--url") ?? HTTPSyntax.urlProblem(url).map({ "--url: \($0)" }) {
            found.append(problem)
        }
        if let target, let problem = TargetURL.problem(target, option: "--target") { found.append(problem) }
        if let metricsURL, let problem = TargetURL.problem(metricsURL, option: "--metrics-url") { found.append(problem) }
        if let proxy, let problem = TargetURL.proxyProblem(proxy) { found.append(problem) }
        return found
    }

    /// Checks before any load that the TLS files can be read and hold PEM text: a missing CA file otherwise only
    /// shows as every request failing with `tls`.
    public func checkTLSFiles() throws {
        for (option, path) in [("--cacert", cacert), ("--cert", cert), ("--key", key)] {
            guard let path else { continue }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw RunnerError("\(option) \(path): no such file", kind: .unreadableInput)
            }
            guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
                throw RunnerError("\(option) \(path): cannot be read", kind: .unreadableInput)
            }
            guard PEMText.hasBlock([UInt8](data)) else {
                throw RunnerError("\(option) \(path): not a PEM file (no -----BEGIN ...----- block)", kind: .unreadableInput)
            }
        }
        // libcurl reads the key from the certificate file when --key is omitted; a key alone is no use.
        if key != nil && cert == nil { throw RunnerError("--key needs --cert", kind: .usage) }
    }

    /// The HTTP client settings these options give.
    public func clientOptions() -> ClientOptions {
        var client = ClientOptions()
        client.timeoutMillis = Int((timeout.flatMap(DurationText.nanos) ?? 30_000_000_000) / 1_000_000)
        client.http2 = http2
        client.streamsPerConnection = http2 ? streams : nil  // a scenario may turn HTTP/2 on (ScenarioSource)
        client.insecure = insecure
        client.clientCertPath = cert
        client.clientKeyPath = key
        client.caPath = cacert
        client.proxy = proxy
        return client
    }

    /// What this target sends: a URL source or a scenario source.
    public func makeSource() throws -> LoadSource {
        try checkTLSFiles()
        if let scenarioPath { return try ScenarioSource.load(path: scenarioPath, options: self) }
        return try URLSource(options: self)
    }
}
