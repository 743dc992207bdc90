/// The measurements of one request: a flat value, cheap to add into metrics.
///
/// Times are monotonic nanoseconds from the run's start. `intendedStartNanos` is when the schedule wanted the
/// request to leave; `actualStartNanos` is when it was handed to the HTTP client. Latency is measured from the
/// intended start (coordinated omission), service time from the actual start.
public struct RequestOutcome: Sendable, Equatable {
    /// Index of the endpoint (request name) in the run's endpoint table.
    public var endpointIndex: Int
    public var intendedStartNanos: UInt64
    public var actualStartNanos: UInt64
    public var endNanos: UInt64
    /// The client's phase durations.
    public var phases: PhaseTimes
    /// HTTP status, 0 when no response arrived.
    public var status: Int
    public var bytesSent: UInt64
    public var bytesReceived: UInt64
    /// Why the request failed, nil when it succeeded.
    public var error: ErrorKind?
    /// The HTTP version of the response; `.noResponse` when none arrived.
    public var httpVersion: HTTPVersion

    public init(endpointIndex: Int, intendedStartNanos: UInt64, actualStartNanos: UInt64, endNanos: UInt64,
                phases: PhaseTimes = PhaseTimes(), status: Int, bytesSent: UInt64 = 0, bytesReceived: UInt64 = 0,
                error: ErrorKind? = nil, httpVersion: HTTPVersion = .noResponse) {
        self.endpointIndex = endpointIndex
        self.intendedStartNanos = intendedStartNanos
        self.actualStartNanos = actualStartNanos
        self.endNanos = endNanos
        self.phases = phases
        self.status = status
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.error = error
        self.httpVersion = httpVersion
    }

    /// Latency from the intended start to the end, in microseconds.
    @inlinable public var latencyMicros: UInt64 {
        endNanos > intendedStartNanos ? (endNanos - intendedStartNanos) / 1_000 : 0
    }
    /// Service time from the actual start to the end, in microseconds.
    @inlinable public var serviceMicros: UInt64 {
        endNanos > actualStartNanos ? (endNanos - actualStartNanos) / 1_000 : 0
    }
    /// How late the request left against its schedule, in microseconds.
    @inlinable public var lagMicros: UInt64 {
        actualStartNanos > intendedStartNanos ? (actualStartNanos - intendedStartNanos) / 1_000 : 0
    }
}

/// The client-side phases of one request, as durations in microseconds (not libcurl's cumulative offsets).
public struct PhaseTimes: Sendable, Equatable {
    /// Name resolution.
    public var dnsMicros: UInt64
    /// TCP connect (0 on a reused connection).
    public var connectMicros: UInt64
    /// TLS handshake (0 for plain HTTP or a reused connection).
    public var tlsMicros: UInt64
    /// From connected to ready to send (protocol setup).
    public var pretransferMicros: UInt64
    /// From the request sent to the first response byte: the server's wait.
    public var firstByteMicros: UInt64
    /// From the first byte to the last.
    public var transferMicros: UInt64

    public init(dnsMicros: UInt64 = 0, connectMicros: UInt64 = 0, tlsMicros: UInt64 = 0,
                pretransferMicros: UInt64 = 0, firstByteMicros: UInt64 = 0, transferMicros: UInt64 = 0) {
        self.dnsMicros = dnsMicros
        self.connectMicros = connectMicros
        self.tlsMicros = tlsMicros
        self.pretransferMicros = pretransferMicros
        self.firstByteMicros = firstByteMicros
        self.transferMicros = transferMicros
    }

    /// Turns libcurl-style cumulative offsets from the transfer's start into phase durations.
    public init(cumulativeDNS: UInt64, connect: UInt64, appConnect: UInt64, preTransfer: UInt64,
                startTransfer: UInt64, total: UInt64) {
        let connectEnd = max(connect, cumulativeDNS)
        let tlsEnd = appConnect > 0 ? max(appConnect, connectEnd) : connectEnd
        let pre = max(preTransfer, tlsEnd)
        let first = startTransfer > 0 ? max(startTransfer, pre) : pre
        let end = max(total, first)
        self.init(dnsMicros: cumulativeDNS, connectMicros: connectEnd - cumulativeDNS, tlsMicros: tlsEnd - connectEnd,
                  pretransferMicros: pre - tlsEnd, firstByteMicros: first - pre, transferMicros: end - first)
    }

    /// The phase names in order, as used in results and reports.
    public static let names = ["dns", "connect", "tls", "pretransfer", "firstByte", "transfer"]

    /// The durations in the order of `names`.
    public var values: [UInt64] {
        [dnsMicros, connectMicros, tlsMicros, pretransferMicros, firstByteMicros, transferMicros]
    }
}
