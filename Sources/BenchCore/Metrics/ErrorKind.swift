/// Why a request did not succeed. Errors are data: each is counted, none stops a run.
///
/// The raw values are the keys of `errorsByKind` in results: they never change, and new kinds are appended
/// (the order of `allCases` is the order of counters and report columns).
public enum ErrorKind: String, Codable, Sendable, CaseIterable, Comparable {
    /// The host name could not be resolved (including a name that could not be converted for lookup).
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
    /// The generator itself ran out of something: file descriptors, memory, local ports. The request never
    /// reached the server, so it says nothing about the server.
    case localResources
    /// The server's reply was not valid HTTP: a malformed status line or header, a header too large, a status
    /// outside 100–599, a reply without a status line (HTTP/0.9).
    case `protocol`

    /// The error kind an HTTP status implies, or nil for a success (1xx–3xx). A status outside 100–599 is not
    /// HTTP: `protocol`.
    public static func forStatus(_ status: Int) -> ErrorKind? {
        switch status {
        case 100..<400: return nil
        case 400..<500: return .http4xx
        case 500..<600: return .http5xx
        default: return .protocol
        }
    }

    public static func < (lhs: ErrorKind, rhs: ErrorKind) -> Bool {
        lhs.index < rhs.index
    }
}
