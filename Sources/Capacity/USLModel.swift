/// The Universal Scalability Law with fitted coefficients, and the questions it answers.
///
/// X(N) = λN / (1 + σ(N−1) + κN(N−1)) — Gunther, *Guerrilla Capacity Planning* (Springer 2007), eq. 4.31
/// (there written for relative capacity C(N) = X(N)/λ). σ is contention, κ coherency, λ the throughput of
/// one unit of concurrency. With zero think time Little's law gives the latency R(N) = N / X(N)
/// (Schwartz, *Practical Scalability Analysis with the Universal Scalability Law*, VividCortex 2015, ch. 4).
public struct USLModel: Equatable, Hashable, Sendable, Codable {
    /// Contention σ ≥ 0 (the serial fraction).
    public let sigma: Double
    /// Coherency κ ≥ 0 (the crosstalk penalty).
    public let kappa: Double
    /// Throughput at N = 1, in requests per second, λ > 0.
    public let lambda: Double

    /// A model with known coefficients.
    public init(sigma: Double, kappa: Double, lambda: Double) {
        self.sigma = sigma
        self.kappa = kappa
        self.lambda = lambda
    }

    /// Throughput X(N) in requests per second at concurrency N.
    public func throughput(atConcurrency n: Double) -> Double {
        lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1))
    }

    /// Latency R(N) = N / X(N) = (1 + σ(N−1) + κN(N−1)) / λ, in seconds, with zero think time.
    public func latencySeconds(atConcurrency n: Double) -> Double {
        (1 + sigma * (n - 1) + kappa * n * (n - 1)) / lambda
    }

    /// The concurrency of maximum throughput N* = √((1−σ)/κ) (Gunther 2007, eq. 4.33); nil when κ = 0 or
    /// σ ≥ 1, where throughput never turns retrograde.
    public var peakConcurrency: Double? {
        guard kappa > 0, sigma < 1 else { return nil }
        return ((1 - sigma) / kappa).squareRoot()
    }

    /// X(N*), the highest throughput the system reaches; when κ = 0 the asymptote λ/σ; nil when unbounded.
    public var peakThroughput: Double? {
        if let n = peakConcurrency { return throughput(atConcurrency: n) }
        return contentionLimit
    }

    /// Amdahl's asymptote λ/σ for every fit: the throughput contention alone would cap, ignoring coherency
    /// (Gunther 2007, §4.4.1; `limit.scalability` in R's usl package prints it as the limit). With κ > 0 the
    /// curve peaks at X(N*) below it; only with κ = 0 is it the true ceiling. Nil when σ = 0 (no asymptote).
    public var amdahlLimit: Double? { contentionLimit }

    /// λ/σ whatever κ is: the ceiling contention alone would impose (`limit.scalability` in R's usl package).
    public var contentionLimit: Double? { sigma > 0 ? lambda / sigma : nil }

    /// The concurrency at which latency reaches `latencySeconds`: the positive root of
    /// κN² + (σ−κ)N + (1 − σ − λR) = 0, from R = (1 + σ(N−1) + κN(N−1))/λ. Nil when even N = 1 is slower.
    public func concurrency(atLatencySeconds r: Double) -> Double? {
        let c = 1 - sigma - lambda * r
        let b = sigma - kappa
        let n: Double
        if kappa > 0 {
            n = (-b + (b * b - 4 * kappa * c).squareRoot()) / (2 * kappa)
        } else if sigma > 0 {
            n = -c / sigma
        } else {
            return nil // latency is 1/λ at every N
        }
        return n.isFinite && n >= 1 ? n : nil
    }

    /// Throughput at the concurrency where latency reaches `latencySeconds`: X = N/R.
    public func throughput(atLatencySeconds r: Double) -> Double? {
        concurrency(atLatencySeconds: r).map { $0 / r }
    }

    /// The smallest concurrency whose throughput is `throughput`: the lower root of
    /// κX·N² + (σX − κX − λ)·N + X(1−σ) = 0. Infeasible past the peak.
    public func concurrency(atThroughput x: Double) -> USLAnswer {
        if let peak = peakThroughput, x > peak { return .infeasible(peakThroughput: peak) }
        let a = kappa * x
        let b = sigma * x - kappa * x - lambda
        let c = x * (1 - sigma)
        let n: Double
        if a > 0 {
            let discriminant = max(b * b - 4 * a * c, 0)
            // The lower root, written to avoid cancellation (b < 0 here).
            n = (2 * c) / (-b + discriminant.squareRoot())
        } else {
            n = -c / b
        }
        return n.isFinite && n > 0 ? .value(n) : .infeasible(peakThroughput: peakThroughput ?? x)
    }

    /// Latency R = N/X at throughput X, on the rising side of the curve; infeasible past the peak.
    public func latencySeconds(atThroughput x: Double) -> USLAnswer {
        switch concurrency(atThroughput: x) {
        case let .value(n): return .value(n / x)
        case let .infeasible(peak): return .infeasible(peakThroughput: peak)
        }
    }
}

/// The answer to an inverse USL question: a number, or 'infeasible' with the ceiling that made it so.
public enum USLAnswer: Equatable, Sendable, Codable {
    case value(Double)
    /// The asked throughput exceeds the peak the model can reach.
    case infeasible(peakThroughput: Double)

    /// The number, or nil when infeasible.
    public var value: Double? {
        if case let .value(v) = self { return v }
        return nil
    }
}
