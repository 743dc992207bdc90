/// A validated, compiled scenario: what to send, how to check it, how much load, and the pass/fail thresholds.
public struct Scenario: Sendable {
    /// The scenario's name (defaults to the file name).
    public var name: String
    /// The base URL requests with a path are sent to; the CLI's `--target` replaces it.
    public var target: String
    /// Headers, timeout and protocol applied to every request.
    public var defaults: RequestDefaults
    /// Environment variable names whose values must never appear in results or reports.
    public var secrets: [String]
    /// The `variables:` section, compiled.
    public var variables: [String: Template]
    /// The data feeders, with their rows loaded.
    public var feeders: [FeederData]
    /// Steps run once before the load; their extractions become global variables.
    public var setup: Flow?
    /// Steps run once after the load.
    public var teardown: Flow?
    /// The weighted flows virtual users pick from.
    public var flows: [Flow]
    /// Pass/fail criteria evaluated after the run.
    public var thresholds: [Threshold]
    /// The load to apply.
    public var load: LoadPlan
    /// Every check in the scenario, indexed by `Check.id`, for per-check counts.
    public var checkNames: [String]
    /// The request step of each check, indexed like `checkNames`.
    public var checkSteps: [String] = []
    /// How iterations pick their flow by weight (`flowMix:`).
    public var flowMix: FlowMix = .random

    /// Creates a scenario; normally produced by `ScenarioLoader`.
    public init(
        name: String, target: String, defaults: RequestDefaults = RequestDefaults(), secrets: [String] = [],
        variables: [String: Template] = [:], feeders: [FeederData] = [], setup: Flow? = nil, teardown: Flow? = nil,
        flows: [Flow], thresholds: [Threshold] = [], load: LoadPlan = LoadPlan(), checkNames: [String] = []
    ) {
        self.name = name
        self.target = target
        self.defaults = defaults
        self.secrets = secrets
        self.variables = variables
        self.feeders = feeders
        self.setup = setup
        self.teardown = teardown
        self.flows = flows
        self.thresholds = thresholds
        self.load = load
        self.checkNames = checkNames
    }

    /// Number of request steps across all flows (groups included, setup and teardown excluded).
    public var requestStepCount: Int {
        flows.reduce(0) { $0 + $1.requestCount }
    }

    /// Distinct request step names of the flows, in first-seen order (`step.NAME.*` metrics).
    public var stepNames: [String] {
        var seen = Set<String>()
        return flows.flatMap(\.requestNames).filter { seen.insert($0).inserted }
    }

    /// Distinct group names of the flows, in first-seen order (`group.NAME.*` metrics).
    public var groupNames: [String] {
        var seen = Set<String>()
        return flows.flatMap(\.groupNames).filter { seen.insert($0).inserted }
    }

    /// Names of the environment variables any template reads, so the CLI can warn about unset ones.
    public var referencedEnvNames: Set<String> {
        var names = Set(variables.values.flatMap(\.envNames))
        for flow in flows + [setup, teardown].compactMap({ $0 }) {
            for case .request(let request, _) in flow.program {
                names.formUnion(request.templates.flatMap(\.envNames))
            }
        }
        names.formUnion(defaults.headers.flatMap(\.value.envNames))
        return names
    }
}

/// Settings applied to every request unless a step overrides them.
public struct RequestDefaults: Sendable {
    /// Headers sent with every request; a step's header of the same name (any case) replaces one.
    public var headers: [HeaderTemplate]
    /// Request timeout.
    public var timeoutMillis: Int64
    /// Whether to negotiate HTTP/2.
    public var http2: Bool

    /// Creates defaults: no headers, 30 s timeout, HTTP/1.1.
    public init(headers: [HeaderTemplate] = [], timeoutMillis: Int64 = 30_000, http2: Bool = false) {
        self.headers = headers
        self.timeoutMillis = timeoutMillis
        self.http2 = http2
    }
}

/// A header whose value is a template.
public struct HeaderTemplate: Hashable, Sendable {
    /// Header name, as written.
    public let name: String
    /// Header value.
    public let value: Template

    /// Creates a header template.
    public init(name: String, value: Template) {
        self.name = name
        self.value = value
    }
}
