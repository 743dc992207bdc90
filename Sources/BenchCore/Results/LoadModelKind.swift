/// The kind of load a run offered, as a result records it (`config.model`) and every report and comparison reads it.
public enum LoadModelKind: String, Codable, Sendable, CaseIterable {
    /// A fixed population of virtual users (connections), each sending again once answered.
    case closed
    /// Arrivals at a rate, whatever the response time (latency measured from the schedule).
    case open
    /// Several workloads at the same time, each with its own model.
    case mixed
}

/// What the levels of a sweep count (`sweep.dimension`).
public enum SweepDimension: String, Codable, Sendable, CaseIterable {
    /// Virtual users: the closed model.
    case vus
    /// Arrivals per second: the open model.
    case rate

    /// The load model of a sweep over this dimension.
    public var model: LoadModelKind { self == .rate ? .open : .closed }
}

extension LoadModel {
    /// The kind of this model, as a result records it.
    public var kind: LoadModelKind {
        switch self {
        case .closed: return .closed
        case .open: return .open
        }
    }
}
