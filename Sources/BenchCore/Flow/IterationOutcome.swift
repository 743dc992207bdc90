/// The result of one iteration of a flow, for the engine to count.
public struct IterationOutcome: Sendable {
    /// The flow's name.
    public var flowName: String
    /// True when every step passed (checks under `continueOnFail` may still have failed).
    public var succeeded: Bool
    /// Why the iteration failed, when it did.
    public var failureReason: String?
    /// Per-check verdicts in evaluation order; `checkID` indexes `Scenario.checkNames`.
    public var checks: [CheckVerdict]
    /// One record per request sent, in order.
    public var steps: [StepRecord]
    /// Groups that ran to their end, with their duration (sum of request latencies and think times inside).
    public var groups: [GroupTiming]
    /// Values extracted during this iteration; setup's become the run's globals (`IterationFactory.adoptSetup`).
    public var extracted: [String: String]
    /// The request steps a failed iteration never reached, in flow order, and their check ids.
    public var stepsNotReached: [String] = []
    public var checksNotRun: [Int] = []

    public init(flowName: String, succeeded: Bool, failureReason: String?, checks: [CheckVerdict], steps: [StepRecord],
                groups: [GroupTiming], extracted: [String: String]) {
        self.flowName = flowName
        self.succeeded = succeeded
        self.failureReason = failureReason
        self.checks = checks
        self.steps = steps
        self.groups = groups
        self.extracted = extracted
    }
}

/// One check's verdict in one iteration.
public struct CheckVerdict: Hashable, Sendable {
    /// Index into `Scenario.checkNames`.
    public var checkID: Int
    /// Whether the check passed.
    public var passed: Bool
    /// Why it failed.
    public var reason: String?

    /// Creates a verdict.
    public init(checkID: Int, passed: Bool, reason: String? = nil) {
        self.checkID = checkID
        self.passed = passed
        self.reason = reason
    }
}

/// What happened to one request step.
public struct StepRecord: Hashable, Sendable {
    /// The step's name.
    public var stepName: String
    /// Index among the flow's request steps.
    public var stepIndex: Int
    /// The enclosing group, if any.
    public var groupName: String?
    /// HTTP status (0 = transport failure).
    public var status: Int
    /// Latency the engine reported.
    public var latencyMicros: Int64
    /// True when the step failed (transport, status, extraction or a check).
    public var failed: Bool
    /// Why the step failed.
    public var failureReason: String?
}

/// The duration of a group that completed.
public struct GroupTiming: Hashable, Sendable {
    /// The group's name.
    public var name: String
    /// Request latencies plus think times inside the group.
    public var durationMicros: Int64

    /// Creates a timing.
    public init(name: String, durationMicros: Int64) {
        self.name = name
        self.durationMicros = durationMicros
    }
}
