/// A small, fixed-size latency histogram for one endpoint's second: 32 buckets per power of two (at most 3.2 %
/// wide), exact below 64 µs, up to one hour.
///
/// The run's exact histograms (`LatencyHistogram`, 3 significant digits) are too large to keep one per endpoint
/// per second; `compare` needs per-second latency per endpoint only to resample whole seconds, where 3 % buckets
/// move a percentile's interval by less than the bucket width and its point estimate not at all (that comes from
/// the exact histogram).
public struct CoarseHistogram: Sendable, Equatable {
    /// Number of buckets: 64 exact values, then 32 per octave from 2^6 to 2^31 µs.
    public static let bucketCount = 64 + 26 * 32
    @usableFromInline var counts: [UInt32]
    @usableFromInline var totalStorage: UInt64 = 0
    /// Values recorded.
    public var total: UInt64 { totalStorage }

    public init() { counts = [UInt32](repeating: 0, count: Self.bucketCount) }

    /// The bucket of a duration (clamped to the last bucket above an hour).
    @inlinable
    public static func index(micros: UInt64) -> Int {
        let v = min(micros, LatencyHistogram.highestTrackableMicros)
        if v < 64 { return Int(v) }
        let exponent = 63 - v.leadingZeroBitCount  // 6...31
        let sub = Int((v >> UInt64(exponent - 5)) & 31)
        return 64 + (exponent - 6) * 32 + sub
    }

    /// The value a bucket stands for: its middle (exact below 64 µs).
    public static func representativeMicros(index: Int) -> UInt64 {
        if index < 64 { return UInt64(max(0, index)) }
        let exponent = (index - 64) / 32 + 6
        let sub = UInt64((index - 64) % 32)
        let width = UInt64(1) << UInt64(exponent - 5)
        return (32 + sub) * width + width / 2
    }

    /// The smallest duration a bucket holds (its lower edge; exact below 64 µs).
    public static func lowerEdgeMicros(index: Int) -> UInt64 {
        if index < 64 { return UInt64(max(0, index)) }
        let exponent = (index - 64) / 32 + 6
        return (32 + UInt64((index - 64) % 32)) << UInt64(exponent - 5)
    }

    /// How many durations each bucket holds, by index (for mapping onto other bounds).
    public func count(index: Int) -> UInt64 { UInt64(counts[index]) }

    /// Records one duration.
    @inlinable
    public mutating func record(micros: UInt64) {
        counts[Self.index(micros: micros)] &+= 1
        totalStorage &+= 1
    }

    /// Adds another histogram's counts.
    public mutating func add(_ other: CoarseHistogram) {
        guard other.total > 0 else { return }
        for i in counts.indices where other.counts[i] > 0 { counts[i] &+= other.counts[i] }
        totalStorage &+= other.total
    }

    /// The non-empty buckets as one flat array, `[valueMicros, count, valueMicros, count, …]`, ascending.
    public var flatPairs: [UInt64] {
        guard total > 0 else { return [] }
        var result: [UInt64] = []
        for i in counts.indices where counts[i] > 0 {
            result.append(Self.representativeMicros(index: i))
            result.append(UInt64(counts[i]))
        }
        return result
    }
}
