import BenchCore
import Testing
@testable import LoadEngine

/// A scenario flow through the real engine: headers are parsed for flows that read them, JSON is scanned.
@Suite(.serialized) struct ScenarioDriverTests {
    static func runFlow(_ step: RequestStep, server: TestHTTPServer, checks: Int, iterations: UInt64) throws -> ScenarioTally {
        let scenario = Scenario(name: "t", target: "http://127.0.0.1:\(server.port)",
                                flows: [Flow(name: "f", steps: [.request(step)])])
        var config = EngineConfiguration()
        config.connections = 2
        config.maxIterations = iterations
        config.client.timeoutMillis = 5_000
        config.gracefulStopNanos = 5_000_000_000
        let engine = Engine(configuration: config, endpointNames: [step.name])
        var driver: ScenarioDriver?
        let output = try engine.run(control: engine.makeControl()) { _ in
            let made = ScenarioDriver(
                factory: IterationFactory(scenario: scenario, seed: 1, env: { _ in nil }, nowEpochMillis: { 0 }),
                slots: 0, endpointIndexByStep: [step.name: 0], checkCount: checks, onExhausted: { _ in })
            driver = made
            return made
        }
        #expect(output.requests == iterations)
        return try #require(driver).tally
    }

    @Test func headerChecksAndExtractionsSeeTheResponseHeaders() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let step = RequestStep(
            method: "GET", url: .literal("/x"), name: "x",
            extractions: [Extraction(variable: "rid", source: .header("x-request-id")),
                          Extraction(variable: "id", source: .json(try JSONPath.parse("$.id")))],
            checks: [Check(id: 0, kind: .headerContains(name: "content-type", text: "JSON")),
                     Check(id: 1, kind: .jsonEquals(try JSONPath.parse("$.status"), .literal("ok")))])
        let tally = try Self.runFlow(step, server: server, checks: 2, iterations: 20)
        #expect(tally.checkPasses == [20, 20])
        #expect(tally.checkFails == [0, 0])
        #expect(tally.flows["f"]?.succeeded == 20)
    }

    @Test func flowsWithoutHeaderReadsStillCheckTheBody() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let step = RequestStep(
            method: "GET", url: .literal("/x"), name: "x",
            checks: [Check(id: 0, kind: .jsonExists(try JSONPath.parse("$.id"), true)),
                     Check(id: 1, kind: .jsonEquals(try JSONPath.parse("$.id"), .literal("41")))])
        let tally = try Self.runFlow(step, server: server, checks: 2, iterations: 10)
        #expect(tally.checkPasses == [10, 0])
        #expect(tally.checkFails == [0, 10])
    }
}
