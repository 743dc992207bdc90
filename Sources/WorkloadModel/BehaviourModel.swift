/// A workload inferred from an access log: what `model.json` holds.
///
/// Its parts follow the Customer Behaviour Model Graph (Menascé & Almeida, *Scaling for E-Business*, 2000):
/// endpoints with their share of requests, transitions between them with probabilities and pauses, sessions
/// grouped into behaviour classes, and the arrival of sessions over time.
public struct BehaviourModel: Codable, Sendable {
    /// What was read.
    public struct Input: Codable, Sendable {
        public var lines: Int
        public var requests: Int
        public var malformedLines: Int
        /// The first malformed lines' numbers (1-based).
        public var malformedLineNumbers: [Int]
        public var staticAssetsSkipped: Int
        public var withoutSessionKey: Int
        public var firstRequestEpochMillis: Int64
        public var lastResponseEpochMillis: Int64
        public var spanSeconds: Double
    }

    /// A distribution's summary.
    public struct Summary: Codable, Sendable, Equatable {
        public var count: Int
        public var mean: Double
        public var p50: Double
        public var p90: Double
        public var max: Double

        /// The summary of a sample (zeros when empty).
        public init(_ values: [Double]) {
            let x = values.sorted()
            count = x.count
            mean = x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count)
            p50 = x.isEmpty ? 0 : x[Int(Double(x.count - 1) * 0.5)]
            p90 = x.isEmpty ? 0 : x[Int(Double(x.count - 1) * 0.9)]
            self.max = x.last ?? 0
        }
    }

    /// Where the values of a path identifier come from in the generated scenario.
    public struct IdentifierSource: Codable, Sendable, Equatable {
        /// Placeholder kind (`id`, `uuid`, `hex`, `email`).
        public var kind: EndpointTemplate.IdentifierKind
        /// `extracted` (from the response of `POST collection` earlier in the session), `range` or `feeder`.
        public var source: String
        /// The POST endpoint, for `extracted`.
        public var creator: String?
        /// Smallest and largest value seen, for `range`.
        public var range: [Int]?
        /// Share of requests that followed a POST to the collection in the same session.
        public var createdInSessionShare: Double
        /// Values seen (a sample), for `feeder`.
        public var values: [String]?
    }

    /// One endpoint template.
    public struct Endpoint: Codable, Sendable {
        public var template: String
        public var requests: Int
        /// Share of all requests, 0…1.
        public var share: Double
        public var errorShare: Double
        public var exampleTarget: String
        public var identifiers: [IdentifierSource]
    }

    /// One CBMG edge; `from` is `(start)` at a session's first request, `to` is `(end)` after its last.
    public struct Transition: Codable, Sendable {
        public var from: String
        public var to: String
        public var count: Int
        /// Share of the transitions leaving `from`.
        public var probability: Double
        public var think: ThinkTimeFit?
        /// Share of the pauses on this edge below the noise floor (no think step).
        public var immediateShare: Double
    }

    /// A request sequence replayed as one flow.
    public struct FlowModel: Codable, Sendable {
        public var name: String
        public var sessions: Int
        /// The endpoint of each step, in order.
        public var steps: [String]
    }

    /// A group of sessions with similar visit vectors.
    public struct BehaviourClass: Codable, Sendable {
        public var name: String
        public var sessions: Int
        public var share: Double
        /// The endpoints its sessions use most, with their mean visits per session.
        public var topEndpoints: [String: Double]
        public var flows: [FlowModel]
    }

    /// One open-model stage of session arrivals.
    public struct ArrivalStage: Codable, Sendable, Equatable {
        public var durationSeconds: Double
        /// Sessions started per second at the stage's end (already scaled).
        public var targetPerSecond: Double
    }

    public var input: Input
    public var sessionKey: String
    public var inactivityTimeoutSeconds: Double
    public var sessions: Int
    public var sessionLengthRequests: Summary
    public var sessionDurationSeconds: Summary
    public var thinkTime: ThinkTimeFit?
    /// Share of all pauses below the noise floor.
    public var immediateShare: Double
    public var endpoints: [Endpoint]
    public var otherRequests: Int
    /// The back-to-back gap taken off every pause before its think time is fitted; nil when the log shows none.
    public var pauseBaseline: PauseBaseline?
    public var transitions: [Transition]
    public var classes: [BehaviourClass]
    /// Silhouette of the chosen clustering (0 when one class).
    public var silhouette: Double
    public var untrackedSequences: Int
    /// Sessions started per minute, from the log's first minute.
    public var sessionsPerMinute: [Int]
    public var scale: Double
    /// The most sessions in flight at once in the log (estimated from a sample of their spans in a long log),
    /// unscaled; the generated load holds `maxInFlight` to it times `scale` (see ``SessionConcurrency``). Nil in
    /// models written before it was measured.
    public var peakSessionsInFlight: Int?
    public var arrivalStages: [ArrivalStage]
}
