/// How `crmbench model` reads a log and shapes its model.
public struct ModelOptions: Sendable {
    /// How requests are grouped into sessions.
    public var sessionKey: SessionKey = .clientAndAgent
    /// A session ends after this long without a request (30 min, the Web-analytics convention).
    public var inactivityTimeoutMillis: Int64 = 30 * 60 * 1_000
    /// Seed of the reservoirs and the clustering, so a model is reproducible.
    public var seed: UInt64 = 42
    /// More distinct endpoints than this go to one `other` bucket (a log of unbounded URLs stays flat in memory).
    public var maxTemplates = 2_000
    /// Distinct request sequences kept for the flows; rarer ones are counted, not kept.
    public var maxSequences = 20_000
    /// Requests of a session kept for its sequence.
    public var maxSequenceLength = 40
    /// Samples kept per distribution (session lengths, durations, think times).
    public var sampleCapacity = 20_000
    /// Malformed lines whose numbers are kept for the summary.
    public var malformedLinesKept = 5

    /// The defaults.
    public init() {}
}
