import BenchCore
import Testing

/// Every agent's share of a load adds up to the whole exactly, and a load too small to split is refused.
@Suite struct LoadSegmentTests {
    func shares(_ model: LoadModel, agents: Int) throws -> [LoadModel] {
        try (0..<agents).map { try LoadSegment(index: $0, count: agents).share(of: model) }
    }

    @Test(arguments: [(10, 3), (3, 3), (1_000, 7), (5, 2)])
    func virtualUsersAddUp(vus: Int, agents: Int) throws {
        let parts = try shares(.closed(.constant(vus: vus, durationNanos: 5_000_000_000)), agents: agents)
        let users = parts.map { part -> Int in
            guard case .closed(.constant(let users, let duration)) = part else { Issue.record("not constant"); return 0 }
            #expect(duration == 5_000_000_000)
            return users
        }
        #expect(users.reduce(0, +) == vus)
        #expect(users.max()! - users.min()! <= 1)
    }

    @Test(arguments: [100.0, 1_000.0 / 3, 0.7, 12_345.678])
    func ratesAddUp(rate: Double) throws {
        let parts = try shares(.open(OpenLoad(rate: .constant(perSecond: rate, durationNanos: 1), maxInFlight: 64)), agents: 3)
        var total = 0.0, inFlight = 0
        for part in parts {
            guard case .open(let open) = part, case .constant(let share, _) = open.rate else { Issue.record("not open"); continue }
            total += share
            inFlight += open.maxInFlight
        }
        #expect(abs(total - rate) <= rate * 1e-12)
        #expect(inFlight == 64)
    }

    @Test func stagesSplitStageByStage() throws {
        let stages = [LoadStage(durationNanos: 1, target: 10), LoadStage(durationNanos: 2, target: 4), LoadStage(durationNanos: 3, target: 0)]
        let parts = try shares(.closed(.stages(stages)), agents: 3)
        for stage in stages.indices {
            let targets = parts.map { part -> Double in
                guard case .closed(.stages(let mine)) = part else { return -1 }
                #expect(mine[stage].durationNanos == stages[stage].durationNanos)
                return mine[stage].target
            }
            #expect(targets.reduce(0, +) == stages[stage].target)
        }
    }

    @Test func iterationsAddUpAndTooFewAreRefused() throws {
        let parts = (0..<3).map { try? LoadSegment(index: $0, count: 3).share(ofIterations: 301) }
        #expect(parts.compactMap { $0 }.reduce(0, +) == 301)
        #expect(throws: LoadSegment.Refusal.self) { try LoadSegment(index: 0, count: 5).share(ofIterations: 3) }
    }

    @Test func fiveAgentsCannotShareThreeUsers() {
        #expect(throws: LoadSegment.Refusal(message: "5 agents cannot share 3 virtual users: each agent needs at least one (use at most 3 agents or more virtual users)")) {
            try LoadSegment(index: 4, count: 5).share(of: .closed(.constant(vus: 3, durationNanos: 1)))
        }
    }

    @Test func seedsDifferPerAgentAndReplay() {
        let seeds = (0..<4).map { LoadSegment(index: $0, count: 4).seed(from: 42) }
        #expect(Set(seeds).count == 4)
        #expect(seeds[0] == 42)
        #expect(seeds == (0..<4).map { LoadSegment(index: $0, count: 4).seed(from: 42) })
    }
}
