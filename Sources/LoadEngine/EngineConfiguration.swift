import BenchCore

/// How a run is driven: the load model, its size and its limits.
public struct EngineConfiguration: Sendable {
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

    /// The load: closed (virtual users) or open (arrivals at a rate), with its size, length and stages; the one
    /// load-model type from the scenario file to the report.
    public var model: LoadModel = .defaultRun
    /// Connections: a closed model's virtual users, an open model's in-flight limit (`LoadModel.slots`).
    public var connections: Int {
        get { model.slots }
        set { model.slots = newValue }
    }
    /// Worker threads, each with its own libcurl multi handle.
    public var threads: Int = 1
    /// How long the schedule runs (`LoadModel.durationNanos`); 0: until the iterations are done.
    public var durationNanos: UInt64 {
        get { model.durationNanos }
        set { model.durationNanos = newValue }
    }
    /// Stop after this many iterations in total, besides what the model bounds (`--iterations`); nil: none.
    public var iterationCap: UInt64?
    /// The iterations the run stops after: the cap, or a `{vus, iterations}` model's count, whichever is lower.
    /// Setting it sets the cap.
    public var maxIterations: UInt64? {
        get {
            switch (iterationCap, model.iterationCount) {
            case (let cap?, let count?): return min(cap, count)
            case (let cap, let count): return cap ?? count
            }
        }
        set { iterationCap = newValue }
    }
    /// Seeds the open model's Poisson gaps (replayable with `--seed`).
    public var arrivalSeed: UInt64 = 1
    /// Keep the last finished seconds' latency histograms for live snapshots (a distributed run's agent streams
    /// them); off by default, so a run pays nothing for it.
    public var keepsSecondHistograms = false
    /// Keep every endpoint's totals (requests by status, a duration histogram) for live outputs; off by default.
    public var keepsEndpointTotals = false
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

    /// The connections to open before the schedule starts, all workers together (0: none).
    ///
    /// Closed model: one per virtual user (the stages' peak), since every one of them sends at once when the
    /// schedule starts. Open model: what the load needs is rate × latency in flight (Little's law), and the latency
    /// is not known before the run. The estimate takes 10 ms, an API call answered from a nearby server's memory:
    /// rate / 100, at least one per worker, at most the in-flight limit, for the rate of the first second. A slower
    /// target opens the rest as the first arrivals need them; that second's lag is reported apart
    /// (`GeneratorHealth.warmupLagMicros`).
    public var preopenConnections: Int {
        guard warmupURL != nil else { return 0 }
        guard let profile = model.rateProfile else { return connections }
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
        if let profile = model.rateProfile {
            let values = [profile.initial] + profile.stages.map(\.target)
            if values.contains(where: { !($0 >= 0 && $0.isFinite && $0 <= 10_000_000) }) || profile.peak <= 0 {
                problems.append("rate must be a positive number of arrivals per second up to 10000000 (got \(profile.peak))")
            }
        }
        if let profile = model.userProfile {
            let values = [profile.initial] + profile.stages.map(\.target)
            if values.contains(where: { !($0 >= 0 && $0.isFinite) }) {
                problems.append("virtual-user stage targets must be zero or more")
            }
        }
        return problems
    }
}
