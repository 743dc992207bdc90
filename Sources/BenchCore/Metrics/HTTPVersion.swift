/// The HTTP version a response came over, as the client negotiated it.
public enum HTTPVersion: Int, Sendable, CaseIterable {
    /// No response (the request failed before one arrived).
    case noResponse = 0
    case http1_0, http1_1, http2, http3

    /// The key used in results: "1.0", "1.1", "2", "3"; nil for `noResponse`.
    public var name: String? {
        switch self {
        case .noResponse: return nil
        case .http1_0: return "1.0"
        case .http1_1: return "1.1"
        case .http2: return "2"
        case .http3: return "3"
        }
    }

    /// The version with this result key, nil for an unknown key.
    public init?(name: String) {
        guard let version = HTTPVersion.allCases.first(where: { $0.name == name }) else { return nil }
        self = version
    }
}
