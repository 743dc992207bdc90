/// Why a request did not succeed. Errors are data: each is counted, none stops a run.
public enum ErrorKind: String, Codable, Sendable, CaseIterable, Comparable {
    /// The host name could not be resolved.
    case dns
    /// The connection was refused (nothing listening).
    case connectRefused
    /// The connection could not be set up in time.
    case connectTimeout
    /// The TLS handshake or certificate check failed.
    case tls
    /// Sending the request failed.
    case send
    /// Receiving the response failed: reset, closed early, or nothing received.
    case receive
    /// The whole request took longer than the timeout.
    case timeout
    /// The server answered 4xx.
    case http4xx
    /// The server answered 5xx.
    case http5xx
    /// A scenario check or extraction failed on an otherwise good response.
    case checkFailed
    /// Any other transport failure.
    case other

    /// The error kind an HTTP status implies, or nil for a success (1xx–3xx).
    public static func forStatus(_ status: Int) -> ErrorKind? {
        switch status {
        case 400..<500: return .http4xx
        case 500..<600: return .http5xx
        default: return nil
        }
    }

    public static func < (lhs: ErrorKind, rhs: ErrorKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
