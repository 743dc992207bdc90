/// Builds the per-second time series from the workers' samples with bounded memory.
///
/// Workers hand over a sample when their second ends. A second is reduced to its point (histograms dropped) as
/// soon as every worker has reported it or reported a later one, so only a few seconds are ever pending.
public struct TimeSeriesAccumulator: Sendable {
    private let workerCount: Int
    private var pending: [Int: (sample: SecondSample, reporters: Set<Int>)] = [:]
    private var latestSecondByWorker: [Int]
    /// The finished points, in second order.
    public private(set) var points: [TimeSeriesPoint] = []
    /// Per endpoint index: its windows (bounded, see `WindowSeries`), as far as finished.
    public private(set) var endpointWindows: [WindowSeries] = []
    /// Whether the last few finished seconds keep their latency histograms (`recentLatency`); off unless a live
    /// consumer merges them exactly across processes (a distributed run's agent).
    public var keepsRecentLatency = false
    /// The latency histograms (successful responses) of the last five finished seconds, when kept. Stored as they
    /// were finished: no conversion here, on the workers' once-a-second path.
    public private(set) var recentLatency: [(second: Int, latency: LatencyHistogram)] = []

    /// Whether every endpoint's totals since the start are kept (`endpointTotals`); off unless a live output
    /// exports per-endpoint counters and duration histograms.
    public var keepsEndpointTotals = false
    /// Per endpoint index: requests by status and the duration histogram over the finished seconds, when kept.
    public private(set) var endpointTotals: [EndpointTotals] = []

    /// The endpoints of the seconds some worker reported but not all yet (empty unless `keepsEndpointTotals`):
    /// added to `endpointTotals` they give every request reported so far, as the run's request count does.
    public var pendingEndpointSeconds: [[EndpointSecond]] {
        keepsEndpointTotals ? pending.values.map(\.sample.endpoints) : []
    }

    /// Creates an accumulator for `workerCount` workers.
    public init(workerCount: Int) {
        self.workerCount = max(1, workerCount)
        latestSecondByWorker = Array(repeating: -1, count: max(1, workerCount))
    }

    /// Adds a worker's sample and finishes every second all workers have moved past.
    public mutating func add(_ sample: SecondSample, fromWorker worker: Int) {
        if var entry = pending[sample.second] {
            entry.sample.add(sample)
            entry.reporters.insert(worker)
            pending[sample.second] = entry
        } else {
            pending[sample.second] = (sample, [worker])
        }
        if worker >= 0 && worker < latestSecondByWorker.count {
            latestSecondByWorker[worker] = max(latestSecondByWorker[worker], sample.second)
        }
        let horizon = latestSecondByWorker.min() ?? -1
        finish(upTo: horizon)
    }

    /// Finishes every pending second (at the end of a run).
    public mutating func finishAll() { finish(upTo: Int.max) }

    /// The most recent finished point, for live progress.
    public var latest: TimeSeriesPoint? { points.last }

    /// Adds a finished second to every endpoint's windows; an endpoint first seen now starts with empty
    /// windows from the run's first second, so every series covers the same seconds.
    private mutating func addWindows(_ sample: SecondSample) {
        let first = points.first?.second ?? sample.second
        while endpointWindows.count < sample.endpoints.count {
            var series = WindowSeries()
            if first < sample.second { series.add(WindowSeries.Window(second: first)) }
            endpointWindows.append(series)
        }
        for i in endpointWindows.indices {
            endpointWindows[i].append(second: sample.second, i < sample.endpoints.count ? sample.endpoints[i] : EndpointSecond())
        }
    }

    private mutating func finish(upTo horizon: Int) {
        let ready = pending.keys.filter { $0 <= horizon }.sorted()
        for second in ready {
            guard let entry = pending.removeValue(forKey: second) else { continue }
            // Fill seconds in which nothing completed, so the series has no holes.
            let next = (points.last?.second ?? -1) + 1
            if second > next {
                for gap in next..<second { points.append(SecondSample(second: gap).point) }
            }
            if let last = points.last, last.second == second {
                continue
            }
            points.append(entry.sample.point)
            addWindows(entry.sample)
            if keepsEndpointTotals {
                while endpointTotals.count < entry.sample.endpoints.count { endpointTotals.append(EndpointTotals()) }
                for i in entry.sample.endpoints.indices { endpointTotals[i].add(entry.sample.endpoints[i]) }
            }
            if keepsRecentLatency {
                recentLatency.append((second, entry.sample.latency))
                if recentLatency.count > 5 { recentLatency.removeFirst(recentLatency.count - 5) }
            }
        }
    }
}

/// One second's latency histogram, in its exactly mergeable sparse form.
public struct SecondHistogram: Codable, Sendable, Equatable {
    public var second: Int
    public var latency: SparseHistogram
    public init(second: Int, latency: SparseHistogram) {
        self.second = second
        self.latency = latency
    }
}

extension SecondHistogram {
    /// Several series of seconds as one: the histograms of the same second added bucket by bucket, in second order.
    public static func merged(_ series: [[SecondHistogram]]) -> [SecondHistogram] {
        var bySecond: [Int: LatencyHistogram] = [:]
        for item in series.joined() {
            guard let histogram = try? LatencyHistogram(sparse: item.latency) else { continue }
            bySecond[item.second, default: LatencyHistogram()].add(histogram)
        }
        return bySecond.keys.sorted().map { SecondHistogram(second: $0, latency: bySecond[$0]!.sparse) }
    }
}
