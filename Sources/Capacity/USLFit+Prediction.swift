/// Predictions of a fitted USL with their confidence intervals, by the delta method.
///
/// For a prediction f(θ) of the coefficients θ = (σ, κ, λ) with covariance Σ = s²(JᵀJ)⁻¹, the first-order
/// (delta-method) variance is ∇fᵀ Σ ∇f and the interval f ± t_{(1+level)/2, n−3}·√(∇fᵀ Σ ∇f) — the confidence band of
/// a nonlinear regression (Bates & Watts 1988, §2.3.2, eq. 2.20; Seber & Wild, *Nonlinear Regression*, Wiley 1989,
/// §5.1). It is the interval of the mean curve at N, not of a single new measurement.
extension USLFit {
    /// The Student t quantile of a two-sided interval at `level` on this fit's degrees of freedom; nil without any.
    public func tQuantile(level: Double = 0.95) -> Double? {
        guard degreesOfFreedom > 0, level > 0, level < 1 else { return nil }
        return StudentT.quantile((1 + level) / 2, degreesOfFreedom: Double(degreesOfFreedom))
    }

    /// X(N) with its interval, from the analytic gradient ∂X/∂(σ, κ, λ).
    public func throughputInterval(atConcurrency n: Double, level: Double = 0.95) -> Estimate {
        let value = model.throughput(atConcurrency: n)
        guard let covariance, let t = tQuantile(level: level) else { return Estimate(value: value) }
        let g = Self.gradient(n: n, sigma: model.sigma, kappa: model.kappa, lambda: model.lambda)
        return Estimate(value: value, standardError: DeltaMethod.standardError(gradient: g, covariance: covariance), t: t, level: level)
            .clamped(atLeast: 0)
    }

    /// Any figure computed from a USL model, with its interval: the gradient by central differences.
    /// Nil when the figure is undefined at the fit (e.g. no peak); an estimate without interval when it is undefined
    /// next to it.
    public func interval(level: Double = 0.95, of figure: (USLModel) -> Double?) -> Estimate? {
        let theta = [model.sigma, model.kappa, model.lambda]
        func make(_ p: [Double]) -> Double? { figure(USLModel(sigma: p[0], kappa: p[1], lambda: p[2])) }
        guard let value = make(theta) else { return nil }
        guard let covariance, let t = tQuantile(level: level),
              let g = DeltaMethod.gradient(of: make, at: theta) else { return Estimate(value: value) }
        return Estimate(value: value, standardError: DeltaMethod.standardError(gradient: g, covariance: covariance), t: t, level: level)
    }

    /// λ/σ with its interval (lower bound at least 0): the throughput contention alone would cap, ignoring coherency.
    public var amdahlLimitInterval: Estimate? { interval { $0.amdahlLimit }?.clamped(atLeast: 0) }

    /// The peak throughput X(N*) (λ/σ when κ = 0) with its interval (lower bound at least 0).
    public var peakThroughputInterval: Estimate? { interval { $0.peakThroughput }?.clamped(atLeast: 0) }
}
