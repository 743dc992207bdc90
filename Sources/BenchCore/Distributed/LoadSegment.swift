/// One agent's part of a distributed run: agent `index` of `count`. Every share is cut so the parts add up exactly
/// to the whole (integers by quotient plus one of the remainder for the first agents; rates by differences of a
/// running total), and every agent gets something to do, or the split is refused with the reason.
public struct LoadSegment: Codable, Hashable, Sendable {
    /// This agent's place, from 0.
    public var index: Int
    /// How many agents share the load.
    public var count: Int

    /// A segment; `index` must lie in `0..<count`.
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Why a load cannot be split over the agents.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        public init(message: String) { self.message = message }
    }

    /// This segment's share of an integer total (virtual users, iterations, rows).
    public func share(of total: Int) -> Int {
        guard count > 0, total > 0 else { return 0 }
        return total / count + (index < total % count ? 1 : 0)
    }

    /// This segment's share of a rate: the difference of the running totals at its ends, so the shares add up to the
    /// rate itself.
    public func share(ofRate rate: Double) -> Double {
        guard count > 0 else { return 0 }
        return rate * Double(index + 1) / Double(count) - rate * Double(index) / Double(count)
    }

    /// This segment's part of a load model; refused when some agent would get no virtual user, no iteration or no
    /// arrivals.
    public func share(of model: LoadModel) throws -> LoadModel {
        let agents = "\(count) agents"
        switch model {
        case .closed(.constant(let vus, let duration)):
            guard vus >= count else { throw Refusal(message: "\(agents) cannot share \(vus) virtual users: each agent needs at least one (use at most \(vus) agents or more virtual users)") }
            return .closed(.constant(vus: share(of: vus), durationNanos: duration))
        case .closed(.iterations(let vus, let iterations)):
            guard vus >= count else { throw Refusal(message: "\(agents) cannot share \(vus) virtual users: each agent needs at least one (use at most \(vus) agents or more virtual users)") }
            guard iterations >= count else { throw Refusal(message: "\(agents) cannot share \(iterations) iterations: each agent needs at least one") }
            return .closed(.iterations(vus: share(of: vus), count: share(of: iterations)))
        case .closed(.stages(let stages)):
            let peak = stages.map { Int($0.target.rounded()) }.max() ?? 0
            guard peak >= count else { throw Refusal(message: "\(agents) cannot share stages that peak at \(peak) virtual users: each agent needs at least one") }
            return .closed(.stages(stages.map { LoadStage(durationNanos: $0.durationNanos, target: Double(share(of: Int($0.target.rounded())))) }))
        case .open(var open):
            switch open.rate {
            case .constant(let rate, let duration):
                guard rate > 0 else { throw Refusal(message: "a rate of 0 cannot be shared") }
                open.rate = .constant(perSecond: share(ofRate: rate), durationNanos: duration)
            case .stages(let stages):
                guard stages.contains(where: { $0.target > 0 }) else { throw Refusal(message: "rate stages that never rise above 0 cannot be shared") }
                open.rate = .stages(stages.map { LoadStage(durationNanos: $0.durationNanos, target: share(ofRate: $0.target)) })
            }
            guard open.maxInFlight >= count else { throw Refusal(message: "\(agents) cannot share an in-flight limit of \(open.maxInFlight): each agent needs at least one") }
            open.maxInFlight = share(of: open.maxInFlight)
            return .open(open)
        }
    }

    /// This segment's part of an iteration cap (`--iterations`); refused when an agent would get none.
    public func share(ofIterations cap: UInt64) throws -> UInt64 {
        guard cap >= UInt64(count) else { throw Refusal(message: "\(count) agents cannot share \(cap) iterations: each agent needs at least one") }
        return UInt64(share(of: Int(min(cap, UInt64(Int.max)))))
    }

    /// The seed of this agent's random streams: the run's for agent 0, a hash of it and the index for the others,
    /// so agents never draw the same values and a run replays with the same `--seed`.
    public func seed(from runSeed: UInt64) -> UInt64 {
        guard index > 0 else { return runSeed }
        var mixer = SplitMix64(seed: runSeed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        return mixer.next()
    }
}
