extension FlowIteration {
    struct StepFailure: Error {
        let reason: String
        /// Fatal failures end the iteration even under `continueOnFail` (a missing variable would break later steps).
        let fatal: Bool
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
        return .success(RenderedRequest(
            method: step.method, url: url, headers: headers, body: body, stepName: step.name,
            stepIndex: requestIndex, groupName: group, timeoutMillis: defaults.timeoutMillis))
    }

    private func refusal(_ step: RequestStep, _ why: String) -> StepFailure {
        StepFailure(reason: "step '\(step.name)': request refused: \(why)", fatal: true)
    }

    /// Records a request that was not sent as a failed step, with its checks failed, so it shows in the counts.
    mutating func record(refused failure: StepFailure, step: RequestStep, group: String?) {
        steps.append(StepRecord(
            stepName: step.name, stepIndex: requestIndex, groupName: group, status: 0, latencyMicros: 0,
            failed: true, failureReason: failure.reason))
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
            let reason = "step '\(step.name)': transport error: \(response.transportError ?? "unknown")"
            record.failed = true
            record.failureReason = reason
            return StepFailure(reason: reason, fatal: !step.extractions.isEmpty)
        }
        var document = ResponseDocument(body: response.body)
        var failure: StepFailure?
        if !step.hasStatusCheck, response.status >= 400 {
            failure = StepFailure(reason: "step '\(step.name)': unexpected status \(response.status)", fatal: false)
        }
        for check in step.checks {
            let reason = check.failure(for: response, document: &document, context: &context)
            checks.append(CheckVerdict(checkID: check.id, passed: reason == nil, reason: reason))
            if let reason, failure == nil {
                failure = StepFailure(reason: "step '\(step.name)': \(reason)", fatal: false)
            }
        }
        for extraction in step.extractions {
            switch extraction.apply(to: response, document: &document) {
            case .success(let value):
                context.variables[extraction.variable] = value
                extracted[extraction.variable] = value
            case .failure(let error):
                // An extraction failure wins: later steps cannot run without the value.
                failure = StepFailure(reason: "step '\(step.name)': \(error.reason)", fatal: true)
            }
            if failure?.fatal == true { break }
        }
        record.failed = failure != nil
        record.failureReason = failure?.reason
        return failure
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
