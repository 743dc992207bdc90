import Foundation

/// A small, fast, seedable random number generator (SplitMix64), so that every resampling is reproducible:
/// the same inputs and seed give the same intervals and verdicts.
///
/// SplitMix64 is Steele, Lea and Flood, "Fast splittable pseudorandom number generators" (OOPSLA 2014); it passes
/// BigCrush and is more than enough for bootstrap resampling.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// Box–Muller makes normals in pairs; the second is kept for the next call.
    private var spareNormal: Double?

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator seeded from a base seed and a label (e.g. a metric name), so that each metric draws its own
    /// stream and adding a metric does not change the others' results.
    public init(seed: UInt64, label: String) {
        state = seed ^ UInt64(ContentHash.fnv1a([label]), radix: 16)!
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound (bound > 0).
    public mutating func nextIndex(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// A standard normal draw (Box–Muller).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = max(nextUnit(), 0x1.0p-53)
        let u2 = nextUnit()
        let radius = (-2 * log(u1)).squareRoot()
        spareNormal = radius * sin(2 * Double.pi * u2)
        return radius * cos(2 * Double.pi * u2)
    }

    /// A Poisson draw with mean `lambda`: exact (Knuth's product of uniforms) below 30, a rounded normal
    /// approximation above, where its error is far below the bootstrap's own noise.
    public mutating func nextPoisson(mean lambda: Double) -> Double {
        nextPoisson(mean: lambda, expNegativeMean: lambda < 30 ? exp(-lambda) : 0)
    }

    /// A Poisson draw with `exp(-lambda)` computed once by the caller (it draws many times from the same means).
    public mutating func nextPoisson(mean lambda: Double, expNegativeMean limit: Double) -> Double {
        guard lambda > 0 else { return 0 }
        if lambda < 30 {
            var product = nextUnit()
            var k = 0.0
            while product > limit {
                k += 1
                product *= nextUnit()
            }
            return k
        }
        return max(0, (lambda + lambda.squareRoot() * nextNormal()).rounded())
    }
}
