import Foundation

/// A response body parsed as JSON at most once, shared by every extraction and check of a step.
public struct ResponseDocument {
    /// What a JSON path found in the body.
    public enum PathValue: Equatable, Sendable {
        /// The body is not JSON.
        case notJSON
        /// The path leads nowhere.
        case missing
        /// The value is `null`.
        case null
        /// The value's text as `JSONPath.text(of:)` gives it.
        case text(String)
    }

    private let body: [UInt8]
    private var parsed: Any??
    private var decodedText: String?
    /// Whether the scanner can walk the body (nil = not checked yet).
    private var scannable: Bool?

    /// The body as received.
    var bytes: [UInt8] { body }

    /// Wraps a body; nothing is parsed until a JSON path needs it.
    public init(body: [UInt8]) {
        self.body = body
    }

    /// The parsed body, or nil when it is not JSON. Parses on first use only.
    public mutating func json() -> Any? {
        if let parsed { return parsed }
        let value: Any? = body.isEmpty
            ? nil
            : try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        parsed = .some(value)
        return value
    }

    /// The value at `path`, read straight from the bytes when the scanner can, else from the parsed body.
    public mutating func value(at path: JSONPath) -> PathValue {
        if scannable == nil {
            scannable = body.withUnsafeBufferPointer { JSONScanner($0).validate() }
        }
        if scannable == true,
           let found = body.withUnsafeBufferPointer({ JSONScanner($0).find(path.components) }) {
            switch found {
            case .missing: return .missing
            case .null: return .null
            case .text(let text): return .text(text)
            }
        }
        return parsedValue(at: path)
    }

    /// The same answer through `JSONSerialization` (the reference the scanner must agree with).
    mutating func parsedValue(at path: JSONPath) -> PathValue {
        guard let root = json() else { return .notJSON }
        guard let value = path.evaluate(root) else { return .missing }
        if value is NSNull { return .null }
        return .text(JSONPath.text(of: value))
    }

    /// The body as text (invalid UTF-8 is replaced). Decoded on first use only.
    public mutating func text() -> String {
        if let decodedText { return decodedText }
        let text = String(decoding: body, as: UTF8.self)
        decodedText = text
        return text
    }
}
