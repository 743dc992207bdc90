import LoadEngine

/// How many worker threads a run uses (`--threads`): `auto`, or a fixed count.
public enum ThreadCount: Sendable, Equatable {
    /// The cores this process may use (`AvailableCores`), at most one per connection.
    case auto
    /// Exactly this many (1 to 256), at most one per connection.
    case fixed(Int)

    /// `auto` or a whole number 1…256; nil for anything else.
    public init?(_ text: String) {
        if text == "auto" { self = .auto; return }
        guard let count = Int(text), (1...256).contains(count) else { return nil }
        self = .fixed(count)
    }

    /// The threads for a load of `connections` slots: never more than the slots, since a worker without one idles.
    public func resolved(connections: Int) -> Int {
        let wanted: Int
        switch self {
        case .auto: wanted = min(256, AvailableCores.count)
        case .fixed(let count): wanted = count
        }
        return max(1, min(wanted, connections))
    }
}
