import BenchCore
import Foundation
import Synchronization

/// What the workers share: the stop flag, the run's time origin and the per-second progress.
///
/// Workers touch it once per second (a lock) and read the stop flag once per loop (an atomic load):
/// nothing here is on the per-request path.
// Mutable state behind `lock`, flags in atomics: safe from any thread, which the compiler cannot see through NSLock.
public final class RunControl: @unchecked Sendable {
    private let stopFlag = Atomic<Bool>(false)
    private let abortFlag = Atomic<Bool>(false)
    private let lock = NSLock()
    private var accumulator: TimeSeriesAccumulator
    private var reasonText: String?
    private var inFlightByWorker: [Int]
    private var completedByWorker: [UInt64]
    private var liveByWorker: [LiveCounts]
    private var totalRequests: UInt64 = 0
    private var totalHTTPErrors: UInt64 = 0
    private let start: Atomic<UInt64>
    /// Monotonic nanoseconds at the run's start; every offset in the run is relative to it. Moved once, by the
    /// engine, when connections were opened before the schedule (`restart`).
    public var startNanos: UInt64 { start.load(ordering: .relaxed) }

    init(workerCount: Int, startNanos: UInt64, keepsSecondHistograms: Bool = false, keepsEndpointTotals: Bool = false) {
        accumulator = TimeSeriesAccumulator(workerCount: workerCount)
        accumulator.keepsRecentLatency = keepsSecondHistograms
        accumulator.keepsEndpointTotals = keepsEndpointTotals
        inFlightByWorker = Array(repeating: 0, count: workerCount)
        completedByWorker = Array(repeating: 0, count: workerCount)
        liveByWorker = Array(repeating: LiveCounts(), count: workerCount)
        start = Atomic(startNanos)
    }

    /// The schedule starts now: called by the engine before any worker reads the clock of the run.
    func restart(atNanos nanos: UInt64) { start.store(nanos, ordering: .relaxed) }

    /// Asks every worker to stop (Ctrl-C, SIGTERM, a failed threshold with abortOnFail).
    public func requestStop(reason: String) {
        lock.lock()
        if reasonText == nil { reasonText = reason }
        lock.unlock()
        stopFlag.store(true, ordering: .relaxed)
    }

    /// Asks every worker to abort in-flight requests now instead of letting them finish (a second Ctrl-C).
    public func requestAbort(reason: String) {
        requestStop(reason: reason)
        abortFlag.store(true, ordering: .relaxed)
    }

    /// Whether an immediate abort was asked for.
    public var abortRequested: Bool { abortFlag.load(ordering: .relaxed) }

    /// Whether a stop was asked for.
    public var stopRequested: Bool { stopFlag.load(ordering: .relaxed) }

    /// Why the run was stopped, if it was.
    public var stopReason: String? {
        lock.lock(); defer { lock.unlock() }
        return reasonText
    }

    func report(_ sample: SecondSample, worker: Int, inFlight: Int, completedTotal: UInt64, live: LiveCounts = LiveCounts()) {
        lock.lock()
        liveByWorker[worker] = live
        accumulator.add(sample, fromWorker: worker)
        totalRequests &+= sample.requests
        totalHTTPErrors &+= sample.errors &- sample.errorCounts[ErrorKind.checkFailed.index]
        inFlightByWorker[worker] = inFlight
        completedByWorker[worker] = completedTotal
        lock.unlock()
    }

