import BenchCore

/// How a run is driven: the load model, its size and its limits.
public struct EngineConfiguration: Sendable {
    /// Closed model: a fixed number of slots, each starting its next iteration when the last ends.
    /// Open model: iterations start at the schedule's times, at most `connections` at once.
    public enum Model: Sendable, Equatable {
        /// Every connection runs iterations back to back for the whole duration.
        case closed
        /// The number of active virtual users follows the profile (at most `connections`).
        case closedStages(StageProfile)
        /// Iterations start at the arrival times of the rate profile.
        case open(rate: StageProfile, arrivals: Arrivals)

        /// A constant open-model rate (its duration comes from the configuration).
        public static func open(ratePerSecond: Double) -> Model {
            .open(rate: StageProfile(initial: ratePerSecond, stages: []), arrivals: .uniform)
        }
    }

    /// How open-model arrivals are spaced.
    public enum Arrivals: Sendable, Equatable {
        case uniform
        /// Exponential gaps from a seeded generator (replayable).
        case poisson(seed: UInt64)
    }

    /// How a worker waits for its sockets and timers.
    public enum EventLoop: String, Sendable, Equatable, CaseIterable {
        /// `curl_multi_poll`: every wait polls all of the worker's sockets.
        case poll
        /// `curl_multi_socket_action` with epoll: a wait costs what is ready, not what is open.
        case epoll
        /// Per worker, from its connection count (`epollFromConnections`).
        case auto

        /// From this many connections per worker `auto` takes epoll. Below it `curl_multi_poll` costs less
        /// per request on loopback (see scripts/bench.sh for the figures behind it).
        public static let epollFromConnections = 1_000

        /// The loop a worker with this many connections runs.
        public func resolved(connections: Int) -> EventLoop {
            #if os(Linux)
            switch self {
            case .poll, .epoll: return self
            case .auto: return connections >= Self.epollFromConnections ? .epoll : .poll
            }
            #else
            return .poll
            #endif
        }
    }

    public var model: Model = .closed
    /// Connections (closed: virtual users; open: the in-flight limit).
    public var connections: Int = 10
    /// Worker threads, each with its own libcurl multi handle.
    public var threads: Int = 1
    public var durationNanos: UInt64 = 10_000_000_000
    /// Stop after this many iterations in total (nil: duration only).
    public var maxIterations: UInt64?
    /// How long in-flight iterations may finish after the duration before they are aborted.
    public var gracefulStopNanos: UInt64 = 10_000_000_000
    public var client = ClientOptions()
    /// Open model: an arrival still waiting for a free slot this long after its time is dropped.
    public var maxArrivalWaitNanos: UInt64 = 1_000_000_000
    public var eventLoop: EventLoop = .auto
    /// Open model: a URL on the target to open connections with before the schedule starts (a `HEAD` request
    /// per connection, not measured); nil: connections open as the first arrivals need them.
    public var warmupURL: String?
    /// Header lines of the warm-up requests (the run's `Authorization`).
    public var warmupHeaders: [String] = []
    /// The epoll loop spreads a worker's connections over multi handles of at most this many (see
    /// `SocketActionLoop`); smaller in tests to get several.
    var connectionsPerMulti = SocketActionLoop.connectionsPerMulti

    public init() {}

    /// Open model: the connections to open before the schedule starts, all workers together (0: none).
    ///
    /// What the load needs is rate × latency in flight (Little's law), and the latency is not known before the
    /// run. The estimate takes 10 ms, an API call answered from a nearby server's memory: rate / 100, at least one
    /// per worker, at most the in-flight limit, for the rate of the first second. A slower target opens the rest as
    /// the first arrivals need them; that second's lag is reported apart (`GeneratorHealth.warmupLagMicros`).
    public var preopenConnections: Int {
        guard case .open(let profile, _) = model, warmupURL != nil else { return 0 }
        let rate = max(profile.value(atNanos: 0), profile.value(atNanos: 1_000_000_000))
        let estimate = rate.isFinite ? min((rate / 100).rounded(.up), 100_000) : 100_000
        return min(connections, max(threads, Int(estimate)))
    }

    /// Every problem with the configuration, empty when it can run.
    public func validate() -> [String] {
        var problems: [String] = []
        if connections < 1 { problems.append("connections must be at least 1 (got \(connections))") }
        if connections > 100_000 { problems.append("connections must be at most 100000 (got \(connections))") }
        if threads < 1 { problems.append("threads must be at least 1 (got \(threads))") }
        if threads > 256 { problems.append("threads must be at most 256 (got \(threads))") }
        if threads > connections && connections >= 1 {
            problems.append("threads (\(threads)) must not exceed connections (\(connections))")
        }
        if durationNanos == 0 && maxIterations == nil { problems.append("duration must be greater than 0") }
        if durationNanos > 7 * 24 * 3_600 * 1_000_000_000 { problems.append("duration must be at most 7 days") }
        if client.timeoutMillis < 1 { problems.append("timeout must be at least 1ms") }
        if case .open(let profile, _) = model {
            let values = [profile.initial] + profile.stages.map(\.target)
            if values.contains(where: { !($0 >= 0 && $0.isFinite && $0 <= 10_000_000) }) || profile.peak <= 0 {
                problems.append("rate must be a positive number of arrivals per second up to 10000000 (got \(profile.peak))")
            }
        }
        if case .closedStages(let profile) = model {
            let values = [profile.initial] + profile.stages.map(\.target)
            if values.contains(where: { !($0 >= 0 && $0.isFinite) }) {
                problems.append("virtual-user stage targets must be zero or more")
            } else if Int(profile.peak.rounded(.up)) > connections {
                problems.append("virtual-user stages reach \(Int(profile.peak)) but only \(connections) connections are allowed")
            }
        }
        return problems
    }
}
