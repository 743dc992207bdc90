/// How well the load generator kept up, and why it did not when it did not.
///
/// Only a generator that could not do its own work makes the figures its own (`measuringTarget` false): a worker
/// thread out of CPU (`Cause.cpuSaturated`), or, with the CPU to spare, sends that were late for most of the run
/// against the spacing of the arrivals (`behind`). Other reasons for send lag are named in `notes` and leave the
/// run measuring the target: arrivals that waited for the in-flight limit, the connections opened in the first
/// second, a late wakeup now and then (see `GeneratorHealth+Causes.swift`).
public struct GeneratorHealth: Codable, Sendable, Equatable {
    /// Why the generator's figures are not plain: each condition found, most serious first.
    public enum Cause: String, Codable, Sendable, Equatable {
        /// A worker thread was over `saturationBusyFraction` busy: the figures describe the generator.
        case cpuSaturated
        /// With the CPU to spare, most sends left late against the spacing of the arrivals (`behind`).
        case behindSchedule
        /// Open model: arrivals waited for (or were dropped for want of) a free slot under the in-flight limit.
        case inFlightLimit
        /// The send lag of the first second, while connections opened, passed what the rest of the run allows.
        case warmup
        /// Send lag now and then above the spacing of the arrivals with an idle CPU (OS scheduling).
        case schedulingLag
    }

    /// Busy fraction above which a generator thread counts as saturated.
    public static let saturationBusyFraction = 0.9

    public var threads: Int
    /// CPU time / wall time of each worker thread (0–1).
    public var cpuBusyFraction: [Double]
    /// Total CPU seconds the worker threads used.
    public var cpuSeconds: Double
    /// Client CPU per completed request, in microseconds.
    public var cpuMicrosPerRequest: Double
    /// How late requests left against their intended time (the whole run, first second included).
    public var lagMicros: PercentileSummary
    /// Open model: arrivals that started more than a millisecond after their time.
    public var lateArrivals: UInt64
    /// Open model: arrivals dropped (never sent) because `maxInFlight` was reached for too long.
    public var droppedArrivals: UInt64
    public var saturated: Bool
    /// Sends late for most of the run with the CPU to spare (the rule is `GeneratorHealth.behindSchedule`).
    public var behind: Bool
    /// What makes the figures the generator's, empty when they are the target's.
    public var warnings: [String]

    // Added later: absent in older result files.

    /// Each condition found, most serious first; empty: nothing to say.
    public var causes: [Cause]?
    /// Conditions that do not make the figures the generator's, one line each.
    public var notes: [String]?
    /// The send lag after the first second: the figure health is judged on.
    public var steadyLagMicros: PercentileSummary?
    /// The send lag of arrivals due in the first second, while connections opened.
    public var warmupLagMicros: PercentileSummary?
    /// Connections opened before the schedule started (the closed model's virtual users, the open model's guess).
    public var preopenedConnections: Int?
    /// Their TCP connect and TLS handshake times, kept apart from the measured requests' phases.
    public var warmupConnectMicros: PercentileSummary?
    public var warmupTLSMicros: PercentileSummary?
    /// Connections opened by requests due in the first second (beyond the pre-opened ones).
    public var connectsFirstSecond: UInt64?
    /// Open model: arrivals that found every slot busy at their time (sent late, or dropped).
    public var blockedArrivals: UInt64?
    /// Connections the generator opened in all, warm-up included (over HTTP/2 with `--streams`, far fewer than the
    /// requests in flight). nil in older files.
    public var connectionsOpened: UInt64?
    /// Open model, in-flight limited: the limit that would let this rate through (rate × p99 latency × 1.5).
    public var suggestedMaxInFlight: Int?
    /// Open model, in-flight limited: mean latency × rate reached the limit (Little's law): the target is too slow
    /// for this rate under this limit, as opposed to arrivals bunching up now and then.
    public var targetSlow: Bool?

    /// True when the figures describe the target and not the generator's own limits.
    public var measuringTarget: Bool { !saturated && !behind }

    /// The conditions found (older files: from `saturated` and `behind`).
    public var foundCauses: [Cause] {
        causes ?? ((saturated ? [.cpuSaturated] : []) + (behind ? [.behindSchedule] : []))
    }

    /// - Parameters:
    ///   - lag: every request's send lag.
    ///   - load: what the classification needs beyond the generator's own figures; without it only the CPU and the
    ///     whole run's lag against a 1 ms spacing are judged.
    public init(threads: Int, cpuBusyFraction: [Double], cpuSeconds: Double, requests: UInt64,
                lag: LatencyHistogram, lateArrivals: UInt64, droppedArrivals: UInt64, openModel: Bool,
                load: LoadFacts? = nil) {
        self.threads = threads
        self.cpuBusyFraction = cpuBusyFraction
        self.cpuSeconds = cpuSeconds
        cpuMicrosPerRequest = requests > 0 ? cpuSeconds * 1e6 / Double(requests) : 0
        lagMicros = PercentileSummary(lag)
        self.lateArrivals = lateArrivals
        self.droppedArrivals = droppedArrivals
        var facts = load ?? LoadFacts()
        facts.openModel = openModel
        facts.droppedArrivals = droppedArrivals
        if facts.steadyLag == nil { facts.steadyLag = lagMicros }
        facts.busiestThread = cpuBusyFraction.max() ?? 0
        let verdict = Self.classify(facts)
        saturated = verdict.causes.contains(.cpuSaturated)
        behind = verdict.causes.contains(.behindSchedule)
        warnings = verdict.warnings
        causes = verdict.causes
        notes = verdict.notes
        steadyLagMicros = facts.steadyLag
        warmupLagMicros = facts.warmupLag
        preopenedConnections = facts.preopenedConnections
        connectsFirstSecond = facts.connectsFirstSecond
        blockedArrivals = openModel ? facts.blockedArrivals : nil
        suggestedMaxInFlight = verdict.suggestedMaxInFlight
        targetSlow = verdict.targetSlow
    }
}
