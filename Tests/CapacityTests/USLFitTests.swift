import Testing
@testable import Capacity

/// Published USL fits, asserted to the precision their sources print.
struct USLFitTests {
    /// SPEC SDM91 on a Sun SPARCcenter 2000: load 1…216 users, throughput in scripts/hour.
    /// Data: smoeding/usl `tests/t03.Rout.save` (fitted + residuals reproduce each measurement) and
    /// Gunther, *Guerrilla Capacity Planning* (2007), Table 5.x. Expected coefficients, standard errors and
    /// R²: smoeding/usl `tests/usl-nlxb.Rout.save` and `tests/summary.Rout.save`
    /// (https://github.com/smoeding/usl/tree/master/tests).
    static let specsdm91: [USLPoint] = [
        (1, 64.9), (18, 995.9), (36, 1652.4), (72, 1853.2), (108, 1828.9), (144, 1775.0), (216, 1702.2),
    ].map { USLPoint(concurrency: $0.0, throughput: $0.1) }

    @Test func specsdm91CoefficientsMatchRPackage() throws {
        let fit = try USLFit.fit(Self.specsdm91)
        // usl-nlxb.Rout.save: alpha 0.0277285, beta 0.0001044, gamma 89.9952330 (printed to 7 digits).
        #expect(abs(fit.model.sigma - 0.0277285) < 5e-8)
        #expect(abs(fit.model.kappa - 0.0001044) < 5e-8)
        #expect(abs(fit.model.lambda - 89.9952330) < 5e-6)
        // Std. Error 0.0091217, 0.0000199, 14.2134894.
        #expect(abs(fit.standardErrors.sigma - 0.0091217) < 5e-8)
        #expect(abs(fit.standardErrors.kappa - 0.0000199) < 5e-8)
        #expect(abs(fit.standardErrors.lambda - 14.2134894) < 5e-6)
        // summary.Rout.save: "Residual standard error: 82.85 on 4 degrees of freedom", "Multiple R-squared: 0.9896".
        #expect(abs(fit.residualStandardError - 82.85) < 0.005)
        #expect(fit.degreesOfFreedom == 4)
        #expect(abs(fit.rSquared - 0.9896) < 0.00005)
        #expect(fit.warnings.isEmpty)
    }

    @Test func specsdm91PeakAndLimitMatchRPackage() throws {
        let model = try USLFit.fit(Self.specsdm91).model
        // peak-scalability.Rout.save: signif(peak.scalability(u), 2) == 97.
        #expect(((model.peakConcurrency ?? 0) / 1).rounded() >= 96.5 && (model.peakConcurrency ?? 0) < 97.5)
        // limit-scalability.Rout.save: all.equal(limit.scalability(u), 3245.589, 0.0001).
        #expect(abs((model.contentionLimit ?? 0) - 3245.589) / 3245.589 < 1e-4)
        // amdahlLimit is λ/σ for every fit, κ > 0 included (the asymptote that ignores coherency).
        #expect(model.amdahlLimit == model.contentionLimit)
        // fitted.Rout.save: 90 1078 1541 1850 1879 1822 1646 (3 significant digits).
        let fitted = Self.specsdm91.map { model.throughput(atConcurrency: $0.concurrency).rounded() }
        #expect(fitted == [90, 1078, 1541, 1850, 1879, 1822, 1646])
    }

    @Test func specsdm91ConfidenceIntervalsUseStudentT() throws {
        let fit = try USLFit.fit(Self.specsdm91)
        let ci = try #require(fit.confidenceIntervals(level: 0.95))
        // t_{0.975, 4} = 2.776445 (Abramowitz & Stegun Table 26.10).
        let t = 2.776445
        #expect(abs(ci.sigma.lower - (0.0277285 - t * 0.0091217)) < 1e-6)
        #expect(abs(ci.kappa.upper - (0.0001044 + t * 0.0000199)) < 1e-6)
    }

    /// Cisco benchmark from Schwartz, *Practical Scalability Analysis with the USL* (VividCortex 2015),
    /// as used by usl4j `src/test/java/com/codahale/usl4j/tests/ModelTest.java`
    /// (https://github.com/codahale/usl4j), which asserts the book's coefficients within 0.02%.
    static let cisco: [USLPoint] = [
        955.16, 1878.91, 2688.01, 3548.68, 4315.54, 5130.43, 5931.37, 6531.08, 7219.8, 7867.61, 8278.71,
        8646.7, 9047.84, 9426.55, 9645.37, 9897.24, 10097.6, 10240.5, 10532.39, 10798.52, 11151.43, 11518.63,
        11806, 12089.37, 12075.41, 12177.29, 12211.41, 12158.93, 12155.27, 12118.04, 12140.4, 12074.39,
    ].enumerated().map { USLPoint(concurrency: Double($0.offset + 1), throughput: $0.element) }

    @Test(arguments: [
        ("sigma", 0.02671591), ("kappa", 7.690945E-4), ("lambda", 995.6486), ("peakN", 35), ("peakX", 12341),
    ])
    func ciscoMatchesBookWithinTwoHundredthsOfAPercent(name: String, expected: Double) throws {
        let model = try USLFit.fit(Self.cisco).model
        let actual: Double = switch name {
        case "sigma": model.sigma
        case "kappa": model.kappa
        case "lambda": model.lambda
        case "peakN": (model.peakConcurrency ?? 0).rounded(.down)
        default: model.peakThroughput ?? 0
        }
        #expect(abs(actual - expected) <= expected * 2e-4, "\(name): \(actual) vs \(expected)")
    }

    /// The R package's software-scalability example: a model with σ = κ = 0.02 generated the data
    /// (smoeding/usl `tests/coef.Rout.save`: `signif(coef(u)[['alpha']], 3)` is 0.02, gamma 1.00).
    @Test func recoversGeneratingCoefficients() throws {
        let points = zip([1.0, 2, 4, 6, 8, 10], [1, 1.8868, 3.0769, 3.5294, 3.5398, 3.3557]).map {
            USLPoint(concurrency: $0, throughput: $1)
        }
        let fit = try USLFit.fit(points)
        #expect(abs(fit.model.sigma - 0.02) < 0.0005)
        #expect(abs(fit.model.kappa - 0.02) < 0.0005)
        #expect(abs(fit.model.lambda - 1.00) < 0.005)
    }
}
