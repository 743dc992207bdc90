/// The fixed bucket bounds of the live duration histogram (`k6_http_req_duration_seconds_bucket`): eight buckets
/// per power of two from 256 µs to 2^26 µs (67.1 s), each at most 12.5 % wider than the one below, then +Inf.
///
/// Every bound, 2^e·(8+j)/8 µs, is an edge of `CoarseHistogram` (32 buckets per octave, of which these are every
/// fourth), so the counts come from the per-endpoint second histograms exactly, with no bucket split by guesswork.
/// A bound counts durations below it, to the microsecond (Prometheus' `le` is "at most"; a duration of exactly
/// the bound lands one bucket up, 1 µs off).
public enum DurationBuckets {
    /// The first bound is 2^8 µs: below a quarter of a millisecond only loopback answers, and one bucket holds it.
    public static let lowestExponent = 8
    /// The last finite bound is 2^26 µs (67.1 s), past any request timeout crmbench allows by default (60 s).
    public static let highestExponent = 26
    public static let perOctave = 8

    /// The finite upper bounds, in microseconds, ascending (145 of them).
    public static let boundsMicros: [UInt64] = {
        var bounds: [UInt64] = []
        for exponent in lowestExponent..<highestExponent {
            for step in 0..<perOctave { bounds.append((UInt64(1) << UInt64(exponent)) * UInt64(perOctave + step) / UInt64(perOctave)) }
        }
        bounds.append(UInt64(1) << UInt64(highestExponent))
        return bounds
    }()

    /// Number of buckets: one per finite bound and the +Inf bucket.
    public static var count: Int { boundsMicros.count + 1 }

    /// For each `CoarseHistogram` bucket, the duration bucket it falls in (`boundsMicros.count` is +Inf).
    public static let indexOfCoarse: [Int] = (0..<CoarseHistogram.bucketCount).map { coarse in
        index(micros: CoarseHistogram.lowerEdgeMicros(index: coarse))
    }

    /// The bucket of a duration: the first bound above it.
    public static func index(micros: UInt64) -> Int {
        var low = 0, high = boundsMicros.count
        while low < high {
            let middle = (low + high) / 2
            if boundsMicros[middle] > micros { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
