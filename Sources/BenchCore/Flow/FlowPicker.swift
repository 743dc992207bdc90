/// Picks a flow index by weight with an injected random source.
public struct FlowPicker: Sendable {
    private let cumulativeWeights: [Int]
    private let indexes: [Int]

    /// A picker over the given flows (indexes into `scenario.flows`); all flows when `only` is nil or empty.
    ///
    /// Weights are clamped to 1...`ScenarioLimits.maxFlowWeight` (validation refuses others) and summed with
    /// checked arithmetic: flows that would take the total past `Int.max` are left out rather than trapping.
    public init(flows: [Flow], only names: [String]? = nil) {
        var cumulative: [Int] = []
        var indexes: [Int] = []
        var total = 0
        for (index, flow) in flows.enumerated() where names?.isEmpty ?? true || names!.contains(flow.name) {
            let weight = min(max(flow.weight, 1), ScenarioLimits.maxFlowWeight)
            let (sum, overflow) = total.addingReportingOverflow(weight)
            if overflow { break }
            total = sum
            cumulative.append(total)
            indexes.append(index)
        }
        cumulativeWeights = cumulative
        self.indexes = indexes
    }

    /// The flow of the `n`th iteration when flows are taken in turn (`--iterations`): every flow equally often.
    public func inTurn(_ n: Int) -> Int {
        indexes.isEmpty ? 0 : indexes[(n % indexes.count + indexes.count) % indexes.count]
    }

    /// How many flows there are to pick from.
    public var count: Int { indexes.count }

    /// True when there is nothing to pick.
    public var isEmpty: Bool { indexes.isEmpty }

    /// The index of the chosen flow in the scenario's `flows`; flow i is chosen with probability weight_i / total.
    public func pick(using random: inout SplitMix64) -> Int {
        guard let total = cumulativeWeights.last else { return 0 }
        return flow(at: Int.random(in: 0..<total, using: &random))
    }

    /// The flow whose slice of [0, total) holds `draw`: a binary search for the first cumulative weight above it.
    private func flow(at draw: Int) -> Int {
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulativeWeights[mid] > draw { high = mid } else { low = mid + 1 }
        }
        return indexes[low]
    }

    /// The flow of iteration `n` under `FlowMix.exact`: the slice of the cumulative weights that holds
    /// frac(`start` + n·φ) × total.
    public func spread(_ n: Int, start: Double) -> Int {
        guard let total = cumulativeWeights.last else { return 0 }
        let position = (start + Double(n) * Self.goldenConjugate).truncatingRemainder(dividingBy: 1)
        return flow(at: min(total - 1, Int(position * Double(total))))
    }

    /// (√5 − 1) / 2.
    static let goldenConjugate = 0.6180339887498949
}
