import Histogram

/// An HDR histogram of durations in microseconds (1 µs to 1 h, 3 significant digits).
///
/// Every histogram in a run is created from this one configuration, so any two can be merged exactly.
/// Values above the range are clamped to the highest trackable value and counted in `clampedCount`.
public struct LatencyHistogram: Sendable, Equatable {
    /// The highest value tracked: one hour in microseconds.
    public static let highestTrackableMicros: UInt64 = 3_600_000_000
    /// The largest value a bucket can report: the top of the bucket holding `highestTrackableMicros`.
    public static let highestBucketMicros = LatencyHistogram().storage.highestEquivalentForValue(highestTrackableMicros)

    @usableFromInline var storage: Histogram<UInt64>
    @usableFromInline var clampedStorage: UInt64 = 0
    /// How many recorded values were above the trackable range and clamped.
    public var clampedCount: UInt64 { clampedStorage }

    /// Creates an empty histogram.
    public init() { storage = Self.emptyStorage }

    /// What every new histogram starts as. Its counts (188 KB) are shared until first written, so a histogram
    /// that is never recorded into (the TLS times of a plain-HTTP run, the open model's lag in a closed run) costs
    /// no memory of its own; one that is gets its own copy then.
    private static let emptyStorage = Histogram<UInt64>(lowestDiscernibleValue: 1,
                                                         highestTrackableValue: highestTrackableMicros,
                                                         numberOfSignificantValueDigits: .three)

    /// Records one duration in microseconds.
    @inlinable
    public mutating func record(micros: UInt64) {
        if micros > Self.highestTrackableMicros {
            clampedStorage &+= 1
            storage.record(Self.highestTrackableMicros)
        } else {
            storage.record(micros)
        }
    }

    /// Records `count` occurrences of a duration.
    public mutating func record(micros: UInt64, count: UInt64) {
        guard count > 0 else { return }
        storage.record(min(micros, Self.highestTrackableMicros), count: count)
    }

    /// Adds every value of `other` into this histogram (exact: both share one configuration).
    public mutating func add(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        storage.add(other.storage)
        clampedStorage &+= other.clampedStorage
    }

    /// Empties the histogram, keeping its allocation.
    public mutating func reset() {
        storage.reset()
        clampedStorage = 0
    }

    /// Number of values recorded.
    public var count: UInt64 { storage.totalCount }
    /// The exact largest value recorded (`maxMicros` is its bucket's highest equivalent value).
    var maxRecordedMicros: UInt64 { storage.maxRecorded }
    /// Smallest value recorded (0 when empty).
    public var minMicros: UInt64 { count == 0 ? 0 : storage.min }
    /// Largest value recorded (0 when empty).
    public var maxMicros: UInt64 { count == 0 ? 0 : storage.max }
    /// Mean of the values recorded (0 when empty).
    public var meanMicros: Double { count == 0 ? 0 : storage.mean }
    /// Standard deviation of the values recorded (0 when empty).
    public var stdDevMicros: Double { count == 0 ? 0 : storage.stdDeviation }

    /// The value at a percentile in 0...100 (0 when empty).
    public func valueAt(percentile: Double) -> UInt64 {
        count == 0 ? 0 : storage.valueAtPercentile(percentile)
    }

    /// The non-zero buckets as `(value, count)` pairs, ascending: the compact, exactly mergeable form.
    public var buckets: [(valueMicros: UInt64, count: UInt64)] {
        guard count > 0 else { return [] }
        var result: [(UInt64, UInt64)] = []
        for item in storage.recordedValues() {
            result.append((item.value, UInt64(item.count)))
        }
        return result
    }

    /// A percentile distribution for plotting: (percentile, value) at log-spaced percentile ticks.
    public func percentileCurve(ticksPerHalfDistance: Int = 5) -> [(percentile: Double, valueMicros: UInt64)] {
        guard count > 0 else { return [] }
        var result: [(Double, UInt64)] = []
        for item in storage.percentiles(ticksPerHalfDistance: ticksPerHalfDistance) {
            result.append((item.percentileLevelIteratedTo, item.value))
            if result.count > 400 { break }
        }
        return result
    }

    public static func == (lhs: LatencyHistogram, rhs: LatencyHistogram) -> Bool {
        lhs.clampedCount == rhs.clampedCount && lhs.storage == rhs.storage
    }
}
