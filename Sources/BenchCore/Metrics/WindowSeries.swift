/// One endpoint's requests, errors and latency per window of the run, bounded in length.
///
/// Windows are one second long until there would be more than `maximumWindows`; then neighbours are merged and
/// the window doubles, so a run of any length keeps at most `maximumWindows` (a one-hour run: 16 s windows).
/// `compare` resamples them in blocks (`WindowBootstrap`), which gives an endpoint the same treatment as the
/// whole run: seconds of a load test are not independent, requests even less so.
public struct WindowSeries: Codable, Sendable, Equatable {
    /// Most windows kept.
    public static let maximumWindows = 240

    /// One window.
    public struct Window: Codable, Sendable, Equatable {
        /// Start of the window, in seconds since the run started.
        public var second: Int
        public var requests: UInt64
        public var errors: UInt64
        /// Successful responses' latency in buckets at most 3.2 % wide (`CoarseHistogram`): bucket value (µs,
        /// ascending) and count, interleaved `[value0, count0, value1, count1, …]`. One flat array per window, not
        /// an array per pair: a run keeps up to 240 windows per endpoint and per flow, and thousands of two-number
        /// arrays living among the run's short-lived allocations pinned heap pages (peak RSS grew with the run).
        public var latencyFlat: [UInt64]

        /// The latency buckets, ascending by value.
        public var buckets: [(valueMicros: UInt64, count: UInt64)] {
            stride(from: 0, to: latencyFlat.count - 1, by: 2).map { (latencyFlat[$0], latencyFlat[$0 + 1]) }
        }

        /// The latency buckets as `[valueMicros, count]` pairs (as `result.json` writes them).
        public var latency: [[UInt64]] { buckets.map { [$0.valueMicros, $0.count] } }

        /// A window; `latency` as `[valueMicros, count]` pairs, ascending by value (other shapes are left out).
        public init(second: Int, requests: UInt64 = 0, errors: UInt64 = 0, latency: [[UInt64]] = []) {
            self.init(second: second, requests: requests, errors: errors,
                      latencyFlat: latency.filter { $0.count == 2 }.flatMap { $0 })
        }

        /// A window with its buckets already flat (`[value, count, …]`, ascending by value).
        public init(second: Int, requests: UInt64, errors: UInt64, latencyFlat: [UInt64]) {
            self.second = second
            self.requests = requests
            self.errors = errors
            self.latencyFlat = latencyFlat
        }

        /// Adds another window's counts (the buckets merged by value).
        public mutating func add(_ other: Window) {
            requests += other.requests
            errors += other.errors
            if other.latencyFlat.count == 2 {
                insert(value: other.latencyFlat[0], count: other.latencyFlat[1])
            } else {
                latencyFlat = Self.mergedFlat(latencyFlat, other.latencyFlat)
            }
        }

        /// Adds `count` to the bucket of `value` in place (a flow's iterations arrive one at a time).
        mutating func insert(value: UInt64, count: UInt64) {
            var low = 0, high = latencyFlat.count / 2
            while low < high {
                let mid = (low + high) / 2
                if latencyFlat[2 * mid] < value { low = mid + 1 } else { high = mid }
            }
            if 2 * low < latencyFlat.count, latencyFlat[2 * low] == value {
                latencyFlat[2 * low + 1] += count
            } else {
                latencyFlat.insert(contentsOf: [value, count], at: 2 * low)
            }
        }

        static func mergedFlat(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
            if a.isEmpty { return b }
            if b.isEmpty { return a }
            var result: [UInt64] = []
            result.reserveCapacity(a.count + b.count)
            var i = 0, j = 0
            while i + 1 < a.count || j + 1 < b.count {
                if j + 1 >= b.count || (i + 1 < a.count && a[i] < b[j]) {
                    result.append(a[i]); result.append(a[i + 1]); i += 2
                } else if i + 1 >= a.count || b[j] < a[i] {
                    result.append(b[j]); result.append(b[j + 1]); j += 2
                } else {
                    result.append(a[i]); result.append(a[i + 1] + b[j + 1]); i += 2; j += 2
                }
            }
            return result
        }

