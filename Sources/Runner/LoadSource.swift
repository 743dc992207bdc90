import BenchCore
import LoadEngine

/// What a run sends, whatever the amount of load: one fixed request or a scenario's flows. The lifecycle calls
/// `setUp` once, then per level `beginLevel` and `makeDriver` for every worker, then `results` and `tearDown` once.
public protocol LoadSource: AnyObject, Sendable {
    /// What a result records about the requests and where the target is.
    var info: SourceInfo { get }
    /// Every workload of the scenario (several run at the same time), empty for a URL run.
    var workloads: [Workload] { get }
    /// Called when the source itself needs the run to stop (a `unique` feeder ran out).
    var onStopRequest: (@Sendable (String) -> Void)? { get set }
    /// Runs what must happen once before the first level (scenario setup); `shouldStop` is asked between steps.
    func setUp(shouldStop: () -> Bool) throws
    /// Starts a level: its drivers continue the previous level's `${seq}`, random streams and feeder positions.
    func beginLevel()
    /// The driver of one worker of workload `workload` (nil: the run's one workload, all flows).
    func makeDriver(worker: Int, workers: Int, workload: Int?) -> SlotDriver
    /// Why the run must stop now (an `abortOnFail` threshold failed on the live figures), or nil.
    func abortReason(_ progress: ProgressSnapshot) -> String?
    /// Scenario results of everything run since `setUp`; nil for a URL run.
    func results(for output: EngineOutput) -> ScenarioResults?
    /// The thresholds the source states (a scenario's `thresholds:`); empty for a URL run.
    var thresholds: [Threshold] { get }
    /// What the flows counted since `setUp` (iterations, checks), for thresholds; nil for a URL run.
    func tally() -> ScenarioTally?
    /// Why requests failed in everything run since `setUp`, secrets redacted; nil when nothing failed.
    func failureCauses() -> FailureCauses?
    /// Runs what must happen once after the last level (scenario teardown); a warning when it failed.
    func tearDown(shouldStop: () -> Bool) -> String?
}

/// What a result records about a source's requests, and where its target and `/metrics` are.
public struct SourceInfo: Sendable {
    public var name: String
    public var target: String
    public var endpointNames: [String]
    public var client: ClientOptions
    public var requests: [RequestRecord]
    public var contentHash: String
    /// Where the target's `/metrics` is, if anywhere, and the headers to read it with.
    public var metricsURL: String?
    public var metricsHeaders: [String]
    /// Values to redact wherever they appear in the recorded command line and target (a scenario's secrets).
    public var secretValues: [String]
    /// The scenario's own load section, when it has exactly one workload.
    public var scenarioLoad: Workload?
    /// The scenario's `gracefulStop` (nil: the default from the request timeout).
    public var gracefulStopNanos: UInt64?
    /// The seed of every random stream of the run (`--seed`, or one drawn from the clock).
    public var seed: UInt64 = 0
    /// Iterations of `--iterations N` for the whole run: N for each flow of the run (1 for a URL run).
    public var flowCount = 1
    /// Per endpoint: k6's `group` tag of its step ("::flow" or "::flow::group"; empty for a URL run).
    public var endpointGroups: [String] = []
}

extension SourceInfo {
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
