/// A small, fast, seedable random source: SplitMix64, from Steele, Lea and Flood, "Fast splittable pseudorandom
/// number generators" (OOPSLA 2014). It passes BigCrush, which is more than enough for arrivals, think times,
/// feeders and bootstrap resampling.
///
/// Each virtual user gets its own generator, so runs are reproducible from a seed and need no locks; the
/// statistics seed one per metric, so the same inputs and seed give the same intervals and verdicts.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    private var state: UInt64
    /// Box–Muller makes normals in pairs; the second is kept for the next `nextNormal()`.
    var spareNormal: Double?

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// A generator seeded from a base seed and a label (e.g. a metric name), so that each metric draws its own
    /// stream and adding a metric does not change the others' results.
    public init(seed: UInt64, label: String) {
        self.init(seed: seed ^ UInt64(ContentHash.fnv1a([label]), radix: 16)!)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A generator for another virtual user or worker, independent of this one.
    public mutating func split() -> SplitMix64 {
        SplitMix64(seed: next())
    }
}
