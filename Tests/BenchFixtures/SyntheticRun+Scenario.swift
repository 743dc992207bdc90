import BenchCore

extension SyntheticRun {
    /// A scenario run as the reports see it: three steps of one flow, a group, checks (one failing), thresholds
    /// (one failing) and failed checks among the errors. Deterministic: fixed seed, dates and host.
    public static func scenarioRun() -> RunResult {
        let steps = [Endpoint(name: "POST /api/v1/customers", medianMicros: 4_000, requestsPerSecond: 50, errorRate: 0.02),
                     Endpoint(name: "GET /api/v1/customers/{id}", medianMicros: 1_500, requestsPerSecond: 100),
                     Endpoint(name: "POST /api/v1/orders", medianMicros: 6_000, requestsPerSecond: 50, errorRate: 0.01)]
        // As `ThresholdPolicy.judge` records them: observed values in the metric's internal unit (µs, fractions).
        let thresholds = [ThresholdRecord(expression: "http.latency.p99 < 50ms", passed: true, observed: 14_300, detail: "observed 14.3ms"),
                          ThresholdRecord(expression: "http.errors.rate < 0.5%", passed: false, observed: 0.0075,
                                          detail: "http.errors.rate was 0.75%, limit < 0.5%"),
                          ThresholdRecord(expression: "checks.rate > 99%", passed: true, observed: 0.995, detail: "observed 99.5%")]
        var result = make(name: "checkout", seconds: 20, endpoints: steps, samplesPerEndpoint: 2_000, seed: 7, thresholds: thresholds,
                          url: "http://127.0.0.1:8080")
        // The first step's check fails 20 times: errors, but not HTTP errors.
        let checkFailed: UInt64 = 20
        addFailedChecks(checkFailed, to: &result.summary.overall)
        addFailedChecks(checkFailed, to: &result.summary.endpoints[0])
        let iterations = result.summary.endpoints[0].requests
        var flow = LatencyHistogram()
        var group = LatencyHistogram()
        var generator = SplitMix64(seed: 7)
        for _ in 0..<1_000 {
            let value = UInt64(12_000 * (1 + 0.3 * abs(generator.nextNormal())))
            flow.record(micros: value, count: iterations / 1_000)
            group.record(micros: value * 2 / 3, count: iterations / 1_000)
        }
        let failed = result.summary.endpoints.reduce(0) { $0 + $1.errors }
        result.scenario?.flows = [TransactionSummary(name: "place order", iterations: iterations, failed: failed, interrupted: 3,
                                                     histogram: flow)]
        result.scenario?.groups = [TransactionSummary(name: "sign up", iterations: iterations, failed: failed / 2, interrupted: 0,
                                                      histogram: group)]
        result.scenario?.checks = [CheckSummary(name: "status is 201", step: "POST /api/v1/customers", passes: iterations - checkFailed,
                                                fails: checkFailed),
                                   CheckSummary(name: "body has id", step: "GET /api/v1/customers/{id}", passes: 2 * iterations, fails: 0),
                                   CheckSummary(name: "order total matches", step: "POST /api/v1/orders", passes: iterations, fails: 0)]
        result.scenario?.failureSamples = ["step 'POST /api/v1/customers': check 'status is 201' failed: got 200"]
        result.scenario?.checks[1].notRun = checkFailed
        result.scenario?.stepsNotReached = [StepNotReached(step: "GET /api/v1/customers/{id}", iterations: checkFailed)]
        let sample = FailureSample(
            secondsSinceStart: 12.345, method: "POST", url: "http://crm.test/api/v1/customers", status: 200,
            headers: ["Content-Type: application/json", "Set-Cookie: [REDACTED]"],
            body: "{\"detail\":\"Organization context is required\",\n \"hint\": \"<script>x</script>\"}", bodyTruncated: false,
            reason: "step 'POST /api/v1/customers': check 'status is 201' failed: status 200", expected: "201", actual: "200")
        result.failures = FailureCauses(causes: [
            FailureCause(step: "POST /api/v1/customers", kind: .check, status: 200, detail: "status is 201",
                         reason: "check 'status is 201' failed: status 200", count: checkFailed, samples: [sample]),
            FailureCause(step: "POST /api/v1/orders", kind: .status, status: 403, detail: "",
                         reason: "unexpected status 403", count: 3, samples: [
                            FailureSample(secondsSinceStart: 1.5, method: "POST", url: "http://crm.test/api/v1/orders", status: 403,
                                          headers: [], body: "{\"detail\":\"Organization context is required\"}",
                                          bodyTruncated: false, reason: "step 'POST /api/v1/orders': unexpected status 403"),
                         ]),
        ])
        return result
    }

    private static func addFailedChecks(_ count: UInt64, to summary: inout EndpointSummary) {
        summary.errors += count
        summary.errorsByKind["checkFailed", default: 0] += count
        summary.errorRate = Double(summary.errors) / Double(summary.requests)
        summary.availability = 1 - summary.errorRate
    }
}