        private enum CodingKeys: String, CodingKey { case second, requests, errors, latency }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let pairs = try container.decode([[UInt64]].self, forKey: .latency)
            if let bad = pairs.firstIndex(where: { $0.count != 2 }) {
                throw DecodingError.dataCorruptedError(
                    forKey: .latency, in: container,
                    debugDescription: "expected [valueMicros, count] pairs, found \(pairs[bad].count) numbers at latency[\(bad)]")
            }
            self.init(second: try container.decode(Int.self, forKey: .second),
                      requests: try container.decode(UInt64.self, forKey: .requests),
                      errors: try container.decode(UInt64.self, forKey: .errors), latencyFlat: pairs.flatMap { $0 })
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(second, forKey: .second)
            try container.encode(requests, forKey: .requests)
            try container.encode(errors, forKey: .errors)
            var pairs = container.nestedUnkeyedContainer(forKey: .latency)
            for bucket in buckets {
                var pair = pairs.nestedUnkeyedContainer()
                try pair.encode(bucket.valueMicros)
                try pair.encode(bucket.count)
            }
        }
    }

    /// Length of every window in seconds (1, 2, 4, …).
    public var windowSeconds: Int
    /// The windows, in time order, without holes (a window where nothing happened has zero counts).
    public var windows: [Window]

    public init(windowSeconds: Int = 1, windows: [Window] = []) {
        self.windowSeconds = max(1, windowSeconds)
        self.windows = windows
    }

    /// Adds one second (`second` at or after the last one added); seconds skipped become empty windows.
    public mutating func append(second: Int, _ data: EndpointSecond) {
        add(Window(second: second, requests: data.requests, errors: data.errors, latencyFlat: data.latency.flatPairs))
    }

    /// Adds a window of at most `windowSeconds` starting at `window.second`, merged into the window holding it.
    public mutating func add(_ window: Window) {
        let start = window.second - window.second % windowSeconds
        var moved = window
        moved.second = start
        if let last = windows.last, last.second > start {
            // Out of order (a workload that started later, merged in): find its window.
            if let i = windows.firstIndex(where: { $0.second == start }) { windows[i].add(moved) }
            return
        }
        if let last = windows.last, last.second == start {
            windows[windows.count - 1].add(moved)
        } else {
            var next = (windows.last?.second ?? start - windowSeconds) + windowSeconds
            while next < start {
                windows.append(Window(second: next))
                next += windowSeconds
            }
            windows.append(moved)
        }
        while windows.count > Self.maximumWindows { coarsen() }
    }

    /// Doubles the window length, merging neighbours.
    public mutating func coarsen() {
        let wider = windowSeconds * 2
        var merged: [Window] = []
        for window in windows {
            let start = window.second - window.second % wider
            var moved = window
            moved.second = start
            if let last = merged.last, last.second == start { merged[merged.count - 1].add(moved) } else { merged.append(moved) }
        }
        windowSeconds = wider
        windows = merged
    }

    /// This series and another measured at the same time, `offsetSeconds` later (a second workload, or the next
    /// level of a sweep), window by window.
    public func merged(with other: WindowSeries, offsetSeconds: Int) -> WindowSeries {
        var result = self
        var shifted = other
        shifted.windows = other.windows.map { var w = $0; w.second += offsetSeconds; return w }
        while result.windowSeconds < shifted.windowSeconds { result.coarsen() }
        while shifted.windowSeconds < result.windowSeconds { shifted.coarsen() }
        // Windows of the other series in time order; those before this one's first start a new series.
        var all = (result.windows + shifted.windows).sorted { $0.second < $1.second }
        var combined = WindowSeries(windowSeconds: result.windowSeconds)
        if all.isEmpty { return combined }
        let first = all.removeFirst()
        combined.windows = [first]
        for window in all { combined.add(window) }
        return combined
    }

    /// The series with empty windows before its first, so that it starts at second 0 like the run (a flow whose
    /// first iteration ended in second 3 had none in seconds 0–2).
    public var fromRunStart: WindowSeries {
        guard let first = windows.first, first.second > 0 else { return self }
        var padded = WindowSeries(windowSeconds: windowSeconds, windows: [Window(second: 0)])
        for window in windows { padded.add(window) }
        return padded
    }

    /// The windows that lie wholly inside the first `plannedSeconds` (none of the drain after the end), without
    /// the first (ramp-up) when five or more remain. Nil planned duration: every window.
    public func fullWindows(plannedSeconds: Double) -> [Window] {
        let end = plannedSeconds > 0 ? Int(plannedSeconds.rounded(.down)) : Int.max
        let inside = windows.filter { $0.second + windowSeconds <= end }
        return inside.count >= 5 ? Array(inside.dropFirst()) : inside
    }
}
