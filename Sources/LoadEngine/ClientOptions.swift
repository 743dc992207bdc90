/// HTTP client settings shared by every connection of a run.
public struct ClientOptions: Sendable, Equatable {
    /// Whole-request timeout.
    public var timeoutMillis: Int = 30_000
    /// Connection setup timeout (capped by `timeoutMillis`).
    public var connectTimeoutMillis: Int = 10_000
    /// HTTP/2: negotiated by ALPN on https:// (HTTP/1.1 when the server does not offer h2), prior knowledge on http://.
    public var http2 = false
    /// HTTP/2: at most this many requests at once on one connection, and no more connections per host than the
    /// slots need at that many each (`CURLMOPT_MAX_CONCURRENT_STREAMS`, `CURLMOPT_MAX_HOST_CONNECTIONS`, and
    /// `CURLOPT_PIPEWAIT` so that a request waits for a stream rather than opening a connection). nil: libcurl's
    /// own choice (a new connection whenever none can take the request at once).
    public var streamsPerConnection: Int?
    /// Skip TLS certificate and host verification.
    public var insecure = false
    /// Client certificate and key (PEM) for mutual TLS.
    public var clientCertPath: String?
    public var clientKeyPath: String?
    /// CA bundle to verify the server with.
    public var caPath: String?
    /// Proxy URL; nil means no proxy, whatever the environment says.
    public var proxy: String?
    /// A cookie jar per connection.
    public var cookies = true

    public init() {}
}
