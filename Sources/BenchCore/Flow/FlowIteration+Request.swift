extension FlowIteration {
    struct StepFailure: Error {
        let reason: String
        /// Fatal failures end the iteration even under `continueOnFail` (a missing variable would break later steps).
        let fatal: Bool
        /// What it is counted as, and what tells it apart from other failures of its step.
        var kind = FailureKind.status
        var detail = ""
        /// The reason without the step's name.
        var cause = ""
        var expected: String?
        var actual: String?
        var extraction: String?

        init(step: String, cause: String, fatal: Bool, kind: FailureKind, detail: String = "",
             expected: String? = nil, actual: String? = nil, extraction: String? = nil) {
            reason = "step '\(step)': \(cause)"
            self.fatal = fatal
            self.kind = kind
            self.detail = detail
            self.cause = cause
            self.expected = expected
            self.actual = actual
            self.extraction = extraction
        }
    }

    /// Renders a request step: absolute URL, default headers overridden by the step's, templated body.
    ///
    /// Fails, naming the header or URL and the template it came from, when a value (typically one extracted from
    /// a response) would put CR, LF, NUL or a space where they split or cut the request: such a request is not sent.
    mutating func render(_ step: RequestStep, group: String?) -> Result<RenderedRequest, StepFailure> {
        let rendered = step.url.render(&context)
        let url = FlowIteration.join(target: target, rendered)
        if let problem = HTTPSyntax.urlProblem(url) {
            return .failure(refusal(step, "\(problem) (from '\(step.url.source)')"))
        }
        if let problem = HTTPSyntax.methodProblem(step.method) {
            return .failure(refusal(step, problem))
        }
        var headers: [(String, String)] = []
        headers.reserveCapacity(defaults.headers.count + step.headers.count + 1)
        for header in defaults.headers where !step.headers.contains(where: { sameName($0.name, header.name) }) {
            let value = header.value.render(&context)
            if let problem = HTTPSyntax.headerProblem(name: header.name, value: value) {
                return .failure(refusal(step, "\(problem) (from '\(header.value.source)')"))
            }
            headers.append((header.name, value))
        }
        for header in step.headers {
            let value = header.value.render(&context)
            if let problem = HTTPSyntax.headerProblem(name: header.name, value: value) {
                return .failure(refusal(step, "\(problem) (from '\(header.value.source)')"))
            }
            headers.append((header.name, value))
        }
        var body: [UInt8] = []
        switch step.body {
        case .none:
            break
        case .text(let template):
            body = Array(template.render(&context).utf8)
        case .json(let json):
            body = json.render(&context)
            if !headers.contains(where: { sameName($0.0, "Content-Type") }) {
                headers.append(("Content-Type", "application/json"))
            }
        }
        lastURL = url
        return .success(RenderedRequest(
            method: step.method, url: url, headers: headers, body: body, stepName: step.name,
            stepIndex: requestIndex, groupName: group, timeoutMillis: defaults.timeoutMillis))
    }

    private func refusal(_ step: RequestStep, _ why: String) -> StepFailure {
        StepFailure(step: step.name, cause: "request refused: \(why)", fatal: true, kind: .refused, detail: why)
    }

    /// Records a request that was not sent as a failed step, with its checks failed, so it shows in the counts.
    mutating func record(refused failure: StepFailure, step: RequestStep, group: String?) {
        steps.append(StepRecord(
            stepName: step.name, stepIndex: requestIndex, groupName: group, status: 0, latencyMicros: 0,
            failed: true, failureReason: failure.reason))
        failureEvents.append(FailureEvent(step: step.name, kind: .refused, status: 0, detail: failure.detail,
                                          reason: failure.cause, method: step.method, url: lastURL))
        for check in step.checks {
            checks.append(CheckVerdict(checkID: check.id, passed: false, reason: failure.reason))
        }
    }

    /// Applies the step's extractions and checks to a response; returns the step's failure, if any.
    mutating func evaluate(_ step: RequestStep, group: String?, response: ResponseView) -> StepFailure? {
        var record = StepRecord(
            stepName: step.name, stepIndex: requestIndex, groupName: group, status: response.status,
            latencyMicros: response.latencyMicros, failed: false, failureReason: nil)
        defer { steps.append(record) }
        if response.status == 0 {
            let error = response.transportError ?? "unknown"
            let failure = StepFailure(step: step.name, cause: "transport error: \(error)", fatal: !step.extractions.isEmpty,
                                      kind: .transport, detail: Self.errorKind(error))
            record.failed = true
            record.failureReason = failure.reason
            note(failure, step: step, response: response)
            return failure
        }
        var document = ResponseDocument(body: response.body)
        var failure: StepFailure?
        // A status >= 400 that no status check allows explains an extraction that then finds nothing.
        var unexpectedStatus = response.status >= 400
        if !step.hasStatusCheck, unexpectedStatus {
            failure = StepFailure(step: step.name, cause: "unexpected status \(response.status)", fatal: false, kind: .status)
        }
        for check in step.checks {
            let failed = check.failure(for: response, document: &document, context: &context)
            checks.append(CheckVerdict(checkID: check.id, passed: failed == nil, reason: failed?.reason))
            if case .status = check.kind, failed == nil { unexpectedStatus = false }
            if let failed, failure == nil {
                failure = StepFailure(step: step.name, cause: failed.reason, fatal: false, kind: .check, detail: check.name,
                                      expected: failed.expected, actual: failed.actual)
            }
        }
        for extraction in step.extractions {
            switch extraction.apply(to: response, document: &document) {
            case .success(let value):
                context.variables[extraction.variable] = value
                extracted[extraction.variable] = value
            case .failure(let error):
                // An extraction failure wins: later steps cannot run without the value.
                if unexpectedStatus {
                    failure = StepFailure(step: step.name, cause: "skipped: '\(step.name)' answered \(response.status)",
                                          fatal: true, kind: .status, extraction: extraction.sourceDescription)
                } else {
                    failure = StepFailure(step: step.name, cause: error.reason, fatal: true, kind: .extraction,
                                          detail: extraction.sourceDescription, extraction: extraction.sourceDescription)
                }
            }
            if failure?.fatal == true { break }
        }
        record.failed = failure != nil
        record.failureReason = failure?.reason
        if let failure { note(failure, step: step, response: response) }
        return failure
    }

    /// Keeps a failed step for the failure causes (the engine takes them with `takeFailureEvents`).
    private mutating func note(_ failure: StepFailure, step: RequestStep, response: ResponseView) {
        failureEvents.append(FailureEvent(
            step: step.name, kind: failure.kind, status: response.status, detail: failure.detail, reason: failure.cause,
            method: step.method, url: lastURL, headers: response.headers, body: response.body,
            expected: failure.expected, actual: failure.actual, extraction: failure.extraction))
    }

    /// The kind of a transport error as the engine words it (`receive: Recv failure: ...` → `receive`).
    static func errorKind(_ text: String) -> String {
        text.firstIndex(of: ":").map { String(text[..<$0]) } ?? text
    }

    /// `target` + path, or the path itself when it is already an absolute URL.
    static func join(target: String, _ path: String) -> String {
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return path }
        let base = target.hasSuffix("/") ? String(target.dropLast()) : target
        if path.isEmpty { return base }
        return path.hasPrefix("/") ? base + path : base + "/" + path
    }
}

@inline(__always)
func sameName(_ left: String, _ right: String) -> Bool {
    left.utf8.count == right.utf8.count && left.lowercased() == right.lowercased()
}
