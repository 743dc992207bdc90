/// A named, weighted list of steps; one run through it is an iteration (a business transaction).
public struct Flow: Sendable {
    /// The flow's name, used in `flow.NAME.*` metrics and workloads.
    public let name: String
    /// Relative weight for the flow picker (at least 1).
    public let weight: Int
    /// The steps as written.
    public let steps: [Step]
    /// The steps flattened into instructions the interpreter walks with one index.
    public let program: [FlowInstruction]

    /// Creates a flow and flattens its groups.
    public init(name: String, weight: Int = 1, steps: [Step]) {
        self.name = name
        self.weight = weight
        self.steps = steps
        var program: [FlowInstruction] = []
        Flow.flatten(steps, group: nil, into: &program)
        self.program = program
    }

    /// Number of request steps, groups included.
    public var requestCount: Int {
        program.reduce(0) { count, instruction in
            if case .request = instruction { return count + 1 }
            return count
        }
    }

    /// Names of the groups in the flow, in order.
    public var groupNames: [String] {
        program.compactMap { if case .groupBegin(let name) = $0 { return name } else { return nil } }
    }

    /// Names of the request steps, in order.
    public var requestNames: [String] {
        program.compactMap { if case .request(let step, _) = $0 { return step.name } else { return nil } }
    }

    private static func flatten(_ steps: [Step], group: String?, into program: inout [FlowInstruction]) {
        for step in steps {
            switch step {
            case .request(let request): program.append(.request(request, group: group))
            case .think(let think): program.append(.think(think, group: group))
            case .group(let name, let inner):
                program.append(.groupBegin(name))
                flatten(inner, group: name, into: &program)
                program.append(.groupEnd(name))
            }
        }
    }
}

/// One step of a flow as written in the scenario.
public enum Step: Sendable {
    /// Send a request, then extract and check.
    case request(RequestStep)
    /// Pause.
    case think(ThinkTime)
    /// A named business transaction timed as one.
    case group(name: String, steps: [Step])
}

/// One instruction of a flattened flow.
public enum FlowInstruction: Sendable {
    /// Send a request; `group` is the enclosing group, if any.
    case request(RequestStep, group: String?)
    /// Pause; `group` is the enclosing group, if any.
    case think(ThinkTime, group: String?)
    /// A group starts.
    case groupBegin(String)
    /// A group ends.
    case groupEnd(String)
}
