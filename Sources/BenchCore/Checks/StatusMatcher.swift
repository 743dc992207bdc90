/// The statuses a `status:` check accepts: exact codes and classes such as `2xx`.
public struct StatusMatcher: Hashable, Sendable, CustomStringConvertible {
    /// Exact codes accepted.
    public let codes: [Int]
    /// Classes accepted, as their first digit (2 for `2xx`).
    public let classes: [Int]

    /// Creates a matcher.
    public init(codes: [Int] = [], classes: [Int] = []) {
        self.codes = codes
        self.classes = classes
    }

    /// Parses one pattern: `201` or `2xx` (case-insensitive); nil when invalid.
    public static func pattern(_ text: String) -> StatusMatcher? {
        let lower = text.lowercased()
        if lower.count == 3, lower.hasSuffix("xx"), let digit = Int(lower.prefix(1)), (1...5).contains(digit) {
            return StatusMatcher(classes: [digit])
        }
        if let code = Int(lower), (100...599).contains(code) {
            return StatusMatcher(codes: [code])
        }
        return nil
    }

    /// A matcher accepting anything either accepts.
    public func union(_ other: StatusMatcher) -> StatusMatcher {
        StatusMatcher(codes: codes + other.codes, classes: classes + other.classes)
    }

    /// True when the status is accepted.
    public func matches(_ status: Int) -> Bool {
        codes.contains(status) || classes.contains(status / 100)
    }

    /// `201`, `200|201`, `2xx`.
    public var description: String {
        (codes.map(String.init) + classes.map { "\($0)xx" }).joined(separator: "|")
    }
}
