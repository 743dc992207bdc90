import Foundation

/// Draws from other distributions, for the bootstrap resampling and the synthetic fixtures.
extension SplitMix64 {
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
        let u1 = max(nextUnitDouble(), 0x1.0p-53)
        let u2 = nextUnitDouble()
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
            var product = nextUnitDouble()
            var k = 0.0
            while product > limit {
                k += 1
                product *= nextUnitDouble()
            }
            return k
        }
        return max(0, (lambda + lambda.squareRoot() * nextNormal()).rounded())
    }
}
