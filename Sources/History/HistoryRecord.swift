import BenchCore

/// One run or sweep in the history: what ran (scenario, content hash, target), which build of the system it measured
/// (a git commit or a label), when, and its summary figures, thresholds and health. A row of the `run` table.
public struct HistoryRecord: Sendable, Equatable {
    /// The row id (nil before it is stored).
    public var id: Int64?
    /// What identifies the run across imports (start time, name, content hash, kind): a run recorded twice is
    /// stored once.
    public var runKey: String
    /// `run` or `sweep`.
    public var kind: String
    /// When the row was written (ISO 8601).
    public var recordedAt: String
    /// When the run began (ISO 8601, from result.json).
    public var startTime: String
    public var scenario: String
    public var contentHash: String
    public var target: String
    /// The git commit of the working directory when it was recorded, if any.
    public var revision: String?
    /// `--label`, if given.
    public var label: String?
    public var durationSeconds: Double
    public var requests: Int64
    public var requestsPerSecond: Double
    public var p50Millis: Double
    public var p95Millis: Double
    public var p99Millis: Double
    /// Failed requests / requests, 0 to 1.
    public var errorRate: Double
    /// Whether every threshold passed; nil when none was judged.
    public var thresholdsPassed: Bool?
    public var thresholdsFailed: Int
    /// Whether the generator measured the target (not saturated, not behind).
    public var healthy: Bool
    public var partial: Bool
    /// The run folder it came from.
    public var folder: String?

    /// A record with these identifying fields and zero figures (tests and rows read back fill in the rest).
    public init(runKey: String, kind: String, recordedAt: String, startTime: String, scenario: String,
                contentHash: String, target: String) {
        (self.runKey, self.kind, self.recordedAt, self.startTime) = (runKey, kind, recordedAt, startTime)
        (self.scenario, self.contentHash, self.target) = (scenario, contentHash, target)
        (durationSeconds, requests, requestsPerSecond, errorRate) = (0, 0, 0, 0)
        (p50Millis, p95Millis, p99Millis) = (0, 0, 0)
        (thresholdsFailed, healthy, partial) = (0, true, false)
    }

    /// A record of `result`, written from `folder`, with the build it measured.
    public init(result: RunResult, folder: String?, revision: String?, label: String?, recordedAt: String) {
        let overall = result.summary.overall
        kind = result.sweep == nil ? "run" : "sweep"
        runKey = [result.meta.startTime, result.meta.name, result.config.contentHash, kind].joined(separator: "|")
        self.recordedAt = recordedAt
        startTime = result.meta.startTime
        scenario = result.meta.name
        contentHash = result.config.contentHash
        target = result.meta.target
        self.revision = revision
        self.label = label
        durationSeconds = result.meta.durationSeconds
        requests = Int64(clamping: overall.requests)
        requestsPerSecond = overall.requestsPerSecond
        p50Millis = Double(overall.latencyMicros.p50) / 1_000
        p95Millis = Double(overall.latencyMicros.p95) / 1_000
        p99Millis = Double(overall.latencyMicros.p99) / 1_000
        errorRate = overall.errorRate
        let thresholds = result.thresholdRecords
        thresholdsPassed = thresholds.isEmpty ? nil : thresholds.allSatisfy(\.passed)
        thresholdsFailed = thresholds.filter { !$0.passed }.count
        healthy = result.generator.measuringTarget
        partial = result.partial
        self.folder = folder
    }

    /// The metrics a trend can follow, by the name `--metric` takes.
    public static let metrics: [String: (unit: String, value: @Sendable (HistoryRecord) -> Double)] = [
        "p50": ("ms", { $0.p50Millis }), "p95": ("ms", { $0.p95Millis }), "p99": ("ms", { $0.p99Millis }),
        "rps": ("req/s", { $0.requestsPerSecond }), "errors": ("%", { $0.errorRate * 100 }),
    ]
}
