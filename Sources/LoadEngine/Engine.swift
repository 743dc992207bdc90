import BenchCore
import CCurl
import Foundation

/// Runs a load: starts one worker per thread, waits for them, merges what they measured.
public struct Engine: Sendable {
    public let configuration: EngineConfiguration
    /// Names of the endpoints requests are counted under (index = `HTTPRequestSpec.endpointIndex`).
    public let endpointNames: [String]

    public init(configuration: EngineConfiguration, endpointNames: [String]) {
        self.configuration = configuration
        self.endpointNames = endpointNames.isEmpty ? ["request"] : endpointNames
    }

    /// Problems that prevent the engine from starting.
    public enum StartProblem: Error, CustomStringConvertible {
        case invalidConfiguration([String])
        case curlUnavailable(String)
        public var description: String {
            switch self {
            case .invalidConfiguration(let problems): return problems.joined(separator: "\n")
            case .curlUnavailable(let why): return "libcurl could not be set up: \(why)"
            }
        }
    }

    /// Makes the shared control for a run; pass it to `run` and keep it to stop the run or watch progress.
    public func makeControl() -> RunControl {
        CurlGlobal.ensureInitialized()
        return RunControl(workerCount: configuration.threads, startNanos: MonotonicClock.nowNanos(),
                          keepsSecondHistograms: configuration.keepsSecondHistograms,
                          keepsEndpointTotals: configuration.keepsEndpointTotals)
    }

    /// Runs the load and returns everything measured. Blocks the calling thread until the workers stop.
    ///
    /// - Parameter makeDriver: builds worker `i`'s slot driver (called on the calling thread before start).
    public func run(control: RunControl, makeDriver: (Int) -> SlotDriver) throws -> EngineOutput {
        let problems = configuration.validate()
        guard problems.isEmpty else { throw StartProblem.invalidConfiguration(problems) }
        guard CurlGlobal.ensureInitialized() else { throw StartProblem.curlUnavailable("curl_global_init failed") }
        let openFileLimit = OpenFileLimit.raised
        let threads = configuration.threads
        var workers: [Worker] = []
        for index in 0..<threads {
            guard let worker = Worker(index: index, slots: slotCount(worker: index), config: configuration,
                                      control: control, driver: makeDriver(index), endpointNames: endpointNames,
                                      schedule: makeSchedule(worker: index), iterationLimit: iterationLimit(worker: index),
                                      workerCount: threads) else {
                throw StartProblem.curlUnavailable("could not create libcurl handles for worker \(index)")
            }
            workers.append(worker)
        }
        Self.handBackStartupPages()
        let group = DispatchGroup()
        // Open model: the workers open connections first; the schedule (the run's clock) starts when all are done.
        let warmupURL = configuration.preopenConnections > 0 ? configuration.warmupURL : nil
        let preopened = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        let preopenTimeoutNanos = UInt64(max(1, min(configuration.client.connectTimeoutMillis, 2_000))) * 1_000_000
        for worker in workers {
            group.enter()
            preopened.enter()
            let thread = Thread {
                if let warmupURL {
                    worker.preopen(url: warmupURL, headers: configuration.warmupHeaders, timeoutNanos: preopenTimeoutNanos)
                    preopened.leave()
                    go.wait()
                } else {
                    preopened.leave()
                }
                worker.run()
                group.leave()
            }
            thread.name = "crmbench-worker-\(worker.index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        if warmupURL != nil {
            preopened.wait()
            Self.handBackStartupPages()
            control.restart(atNanos: MonotonicClock.nowNanos())
            for _ in workers { go.signal() }
        }
        group.wait()
        let endNanos = MonotonicClock.nowNanos() &- control.startNanos
        let series = control.finishTimeSeries()
        return EngineOutput(workers: workers.map(\.output), endpointNames: endpointNames,
                            timeSeries: series.points, endpointWindows: series.endpointWindows, elapsedNanos: endNanos,
                            stopReason: control.stopReason, openFileLimit: openFileLimit)
    }

