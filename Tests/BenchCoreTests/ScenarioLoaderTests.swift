import BenchCore
import Testing

@Suite("Scenario loading")
struct ScenarioLoaderTests {
    @Test("every shipped scenario validates cleanly", arguments: ScenarioFixtures.shippedNames)
    func shippedScenarioIsValid(name: String) throws {
        let path = ScenarioFixtures.scenariosDirectory + "/" + name
        let result = ScenarioFixtures.diskLoader.load(path: path)
        if case .failure(let error) = result { Issue.record("\(error)") }
        let scenario = try result.get()
        #expect(scenario.target == "http://127.0.0.1:8080")
        #expect(scenario.secrets == ["CRM_TOKEN"])
        #expect(scenario.referencedEnvNames.contains("CRM_TOKEN"))
        #expect(!scenario.flows.isEmpty)
        #expect(scenario.requestStepCount >= 3)
    }

    @Test func mixedScenarioIsTheDemoShape() throws {
        let scenario = try ScenarioFixtures.diskLoader.load(path: ScenarioFixtures.scenariosDirectory + "/crm-mixed.yaml").get()
        #expect(scenario.flows.map(\.name) == ["browse", "sales", "after-sales"])
        #expect(scenario.flows.map(\.weight) == [6, 2, 2])
        #expect(scenario.load.workloads.first?.model == .closed(.constant(vus: 8, durationNanos: 20_000_000_000)))
        #expect(scenario.load.gracefulStopNanos == 5_000_000_000)
        #expect(scenario.thresholds.count == 8)
        #expect(scenario.thresholds.last?.abortOnFail == true)
        #expect(scenario.setup?.requestCount == 2)
        #expect(scenario.feeders.map(\.name) == ["terms", "customers", "issues"])
        #expect(scenario.feeders[2].columns == ["description", "rating", "subject"])
        #expect(scenario.groupNames == ["order to delivery", "support case"])
        #expect(scenario.stepNames.prefix(3) == ["list customers", "search customers", "read customer"])
        #expect(scenario.checkNames.count == 25) // 2 in setup, 7 browse, 10 sales, 6 after-sales
    }

    @Test func targetIsRequiredUnlessTheRunSuppliesOne() throws {
        let yaml = "flows: [{name: f, steps: [{get: /a}]}]\n"
        var loader = ScenarioLoader { _ in Array(yaml.utf8) }
        guard case .failure(.invalid(let problems)) = loader.load(path: "t.yaml") else {
            Issue.record("a file without target loaded although none was supplied")
            return
        }
        #expect(problems.map(\.message) == ["the scenario is missing required key 'target'"])
        loader.requiresTarget = false
        let scenario = try loader.load(path: "t.yaml").get()
        #expect(scenario.target == "")
        #expect(scenario.flows.map(\.name) == ["f"])
        // A target that is there is still checked.
        let bad = ScenarioLoader { _ in Array("target: ftp://x\nflows: [{name: f, steps: [{get: /a}]}]\n".utf8) }
        var lenient = bad
        lenient.requiresTarget = false
        guard case .failure(.invalid(let badProblems)) = lenient.load(path: "b.yaml") else {
            Issue.record("an ftp target was accepted")
            return
        }
        #expect(badProblems.first?.message.contains("target must be an http:// or https:// URL") == true)
    }

