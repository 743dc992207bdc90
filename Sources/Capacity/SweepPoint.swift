/// One step of a load sweep as the engine measures it: the load it offered and what came back.
///
/// A closed-model step knows its concurrency (virtual users); an open-model step knows its arrival rate,
/// and its concurrency follows from Little's law N = X·R (QSP §3.2.2), which is what the USL needs.
public struct SweepPoint: Equatable, Hashable, Sendable, Codable {
    /// Virtual users of a closed-model step; nil for an open-model (rate) step.
    public let concurrency: Double?
    /// Offered arrival rate of an open-model step, per second; nil for a closed-model step.
    public let offeredRatePerSecond: Double?
    /// Completed requests per second.
    public let throughputPerSecond: Double
    /// Mean response time in seconds.
    public let meanLatencySeconds: Double

    /// A step; give `concurrency` for closed-model steps.
    public init(concurrency: Double? = nil, offeredRatePerSecond: Double? = nil, throughputPerSecond: Double, meanLatencySeconds: Double) {
        self.concurrency = concurrency
        self.offeredRatePerSecond = offeredRatePerSecond
        self.throughputPerSecond = throughputPerSecond
        self.meanLatencySeconds = meanLatencySeconds
    }

    /// The USL measurement: the step's concurrency, or X·R when it only has a rate.
    public var uslPoint: USLPoint {
        USLPoint(concurrency: concurrency ?? OperationalLaws.population(throughputPerSecond: throughputPerSecond,
                                                                         responseTimeSeconds: meanLatencySeconds),
                 throughput: throughputPerSecond)
    }
}

extension USLFit {
    /// Fits the USL to a sweep (see ``SweepPoint/uslPoint``); the same refusals as ``fit(_:maxIterations:)``.
    public static func fit(sweep: [SweepPoint]) throws -> USLFit {
        try fit(sweep.map(\.uslPoint))
    }
}

extension ModelStation {
    /// A station whose demand comes from counter deltas over one measurement window: D = B/C, busy
    /// seconds over completed requests (the service demand law D = U/X with U = B/T and X = C/T, QSP §3.2.4).
    /// For a multi-core resource B is the busy time summed over cores (e.g. Δ process_cpu_seconds_total).
    public static func measured(name: String, role: StationRole, busySecondsDelta: Double, completionsDelta: Double,
                                servers: Int = 1, readFraction: Double? = nil) throws -> ModelStation {
        try CapacityError.requirePositive(busySecondsDelta, "busy seconds of station '\(name)'")
        try CapacityError.requirePositive(completionsDelta, "completions at station '\(name)'")
        return ModelStation(name: name, role: role, demandSeconds: busySecondsDelta / completionsDelta,
                            servers: servers, readFraction: readFraction)
    }
}
