import BenchCore
import Testing

@Suite("Thresholds")
struct ThresholdTests {
    @Test("parsing converts units to internal ones", arguments: [
        ("http.latency.p95 < 200ms", ThresholdMetric.httpLatency(.p95), Threshold.Operator.lessThan, 200_000.0),
        ("http.latency.p99.9<=1s", .httpLatency(.p999), .lessThanOrEqual, 1_000_000),
        ("http.latency.max < 500us", .httpLatency(.max), .lessThan, 500),
        ("http.latency.mean < 1.5ms", .httpLatency(.mean), .lessThan, 1_500),
        ("http.errors.rate < 1%", .httpErrorRate, .lessThan, 0.01),
        ("http.errors.rate < 0.05", .httpErrorRate, .lessThan, 0.05),
        ("http.rps >= 150", .httpRequestsPerSecond, .greaterThanOrEqual, 150),
        ("http.requests > 1000", .httpRequests, .greaterThan, 1000),
        ("checks.rate > 99.5%", .checksPassRate, .greaterThan, 0.995),
        ("iterations.rate == 100%", .iterationSuccessRate, .equal, 1),
        ("step.create customer.latency.p95 < 300ms", .stepLatency(step: "create customer", .p95), .lessThan, 300_000),
        ("step.GET /api/v1.x.errors.rate < 2%", .stepErrorRate(step: "GET /api/v1.x"), .lessThan, 0.02),
        ("flow.sales.duration.p99 < 2s", .flowDuration(flow: "sales", .p99), .lessThan, 2_000_000),
        ("flow.sales.iterations >= 10", .flowIterations(flow: "sales"), .greaterThanOrEqual, 10),
        ("group.checkout.duration.p95 < 1m", .groupDuration(group: "checkout", .p95), .lessThan, 60_000_000),
    ])
    func parses(text: String, metric: ThresholdMetric, op: Threshold.Operator, limit: Double) throws {
        let threshold = try Threshold.parse(text)
        #expect(threshold.metric == metric)
        #expect(threshold.op == op)
        #expect(abs(threshold.limit - limit) < 1e-9)
        #expect(ThresholdMetric.parse(metric.description) == metric)
    }

    @Test("bad expressions are rejected with a reason", arguments: [
        ("http.latency.p95 200ms", "no operator"),
        ("http.latency.p95 =< 200ms", "unknown operator"),
        ("http.latency.p42 < 200ms", "unknown metric 'http.latency.p42'"),
        ("http.errors < 1%", "unknown metric"),
        ("http.latency.p95 < 200", "give a unit"),
        ("http.latency.p95 < 5%", "not a rate"),
        ("http.errors.rate < 200ms", "not a duration"),
        ("http.rps > fast", "not a number, duration or percentage"),
        ("http.rps > 10%", "not a rate"),
    ])
    func rejects(text: String, fragment: String) {
        #expect {
            try Threshold.parse(text)
        } throws: { error in
            (error as? TextParseError)?.message.contains(fragment) == true
        }
    }

    @Test func evaluationPassesFailsAndNeedsData() throws {
        let metrics: [ThresholdMetric: Double] = [.httpLatency(.p95): 180_000, .httpErrorRate: 0.02]
        let lookup = { (metric: ThresholdMetric) in metrics[metric] }
        let pass = try Threshold.parse("http.latency.p95 < 200ms").evaluate(lookup)
        #expect(pass.passed)
        #expect(pass.observed == 180_000)
        #expect(pass.reason == nil)
        let fail = try Threshold.parse("http.errors.rate < 1%").evaluate(lookup)
        #expect(!fail.passed)
        #expect(fail.reason == "http.errors.rate was 2.0%, limit < 1.0%")
        let noData = try Threshold.parse("flow.sales.duration.p99 < 2s").evaluate(lookup)
        #expect(!noData.passed)
        #expect(noData.observed == nil)
        #expect(noData.reason == "flow.sales.duration.p99 has no data")
        let latencyFail = try Threshold.parse("http.latency.p95 <= 150ms").evaluate(lookup)
        #expect(latencyFail.reason == "http.latency.p95 was 180ms, limit <= 150ms")
    }

    @Test func plainValuesPrintWithAtMostTwoDecimals() throws {
        let rps = try Threshold.parse("http.rps > 100")
        #expect(rps.format(7034.781606872592) == "7034.78")
        #expect(rps.format(120) == "120")
        #expect(rps.format(99.999) == "100")
        #expect(rps.format(0.5) == "0.5")
    }

    @Test func arrayEvaluatesAll() throws {
        let thresholds = [try Threshold.parse("http.requests > 10"), try Threshold.parse("http.rps > 1", abortOnFail: true)]
        let verdicts = thresholds.evaluate { $0 == .httpRequests ? 11 : nil }
        #expect(verdicts.map(\.passed) == [true, false])
        #expect(verdicts[1].threshold.abortOnFail)
    }

    @Test func scenarioRejectsUnknownScopesWithHints() {
        let diagnostics = ScenarioFixtures.diagnostics(ScenarioFixtures.minimal + """

            thresholds:
              - step.GET /api/v1/customer/1.latency.p95 < 1s
              - flow.reed.iterations > 1
              - group.none.duration.p95 < 1s
            """)
        #expect(diagnostics.map(\.message) == [
            "unknown step 'GET /api/v1/customer/1' (did you mean 'GET /api/v1/customers/1'?) in threshold 'step.GET /api/v1/customer/1.latency.p95 < 1s'",
            "unknown flow 'reed' (did you mean 'read'?) in threshold 'flow.reed.iterations > 1'",
            "unknown group 'none' in threshold 'group.none.duration.p95 < 1s'",
        ])
        #expect(diagnostics.map(\.line) == [8, 9, 10])
    }
}
