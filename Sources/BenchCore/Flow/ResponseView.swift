/// What the engine saw of a response: enough for extraction, checks and outcome accounting.
public struct ResponseView: Sendable {
    /// HTTP status, or 0 when the transport failed.
    public var status: Int
    /// The transport failure kind (`connect`, `timeout`, `read`, ...) when status is 0.
    public var transportError: String?
    /// Response headers in arrival order.
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: [UInt8]
    /// Time from the intended send to the last body byte.
    public var latencyMicros: Int64

    /// Creates a response view.
    public init(
        status: Int, transportError: String? = nil, headers: [(String, String)] = [], body: [UInt8] = [],
        latencyMicros: Int64 = 0
    ) {
        self.status = status
        self.transportError = transportError
        self.headers = headers
        self.body = body
        self.latencyMicros = latencyMicros
    }

    /// The first header with this name, compared without case.
    public func header(_ name: String) -> String? {
        for (key, value) in headers where key.count == name.count && key.lowercased() == name.lowercased() {
            return value
        }
        return nil
    }
}
