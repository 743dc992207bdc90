import BenchCore

/// A uniform sample of at most `capacity` values from a stream of any length (Vitter's algorithm R), so the
/// distributions of a gigabyte log are estimated in flat memory.
public struct Reservoir<Element: Sendable>: Sendable {
    /// The sampled values, in no particular order.
    public private(set) var items: [Element] = []
    /// How many values were offered.
    public private(set) var seen = 0
    let capacity: Int
    private var random: SplitMix64

    /// An empty reservoir; the seed makes the sample reproducible.
    public init(capacity: Int, seed: UInt64) {
        self.capacity = capacity
        random = SplitMix64(seed: seed)
    }

    /// Offers one value.
    public mutating func add(_ value: Element) {
        if let slot = offer() { place(value, at: slot) }
    }

    /// Counts one value offered and says where it goes (nil: not kept), so a caller can skip making a value that
    /// would not be kept; follow a slot with ``place(_:at:)``.
    public mutating func offer() -> Int? {
        seen += 1
        if items.count < capacity { return items.count }
        let slot = random.nextIndex(below: seen)
        return slot < capacity ? slot : nil
    }

    /// Puts a value where ``offer()`` said.
    public mutating func place(_ value: Element, at slot: Int) {
        if slot == items.count { items.append(value) } else { items[slot] = value }
    }
}
