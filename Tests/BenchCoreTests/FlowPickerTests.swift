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

    /// `flowMix: exact`: after every number of iterations, each flow has run within 3 iterations of its weighted
    /// share (the golden-ratio sequence's discrepancy grows as log n; independent draws stray by about √n: a flow of
    /// share 0.4 by 22 at n = 2,000); the order is not a repeating cycle.
    @Test func exactMixKeepsEveryPrefixAtTheWeights() {
        let weights = [120, 45, 300, 15, 1]
        let picker = FlowPicker(flows: weights.enumerated().map { Self.flow("f\($0.offset)", $0.element) })
        let total = Double(weights.reduce(0, +))
        for start in [0.0, 0.37, 0.999] {
            var counts = [Int](repeating: 0, count: weights.count)
            var worst = 0.0
            for n in 0..<2_000 {
                counts[picker.spread(n, start: start)] += 1
                for i in weights.indices { worst = max(worst, abs(Double(counts[i]) - Double(n + 1) * Double(weights[i]) / total)) }
            }
            #expect(worst <= 3, "start \(start): a flow strayed \(worst) iterations from its share")
        }
        let first = (0..<40).map { picker.spread($0, start: 0.1) }
        #expect(Set(stride(from: 0, to: 40, by: 5).map { Array(first[$0..<$0 + 5]) }).count > 1)
    }

    /// The scenario language: `flowMix: exact` reaches the factory, which keeps the shares per worker; another
    /// value is refused with its line and the choices.
    @Test func scenarioFlowMixIsReadAndValidated() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://h
            flowMix: exact
            flows:
              - {name: a, weight: 3, steps: [{get: /a}]}
              - {name: b, weight: 1, steps: [{get: /b}]}
            """)
        #expect(scenario.flowMix == .exact)
        var factory = IterationFactory(scenario: scenario, seed: 9, env: { _ in nil }, nowEpochMillis: { 0 })
        var a = 0
        for _ in 0..<400 where try factory.next().get().flow.name == "a" { a += 1 }
        #expect(abs(a - 300) <= 3, "flow a ran \(a) of 400 times at weight 3:1")

        var loader = ScenarioLoader { _ in [] }
        loader.requiresTarget = true
        let text = "target: http://h\nflowMix: sorted\nflows:\n  - {name: a, steps: [{get: /a}]}\n"
        guard case .failure(let error) = loader.load(text: text, path: "s.yaml") else {
            Issue.record("flowMix: sorted was accepted"); return
        }
        #expect("\(error)".contains("s.yaml:2") && "\(error)".contains("flowMix must be one of random, exact, found 'sorted'"), "\(error)")
    }
}
