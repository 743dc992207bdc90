/// Behaviour classes: the sessions' visit vectors (share of each endpoint in the session) clustered by k-means, k up
/// to 4 chosen by silhouette; each class replayed as its most common request sequences.
extension ModelAccumulator {
    /// Most flows one class contributes; together they cover at least ``flowCoverage`` of its sessions when they can.
    static let maxFlowsPerClass = 5
    static let flowCoverage = 0.8
    /// Dimensions of the visit vectors: the most requested endpoints.
    static let maxDimensions = 64

    func classes() -> (classes: [BehaviourModel.BehaviourClass], silhouette: Double) {
        let dimensions = templates.indices.sorted { templates[$0].requests > templates[$1].requests }.prefix(Self.maxDimensions)
        var column: [Int32: Int] = [:]
        for (offset, index) in dimensions.enumerated() { column[Int32(index)] = offset }
        func vector(_ sequence: [Int32]) -> [Double] {
            var v = [Double](repeating: 0, count: column.count)
            for t in sequence { if let c = column[t] { v[c] += 1 } }
            let total = v.reduce(0, +)
            return total > 0 ? v.map { $0 / total } : v
        }
        let clustering = KMeans.best(visitSample.items.map(vector), maxK: 4, seed: options.seed)
        var members = [[(sequence: [Int32], count: Int)]](repeating: [], count: max(clustering.centroids.count, 1))
        for (sequence, count) in sequences {
            let c = clustering.centroids.isEmpty ? 0 : KMeans.nearest(vector(sequence), clustering.centroids)
            members[c].append((sequence, count))
        }
        let tracked = max(sequences.values.reduce(0, +), 1)
        var result: [BehaviourModel.BehaviourClass] = []
        for group in members where !group.isEmpty {
            let sorted = group.sorted { $0.count != $1.count ? $0.count > $1.count : $0.sequence.lexicographicallyPrecedes($1.sequence) }
            let sessions = sorted.reduce(0) { $0 + $1.count }
            var flows: [BehaviourModel.FlowModel] = []
            var covered = 0
            for item in sorted where flows.count < Self.maxFlowsPerClass {
                if !flows.isEmpty, Double(covered) >= Self.flowCoverage * Double(sessions) { break }
                covered += item.count
                flows.append(.init(name: "", sessions: item.count, steps: item.sequence.map { name($0) }))
            }
            var visits: [String: Double] = [:]
            for item in sorted {
                for t in item.sequence { visits[name(t), default: 0] += Double(item.count) / Double(sessions) }
            }
            let top = visits.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3)
            result.append(.init(name: "", sessions: sessions, share: Double(sessions) / Double(tracked),
                                topEndpoints: Dictionary(uniqueKeysWithValues: top.map { ($0.key, $0.value) }), flows: flows))
        }
        result.sort { $0.sessions > $1.sessions }
        for c in result.indices {
            result[c].name = "class\(c + 1)"
            for f in result[c].flows.indices { result[c].flows[f].name = "class\(c + 1)-\(f + 1)" }
        }
        return (result, clustering.silhouette)
    }
}
