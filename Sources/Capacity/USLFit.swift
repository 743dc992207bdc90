/// One measurement for the USL: a concurrency level and the throughput observed there.
public struct USLPoint: Equatable, Hashable, Sendable, Codable {
    /// Concurrency N (virtual users, threads, nodes) at which the throughput was measured.
    public let concurrency: Double
    /// Throughput X at N, in requests per second (any rate unit; λ comes out in the same unit).
    public let throughput: Double
    /// A measurement of throughput at one concurrency.
    public init(concurrency: Double, throughput: Double) {
        self.concurrency = concurrency
        self.throughput = throughput
    }
}

/// A USL model fitted to measurements, with the statistics that say how far to trust it.
///
/// The fit is bounded nonlinear least squares on throughput over all three coefficients (σ, κ ≥ 0, λ > 0),
/// without forcing the curve through the N = 1 point — the `nls`/`nlxb` methods of R's usl package
/// (S. Moeding, https://github.com/smoeding/usl, `R/usl.R`). Standard errors come from the covariance
/// s²(JᵀJ)⁻¹ with s² = SSR/(n − 3), J the Jacobian at the solution (Bates & Watts, *Nonlinear Regression
/// Analysis and Its Applications*, Wiley 1988, §2.3.1); confidence intervals are estimate ± t_{1−α/2, n−3}·SE.
public struct USLFit: Equatable, Sendable, Codable {
    /// The fitted σ, κ, λ.
    public let model: USLModel
    /// Standard errors of σ, κ, λ in that order.
    public let standardErrors: USLCoefficients
    /// 1 − SSR/SST (the "Multiple R-squared" of R's usl summary).
    public let rSquared: Double
    /// √(SSR/(n − 3)).
    public let residualStandardError: Double
    /// Residual degrees of freedom n − 3.
    public let degreesOfFreedom: Int
    /// Non-fatal problems, e.g. fewer than six concurrency levels.
    public let warnings: [String]
    /// Levenberg–Marquardt iterations of the best start.
    public let iterations: Int
    /// The covariance s²(JᵀJ)⁻¹ of (σ, κ, λ), row-major 3×3; nil when it could not be computed (no residual degrees
    /// of freedom, a singular Jacobian). Predictions propagate it by the delta method (``USLFit/throughputInterval``).
    public let covariance: [Double]?
    /// The measurements fitted (nil in plans written before it was kept).
    public let points: [USLPoint]?
    /// The distinct concurrency levels the fit used, ascending.
    public var levels: [Double] { Array(Set((points ?? []).map(\.concurrency))).sorted() }

    /// Fewer distinct levels than this is refused.
    public static let minimumLevels = 4
    /// Fewer distinct levels than this is fitted with a warning.
    public static let recommendedLevels = 6

    /// Fits σ, κ, λ to `points`. Throws on non-positive or non-finite data, fewer than four distinct
    /// concurrency levels, or an iteration that does not converge.
    public static func fit(_ points: [USLPoint], maxIterations: Int = 500) throws -> USLFit {
        for (index, point) in points.enumerated() {
            try CapacityError.requirePositive(point.concurrency, "concurrency N at point \(index + 1)")
            try CapacityError.requirePositive(point.throughput, "throughput X at point \(index + 1)")
        }
        let levels = Set(points.map(\.concurrency)).count
        guard levels >= minimumLevels else { throw CapacityError.tooFewLevels(found: levels, required: minimumLevels) }
        var warnings: [String] = []
        if levels < recommendedLevels {
            warnings.append("only \(levels) distinct concurrency levels; \(recommendedLevels) or more give steadier coefficients")
        }
        let ns = points.map(\.concurrency), xs = points.map(\.throughput)
        let problem = LevenbergMarquardt.Problem(
            lower: [0, 0, 1e-12 * (xs.max() ?? 1)],
            upper: [.greatestFiniteMagnitude, .greatestFiniteMagnitude, .greatestFiniteMagnitude],
            residuals: { p in zip(ns, xs).map { n, x in x - USLModel(sigma: p[0], kappa: p[1], lambda: p[2]).throughput(atConcurrency: n) } },
            jacobian: { p in ns.map { gradient(n: $0, sigma: p[0], kappa: p[1], lambda: p[2]) } }
        )
        let solver = LevenbergMarquardt(maxIterations: maxIterations)
        let best = startingPoints(ns: ns, xs: xs)
            .map { solver.minimize(problem, from: $0) }
            .min { ($0.converged ? 0 : 1, $0.sumOfSquares) < ($1.converged ? 0 : 1, $1.sumOfSquares) }
        guard let best, best.converged, best.parameters.allSatisfy(\.isFinite) else {
            throw CapacityError.fitDidNotConverge(iterations: maxIterations)
        }
        let p = best.parameters
        let model = USLModel(sigma: p[0], kappa: p[1], lambda: p[2])
        let dof = points.count - 3
        let meanX = xs.reduce(0, +) / Double(xs.count)
        let sst = xs.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        let rSquared = sst > 0 ? 1 - best.sumOfSquares / sst : 1
        var errors = USLCoefficients(sigma: 0, kappa: 0, lambda: 0)
        var covariance: [Double]?
        var residualSE = 0.0
        if dof > 0 {
            residualSE = (best.sumOfSquares / Double(dof)).squareRoot()
            let rows = ns.map { gradient(n: $0, sigma: p[0], kappa: p[1], lambda: p[2]) }
            if let inverse = Matrix.gram(rows, size: 3).inverse() {
                let s2 = residualSE * residualSE
                let se = (0..<3).map { (s2 * max(inverse[$0, $0], 0)).squareRoot() }
                errors = USLCoefficients(sigma: se[0], kappa: se[1], lambda: se[2])
                covariance = (0..<9).map { s2 * inverse[$0 / 3, $0 % 3] }
            } else {
                warnings.append("the Jacobian is singular at the solution; standard errors are not available")
            }
        } else {
            warnings.append("no residual degrees of freedom; standard errors are not available")
        }
        return USLFit(model: model, standardErrors: errors, rSquared: rSquared, residualStandardError: residualSE,
                      degreesOfFreedom: dof, warnings: warnings, iterations: best.iterations, covariance: covariance,
                      points: points)
    }

