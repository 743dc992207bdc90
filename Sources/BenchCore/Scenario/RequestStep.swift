/// An HTTP request step with its extractions and checks, compiled at load time.
public struct RequestStep: Sendable {
    /// HTTP method, upper case (`GET`, `POST`, ...).
    public let method: String
    /// Path (joined to the target) or absolute URL.
    public let url: Template
    /// The step's stable name, used in `step.NAME.*` metrics (given, or `METHOD path`).
    public let name: String
    /// Headers of this step; they replace default headers of the same name.
    public let headers: [HeaderTemplate]
    /// The request body.
    public let body: RequestBody
    /// Values captured from the response into flow variables, in order.
    public let extractions: [Extraction]
    /// Assertions on the response.
    public let checks: [Check]
    /// When true, a failed check is counted but the iteration goes on.
    public let continueOnFail: Bool
    /// What the step writes (`record:`), for the data-quality audit; nil when it declares nothing.
    public var record: WriteDeclaration?

    /// Creates a request step.
    public init(
        method: String, url: Template, name: String? = nil, headers: [HeaderTemplate] = [],
        body: RequestBody = .none, extractions: [Extraction] = [], checks: [Check] = [], continueOnFail: Bool = false
    ) {
        self.method = method
        self.url = url
        self.name = name ?? "\(method) \(url.source)"
        self.headers = headers
        self.body = body
        self.extractions = extractions
        self.checks = checks
        self.continueOnFail = continueOnFail
    }

    /// True when one of the checks is on the status code (otherwise any status >= 400 fails the step).
    public var hasStatusCheck: Bool {
        checks.contains { if case .status = $0.kind { return true } else { return false } }
    }

    /// Every template of the step (URL, headers, body, check values).
    public var templates: [Template] {
        var all = [url] + headers.map(\.value)
        switch body {
        case .none: break
        case .text(let template): all.append(template)
        case .json(let json): all += json.templates
        }
        return all
    }
}

/// The body of a request step.
public enum RequestBody: Hashable, Sendable {
    /// No body.
    case none
    /// `body:` text, sent as is after templating.
    case text(Template)
    /// `json:` value, serialized after templating its strings; sets `Content-Type: application/json`.
    case json(JSONTemplate)
}