    /// A snapshot for live progress.
    public func snapshot() -> ProgressSnapshot {
        lock.lock()
        var snapshot = ProgressSnapshot(elapsedNanos: MonotonicClock.nowNanos() &- startNanos,
                                        latest: accumulator.latest, recent: Array(accumulator.points.suffix(5)),
                                        inFlight: inFlightByWorker.reduce(0, +),
                                        completed: completedByWorker.reduce(0, +),
                                        totalRequests: totalRequests, totalHTTPErrors: totalHTTPErrors,
                                        live: liveByWorker.reduce(LiveCounts(), +))
        let seconds = accumulator.recentLatency  // copies share storage: cheap under the lock
        var totals = accumulator.endpointTotals
        let pending = accumulator.pendingEndpointSeconds
        lock.unlock()
        // The seconds not finished yet count too, so live counters keep up with the run's request count; added
        // outside the lock. Pending seconds only grow until they finish, so the totals never go down.
        for endpoints in pending {
            while totals.count < endpoints.count { totals.append(EndpointTotals()) }
            for i in endpoints.indices { totals[i].add(endpoints[i]) }
        }
        snapshot.endpointTotals = totals
        // Made sparse outside the lock, so workers reporting their second never wait on it.
        snapshot.recentLatency = seconds.map { SecondHistogram(second: $0.second, latency: $0.latency.sparse) }
        return snapshot
    }

    func finishTimeSeries() -> (points: [TimeSeriesPoint], endpointWindows: [WindowSeries]) {
        lock.lock(); defer { lock.unlock() }
        accumulator.finishAll()
        return (accumulator.points, accumulator.endpointWindows)
    }
}

/// Live figures of a running test.
public struct ProgressSnapshot: Sendable {
    public var elapsedNanos: UInt64
    /// The last complete second.
    public var latest: TimeSeriesPoint?
    /// Up to the last five complete seconds.
    public var recent: [TimeSeriesPoint]
    public var inFlight: Int
    public var completed: UInt64
    /// Requests in the seconds reported so far, and those that failed below HTTP or with a status ≥ 400.
    public var totalRequests: UInt64
    public var totalHTTPErrors: UInt64
    /// Virtual users in an iteration, iterations ended, checks passed and failed, summed over the workers.
    public var live = LiveCounts()
    /// The latency histograms of the last finished seconds (up to five), exactly mergeable.
    public var recentLatency: [SecondHistogram] = []
    /// Per endpoint: requests by status and the duration histogram of every second reported (live outputs only).
    public var endpointTotals: [EndpointTotals] = []

    /// Live figures from their parts (a distributed run's coordinator rebuilds its agents').
    public init(elapsedNanos: UInt64, latest: TimeSeriesPoint?, recent: [TimeSeriesPoint], inFlight: Int, completed: UInt64,
                totalRequests: UInt64, totalHTTPErrors: UInt64, live: LiveCounts = LiveCounts(),
                recentLatency: [SecondHistogram] = []) {
        self.recentLatency = recentLatency
        (self.elapsedNanos, self.latest, self.recent, self.inFlight) = (elapsedNanos, latest, recent, inFlight)
        (self.completed, self.totalRequests, self.totalHTTPErrors, self.live) = (completed, totalRequests, totalHTTPErrors, live)
    }
}

/// What a worker tells the live panel besides requests: its virtual users in an iteration, the iterations it ended
/// and the checks its flows passed and failed so far.
public struct LiveCounts: Sendable, Equatable {
    public var activeVirtualUsers = 0
    public var iterations: UInt64 = 0
    public var checksPassed: UInt64 = 0
    public var checksFailed: UInt64 = 0

    public init(activeVirtualUsers: Int = 0, iterations: UInt64 = 0, checksPassed: UInt64 = 0, checksFailed: UInt64 = 0) {
        self.activeVirtualUsers = activeVirtualUsers
        self.iterations = iterations
        self.checksPassed = checksPassed
        self.checksFailed = checksFailed
    }

    /// Two workers' counts together.
    public static func + (left: LiveCounts, right: LiveCounts) -> LiveCounts {
        LiveCounts(activeVirtualUsers: left.activeVirtualUsers + right.activeVirtualUsers,
                   iterations: left.iterations &+ right.iterations, checksPassed: left.checksPassed &+ right.checksPassed,
                   checksFailed: left.checksFailed &+ right.checksFailed)
    }
}
