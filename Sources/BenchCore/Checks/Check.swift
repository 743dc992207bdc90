/// An assertion on a response, with a stable name for per-check counts.
public struct Check: Hashable, Sendable {
    /// What to assert.
    public enum Kind: Hashable, Sendable {
        /// The status is one of the allowed codes or classes.
        case status(StatusMatcher)
        /// The JSON value at the path, as text, equals the rendered template.
        case jsonEquals(JSONPath, Template)
        /// The JSON path exists (`true`) or does not (`false`).
        case jsonExists(JSONPath, Bool)
        /// The body contains the text.
        case bodyContains(String)
        /// The header is present and its value contains the text.
        case headerContains(name: String, text: String)
        /// The latency is at most this many microseconds.
        case maxLatency(micros: Int64)
    }

    /// Index into `Scenario.checkNames`.
    public let id: Int
    /// The check's name (given, or derived such as `status is 201`).
    public let name: String
    /// What to assert.
    public let kind: Kind

    /// Creates a check.
    public init(id: Int, name: String? = nil, kind: Kind) {
        self.id = id
        self.kind = kind
        self.name = name ?? Check.derivedName(kind)
    }

    /// The default name of a check of this kind.
    public static func derivedName(_ kind: Kind) -> String {
        switch kind {
        case .status(let matcher): return "status is \(matcher)"
        case .jsonEquals(let path, let value): return "\(path) == \(value.source)"
        case .jsonExists(let path, let exists): return exists ? "\(path) exists" : "\(path) absent"
        case .bodyContains(let text): return "body contains '\(text)'"
        case .headerContains(let name, let text): return "header \(name) contains '\(text)'"
        case .maxLatency(let micros): return "latency <= \(DurationText.format(micros: micros))"
        }
    }

    /// Evaluates the check; nil when it passes, else why it failed with what it expected and found. The context
    /// renders `equals` templates.
    public func failure(
        for response: ResponseView, document: inout ResponseDocument, context: inout TemplateContext
    ) -> CheckFailure? {
        func failed(_ why: String, expected: String?, actual: String?) -> CheckFailure {
            CheckFailure(reason: "check '\(name)' failed: \(why)", expected: expected, actual: actual)
        }
        switch kind {
        case .status(let matcher):
            if matcher.matches(response.status) { return nil }
            return failed("status \(response.status)", expected: "\(matcher)", actual: "\(response.status)")
        case .jsonEquals(let path, let expected):
            let actual: String
            switch document.value(at: path) {
            case .notJSON: return failed("body is not JSON", expected: expected.render(&context), actual: "body is not JSON")
            case .missing: return failed("\(path) not found", expected: expected.render(&context), actual: "not found")
            case .null: actual = "null"
            case .text(let text): actual = text
            }
            let expectedText = expected.render(&context)
            return actual == expectedText ? nil : failed("\(path) is '\(actual)'", expected: expectedText, actual: actual)
        case .jsonExists(let path, let exists):
            let found: Bool
            switch document.value(at: path) {
            case .notJSON, .missing: found = false
            case .null, .text: found = true
            }
            if found == exists { return nil }
            return failed("\(path) \(found ? "present" : "not found")", expected: exists ? "present" : "absent",
                          actual: found ? "present" : "not found")
        case .bodyContains(let text):
            return document.text().contains(text) ? nil : failed("text not in body", expected: "'\(text)' in body", actual: nil)
        case .headerContains(let headerName, let text):
            guard let value = response.header(headerName) else {
                return failed("header '\(headerName)' not present", expected: "'\(text)' in \(headerName)", actual: "not present")
            }
            if value.lowercased().contains(text.lowercased()) { return nil }
            return failed("header is '\(value)'", expected: "'\(text)' in \(headerName)", actual: value)
        case .maxLatency(let micros):
            if response.latencyMicros <= micros { return nil }
            let actual = DurationText.format(micros: response.latencyMicros)
            return failed("latency \(actual)", expected: "<= \(DurationText.format(micros: micros))", actual: actual)
        }
    }
}

/// Why a check failed: the reason as messages show it, and the expected and actual values apart.
public struct CheckFailure: Equatable, Sendable {
    /// `check 'status is 201' failed: status 403`.
    public var reason: String
    public var expected: String?
    public var actual: String?

    public init(reason: String, expected: String?, actual: String?) {
        self.reason = reason
        self.expected = expected
        self.actual = actual
    }
}