    /// Two-sided confidence intervals estimate ± t_{(1+level)/2, n−3}·SE, e.g. `level` 0.95.
    public func confidenceIntervals(level: Double = 0.95) -> USLIntervals? {
        guard degreesOfFreedom > 0, level > 0, level < 1 else { return nil }
        let t = StudentT.quantile((1 + level) / 2, degreesOfFreedom: Double(degreesOfFreedom))
        func interval(_ estimate: Double, _ se: Double) -> ClosedInterval { ClosedInterval(lower: estimate - t * se, upper: estimate + t * se) }
        return USLIntervals(level: level,
                            sigma: interval(model.sigma, standardErrors.sigma),
                            kappa: interval(model.kappa, standardErrors.kappa),
                            lambda: interval(model.lambda, standardErrors.lambda))
    }

    /// ∂X/∂(σ, κ, λ) for X = λN/D, D = 1 + σ(N−1) + κN(N−1).
    static func gradient(n: Double, sigma: Double, kappa: Double, lambda: Double) -> [Double] {
        let d = 1 + sigma * (n - 1) + kappa * n * (n - 1)
        let x = lambda * n / d
        return [-x * (n - 1) / d, -x * n * (n - 1) / d, n / d]
    }

    /// Starts from Gunther's linearisation (GCaP §5.2.3): with λ₀ an estimate of X(1), N·λ₀/X − 1 =
    /// (σ+κ)(N−1) + κ(N−1)², a least-squares quadratic through the origin; a few λ₀ for robustness.
    static func startingPoints(ns: [Double], xs: [Double]) -> [[Double]] {
        let perUnit = zip(ns, xs).map { $1 / $0 }
        let lambdas = [perUnit.max() ?? 1, perUnit[ns.firstIndex(of: ns.min() ?? 1) ?? 0], (perUnit.max() ?? 1) * 1.5]
        return lambdas.map { lambda0 in
            var s11 = 0.0, s12 = 0.0, s22 = 0.0, t1 = 0.0, t2 = 0.0
            for (n, x) in zip(ns, xs) {
                let u = n - 1, y = n * lambda0 / x - 1
                s11 += u * u; s12 += u * u * u; s22 += u * u * u * u; t1 += u * y; t2 += u * u * y
            }
            let det = s11 * s22 - s12 * s12
            var a = 0.01, b = 1e-4
            if abs(det) > 1e-300 {
                a = (t1 * s22 - t2 * s12) / det
                b = (s11 * t2 - s12 * t1) / det
            }
            let kappa = max(b, 1e-8), sigma = max(a - b, 1e-6)
            return [sigma.isFinite ? sigma : 0.01, kappa.isFinite ? kappa : 1e-4, lambda0]
        }
    }
}

/// σ, κ, λ as a triple (used for standard errors).
public struct USLCoefficients: Equatable, Hashable, Sendable, Codable {
    public let sigma: Double
    public let kappa: Double
    public let lambda: Double
}

/// A closed interval [lower, upper].
public struct ClosedInterval: Equatable, Hashable, Sendable, Codable {
    public let lower: Double
    public let upper: Double
}

/// Confidence intervals for the three USL coefficients at one level.
public struct USLIntervals: Equatable, Sendable, Codable {
    public let level: Double
    public let sigma: ClosedInterval
    public let kappa: ClosedInterval
    public let lambda: ClosedInterval
}
