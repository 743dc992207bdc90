/// The serialized form of a `LatencyHistogram`: only its non-zero buckets.
///
/// Decoding records each bucket's count at the bucket's value, which lands in the same bucket, so a decoded
/// histogram equals the original and two decoded histograms merge exactly.
public struct SparseHistogram: Codable, Sendable, Equatable {
    /// Unit of the values: always "us" (microseconds).
    public var unit: String
    /// Significant digits of the histogram the buckets came from.
    public var significantDigits: Int
    /// Highest trackable value in microseconds.
    public var highestTrackableMicros: UInt64
    /// Values above the range that were clamped.
    public var clampedCount: UInt64
    /// Pairs `[valueMicros, count]` of the non-zero buckets, ascending.
    public var buckets: [[UInt64]]

    /// Errors found when turning a sparse histogram back into a histogram.
    public enum DecodingProblem: Error, Equatable, CustomStringConvertible {
        case incompatible(String)
        case malformedBucket(index: Int)
        public var description: String {
            switch self {
            case .incompatible(let why): return "histogram is not compatible: \(why)"
            case .malformedBucket(let index): return "histogram bucket \(index) is not a [value, count] pair"
            }
        }
    }
}

extension LatencyHistogram {
    /// The compact serialized form.
    public var sparse: SparseHistogram {
        SparseHistogram(unit: "us", significantDigits: 3, highestTrackableMicros: Self.highestTrackableMicros,
                        clampedCount: clampedCount, buckets: sparseBuckets)
    }

    /// The buckets, the last one given by the exact largest value recorded (it lies in that bucket): a decoded
    /// histogram then keeps the exact maximum, which caps its high percentiles as it capped the original's.
    private var sparseBuckets: [[UInt64]] {
        var pairs = buckets.map { [$0.valueMicros, $0.count] }
        if !pairs.isEmpty { pairs[pairs.count - 1][0] = maxRecordedMicros }
        return pairs
    }

    /// Rebuilds a histogram from its serialized form.
    public init(sparse: SparseHistogram) throws {
        guard sparse.unit == "us", sparse.significantDigits == 3,
              sparse.highestTrackableMicros == Self.highestTrackableMicros else {
            throw SparseHistogram.DecodingProblem.incompatible(
                "expected unit us, 3 digits, max \(Self.highestTrackableMicros)")
        }
        self.init()
        for (index, pair) in sparse.buckets.enumerated() {
            guard pair.count == 2 else { throw SparseHistogram.DecodingProblem.malformedBucket(index: index) }
            record(micros: pair[0], count: pair[1])
        }
        clampedStorage = sparse.clampedCount
    }
}
