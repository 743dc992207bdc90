/// How well the load generator kept up: a run whose generator was saturated or fell behind measured itself,
/// not the target, and says so.
public struct GeneratorHealth: Codable, Sendable, Equatable {
    /// Busy fraction above which a generator thread counts as saturated.
    public static let saturationBusyFraction = 0.9
    /// Schedule-lag p99 above which the generator counts as behind (microseconds).
    public static let behindLagP99Micros: UInt64 = 1_000

    public var threads: Int
    /// CPU time / wall time of each worker thread (0–1).
    public var cpuBusyFraction: [Double]
    /// Total CPU seconds the worker threads used.
    public var cpuSeconds: Double
    /// Client CPU per completed request, in microseconds.
    public var cpuMicrosPerRequest: Double
    /// How late requests left against their intended time.
    public var lagMicros: PercentileSummary
    /// Open model: arrivals that could not start because every slot was busy at their time.
    public var lateArrivals: UInt64
    /// Open model: arrivals dropped (never sent) because `maxInFlight` was reached for too long.
    public var droppedArrivals: UInt64
    public var saturated: Bool
    public var behind: Bool
    /// Human-readable warnings, empty when healthy.
    public var warnings: [String]

    /// True when the figures describe the target and not the generator's own limits.
    public var measuringTarget: Bool { !saturated && !behind }

    public init(threads: Int, cpuBusyFraction: [Double], cpuSeconds: Double, requests: UInt64,
                lag: LatencyHistogram, lateArrivals: UInt64, droppedArrivals: UInt64, openModel: Bool) {
        self.threads = threads
        self.cpuBusyFraction = cpuBusyFraction
        self.cpuSeconds = cpuSeconds
        cpuMicrosPerRequest = requests > 0 ? cpuSeconds * 1e6 / Double(requests) : 0
        lagMicros = PercentileSummary(lag)
        self.lateArrivals = lateArrivals
        self.droppedArrivals = droppedArrivals
        let busiest = cpuBusyFraction.max() ?? 0
        saturated = busiest > Self.saturationBusyFraction
        behind = openModel && (lagMicros.p99 > Self.behindLagP99Micros || droppedArrivals > 0)
        var notes: [String] = []
        if saturated {
            notes.append("generator saturated: a worker thread was \(Int((busiest * 100).rounded()))% busy (limit 90%); "
                         + "the figures may describe the generator, not the target")
        }
        if openModel && lagMicros.p99 > Self.behindLagP99Micros {
            notes.append("generator behind schedule: send lag p99 \(lagMicros.p99) µs (limit 1000 µs)")
        }
        if droppedArrivals > 0 { notes.append("\(droppedArrivals) arrivals dropped: no free slot (maxInFlight reached)") }
        warnings = notes
    }
}
