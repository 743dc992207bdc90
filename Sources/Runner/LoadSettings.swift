import BenchCore
import LoadEngine

/// How much load, as the command line gives it: each setting left nil comes from the scenario's `load:` section
/// or the defaults (10 connections for 10 s).
public struct LoadSettings: Sendable {
    public var connections: Int?
    public var durationNanos: UInt64?
    /// `--threads`: `auto` (the cores this process may use) unless given.
    public var threads = ThreadCount.auto
    /// Open model: arrivals per second (nil: closed model, or the scenario's).
    public var ratePerSecond: Double?
    /// Open model: how `--rate` arrivals are spaced.
    public var arrivals = ArrivalProcess.uniform
    public var eventLoop = EngineConfiguration.EventLoop.auto
    /// `--iterations N`: N iterations of each flow (the run's flows taken in turn), bounded by `-d` when given.
    public var iterationsPerFlow: Int?

    /// No settings of its own.
    public init() {}

    /// Whether the command line gave any load of its own (then a scenario's several workloads run as one).
    public var overridesLoad: Bool {
        connections != nil || durationNanos != nil || ratePerSecond != nil || iterationsPerFlow != nil
    }

    /// The workloads of a run of `source`: a scenario's several workloads run together, as the file says, unless
    /// the command line gives the load; else one workload (the scenario's only one, or all flows).
    public func workloads(of source: LoadSource) throws -> [LevelWorkload] {
        let info = source.info
        guard source.workloads.count > 1 && !overridesLoad else {
            var config = try configuration(client: info.client, load: info.scenarioLoad?.model,
                                           gracefulStopNanos: info.gracefulStopNanos, seed: info.seed)
            if let perFlow = iterationsPerFlow {
                // Every flow N times; -d, when given, still bounds the run's time.
                config.maxIterations = UInt64(perFlow) * UInt64(max(1, info.flowCount))
                if durationNanos == nil { config.durationNanos = 0 }
            }
            return [LevelWorkload(config: config, workload: source.workloads.count == 1 && iterationsPerFlow == nil ? 0 : nil)]
        }
        return try source.workloads.enumerated().map { index, load in
            LevelWorkload(config: try configuration(client: info.client, load: load.model, gracefulStopNanos: info.gracefulStopNanos,
                                                    seed: info.seed),
                          startAfterNanos: UInt64(max(0, load.startAfterNanos)), workload: index)
        }
    }

    /// The engine settings of one workload: command-line settings win over the scenario's `load:` section.
    /// - Parameters:
    ///   - load: the scenario's load model (nil: 10 connections for 10 s unless the command line says otherwise).
    ///   - gracefulStopNanos: the scenario's `gracefulStop` (nil: the request timeout, at most 10 s).
    public func configuration(client: ClientOptions, load: LoadModel?, gracefulStopNanos: UInt64? = nil,
                              seed: UInt64 = 1) throws -> EngineConfiguration {
        var config = EngineConfiguration()
        config.client = client
        config.eventLoop = eventLoop
        config.arrivalSeed = seed
        config.model = load ?? .defaultRun
        config.gracefulStopNanos = gracefulStopNanos
            ?? min(UInt64(max(0, min(config.client.timeoutMillis, 10_000))) * 1_000_000, 10_000_000_000)
        if let connections {
            // Stages keep their shape; they may not ask for more users than the connections allowed.
            if config.model.userProfile != nil && connections < config.connections {
                throw RunnerError("virtual-user stages reach \(config.connections) but only \(connections) connections are allowed",
                                  kind: .usage)
            }
            config.connections = connections
        }
        if let durationNanos { config.durationNanos = durationNanos }
        if let rate = ratePerSecond {
            // Room for half a second of arrivals in flight, so a server pause shows as latency, not as send lag.
            // min before Int(): the rate is validated, but a conversion must never be the thing that checks it.
            let half = rate.isFinite ? min(max(rate / 2, 0), 5_000) : 5_000
            let inFlight = connections ?? max(config.connections, max(64, Int(half)))
            config.iterationCap = config.maxIterations  // a `{vus, iterations}` count still bounds the run
            config.model = .open(ratePerSecond: rate, durationNanos: Int64(min(config.durationNanos, UInt64(Int64.max))),
                                 maxInFlight: inFlight, arrivals: arrivals)
        }
        config.threads = threads.resolved(connections: config.connections)
        let problems = config.validate()
        guard problems.isEmpty else { throw RunnerError(problems.joined(separator: "; "), kind: .usage) }
        return config
    }

    /// The engine settings of one level of a sweep or find-max: `level` virtual users (closed) or arrivals per
    /// second (open) for `stepNanos`.
    public static func level(_ level: Double, open: Bool, stepNanos: UInt64, threads: ThreadCount, client: ClientOptions) throws -> EngineConfiguration {
        var config = EngineConfiguration()
        config.client = client
        config.gracefulStopNanos = min(UInt64(max(0, min(client.timeoutMillis, 5_000))) * 1_000_000, 5_000_000_000)
        let step = Int64(min(stepNanos, UInt64(Int64.max)))
        if open {
            // Clamped before Int(): levels are validated, but a conversion must never trap on a bad one.
            config.model = .open(ratePerSecond: level, durationNanos: step,
                                 maxInFlight: level.isFinite ? Int(min(10_000, max(50, level / 5))) : 10_000)
        } else {
            let vus = level.isFinite ? Int(min(Double(InputLimits.maxConnections), max(1, level.rounded()))) : 1
            config.model = .closed(.constant(vus: vus, durationNanos: step))
        }
        config.threads = threads.resolved(connections: config.connections)
        let problems = config.validate()
        guard problems.isEmpty else { throw RunnerError(problems.joined(separator: "; "), kind: .usage) }
        return config
    }
}
