/// A predicted figure with its confidence interval: value, lower and upper bound at `level`.
///
/// Without an interval (the fit had no covariance) `lower` and `upper` are nil, and a reader must be told so.
public struct Estimate: Equatable, Sendable, Codable {
    /// The point prediction.
    public let value: Double
    /// Lower bound of the interval; nil when no interval could be computed.
    public let lower: Double?
    /// Upper bound of the interval; nil when no interval could be computed.
    public let upper: Double?
    /// Confidence level of the interval, e.g. 0.95.
    public let level: Double

    /// A value without an interval.
    public init(value: Double) {
        self.value = value
        lower = nil
        upper = nil
        level = 0.95
    }

    /// value ± t·standardError (a symmetric interval).
    public init(value: Double, standardError: Double, t: Double, level: Double) {
        self.value = value
        lower = standardError.isFinite ? value - t * standardError : nil
        upper = standardError.isFinite ? value + t * standardError : nil
        self.level = level
    }

    /// An interval given by its bounds.
    public init(value: Double, lower: Double?, upper: Double?, level: Double = 0.95) {
        self.value = value
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// Whether the interval exists.
    public var hasInterval: Bool { lower != nil && upper != nil }

    /// Whether `x` lies in the interval (false without one).
    public func contains(_ x: Double) -> Bool {
        guard let lower, let upper else { return false }
        return x >= lower && x <= upper
    }

    /// The same estimate with bounds no lower than `floor` (a throughput or latency cannot go below zero).
    public func clamped(atLeast floor: Double) -> Estimate {
        Estimate(value: value, lower: lower.map { max($0, floor) }, upper: upper, level: level)
    }
}

/// First-order propagation of a covariance through a function: the delta method.
enum DeltaMethod {
    /// √(gᵀ Σ g) for a gradient g and a row-major covariance Σ.
    static func standardError(gradient g: [Double], covariance: [Double]) -> Double {
        let k = g.count
        var variance = 0.0
        for i in 0..<k { for j in 0..<k { variance += g[i] * covariance[i * k + j] * g[j] } }
        return max(variance, 0).squareRoot()
    }

    /// ∇f at θ by central differences, step 10⁻⁵ of each parameter's size; a parameter at zero (on its bound σ, κ ≥ 0)
    /// gets a forward difference of 10⁻⁹. Nil when f is undefined next to θ.
    static func gradient(of f: ([Double]) -> Double?, at theta: [Double]) -> [Double]? {
        guard let center = f(theta), center.isFinite else { return nil }
        var g: [Double] = []
        for i in theta.indices {
            var up = theta
            if theta[i] == 0 {
                up[i] = 1e-9
                guard let a = f(up), a.isFinite else { return nil }
                g.append((a - center) / 1e-9)
                continue
            }
            let h = abs(theta[i]) * 1e-5
            var down = theta
            up[i] += h
            down[i] -= h
            guard let a = f(up), let b = f(down), a.isFinite, b.isFinite else { return nil }
            g.append((a - b) / (2 * h))
        }
        return g
    }
}
