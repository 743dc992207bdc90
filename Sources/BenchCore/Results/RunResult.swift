/// The versioned result of one run, as written to `result.json`.
///
/// Everything a report, a comparison or a capacity plan needs is here; histograms are kept in their sparse,
/// exactly mergeable form so that results from several machines or runs can be merged later.
public struct RunResult: Codable, Sendable {
    /// The schema version this build writes.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int = RunResult.currentSchemaVersion
    /// True when the run was stopped early (Ctrl-C, SIGTERM, abort): what was measured is kept.
    public var partial: Bool
    /// Why the run ended early, when it did.
    public var partialReason: String?
    public var meta: RunMetadata
    public var config: RunConfigurationRecord
    /// Overall and per-endpoint summaries.
    public var summary: RunSummary
    /// The load generator's own health.
    public var generator: GeneratorHealth
    /// One point per second of the run.
    public var timeSeries: [TimeSeriesPoint]
    /// Histograms, overall and per endpoint.
    public var histograms: HistogramSet
    /// Scenario extras (flows, groups, checks, thresholds) when the run came from a scenario.
    public var scenario: ScenarioResults?
    /// Why requests failed: per step (a URL run: its endpoint), kind and status, counted, with samples (absent
    /// when nothing failed, and in results of older versions).
    public var failures: FailureCauses?
    /// The levels of a sweep or find-max, when the run was one.
    public var sweep: SweepResults?
    /// The target's counters over the whole run, when its `/metrics` could be read.
    public var server: ServerDemands?
    /// The thresholds the run was judged by (the scenario's, `--threshold`, the defaults) and their verdicts;
    /// nil for a sweep or find-max (judged by their SLO) and in results written before it was recorded here.
    public var thresholds: [ThresholdRecord]?
    /// The agents of a distributed run (`run --agents N`): each one's host, start skew, CPU and health; nil for a
    /// run made by one process.
    public var distributed: DistributedRecord?
    /// What the data-quality audit found (`run --audit`, `crmbench audit`); nil when none ran.
    public var dataQuality: DataQualityResult?
    /// What the live outputs delivered and dropped; absent when the run had none.
    public var liveOutputs: [LiveOutputReport]?

    /// Every threshold verdict of the run, wherever the result's version kept them.
    public var thresholdRecords: [ThresholdRecord] { thresholds ?? scenario?.thresholds ?? [] }

    public init(partial: Bool, partialReason: String?, meta: RunMetadata, config: RunConfigurationRecord,
                summary: RunSummary, generator: GeneratorHealth, timeSeries: [TimeSeriesPoint],
                histograms: HistogramSet, scenario: ScenarioResults? = nil) {
        self.partial = partial
        self.partialReason = partialReason
        self.meta = meta
        self.config = config
        self.summary = summary
        self.generator = generator
        self.timeSeries = timeSeries
        self.histograms = histograms
        self.scenario = scenario
    }
}

/// Who ran what, where and when.
public struct RunMetadata: Codable, Sendable {
    public var toolVersion: String
    public var curlVersion: String
    public var commandLine: [String]
    /// Run name (scenario name or "url").
    public var name: String
    /// ISO-8601 wall-clock times.
    public var startTime: String
    public var endTime: String
    public var durationSeconds: Double
    public var machine: MachineInfo
    public var target: String

    public init(toolVersion: String, curlVersion: String, commandLine: [String], name: String, startTime: String,
                endTime: String, durationSeconds: Double, machine: MachineInfo, target: String) {
        self.toolVersion = toolVersion
        self.curlVersion = curlVersion
        self.commandLine = commandLine
        self.name = name
        self.startTime = startTime
        self.endTime = endTime
        self.durationSeconds = durationSeconds
        self.machine = machine
        self.target = target
    }
}

/// The machine the generator ran on.
public struct MachineInfo: Codable, Sendable, Equatable {
    public var cores: Int
    public var os: String
    public var hostname: String
    public init(cores: Int, os: String, hostname: String) {
        self.cores = cores
        self.os = os
        self.hostname = hostname
    }
}

/// The load configuration as run (secrets redacted).
public struct RunConfigurationRecord: Codable, Sendable, Equatable {
    /// "closed" (fixed connections / virtual users), "open" (arrival rate), or "mixed" (several workloads at the
    /// same time, each with its own model; `connections` is their sum).
    public var model: LoadModelKind
    public var connections: Int
    public var threads: Int
    public var durationSeconds: Double
    public var ratePerSecond: Double?
    public var timeoutMillis: Int
    public var http2: Bool
    /// HTTP/2: requests at once per connection (`--streams`); nil when not limited.
    public var streamsPerConnection: Int?
    /// The requests (method, URL, redacted headers).
    public var requests: [RequestRecord]
    /// SHA-256-free content fingerprint of the scenario or request set, for comparability checks.
    public var contentHash: String
    /// The seed of every random stream (`--seed`); the same seed sends the same requests. Nil in older results.
    public var seed: UInt64?

    public init(model: LoadModelKind, connections: Int, threads: Int, durationSeconds: Double, ratePerSecond: Double?,
                timeoutMillis: Int, http2: Bool, requests: [RequestRecord], contentHash: String, seed: UInt64? = nil) {
        self.model = model
        self.connections = connections
        self.threads = threads
        self.durationSeconds = durationSeconds
        self.ratePerSecond = ratePerSecond
        self.timeoutMillis = timeoutMillis
        self.http2 = http2
        self.requests = requests
        self.contentHash = contentHash
        self.seed = seed
    }
}

/// One request of the configuration, with secret header values redacted.
public struct RequestRecord: Codable, Sendable, Equatable {
    public var name: String
    public var method: String
    public var url: String
    public var headers: [String]
    public init(name: String, method: String, url: String, headers: [String]) {
        self.name = name
        self.method = method
        self.url = url
        self.headers = headers
    }
}
