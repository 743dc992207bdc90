import BenchCore
import Testing

@Suite("Weighted flow picking")
struct FlowPickerTests {
    static func flow(_ name: String, _ weight: Int) -> Flow {
        Flow(name: name, weight: weight, steps: [.request(RequestStep(method: "GET", url: .literal("/")))])
    }

    @Test func distributionFollowsWeights() {
        let picker = FlowPicker(flows: [Self.flow("browse", 6), Self.flow("sales", 3), Self.flow("after", 1)])
        var random = SplitMix64(seed: 11)
        var counts = [0, 0, 0]
        let draws = 100_000
        for _ in 0..<draws { counts[picker.pick(using: &random)] += 1 }
        let shares = counts.map { Double($0) / Double(draws) }
        #expect(abs(shares[0] - 0.6) < 0.01)
        #expect(abs(shares[1] - 0.3) < 0.01)
        #expect(abs(shares[2] - 0.1) < 0.01)
    }

    @Test func restrictedToAWorkloadsFlows() {
        let picker = FlowPicker(flows: [Self.flow("a", 1), Self.flow("b", 5), Self.flow("c", 1)], only: ["a", "c"])
        var random = SplitMix64(seed: 2)
        let picked = Set((0..<1_000).map { _ in picker.pick(using: &random) })
        #expect(picked == [0, 2])
    }

    @Test func sameSeedSameSequence() {
        let picker = FlowPicker(flows: [Self.flow("a", 1), Self.flow("b", 1)])
        var first = SplitMix64(seed: 99)
        var second = SplitMix64(seed: 99)
        #expect((0..<50).map { _ in picker.pick(using: &first) } == (0..<50).map { _ in picker.pick(using: &second) })
    }

    @Test func factoryRefusesWhenNothingToPick() throws {
        let scenario = try ScenarioFixtures.scenario(ScenarioFixtures.minimal)
        let workload = Workload(name: "w", flowNames: ["ghost"], startAfterNanos: 0, model: .closed(.iterations(vus: 1, count: 1)))
        var factory = IterationFactory(scenario: scenario, workload: workload, seed: 1, env: { _ in nil }, nowEpochMillis: { 0 })
        guard case .failure(.noFlows) = factory.next() else {
            Issue.record("expected noFlows")
            return
        }
    }

    @Test func factoryNumbersIterationsWithStride() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://h
            flows:
              - name: f
                steps:
                  - get: /x/${seq}
            """)
        var factory = IterationFactory(scenario: scenario, seed: 1, firstSeq: 2, seqStride: 4, env: { _ in nil }, nowEpochMillis: { 0 })
        var urls: [String] = []
        for _ in 0..<3 {
            var iteration = try factory.next().get()
            if case .send(let request) = iteration.start() { urls.append(request.url) }
        }
        #expect(urls == ["http://h/x/2", "http://h/x/6", "http://h/x/10"])
    }
}
