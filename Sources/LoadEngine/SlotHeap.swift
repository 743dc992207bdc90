/// A min-heap of (deadline, slot): the slots waiting out a think time, earliest first.
struct SlotHeap {
    private var items: [(deadline: UInt64, slot: Int)] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var first: (deadline: UInt64, slot: Int)? { items.first }

    init(capacity: Int) { items.reserveCapacity(capacity) }

    mutating func push(deadline: UInt64, slot: Int) {
        items.append((deadline, slot))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].deadline < items[parent].deadline else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popFirst() -> (deadline: UInt64, slot: Int)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && items[left].deadline < items[smallest].deadline { smallest = left }
            if right < items.count && items[right].deadline < items[smallest].deadline { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }

    mutating func removeAll() { items.removeAll() }
    var slots: [Int] { items.map(\.slot) }
}
