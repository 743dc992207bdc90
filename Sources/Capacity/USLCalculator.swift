/// `crmbench capacity usl`: parse `N,X` text, fit the USL, report the coefficients.
public enum USLCalculator {
    /// Reads `N,X` lines (comma, semicolon, tab or spaces between; an optional non-numeric header on the first
    /// non-blank line; blank lines and `#` comments skipped). A bad line throws with its 1-based number.
    public static func parseCSV(_ text: String) throws -> [USLPoint] {
        var points: [USLPoint] = []
        var sawContent = false
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\t" || $0 == " " })
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            let numbers = fields.compactMap { Double($0) }
            let isFirst = !sawContent
            sawContent = true
            if fields.count == 2, numbers.count == 2 {
                guard numbers.allSatisfy(\.isFinite) else { throw CapacityError.badCSVLine(line: index + 1, text: line) }
                points.append(USLPoint(concurrency: numbers[0], throughput: numbers[1]))
            } else if isFirst && numbers.isEmpty {
                continue // header such as "N,X"
            } else {
                throw CapacityError.badCSVLine(line: index + 1, text: line)
            }
        }
        return points
    }

    /// Parses and fits; throws on bad lines, too few levels, non-positive values or a failed fit.
    public static func run(csv text: String) throws -> USLReport {
        USLReport(try USLFit.fit(try parseCSV(text)))
    }
}

/// The `usl` calculator's output (JSON keys as named here; absent values are written as null).
public struct USLReport: Equatable, Sendable, Codable {
    /// Contention σ.
    public let sigma: Double
    /// Coherency κ.
    public let kappa: Double
    /// Throughput at N = 1, λ.
    public let lambda: Double
    /// Standard errors of σ, κ, λ from s²(JᵀJ)⁻¹.
    public let standardErrors: USLCoefficients
    /// 95% intervals estimate ± t·SE; null without residual degrees of freedom.
    public let confidenceIntervals95: USLIntervals?
    /// R² = 1 − SSR/SST.
    public let r2: Double
    /// Residual degrees of freedom n − 3.
    public let degreesOfFreedom: Int
    /// √((1−σ)/κ); null when κ = 0.
    public let peakConcurrency: Double?
    /// X at the peak, or λ/σ when κ = 0; null when unbounded (σ = κ = 0).
    public let peakThroughput: Double?
    /// λ/σ when κ = 0; null when κ > 0.
    public let amdahlLimit: Double?
    /// Non-fatal problems with the data.
    public let warnings: [String]

    /// The report of a fit.
    public init(_ fit: USLFit) {
        sigma = fit.model.sigma
        kappa = fit.model.kappa
        lambda = fit.model.lambda
        standardErrors = fit.standardErrors
        confidenceIntervals95 = fit.confidenceIntervals(level: 0.95)
        r2 = fit.rSquared
        degreesOfFreedom = fit.degreesOfFreedom
        peakConcurrency = fit.model.peakConcurrency
        peakThroughput = fit.model.peakThroughput
        amdahlLimit = fit.model.amdahlLimit
        warnings = fit.warnings
    }

    private enum CodingKeys: String, CodingKey {
        case sigma, kappa, lambda, standardErrors, confidenceIntervals95, r2, degreesOfFreedom
        case peakConcurrency, peakThroughput, amdahlLimit, warnings
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sigma, forKey: .sigma)
        try c.encode(kappa, forKey: .kappa)
        try c.encode(lambda, forKey: .lambda)
        try c.encode(standardErrors, forKey: .standardErrors)
        try c.encode(confidenceIntervals95, forKey: .confidenceIntervals95)
        try c.encode(r2, forKey: .r2)
        try c.encode(degreesOfFreedom, forKey: .degreesOfFreedom)
        try c.encode(peakConcurrency, forKey: .peakConcurrency)
        try c.encode(peakThroughput, forKey: .peakThroughput)
        try c.encode(amdahlLimit, forKey: .amdahlLimit)
        try c.encode(warnings, forKey: .warnings)
    }

    /// Human-readable lines, 4 significant digits (throughputs in req/s); the JSON keeps full precision.
    public var text: String {
        var lines = [
            "USL fit (\(degreesOfFreedom) residual degrees of freedom)",
            "  sigma  (contention) \(Format.short(sigma))  ± \(Format.short(standardErrors.sigma))",
            "  kappa  (coherency)  \(Format.short(kappa))  ± \(Format.short(standardErrors.kappa))",
            "  lambda (X at N=1)   \(Format.rate(lambda))  ± \(Format.short(standardErrors.lambda))",
            "  R²                  \(Format.short(r2))",
            "  peak concurrency    \(peakConcurrency.map { Format.short($0) } ?? "none (κ = 0)")",
            "  peak throughput     \(peakThroughput.map { Format.rate($0) } ?? "unbounded")",
            "  Amdahl limit        \(amdahlLimit.map { Format.rate($0) } ?? (kappa > 0 ? "n/a (κ > 0)" : "unbounded (σ = κ = 0)"))",
        ]
        lines += warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}

extension String {
    func trimmingWhitespace() -> String { self[...].trimmingWhitespace() }
}
