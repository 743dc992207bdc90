/// `crmbench capacity mmc`: the M/M/c measures for an arrival rate, service time and server count.
public enum MMcCalculator {
    /// Throws on inputs outside `CalculatorLimits` (or a non-positive rate) and on an unstable queue.
    public static func run(arrivalRatePerSecond: Double, serviceTimeSeconds: Double, servers: Int) throws -> MMcReport {
        try CapacityError.requirePositive(arrivalRatePerSecond, "arrival rate")
        try CapacityError.requireSeconds(serviceTimeSeconds, "service time", in: CalculatorLimits.serviceSeconds)
        try CapacityError.requireServers(servers, "servers")
        let q = try MMcQueue(arrivalRatePerSecond: arrivalRatePerSecond, serviceTimeSeconds: serviceTimeSeconds,
                             servers: servers, name: "M/M/\(servers)")
        return MMcReport(arrivalRate: arrivalRatePerSecond, serviceTime: serviceTimeSeconds, servers: servers,
                         offeredLoad: q.offeredLoad, utilization: q.utilization, probabilityWait: q.probabilityWait,
                         meanWait: q.meanWaitSeconds, meanResponseTime: q.meanResponseSeconds,
                         meanQueueLength: q.meanQueueLength, meanNumberInSystem: q.meanNumberInSystem)
    }
}

/// The `mmc` calculator's output. Times in seconds.
public struct MMcReport: Equatable, Sendable, Codable {
    /// Arrival rate λ per second, as given.
    public let arrivalRate: Double
    /// Mean service time S in seconds, as given.
    public let serviceTime: Double
    /// Servers c, as given.
    public let servers: Int
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

    /// Human-readable lines, 4 significant digits with units; the JSON keeps full precision.
    public var text: String {
        [
            "M/M/\(servers): \(Format.rate(arrivalRate)) arriving, service time \(Format.seconds(serviceTime))",
            "offered load        \(Format.short(offeredLoad)) Erlangs (busy servers on average)",
            "utilisation         \(Format.percent(utilization)) per server",
            "P(wait) (Erlang C)  \(Format.percent(probabilityWait))",
            "mean wait           \(Format.seconds(meanWait))",
            "mean response time  \(Format.seconds(meanResponseTime))",
            "mean queue length   \(Format.short(meanQueueLength)) waiting",
            "mean number in sys  \(Format.short(meanNumberInSystem))",
        ].joined(separator: "\n")
    }
}
