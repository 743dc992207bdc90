/// A failed request step as the flow saw it, before it is counted: cheap to make (the body and headers are
/// shared, not copied); a sample is built from it only when its cause still wants one.
public struct FailureEvent: Sendable {
    public var step: String
    public var kind: FailureKind
    public var status: Int
    /// Tells causes of one step, kind and status apart (see `FailureCause.detail`).
    public var detail: String
    /// The reason without the step's name (`check 'status is 201' failed: status 403`).
    public var reason: String
    public var expected: String?
    public var actual: String?
    public var extraction: String?
    public var method: String
    public var url: String
    /// The response headers when they were parsed; else the counter asks for them if it keeps a sample.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(step: String, kind: FailureKind, status: Int, detail: String, reason: String, method: String,
                url: String, headers: [(String, String)] = [], body: [UInt8] = [], expected: String? = nil,
                actual: String? = nil, extraction: String? = nil) {
        self.step = step
        self.kind = kind
        self.status = status
        self.detail = detail
        self.reason = reason
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.expected = expected
        self.actual = actual
        self.extraction = extraction
    }
}
