import BenchCore
import Foundation
import LoadEngine

/// The source of a `--url` run: one fixed request.
// @unchecked: immutable but `onStopRequest`, which is set before the load and only read after.
public final class URLSource: LoadSource, @unchecked Sendable {
    public let info: SourceInfo
    public var workloads: [Workload] { [] }
    public var onStopRequest: (@Sendable (String) -> Void)?
    private let request: HTTPRequestSpec
    private let debugLog: HTTPDebugLog?
    /// Masks the request's credential header values (and `--secret-header`s) wherever a failure sample shows them.
    private let redactor: SecretRedactor
    private let secretHeaderNames: Set<String>
    private let lock = NSLock()
    /// Every driver since the run started (the failure causes count them all).
    private var drivers: [FixedRequestDriver] = []

    /// A source from the target options (`url` must be set).
    public init(options: RunTarget) throws {
        guard let url = options.url else { throw RunnerError("--url is required", kind: .usage) }
        var bodyBytes: [UInt8]?
        if let body = options.body {
            if body.hasPrefix("@") {
                let path = String(body.dropFirst())
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw RunnerError("cannot read body file \(path)", kind: .unreadableInput)
                }
                bodyBytes = [UInt8](data)
            } else {
                bodyBytes = Array(body.utf8)
            }
        }
        let shownURL = URLRedaction.redact(url)
        let endpoint = "\(options.method.uppercased()) \(URLComponents(string: url)?.path ?? shownURL)"
        request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: options.method, url: url, headers: options.headers, body: bodyBytes)
        var client = options.clientOptions()
        client.cookies = false  // one fixed request needs no cookie jar, and the jar costs time per request
        let secretNames = Set(options.secretHeaders.map { $0.lowercased() })
        secretHeaderNames = secretNames
        redactor = SecretRedactor(secretValues: URLSource.secretValues(options.headers, names: secretNames))
        let redacted = options.headers.map { HeaderRedaction.redact($0, extraNames: secretNames) }
        info = SourceInfo(
            name: options.name ?? "url", target: url, endpointNames: [endpoint], client: client,
            requests: [RequestRecord(name: endpoint, method: request.method, url: shownURL, headers: redacted)],
            // The request without its host and port: the same request sent to another server is the same
            // work, which `compare` notes as a different target; a different method, path or body is not.
            contentHash: ContentHash.fnv1a([request.method, URLSource.pathAndQuery(shownURL)] + redacted
                                           + [String(decoding: bodyBytes ?? [], as: UTF8.self)]),
            metricsURL: options.metricsURL ?? URLSource.defaultMetricsURL(for: url),
            metricsHeaders: options.headers.filter { $0.lowercased().hasPrefix("authorization:") },
            secretValues: [], scenarioLoad: nil, seed: options.seed ?? RunTarget.clockSeed())
        debugLog = options.httpDebugIterations > 0
            ? HTTPDebugLog(iterations: options.httpDebugIterations, redactor: redactor, secretHeaderNames: secretNames) : nil
    }

    /// The path and query of a URL (the whole text when it does not parse).
    static func pathAndQuery(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// scheme://host:port/metrics of a URL.
    public static func defaultMetricsURL(for url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        let port = components.port.map { ":\($0)" } ?? ""
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)\(port)/metrics"
    }

    public func setUp(shouldStop: () -> Bool) throws {}
    public func beginLevel() {}
    public func makeDriver(worker: Int, workers: Int, workload: Int?) -> SlotDriver {
        let driver = FixedRequestDriver(requests: [request], names: info.endpointNames)
        driver.debugLog = debugLog
        lock.lock(); drivers.append(driver); lock.unlock()
        return driver
    }

    public func failureCauses() -> FailureCauses? {
        var failures = FailureTally()
        lock.lock(); for driver in drivers { failures.add(driver.failures) }; lock.unlock()
        return failures.record?.redacted(by: redactor, headerNames: secretHeaderNames)
    }

    /// The values of credential headers (and of `names`) in "Name: value" lines, and the token after a scheme
    /// (`Bearer abc` → also `abc`), for a server that echoes them back.
    static func secretValues(_ headerLines: [String], names: Set<String>) -> [String] {
        headerLines.flatMap { line -> [String] in
            guard let colon = line.firstIndex(of: ":") else { return [] }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard SecretRedactor.isRedactedHeader(name) || names.contains(name.lowercased()) else { return [] }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let token = value.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init)
            return [value] + (token.map { [$0] } ?? []).filter { $0.count >= 4 }
        }
    }

    public func abortReason(_ progress: ProgressSnapshot) -> String? { nil }
    public func results(for output: EngineOutput) -> ScenarioResults? { nil }
    public var thresholds: [Threshold] { [] }
    public func tally() -> ScenarioTally? { nil }
    public func tearDown(shouldStop: () -> Bool) -> String? { nil }
}
