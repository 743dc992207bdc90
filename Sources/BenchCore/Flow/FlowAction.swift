/// A request ready for the wire.
public struct RenderedRequest: Sendable {
    /// HTTP method.
    public var method: String
    /// Absolute URL.
    public var url: String
    /// Headers, defaults merged with the step's.
    public var headers: [(String, String)]
    /// Body bytes (empty for none).
    public var body: [UInt8]
    /// The step's name (`step.NAME.*` metrics).
    public var stepName: String
    /// Index of the request among the flow's request steps (0-based, groups flattened).
    public var stepIndex: Int
    /// The enclosing group, if any.
    public var groupName: String?
    /// Request timeout.
    public var timeoutMillis: Int64
}

/// What the engine must do next for an iteration.
public enum FlowAction: Sendable {
    /// Send this request, then call `handle(response:)`.
    case send(RenderedRequest)
    /// Wait this long, then call `handleThinkDone()`.
    case think(nanos: Int64)
    /// The iteration is over.
    case finished(IterationOutcome)
}
