/// One request as an access log line records it.
///
/// Times are epoch milliseconds; a log without a duration field gives `durationMicros == nil`, and the request is then
/// taken to end when it started.
public struct LogRecord: Sendable, Equatable {
    /// The client address (`%h`).
    public var client: String
    /// When the request was received, epoch milliseconds.
    public var startMillis: Int64
    /// HTTP method, e.g. `GET`.
    public var method: String
    /// The request target as sent: path and query.
    public var target: String
    /// Response status.
    public var status: Int
    /// Response body bytes (0 for `-`).
    public var responseBytes: Int
    /// `User-Agent`, empty for `-`.
    public var userAgent: String
    /// Time to answer, microseconds, when the log has it (Apache `%D`).
    public var durationMicros: Int64?
    /// The session header's value, when the log has one.
    public var sessionHeader: String?

    /// A record; the optional fields default to absent.
    public init(
        client: String, startMillis: Int64, method: String, target: String, status: Int, responseBytes: Int = 0,
        userAgent: String = "", durationMicros: Int64? = nil, sessionHeader: String? = nil
    ) {
        (self.client, self.startMillis, self.method, self.target) = (client, startMillis, method, target)
        (self.status, self.responseBytes, self.userAgent) = (status, responseBytes, userAgent)
        (self.durationMicros, self.sessionHeader) = (durationMicros, sessionHeader)
    }

    /// When the response was complete, epoch milliseconds.
    public var endMillis: Int64 { startMillis + (durationMicros ?? 0) / 1_000 }
}

/// The line formats `crmbench model` reads.
public enum LogFormat: String, Sendable, CaseIterable {
    /// Apache/nginx combined log format, optionally followed by a duration (µs) and a quoted session header.
    case combined
    /// One JSON object per line (nginx `escape=json` style keys, see ``JSONLogParser``).
    case json
}

/// How requests are grouped into sessions.
public enum SessionKey: Sendable, Equatable {
    /// Client address plus user agent (the Web-usage-mining default).
    case clientAndAgent
    /// The value of a request header the log records (requests without it are left out).
    case header(String)

    /// Parses `ip+ua` or `header:NAME`; nil for anything else.
    public init?(text: String) {
        if text == "ip+ua" { self = .clientAndAgent; return }
        guard text.hasPrefix("header:"), text.count > 7 else { return nil }
        self = .header(String(text.dropFirst(7)))
    }
}
