/// What went wrong with a failed request step.
public enum FailureKind: String, Codable, Sendable, CaseIterable {
    /// The response status was not expected (≥ 400 without a status check that allows it); an extraction after
    /// such a response is counted here too, since the status is why it found nothing.
    case status
    /// A check failed.
    case check
    /// An extraction found no value in a response whose status was fine.
    case extraction
    /// No response: connect, timeout, reset, TLS.
    case transport
    /// The request was not sent (a rendered value would have broken it).
    case refused
}

/// One cause of failure: the failures of one step with one kind and status, counted, with a few samples.
public struct FailureCause: Codable, Sendable, Equatable {
    /// The step's name (a URL run: its endpoint, `GET /path`).
    public var step: String
    public var kind: FailureKind
    /// The response status (0: no response).
    public var status: Int
    /// What tells causes of one step and kind apart: the check's name, the extraction, the transport error kind.
    public var detail: String
    /// The first reason seen, secrets redacted (`skipped: 'create contact' answered 403`).
    public var reason: String
    public var count: UInt64
    /// Up to `FailureTally.maxSamples` failed requests.
    public var samples: [FailureSample]

    public init(step: String, kind: FailureKind, status: Int, detail: String, reason: String, count: UInt64,
                samples: [FailureSample] = []) {
        self.step = step
        self.kind = kind
        self.status = status
        self.detail = detail
        self.reason = reason
        self.count = count
        self.samples = samples
    }
}

/// One failed request as it was seen: what was sent, what came back (secrets redacted, the body's first 2 KiB).
public struct FailureSample: Codable, Sendable, Equatable {
    /// When the response ended, in seconds since the run started.
    public var secondsSinceStart: Double
    public var method: String
    /// The URL, password redacted.
    public var url: String
    /// The response status (0: no response).
    public var status: Int
    /// The response headers as "Name: value", credential headers and secrets redacted.
    public var headers: [String]
    /// The first `FailureTally.maxBodyBytes` of the body, secrets redacted.
    public var body: String
    /// True when the body was longer than what is kept.
    public var bodyTruncated: Bool
    /// The full reason of the failure.
    public var reason: String
    /// A failed check: what it expected and what it found.
    public var expected: String?
    public var actual: String?
    /// A failed extraction: what it read (`$.id`, `header 'Location'`).
    public var extraction: String?

    public init(secondsSinceStart: Double, method: String, url: String, status: Int, headers: [String], body: String,
                bodyTruncated: Bool, reason: String, expected: String? = nil, actual: String? = nil,
                extraction: String? = nil) {
        self.secondsSinceStart = secondsSinceStart
        self.method = method
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
        self.reason = reason
        self.expected = expected
        self.actual = actual
        self.extraction = extraction
    }
}

/// The failure causes of a run (`result.json`'s `failures`), most frequent first.
public struct FailureCauses: Codable, Sendable, Equatable {
    public var causes: [FailureCause]
    /// Failures of causes beyond the first `FailureTally.maxCauses` distinct ones: counted, not told apart.
    public var otherCount: UInt64

    public init(causes: [FailureCause], otherCount: UInt64 = 0) {
        self.causes = causes
        self.otherCount = otherCount
    }

    /// Every failure counted, those in `otherCount` included.
    public var total: UInt64 { causes.reduce(otherCount) { $0 &+ $1.count } }

    /// The causes with URLs, headers, bodies and reasons passed through the redactor; credential headers (and
    /// `headerNames`, lower-cased) masked by name.
    public func redacted(by redactor: SecretRedactor, headerNames: Set<String> = []) -> FailureCauses {
        var copy = self
        for c in copy.causes.indices {
            copy.causes[c].reason = redactor.redact(copy.causes[c].reason)
            copy.causes[c].detail = redactor.redact(copy.causes[c].detail)
            for s in copy.causes[c].samples.indices {
                var sample = copy.causes[c].samples[s]
                sample.url = redactor.redact(sample.url)
                sample.headers = sample.headers.map {
                    HeaderRedaction.redact($0, extraNames: headerNames, secretValues: redactor.secretValues)
                }
                sample.body = redactor.redact(sample.body)
                sample.reason = redactor.redact(sample.reason)
                sample.expected = sample.expected.map(redactor.redact)
                sample.actual = sample.actual.map(redactor.redact)
                copy.causes[c].samples[s] = sample
            }
        }
        return copy
    }

    /// Several runs' causes counted together (a merge of generators' results).
    public static func merged(_ all: [FailureCauses]) -> FailureCauses? {
        guard !all.isEmpty else { return nil }
        var tally = FailureTally()
        for causes in all { tally.add(causes) }
        return tally.record
    }
}