    /// Unmaps the code pages start-up touched (`ccurl_drop_own_code_pages`): what ran before the load (the runtime,
    /// parsing, loading the scenario, creating the handles, opening the connections) is not run again, so the run's
    /// peak memory is what the run holds, not what starting it touched.
    private static func handBackStartupPages() {
        #if os(Linux)
        _ = ccurl_drop_own_code_pages()
        #endif
    }

    /// Worker `index`'s share of the connections.
    func slotCount(worker index: Int) -> Int {
        let threads = configuration.threads
        return configuration.connections / threads + (index < configuration.connections % threads ? 1 : 0)
    }

    /// Worker `index`'s share of `maxIterations`.
    func iterationLimit(worker index: Int) -> UInt64? {
        let threads = UInt64(configuration.threads)
        return configuration.maxIterations.map { total in
            total / threads + (UInt64(index) < total % threads ? 1 : 0)
        }
    }

    /// Worker `index`'s share of the open model's arrivals; nil for a closed model.
    func makeSchedule(worker index: Int) -> (any ArrivalSchedule)? {
        guard let profile = configuration.model.rateProfile, let arrivals = configuration.model.arrivals else { return nil }
        switch arrivals {
        case .uniform:
            return UniformArrivals(profile: profile, worker: index, workers: configuration.threads)
        case .poisson:
            return PoissonArrivals(profile: profile, seed: configuration.arrivalSeed, worker: index, workers: configuration.threads)
        }
    }
}

/// Everything a run measured, merged over the workers.
public struct EngineOutput: Sendable {
    /// Per endpoint, in the order of the endpoint names.
    public var endpoints: [EndpointMetrics]
    /// All endpoints together.
    public var overall: EndpointMetrics
    public var lag: LatencyHistogram
    /// The lag of arrivals due in the first second, and of those due after it.
    public var warmupLag: LatencyHistogram
    /// TCP connect and TLS handshake times of the connections opened before the schedule (not in any request's).
    public var warmupConnect: LatencyHistogram
    public var warmupTLS: LatencyHistogram
    public var steadyLag: LatencyHistogram
    /// Connections opened before the schedule started, and by requests due in the first second.
    public var preopenedConnections: Int
    public var connectsFirstSecond: UInt64
    /// Connections opened in all, warm-up included.
    public var connectionsOpened: UInt64
    /// Open model: arrivals that found every slot busy at their time.
    public var blockedArrivals: UInt64
    public var timeSeries: [TimeSeriesPoint]
    /// Per endpoint: requests, errors and coarse latency per window (`WindowSeries`).
    public var endpointWindows: [WindowSeries]
    public var requests: UInt64
    public var completedIterations: UInt64
    public var interruptedIterations: UInt64
    public var abortedRequests: UInt64
    public var lateArrivals: UInt64
    public var droppedArrivals: UInt64
    /// Closed model: waits of virtual users after a request that got no response (see `WorkerStateMachine`).
    public var transportBackoffs: UInt64
    /// Per worker: CPU time / wall time.
    public var cpuBusyFraction: [Double]
    public var cpuSeconds: Double
    /// From the run's start to the last worker's stop.
    public var elapsedNanos: UInt64
    /// Set when the run was stopped before its end.
    public var stopReason: String?
    /// Per worker: the event loop it ran (of every run merged into this output, in order).
    public var eventLoops: [EngineConfiguration.EventLoop]
    /// The process's open-file limit during the run (the soft limit, raised to the hard limit at the first run);
    /// nil when unknown.
    public var openFileLimit: UInt64?

