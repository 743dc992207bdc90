import Foundation

/// What coordinator and agents say to each other: JSON over HTTP, every request with `Authorization: Bearer TOKEN`.
/// An agent registers (`POST /v1/agents`), polls for its assignment (`GET /v1/agents/ID/assignment`: 204 until every
/// agent is there), reports twice a second while it runs (`POST /v1/agents/ID/report`, answered with a stop order
/// when the run must end) and sends its result at the end (`POST /v1/agents/ID/result`).
///
/// A sweep or find-max runs level after level with the same agents: after sending a level's result an agent polls
/// for the next assignment (204 while the coordinator judges the merged level), and an assignment endpoint that
/// answers 410 after a level means the run is over. Reports and results carry the level they belong to, so a late
/// one from an earlier level is never counted in the next.
public enum FleetProtocol {
    /// Bumped whenever a message changes shape: an agent of another protocol is refused. Version 2 added levels
    /// (`AgentAssignment.level`, `AgentReport.level`, `AgentFinal.level`); the new fields are optional, so the
    /// messages of version 1 still decode (a missing level is a run's one level, 0).
    public static let version = 2
    /// How often an agent reports.
    public static let reportIntervalNanos: UInt64 = 500_000_000
    /// An agent silent this long is lost (four missed reports: a busy generator is not lost, a dead one is named
    /// within 3 s).
    public static let silenceLimitNanos: UInt64 = 2_000_000_000
}

/// An agent asking to join.
public struct AgentHello: Codable, Sendable, Equatable {
    public var toolVersion: String
    public var protocolVersion: Int
    public var host: String
    public var cores: Int

    public init(toolVersion: String, protocolVersion: Int, host: String, cores: Int) {
        self.toolVersion = toolVersion
        self.protocolVersion = protocolVersion
        self.host = host
        self.cores = cores
    }
}

/// The coordinator's answer to a registration: the agent's number.
public struct AgentWelcome: Codable, Sendable, Equatable {
    public var agent: Int
    public init(agent: Int) { self.agent = agent }
}

/// Why the coordinator refused a request (the body of every 4xx answer).
public struct FleetRefusal: Codable, Sendable, Equatable, Error, CustomStringConvertible {
    public var error: String
    public init(error: String) { self.error = error }
    public var description: String { error }
}

/// The command-line load of the coordinator, which every agent applies to its segment as the coordinator would.
public struct FleetSettings: Codable, Sendable, Equatable {
    public var connections: Int?
    public var durationNanos: UInt64?
    public var ratePerSecond: Double?
    public var arrivals: String = "uniform"
    public var iterationsPerFlow: Int?
    public var seed: UInt64 = 0
    public var target: String?
    public var timeout: String?
    public var http2 = false
    /// HTTP/2 requests at once per connection (`--streams`); nil when not limited (and in older coordinators').
    public var streams: Int?
    public var insecure = false
    public var secretHeaders: [String] = []
    public var name: String?

    public init() {}
}

/// One level of a sweep or find-max as every agent runs it: its place, its load (virtual users or arrivals per
/// second, split over the agents by `LoadSegment`) and its length.
public struct FleetLevel: Codable, Sendable, Equatable {
    /// The level's place in the run, from 0.
    public var index: Int
    /// Virtual users (closed model) or arrivals per second (open model) of the whole fleet.
    public var level: Double
    public var open: Bool
    public var stepNanos: UInt64

    public init(index: Int, level: Double, open: Bool, stepNanos: UInt64) {
        self.index = index
        self.level = level
        self.open = open
        self.stepNanos = stepNanos
    }
}

/// One agent's part of the run.
public struct AgentAssignment: Codable, Sendable {
    public var runID: String
    public var segment: LoadSegment
    /// The scenario's path as the coordinator read it; `files` holds it and every data file it read, by the same paths.
    public var scenarioPath: String
    public var files: [String: Data]
    public var settings: FleetSettings
    /// What the coordinator's setup captured, for every iteration.
    public var globals: [String: String]
    /// When the load starts, in milliseconds since 1970 (every agent starts at the same instant).
    public var startAtEpochMillis: Int64
    /// The level to run, for a sweep or find-max; nil: the run's load as `settings` give it (one level).
    public var level: FleetLevel?

    public init(runID: String, segment: LoadSegment, scenarioPath: String, files: [String: Data], settings: FleetSettings,
                globals: [String: String], startAtEpochMillis: Int64, level: FleetLevel? = nil) {
        self.runID = runID
        self.segment = segment
        self.scenarioPath = scenarioPath
        self.files = files
        self.settings = settings
        self.globals = globals
        self.startAtEpochMillis = startAtEpochMillis
        self.level = level
    }
}

/// An agent's live figures, sent twice a second: the same counts its own live panel shows.
public struct AgentReport: Codable, Sendable, Equatable {
    public var elapsedNanos: UInt64 = 0
    public var inFlight = 0
    public var completed: UInt64 = 0
    public var totalRequests: UInt64 = 0
    public var totalHTTPErrors: UInt64 = 0
    public var activeVirtualUsers = 0
    public var iterations: UInt64 = 0
    public var checksPassed: UInt64 = 0
    public var checksFailed: UInt64 = 0
    public var latest: TimeSeriesPoint?
    public var recent: [TimeSeriesPoint] = []
    /// How late the agent's load started against the agreed start, in milliseconds.
    public var startSkewMillis: Double?
    /// The latency histograms of the seconds finished since the last report: the fleet's live percentiles are
    /// merged from them exactly.
    public var latency: [SecondHistogram] = []
    /// The level these figures belong to (nil: 0).
    public var level: Int?

    public init() {}
}

/// The coordinator's answer to a report: nil, or why every agent must stop now.
public struct CoordinatorOrder: Codable, Sendable, Equatable {
    public var stop: String?
    public init(stop: String? = nil) { self.stop = stop }
}

/// What an agent measured, sent once at the end of each level.
public struct AgentFinal: Codable, Sendable {
    /// The agent's result.json, as `ResultCodec` writes it.
    public var resultJSON: Data
    public var startSkewMillis: Double
    /// The level this result measured (nil: 0).
    public var level: Int?
    public init(resultJSON: Data, startSkewMillis: Double, level: Int? = nil) {
        self.resultJSON = resultJSON
        self.startSkewMillis = startSkewMillis
        self.level = level
    }
}
