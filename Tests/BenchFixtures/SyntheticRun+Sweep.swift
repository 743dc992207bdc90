import BenchCore

extension SyntheticRun {
    /// A find-max search as the reports see it: four rates, the last missing the SLO, server demands for all but
    /// the first, stopped early. Deterministic: one seed per level.
    public static func findMaxSweep() -> SweepResults {
        let rates: [Double] = [100, 200, 300, 400]
        let levels = rates.enumerated().map { i, rate -> SweepLevel in
            let endpoint = Endpoint(name: "all", medianMicros: 2_000 * (1 + Double(i * i) / 2), requestsPerSecond: rate * 0.98,
                                    errorRate: i == 3 ? 0.03 : 0)
            let run = make(seconds: 10, endpoints: [endpoint], samplesPerEndpoint: 10_000, seed: UInt64(i + 1))
            let server = i == 0 ? nil : ServerDemands(cpuSecondsPerRequest: 0.0012 * Double(i), databaseSecondsPerRequest: 0.0004,
                                                      cpuUtilization: 0.12 * Double(i * i + 1), databaseUtilization: nil,
                                                      serverRequests: rate * 10)
            return SweepLevel(level: rate, durationSeconds: 10, summary: run.summary.overall, server: server, generatorHealthy: true,
                              metSLO: i < 3)
        }
        return SweepResults(dimension: .rate, levels: levels, stoppedEarly: "error rate 3% above the 1% limit at 400/s",
                            maxRatePerSecond: 300, slo: "p99<50ms")
    }
}
