/// One HTTP request as the engine sends it.
public struct HTTPRequestSpec: Sendable, Equatable {
    /// A stable identity for requests that repeat unchanged (lets a handle skip re-setting options);
    /// -1 for a request rendered once.
    public var id: Int
    /// Endpoint index in the run's endpoint table (for metrics).
    public var endpointIndex: Int
    public var method: String
    public var url: String
    /// Header lines, "Name: value".
    public var headers: [String]
    public var body: [UInt8]?

    public init(id: Int, endpointIndex: Int, method: String, url: String, headers: [String] = [], body: [UInt8]? = nil) {
        self.id = id
        self.endpointIndex = endpointIndex
        self.method = method.uppercased()
        self.url = url
        self.headers = headers
        self.body = body
    }
}
