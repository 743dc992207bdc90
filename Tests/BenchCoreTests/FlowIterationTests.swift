import BenchCore
import Testing

/// Drives a flow iteration the way the engine does, with canned responses and no sleeping.
struct FlowDriver {
    var requests: [RenderedRequest] = []
    var thinks: [Int64] = []

    /// Runs the iteration to the end, answering request `n` with `responses[n]`.
    mutating func run(_ iteration: inout FlowIteration, _ responses: [ResponseView]) -> IterationOutcome {
        var action = iteration.start()
        while true {
            switch action {
            case .send(let request):
                requests.append(request)
                let response = requests.count <= responses.count
                    ? responses[requests.count - 1] : ScenarioFixtures.json(200, "{}")
                action = iteration.handle(response: response)
            case .think(let nanos):
                thinks.append(nanos)
                action = iteration.handleThinkDone()
            case .finished(let outcome):
                return outcome
            }
        }
    }
}

@Suite("Flow interpreter")
struct FlowIterationTests {
    static func iteration(_ yaml: String, flow: Int = 0, seed: UInt64 = 1, globals: [String: String] = [:]) throws -> FlowIteration {
        let scenario = try ScenarioFixtures.scenario(yaml)
        var factory = IterationFactory(
            scenario: scenario, globals: globals, seed: seed, firstSeq: 41, env: { $0 == "TOKEN" ? "t0k" : nil },
            nowEpochMillis: { 0 })
        return try factory.next(flowIndex: flow).get()
    }

    static let orderFlow = """
        target: http://crm.test:8080/
        defaults:
          headers:
            Authorization: Bearer ${env.TOKEN}
            Accept: application/json
        flows:
          - name: order
            steps:
              - post: /api/v1/orders
                name: place order
                headers: {accept: text/plain}
                json:
                  customerId: 9
                  note: seq ${seq}
                check:
                  - status: 201
                extract:
                  orderId: $.id
                  where: {header: Location}
                  code: {regex: "code=(\\\\w+)", group: 1}
              - post: /api/v1/orders/${orderId}/pay
                name: pay order
                body: "code=${code}&where=${where}"
                check:
                  - {json: $.status, equals: paid}
              - get: https://elsewhere.test/audit/${orderId}
        """

    @Test func extractionFeedsLaterSteps() throws {
        var iteration = try Self.iteration(Self.orderFlow)
        var driver = FlowDriver()
        let outcome = driver.run(&iteration, [
            ScenarioFixtures.json(201, #"{"id": 77, "text": "code=XK9"}"#, headers: [("location", "/orders/77")]),
            ScenarioFixtures.json(200, #"{"status": "paid"}"#),
        ])
        #expect(outcome.succeeded)
        #expect(outcome.failureReason == nil)
        #expect(driver.requests.map(\.url) == [
            "http://crm.test:8080/api/v1/orders", "http://crm.test:8080/api/v1/orders/77/pay", "https://elsewhere.test/audit/77",
        ])
        #expect(driver.requests.map(\.method) == ["POST", "POST", "GET"])
        #expect(driver.requests.map(\.stepIndex) == [0, 1, 2])
        let first = driver.requests[0]
        #expect(first.headers.map(\.0) == ["Authorization", "accept", "Content-Type"])
        #expect(first.headers[0].1 == "Bearer t0k")
        #expect(String(decoding: first.body, as: UTF8.self) == #"{"customerId":9,"note":"seq 41"}"#)
        #expect(String(decoding: driver.requests[1].body, as: UTF8.self) == "code=XK9&where=/orders/77")
        #expect(outcome.extracted == ["orderId": "77", "where": "/orders/77", "code": "XK9"])
        #expect(outcome.checks.map(\.passed) == [true, true])
        #expect(outcome.steps.map(\.stepName) == ["place order", "pay order", "GET https://elsewhere.test/audit/${orderId}"])
    }

