import Foundation

/// Captures one value from a response into a flow variable.
public struct Extraction: Sendable {
    /// Where the value comes from.
    public enum Source: Sendable {
        /// A JSON path into the body.
        case json(JSONPath)
        /// A regular expression over the body text and the capture group to keep (0 = whole match).
        case regex(NSRegularExpression, group: Int)
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

    /// Compiles a regex extraction; throws a message when the pattern or group is invalid.
    public static func regex(variable: String, pattern: String, group: Int) throws -> Extraction {
        let compiled: NSRegularExpression
        do {
            compiled = try NSRegularExpression(pattern: pattern)
        } catch {
            throw TextParseError(message: "bad regex '\(pattern)'", offset: 0)
        }
        guard group >= 0, group <= compiled.numberOfCaptureGroups else {
            throw TextParseError(
                message: "regex '\(pattern)' has \(compiled.numberOfCaptureGroups) group(s), group \(group) asked",
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
            let text = document.text()
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            guard let match = regex.firstMatch(in: text, range: range),
                  let captured = Range(match.range(at: group), in: text)
            else { return failure("regex '\(regex.pattern)' did not match") }
            return .success(String(text[captured]))
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
