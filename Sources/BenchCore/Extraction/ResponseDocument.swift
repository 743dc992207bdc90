import Foundation

/// A response body parsed as JSON at most once, shared by every extraction and check of a step.
public struct ResponseDocument {
    private let body: [UInt8]
    private var parsed: Any??
    private var decodedText: String?

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

    /// The body as text (invalid UTF-8 is replaced). Decoded on first use only.
    public mutating func text() -> String {
        if let decodedText { return decodedText }
        let text = String(decoding: body, as: UTF8.self)
        decodedText = text
        return text
    }
}