    @Test func failedExtractionEndsTheIterationWithAReason() throws {
        var iteration = try Self.iteration(Self.orderFlow)
        var driver = FlowDriver()
        let outcome = driver.run(&iteration, [ScenarioFixtures.json(201, #"{"noId": true}"#)])
        #expect(!outcome.succeeded)
        #expect(outcome.failureReason == "step 'place order': extraction 'orderId' failed: $.id not found")
        #expect(driver.requests.count == 1)
        #expect(outcome.steps.first?.failed == true)
    }

    @Test func failedCheckEndsTheIterationUnlessContinueOnFail() throws {
        let yaml = """
            target: http://h
            flows:
              - name: f
                steps:
                  - get: /a
                    check: [{status: 200}, {bodyContains: ok}]
                  - get: /b
                    continueOnFail: true
                    check: [{status: 200}]
                  - get: /c
            """
        var strict = try Self.iteration(yaml)
        var driver = FlowDriver()
        let stopped = driver.run(&strict, [ScenarioFixtures.json(500, "boom")])
        #expect(!stopped.succeeded)
        #expect(stopped.failureReason == "step 'GET /a': check 'GET /a: status is 200' failed: status 500")
        #expect(stopped.checks.map(\.passed) == [false, false])
        #expect(driver.requests.count == 1)

        var lenient = try Self.iteration(yaml)
        driver = FlowDriver()
        let went = driver.run(&lenient, [ScenarioFixtures.json(200, "ok"), ScenarioFixtures.json(503, ""), ScenarioFixtures.json(200, "")])
        #expect(driver.requests.count == 3)
        #expect(went.checks.map(\.passed) == [true, true, false])
        #expect(went.checks.map(\.checkID) == [0, 1, 2])
        #expect(went.steps.map(\.failed) == [false, true, false])
        #expect(went.succeeded)
    }

    @Test func statusAtOrAbove400FailsAStepWithoutStatusCheck() throws {
        var iteration = try Self.iteration(ScenarioFixtures.minimal)
        var driver = FlowDriver()
        let outcome = driver.run(&iteration, [ScenarioFixtures.json(404, "")])
        #expect(outcome.failureReason == "step 'GET /api/v1/customers/1': unexpected status 404")
    }

    @Test func transportErrorFailsTheStep() throws {
        var iteration = try Self.iteration(ScenarioFixtures.minimal)
        var driver = FlowDriver()
        let outcome = driver.run(&iteration, [ResponseView(status: 0, transportError: "timeout", latencyMicros: 5_000_000)])
        #expect(!outcome.succeeded)
        #expect(outcome.failureReason == "step 'GET /api/v1/customers/1': transport error: timeout")
        #expect(outcome.checks.isEmpty)
    }

    @Test func thinkKindsUseTheInjectedRandomSource() throws {
        let yaml = """
            target: http://h
            flows:
              - name: f
                steps:
                  - get: /a
                  - think: 250ms
                  - think: {min: 1s, max: 3s}
                  - think: {mean: 2s}
            """
        var samples: [[Int64]] = []
        for seed in [5, 5, 6] as [UInt64] {
            var iteration = try Self.iteration(yaml, seed: seed)
            var driver = FlowDriver()
            _ = driver.run(&iteration, [])
            samples.append(driver.thinks)
        }
        #expect(samples[0] == samples[1])
        #expect(samples[0] != samples[2])
        for thinks in samples {
            #expect(thinks.count == 3)
            #expect(thinks[0] == 250_000_000)
            #expect((1_000_000_000...3_000_000_000).contains(thinks[1]))
            #expect(thinks[2] >= 0 && thinks[2] <= 40_000_000_000)
        }
    }

    @Test func thinkDistributionsHaveTheirMeans() {
        var random = SplitMix64(seed: 3)
        let count = 20_000
        let uniform = (0..<count).map { _ in ThinkTime.uniform(minNanos: 1_000, maxNanos: 3_000).sampleNanos(using: &random) }
        let exponential = (0..<count).map { _ in ThinkTime.exponential(meanNanos: 2_000_000).sampleNanos(using: &random) }
        let uniformMean = Double(uniform.reduce(0, +)) / Double(count)
        let exponentialMean = Double(exponential.reduce(0, +)) / Double(count)
        #expect(abs(uniformMean - 2_000) < 30)
        #expect(abs(exponentialMean - 2_000_000) < 60_000)
        #expect(uniform.min()! >= 1_000 && uniform.max()! <= 3_000)
    }

    @Test func groupsAreMarkedAndTimedFromLatenciesAndThinks() throws {
        let yaml = """
            target: http://h
            flows:
              - name: f
                steps:
                  - get: /before
                  - group: checkout
                    steps:
                      - get: /cart
                      - think: 100ms
                      - post: /pay
                  - get: /after
            """
        var iteration = try Self.iteration(yaml)
        var driver = FlowDriver()
        let outcome = driver.run(&iteration, [
            ScenarioFixtures.json(200, "", latencyMicros: 1_000), ScenarioFixtures.json(200, "", latencyMicros: 20_000),
            ScenarioFixtures.json(200, "", latencyMicros: 30_000), ScenarioFixtures.json(200, "", latencyMicros: 4_000),
        ])
        #expect(driver.requests.map(\.groupName) == [nil, "checkout", "checkout", nil])
        #expect(outcome.groups == [GroupTiming(name: "checkout", durationMicros: 150_000)])
        #expect(outcome.steps.map(\.groupName) == [nil, "checkout", "checkout", nil])
    }

    @Test func groupCutShortIsNotTimed() throws {
        let yaml = """
            target: http://h
            flows:
              - name: f
                steps:
                  - group: g
                    steps:
                      - get: /a
                      - get: /b
            """
        var iteration = try Self.iteration(yaml)
        var driver = FlowDriver()
        let outcome = driver.run(&iteration, [ScenarioFixtures.json(500, "")])
        #expect(outcome.groups.isEmpty)
        #expect(!outcome.succeeded)
    }

    @Test func scenarioVariablesAreRenderedOncePerIteration() throws {
        let yaml = """
            target: http://h
            variables:
              email: bench-${random.uuid}@example.test
            flows:
              - name: f
                steps:
                  - post: /customers
                    json: {email: "${email}"}
                  - get: /customers?search=${email}
            """
        let scenario = try ScenarioFixtures.scenario(yaml)
        var factory = IterationFactory(scenario: scenario, seed: 4, env: { _ in nil }, nowEpochMillis: { 0 })
        var emails: [String] = []
        for _ in 0..<2 {
            var iteration = try factory.next().get()
            var driver = FlowDriver()
            _ = driver.run(&iteration, [])
            let first = String(decoding: driver.requests[0].body, as: UTF8.self)
            let second = try #require(driver.requests[1].url.split(separator: "=").last.map(String.init))
            #expect(first == #"{"email":"\#(second)"}"#)
            emails.append(second)
        }
        #expect(emails[0] != emails[1])
    }

    @Test func setupCapturesBecomeGlobalsForFlowsAndTeardown() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://h
            setup:
              - post: /login
                extract: {token: $.token}
            flows:
              - name: f
                steps:
                  - get: /me
                    headers: {Authorization: "Bearer ${token}"}
            teardown:
              - delete: /sessions/${token}
            """)
        var factory = IterationFactory(scenario: scenario, seed: 1, env: { _ in nil }, nowEpochMillis: { 0 })
        let maybeSetup = factory.setupIteration()
        var setup = try #require(maybeSetup)
        var driver = FlowDriver()
        let setupOutcome = driver.run(&setup, [ScenarioFixtures.json(200, #"{"token": "abc"}"#)])
        #expect(setupOutcome.succeeded)
        factory.adoptSetup(setupOutcome)
        var flow = try factory.next().get()
        _ = driver.run(&flow, [])
        let maybeTeardown = factory.teardownIteration()
        var teardown = try #require(maybeTeardown)
        _ = driver.run(&teardown, [])
        #expect(driver.requests.map(\.url) == ["http://h/login", "http://h/me", "http://h/sessions/abc"])
        #expect(driver.requests[1].headers.first { $0.0 == "Authorization" }?.1 == "Bearer abc")
    }

    @Test func misuseFinishesInsteadOfCrashing() throws {
        var iteration = try Self.iteration(ScenarioFixtures.minimal)
        guard case .finished(let outcome) = iteration.handleThinkDone() else {
            Issue.record("expected finished")
            return
        }
        #expect(!outcome.succeeded)
    }
}