    @Test func requestRecordsShowEachStepAsWrittenWithCredentialsMasked() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://127.0.0.1:8080/
            secrets: [CRM_TOKEN]
            defaults:
              headers: {Authorization: "Bearer ${env.CRM_TOKEN}", X-Client: bench}
            flows:
              - name: a
                steps:
                  - get: /api/v1/customers/${random.int(1,9)}
                    name: read
                  - post: /api/v1/orders
                    name: order
                    headers: {X-Client: sales}
                    json: {amount: 1}
              - name: b
                steps:
                  - get: /other
                    name: read
            """)
        let records = scenario.requestRecords()
        #expect(records.map(\.name) == ["read", "order"])
        #expect(records[0].method == "GET")
        #expect(records[0].url == "http://127.0.0.1:8080/api/v1/customers/${random.int(1,9)}")
        #expect(records[0].headers == ["Authorization: \(SecretRedactor.mask)", "X-Client: bench"])
        #expect(records[1].method == "POST")
        #expect(records[1].headers == ["Authorization: \(SecretRedactor.mask)", "X-Client: sales"])
        let withPassword = try ScenarioFixtures.scenario("""
            target: http://crm:pAssW0rd@127.0.0.1:8080
            flows: [{name: a, steps: [{get: /x, name: x}]}]
            """)
        #expect(withPassword.requestRecords().map(\.url) == ["http://crm:\(SecretRedactor.mask)@127.0.0.1:8080/x"])
    }

    @Test func everyCheckKnowsItsStepNamedOrNot() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://127.0.0.1:8080
            flows:
              - name: a
                steps:
                  - get: /healthz
                    name: hz
                    check:
                      - status: 200
                      - {name: named check, json: $.status, equals: ok}
            """)
        #expect(scenario.checkNames == ["hz: status is 200", "named check"])
        #expect(scenario.checkSteps == ["hz", "hz"])
    }

    @Test func decodesEverySection() throws {
        let scenario = try ScenarioFixtures.scenario("""
            name: full
            target: https://crm.example.test/
            defaults:
              headers: {X-Client: bench}
              timeout: 2500ms
              http2: true
            secrets: [API_KEY]
            variables:
              tenant: acme
            data:
              - {name: people, file: people.csv, mode: unique}
            setup:
              - post: /login
                json: {user: bench}
                extract:
                  token: {header: X-Token}
            teardown:
              - delete: /sessions/${token}
            flows:
              - name: a
                weight: 3
                steps:
                  - get: /x/${tenant}/${data.people.email}
                    headers: {Authorization: "Bearer ${token}"}
                    continueOnFail: true
                  - think: 1s
                  - group: checkout
                    steps:
                      - put: https://other.example.test/y
                        body: "raw ${seq}"
                      - think: {min: 1s, max: 3s}
                      - patch: /z
                      - think: {mean: 2s}
            workloads:
              - name: warm
                flows: [a]
                load: {vus: 2, iterations: 50}
              - name: spike
                startAfter: 5s
                load: {rate: 200, duration: 30s, arrivals: poisson, maxInFlight: 500, gracefulStop: 15s}
              - name: ramp
                load:
                  stages: [{duration: 10s, target: 5}, {duration: 20s, target: 0}]
              - name: open-ramp
                load:
                  model: open
                  stages: [{duration: 10s, target: 100}]
            """, files: ["people.csv": "email,name\na@x.test,A\nb@x.test,B\n"])
        #expect(scenario.defaults.timeoutMillis == 2_500)
        #expect(scenario.defaults.http2)
        #expect(scenario.feeders.first?.mode == .unique)
        #expect(scenario.teardown?.requestCount == 1)
        let flow = try #require(scenario.flows.first)
        #expect(flow.weight == 3)
        #expect(flow.requestCount == 3)
        #expect(flow.groupNames == ["checkout"])
        let models = scenario.load.workloads.map(\.model)
        #expect(models[0] == .closed(.iterations(vus: 2, count: 50)))
        #expect(models[1] == .open(OpenLoad(rate: .constant(perSecond: 200, durationNanos: 30_000_000_000),
                                            arrivals: .poisson, maxInFlight: 500)))
        #expect(models[2] == .closed(.stages([LoadStage(durationNanos: 10_000_000_000, target: 5),
                                              LoadStage(durationNanos: 20_000_000_000, target: 0)])))
        #expect(models[3] == .open(OpenLoad(rate: .stages([LoadStage(durationNanos: 10_000_000_000, target: 100)]))))
        #expect(scenario.load.workloads[1].startAfterNanos == 5_000_000_000)
        #expect(scenario.load.workloads[0].flowNames == ["a"])
        #expect(scenario.load.gracefulStopNanos == 15_000_000_000)
    }

    @Test func defaultsWhenOptionalSectionsAreAbsent() throws {
        let scenario = try ScenarioFixtures.scenario(ScenarioFixtures.minimal)
        #expect(scenario.name == "minimal")
        #expect(scenario.defaults.timeoutMillis == 30_000)
        #expect(scenario.load == LoadPlan())
        #expect(scenario.flows[0].requestNames == ["GET /api/v1/customers/1"])
    }

    @Test func unreadableScenarioIsADistinctError() {
        let result = ScenarioFixtures.loader([:]).load(path: "missing.yaml")
        guard case .failure(.unreadable(let path, _)) = result else {
            Issue.record("expected unreadable, got \(result)")
            return
        }
        #expect(path == "missing.yaml")
    }

    @Test func checkNamesAreStableAndIndexed() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://h
            flows:
              - name: f
                steps:
                  - post: /orders
                    name: place
                    check:
                      - status: [200, 201]
                      - {json: $.id, exists: true, name: has id}
                      - status: 2xx
            """)
        #expect(scenario.checkNames == ["place: status is 200|201", "has id", "place: status is 2xx"])
    }
}
