/// `crmbench capacity mmc`: the M/M/c measures for an arrival rate, service time and server count.
public enum MMcCalculator {
    /// Throws on non-positive inputs or an unstable queue.
    public static func run(arrivalRatePerSecond: Double, serviceTimeSeconds: Double, servers: Int) throws -> MMcReport {
        let q = try MMcQueue(arrivalRatePerSecond: arrivalRatePerSecond, serviceTimeSeconds: serviceTimeSeconds,
                             servers: servers, name: "M/M/\(servers)")
        return MMcReport(offeredLoad: q.offeredLoad, utilization: q.utilization, probabilityWait: q.probabilityWait,
                         meanWait: q.meanWaitSeconds, meanResponseTime: q.meanResponseSeconds,
                         meanQueueLength: q.meanQueueLength, meanNumberInSystem: q.meanNumberInSystem)
    }
}

/// The `mmc` calculator's output. Times in seconds.
public struct MMcReport: Equatable, Sendable, Codable {
    /// A = λS, in Erlangs.
    public let offeredLoad: Double
    /// ρ = A/c.
    public let utilization: Double
    /// Erlang C.
    public let probabilityWait: Double
    /// Mean time in queue Wq.
    public let meanWait: Double
    /// Wq + S.
    public let meanResponseTime: Double
    /// Mean number waiting, Lq.
    public let meanQueueLength: Double
    /// Mean number in the system, L.
    public let meanNumberInSystem: Double

    /// Human-readable lines.
    public var text: String {
        [
            "offered load        \(Format.number(offeredLoad)) Erlangs",
            "utilization         \(Format.number(utilization))",
            "P(wait) (Erlang C)  \(Format.number(probabilityWait))",
            "mean wait           \(Format.number(meanWait)) s",
            "mean response time  \(Format.number(meanResponseTime)) s",
            "mean queue length   \(Format.number(meanQueueLength))",
            "mean number in sys  \(Format.number(meanNumberInSystem))",
        ].joined(separator: "\n")
    }
}