    init(workers: [WorkerOutput], endpointNames: [String], timeSeries: [TimeSeriesPoint], endpointWindows: [WindowSeries] = [],
         elapsedNanos: UInt64,
         stopReason: String?, openFileLimit: UInt64? = nil) {
        var endpoints = endpointNames.map { EndpointMetrics(name: $0) }
        var lag = LatencyHistogram()
        var warmupLag = LatencyHistogram()
        var steadyLag = LatencyHistogram()
        var warmupConnect = LatencyHistogram(), warmupTLS = LatencyHistogram()
        for worker in workers {
            warmupConnect.add(worker.warmupConnect)
            warmupTLS.add(worker.warmupTLS)
            for i in endpoints.indices { endpoints[i].add(worker.endpoints[i]) }
            lag.add(worker.lag)
            warmupLag.add(worker.warmupLag)
            steadyLag.add(worker.steadyLag)
        }
        self.warmupLag = warmupLag
        self.steadyLag = steadyLag
        (self.warmupConnect, self.warmupTLS) = (warmupConnect, warmupTLS)
        preopenedConnections = workers.reduce(0) { $0 + $1.preopenedConnections }
        connectsFirstSecond = workers.reduce(0) { $0 + $1.connectsFirstSecond }
        connectionsOpened = workers.reduce(0) { $0 + $1.connectionsOpened }
        blockedArrivals = workers.reduce(0) { $0 + $1.blockedArrivals }
        var overall = EndpointMetrics(name: "all")
        for endpoint in endpoints { overall.add(endpoint) }
        self.endpoints = endpoints
        self.overall = overall
        self.lag = lag
        self.timeSeries = timeSeries
        // One series per endpoint, also for endpoints that never completed a request.
        self.endpointWindows = endpointNames.indices.map { $0 < endpointWindows.count ? endpointWindows[$0] : WindowSeries() }
        requests = workers.reduce(0) { $0 + $1.requests }
        completedIterations = workers.reduce(0) { $0 + $1.completedIterations }
        interruptedIterations = workers.reduce(0) { $0 + $1.interruptedIterations }
        abortedRequests = workers.reduce(0) { $0 + $1.abortedRequests }
        lateArrivals = workers.reduce(0) { $0 + $1.lateArrivals }
        droppedArrivals = workers.reduce(0) { $0 + $1.droppedArrivals }
        transportBackoffs = workers.reduce(0) { $0 + $1.transportBackoffs }
        cpuBusyFraction = workers.map { $0.wallNanos > 0 ? Double($0.cpuNanos) / Double($0.wallNanos) : 0 }
        cpuSeconds = Double(workers.reduce(0) { $0 + $1.cpuNanos }) / 1e9
        self.elapsedNanos = elapsedNanos
        self.stopReason = stopReason
        eventLoops = workers.map(\.eventLoop)
        self.openFileLimit = openFileLimit
    }
}

extension EngineOutput {
    /// Requests that failed inside the generator (descriptors, ports, memory): they never reached the server.
    public var localResourceFailures: UInt64 { overall.errorCounts[ErrorKind.localResources.index] }

    /// The warning for the summary when requests failed inside the generator; nil when none did.
    public var localResourcesWarning: String? {
        ErrorKind.localResourcesWarning(failures: localResourceFailures, openFileLimit: openFileLimit)
    }
}

extension EngineOutput {
    /// This output followed by `next` (a later run, e.g. the next sweep level): metrics merged, time series
    /// continued after this one's last second.
    public func followed(by next: EngineOutput) -> EngineOutput {
        var merged = combined(with: next, offsetSeconds: (timeSeries.last?.second ?? -1) + 1)
        // One after the other: the durations add, and each worker's busy share is weighted by its run's length.
        let total = Double(elapsedNanos + next.elapsedNanos)
        merged.cpuBusyFraction = zip(cpuBusyFraction, next.cpuBusyFraction).map { a, b in
            total > 0 ? (a * Double(elapsedNanos) + b * Double(next.elapsedNanos)) / total : 0
        }
        merged.elapsedNanos = elapsedNanos + next.elapsedNanos
        return merged
    }
}
