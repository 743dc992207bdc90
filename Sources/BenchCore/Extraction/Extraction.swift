/// Captures one value from a response into a flow variable.
public struct Extraction: Sendable {
    /// Where the value comes from.
    public enum Source: Sendable {
        /// A JSON path into the body.
        case json(JSONPath)
        /// A regular expression over the body text and the capture group to keep (0 = whole match).
        case regex(RegexPattern, group: Int)
        /// A response header (case-insensitive name).
        case header(String)
    }

    /// The variable the value is stored in.
    public let variable: String
    /// Where the value comes from.
    public let source: Source

    /// Creates an extraction.
    public init(variable: String, source: Source) {
        self.variable = variable
        self.source = source
    }

    /// Compiles a regex extraction; throws a message when the pattern or group is invalid, when the pattern is
    /// outside the supported subset, or when it could backtrack catastrophically (see `RegexPattern`).
    public static func regex(variable: String, pattern: String, group: Int) throws -> Extraction {
        let compiled: RegexPattern
        do {
            compiled = try RegexPattern(pattern)
        } catch let error as TextParseError {
            throw TextParseError(message: "bad regex '\(pattern)': \(error.message)", offset: error.offset)
        }
        guard group >= 0, group <= compiled.captureGroupCount else {
            throw TextParseError(
                message: "regex '\(pattern)' has \(compiled.captureGroupCount) group(s), group \(group) asked",
                offset: 0)
        }
        return Extraction(variable: variable, source: .regex(compiled, group: group))
    }

    /// What the extraction reads, for failure messages (`$.id`, `regex id=(\d+)`, `header Location`).
    public var sourceDescription: String {
        switch source {
        case .json(let path): return path.description
        case .regex(let regex, _): return "regex '\(regex.pattern)'"
        case .header(let name): return "header '\(name)'"
        }
    }

    /// The captured value, or a failure reason such as `extraction 'orderId' failed: $.id not found`.
    public func apply(to response: ResponseView, document: inout ResponseDocument) -> Result<String, ExtractionFailure> {
        switch source {
        case .json(let path):
            switch document.value(at: path) {
            case .notJSON: return failure("body is not JSON")
            case .missing, .null: return failure("\(path) not found")
            case .text(let text): return .success(text)
            }
        case .regex(let regex, let group):
            let bytes = document.bytes
            guard let captured = regex.search(bytes).text(ofGroup: group, in: bytes) else {
                return failure("regex '\(regex.pattern)' did not match")
            }
            return .success(captured)
        case .header(let name):
            guard let value = response.header(name) else { return failure("header '\(name)' not present") }
            return .success(value)
        }
    }

    private func failure(_ why: String) -> Result<String, ExtractionFailure> {
        .failure(ExtractionFailure(reason: "extraction '\(variable)' failed: \(why)"))
    }
}

/// Why an extraction produced no value.
public struct ExtractionFailure: Error, Equatable, Sendable {
    /// Human-readable reason, naming the variable and the source.
    public let reason: String

    /// Creates a failure.
    public init(reason: String) {
        self.reason = reason
    }
}
