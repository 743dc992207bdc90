/// Scenario-level results: flows (business transactions), groups, checks and thresholds.
public struct ScenarioResults: Codable, Sendable {
    public var flows: [TransactionSummary]
    public var groups: [TransactionSummary]
    public var checks: [CheckSummary]
    /// Thresholds as results before they moved to `RunResult.thresholds` recorded them; nil in newer results.
    public var thresholds: [ThresholdRecord]?
    /// The first iteration failure reasons seen (secrets redacted), to say why iterations failed.
    public var failureSamples: [String]?
    /// The `unique` feeder that ran out and ended the run, if one did.
    public var feederExhausted: String?
    /// Steps that iterations ended before reaching, in flow order (absent in results of older versions).
    public var stepsNotReached: [StepNotReached]?
    public init(flows: [TransactionSummary] = [], groups: [TransactionSummary] = [], checks: [CheckSummary] = [],
                thresholds: [ThresholdRecord]? = nil, failureSamples: [String]? = nil, feederExhausted: String? = nil,
                stepsNotReached: [StepNotReached]? = nil) {
        self.stepsNotReached = stepsNotReached
        self.flows = flows
        self.groups = groups
        self.checks = checks
        self.thresholds = thresholds
        self.failureSamples = failureSamples
        self.feederExhausted = feederExhausted
    }
}

/// A timed business transaction: a whole flow iteration, or a group of steps.
public struct TransactionSummary: Codable, Sendable {
    public var name: String
    public var iterations: UInt64
    public var failed: UInt64
    public var interrupted: UInt64
    public var durationMicros: PercentileSummary
    public var histogram: SparseHistogram
    /// Flows of a single run: iterations (as `requests`), failed iterations (as `errors`) and coarse durations per
    /// window, from the run's first second (absent for groups, sweeps, several workloads, merged and older results).
    public var windows: WindowSeries?
    public init(name: String, iterations: UInt64, failed: UInt64, interrupted: UInt64, histogram: LatencyHistogram) {
        self.name = name
        self.iterations = iterations
        self.failed = failed
        self.interrupted = interrupted
        durationMicros = PercentileSummary(histogram)
        self.histogram = histogram.sparse
    }
}

/// How many iterations ended before reaching a step.
public struct StepNotReached: Codable, Sendable, Equatable {
    public var step: String
    public var iterations: UInt64
    public init(step: String, iterations: UInt64) {
        self.step = step
        self.iterations = iterations
    }
}

/// Pass/fail counts of one check, and how often it did not run because its step was never reached.
public struct CheckSummary: Codable, Sendable, Equatable {
    public var name: String
    public var step: String
    public var passes: UInt64
    public var fails: UInt64
    /// Iterations that ended early, before the check's step (0 in results of older versions).
    public var notRun: UInt64
    public init(name: String, step: String, passes: UInt64, fails: UInt64, notRun: UInt64 = 0) {
        self.name = name
        self.step = step
        self.passes = passes
        self.fails = fails
        self.notRun = notRun
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        step = try container.decode(String.self, forKey: .step)
        passes = try container.decode(UInt64.self, forKey: .passes)
        fails = try container.decode(UInt64.self, forKey: .fails)
        notRun = try container.decodeIfPresent(UInt64.self, forKey: .notRun) ?? 0
    }
}

/// One threshold and its verdict.
public struct ThresholdRecord: Codable, Sendable, Equatable {
    public var expression: String
    public var passed: Bool
    /// The measured value in the threshold's unit, when there was one.
    public var observed: Double?
    public var detail: String
    /// True for a default threshold (`ThresholdPolicy`), which the run did not state itself; nil otherwise.
    public var isDefault: Bool?
    public init(expression: String, passed: Bool, observed: Double?, detail: String, isDefault: Bool? = nil) {
        self.expression = expression
        self.passed = passed
        self.observed = observed
        self.detail = detail
        self.isDefault = isDefault
    }

    /// The expression as the summaries show it: a default one says so.
    public var label: String { isDefault == true ? expression + " (default)" : expression }
}
