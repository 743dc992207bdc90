/// The load of a scenario: one or more workloads started at offsets, and how long to let iterations finish.
public struct LoadPlan: Hashable, Sendable {
    /// The workloads; a top-level `load:` becomes one workload named `default` over all flows.
    public var workloads: [Workload]
    /// After the load ends, in-flight iterations get this long before being cut (`gracefulStop`, default 10 s).
    public var gracefulStopNanos: Int64

    /// Creates a plan; the default is 1 virtual user for 10 s.
    public init(
        workloads: [Workload] = [Workload(name: "default", flowNames: [], startAfterNanos: 0,
                                           model: .closed(.constant(vus: 1, durationNanos: 10_000_000_000)))],
        gracefulStopNanos: Int64 = 10_000_000_000
    ) {
        self.workloads = workloads
        self.gracefulStopNanos = gracefulStopNanos
    }
}

/// A load model applied to some flows, starting at an offset from the run's start.
public struct Workload: Hashable, Sendable {
    /// The workload's name.
    public var name: String
    /// The flows it picks from (by weight); empty means all flows.
    public var flowNames: [String]
    /// Delay from the start of the run.
    public var startAfterNanos: Int64
    /// How load is generated.
    public var model: LoadModel

    /// Creates a workload.
    public init(name: String, flowNames: [String], startAfterNanos: Int64, model: LoadModel) {
        self.name = name
        self.flowNames = flowNames
        self.startAfterNanos = startAfterNanos
        self.model = model
    }
}

/// Closed (a fixed population of virtual users looping) or open (arrivals at a rate, whatever the response time).
public enum LoadModel: Hashable, Sendable {
    /// Virtual users each run one iteration after another.
    case closed(ClosedLoad)
    /// Iterations start at a rate, independent of how fast the system answers.
    case open(OpenLoad)
}

/// Shapes of a closed model.
public enum ClosedLoad: Hashable, Sendable {
    /// `{vus, duration}`.
    case constant(vus: Int, durationNanos: Int64)
    /// `{vus, iterations}`: the users share a total number of iterations.
    case iterations(vus: Int, count: Int)
    /// `{stages: [{duration, target}]}`: the user count ramps linearly to each stage's target.
    case stages([LoadStage])
}

/// An open model.
public struct OpenLoad: Hashable, Sendable {
    /// Constant `rate` for `duration`, or rate `stages`.
    public enum Rate: Hashable, Sendable {
        /// `{rate, duration}`.
        case constant(perSecond: Double, durationNanos: Int64)
        /// `{stages: [{duration, target}]}` where target is iterations per second.
        case stages([LoadStage])
    }

    /// The arrival rate.
    public var rate: Rate
    /// How arrivals are spaced.
    public var arrivals: ArrivalProcess
    /// Cap on iterations in flight; arrivals beyond it are counted as dropped.
    public var maxInFlight: Int

    /// Creates an open model.
    public init(rate: Rate, arrivals: ArrivalProcess = .uniform, maxInFlight: Int = 1000) {
        self.rate = rate
        self.arrivals = arrivals
        self.maxInFlight = maxInFlight
    }
}

/// How open-model arrivals are spaced.
public enum ArrivalProcess: String, Hashable, Sendable {
    /// Evenly spaced.
    case uniform
    /// Exponential gaps (a Poisson process).
    case poisson
}

/// One ramp: move linearly to `target` over `durationNanos`.
public struct LoadStage: Hashable, Sendable {
    /// Length of the ramp.
    public var durationNanos: Int64
    /// Users (closed) or iterations per second (open) at the end of the ramp.
    public var target: Double

    /// Creates a stage.
    public init(durationNanos: Int64, target: Double) {
        self.durationNanos = durationNanos
        self.target = target
    }
}
