/// The Pike VM (Cox 2009, "pike" in re1): one pass over the body, at most one thread per instruction.
extension RegexPattern {
    /// A set of instructions with one capture array each, in priority order; membership test in O(1).
    struct ThreadList {
        var dense: [Int]
        var sparse: [Int]
        var count = 0
        var captures: [Int]
        let slots: Int

        init(size: Int, slots: Int) {
            dense = Array(repeating: 0, count: size)
            sparse = Array(repeating: 0, count: size)
            captures = Array(repeating: -1, count: size * slots)
            self.slots = slots
        }

        func contains(_ pc: Int) -> Bool {
            let index = sparse[pc]
            return index < count && dense[index] == pc
        }

        mutating func insert(_ pc: Int) {
            sparse[pc] = count
            dense[count] = pc
            count += 1
        }
    }

    enum Frame {
        case explore(Int)
        case restore(slot: Int, value: Int)
    }

    /// The first (leftmost, by priority) match in `bytes`.
    public func search(_ bytes: [UInt8]) -> RegexSearch {
        bytes.withUnsafeBufferPointer { search($0) }
    }

    private func search(_ bytes: UnsafeBufferPointer<UInt8>) -> RegexSearch {
        let slots = 2 * (captureGroupCount + 1)
        var current = ThreadList(size: program.count, slots: slots)
        var next = ThreadList(size: program.count, slots: slots)
        var working = Array(repeating: -1, count: slots)
        var stack: [Frame] = []
        stack.reserveCapacity(16)
        var matched: [Int]?
        var steps = 0
        var position = 0
        var previous: Unicode.Scalar?
        let end = bytes.count
        while true {
            if matched == nil, !anchoredAtStart || position == 0 {
                for slot in 0..<slots { working[slot] = -1 }
                addThread(&current, pc: 0, at: position, previous: previous, bytes: bytes,
                          working: &working, stack: &stack, steps: &steps)
            }
            if current.count == 0 { break }
            let decoded: (scalar: Unicode.Scalar, length: Int)? = position < end ? RegexPattern.decode(bytes, at: position) : nil
            next.count = 0
            var index = 0
            while index < current.count {
                let pc = current.dense[index]
                index += 1
                steps += 1
                let consumes: Bool
                switch program[pc] {
                case .match:
                    matched = Array(current.captures[pc * slots..<(pc + 1) * slots])
                    // Lower-priority threads lose to this match; higher ones are already in `next`.
                    index = current.count
                    continue
                case .scalar(let value): consumes = decoded?.scalar.value == value
                case .set(let set): consumes = decoded.map { sets[set].contains($0.scalar) } ?? false
                default: consumes = false
                }
                guard consumes, let decoded else { continue }
                for slot in 0..<slots { working[slot] = current.captures[pc * slots + slot] }
                addThread(&next, pc: pc + 1, at: position + decoded.length, previous: decoded.scalar, bytes: bytes,
                          working: &working, stack: &stack, steps: &steps)
            }
            swap(&current, &next)
            guard let consumed = decoded else { break }
            position += consumed.length
            previous = consumed.scalar
        }
        guard let matched else { return RegexSearch(groups: nil, steps: steps) }
        let groups: [Range<Int>?] = (0...captureGroupCount).map { group in
            let start = matched[2 * group]
            let stop = matched[2 * group + 1]
            return start >= 0 && stop >= start ? start..<stop : nil
        }
        return RegexSearch(groups: groups, steps: steps)
    }

    /// Adds the thread at `pc` and everything it reaches without consuming (the epsilon closure), in priority
    /// order, with an explicit stack: no recursion, so no pattern can overflow the call stack.
    private func addThread(
        _ list: inout ThreadList, pc start: Int, at position: Int, previous: Unicode.Scalar?,
        bytes: UnsafeBufferPointer<UInt8>, working: inout [Int], stack: inout [Frame], steps: inout Int
    ) {
        stack.append(.explore(start))
        while let frame = stack.popLast() {
            switch frame {
            case .restore(let slot, let value):
                working[slot] = value
            case .explore(let pc):
                steps += 1
                if list.contains(pc) { continue }
                list.insert(pc)
                switch program[pc] {
                case .jump(let target):
                    stack.append(.explore(target))
                case .split(let first, let second):
                    stack.append(.explore(second))
                    stack.append(.explore(first))
                case .save(let slot):
                    stack.append(.restore(slot: slot, value: working[slot]))
                    working[slot] = position
                    stack.append(.explore(pc + 1))
                case .assert(let assertion):
                    if holds(assertion, at: position, previous: previous, bytes: bytes) { stack.append(.explore(pc + 1)) }
                case .scalar, .set, .match:
                    let base = pc * list.slots
                    for slot in 0..<list.slots { list.captures[base + slot] = working[slot] }
                }
            }
        }
    }

    private func holds(_ assertion: RegexAssertion, at position: Int, previous: Unicode.Scalar?,
                       bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = bytes.count
        switch assertion {
        case .textStart:
            return position == 0
        case .lineStart:
            return position == 0 || bytes[position - 1] == 10
        case .textEnd:
            return position == end
        case .textEndOrFinalNewline:
            let rest = end - position
            return rest == 0 || (rest == 1 && (bytes[position] == 10 || bytes[position] == 13))
                || (rest == 2 && bytes[position] == 13 && bytes[position + 1] == 10)
        case .lineEnd:
            return position == end || bytes[position] == 10 || bytes[position] == 13
        case .wordBoundary, .notWordBoundary:
            let before = previous.map(RegexCharSet.Named.word.contains) ?? false
            let after = position < end ? RegexCharSet.Named.word.contains(RegexPattern.decode(bytes, at: position).scalar) : false
            return (before != after) == (assertion == .wordBoundary)
        }
    }

    /// The scalar at `index` and its length in bytes; an invalid sequence reads as U+FFFD, one byte long.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let replacement: (scalar: Unicode.Scalar, length: Int) = ("\u{FFFD}", 1)
        func continuation(_ offset: Int) -> UInt32? {
            guard index + offset < bytes.count, bytes[index + offset] & 0xC0 == 0x80 else { return nil }
            return UInt32(bytes[index + offset] & 0x3F)
        }
        switch lead {
        case 0xC2...0xDF:
            guard let b1 = continuation(1), let scalar = Unicode.Scalar(UInt32(lead & 0x1F) << 6 | b1) else { return replacement }
            return (scalar, 2)
        case 0xE0...0xEF:
            guard let b1 = continuation(1), let b2 = continuation(2) else { return replacement }
            let value = UInt32(lead & 0x0F) << 12 | b1 << 6 | b2
            guard value >= 0x800, let scalar = Unicode.Scalar(value) else { return replacement }
            return (scalar, 3)
        case 0xF0...0xF4:
            guard let b1 = continuation(1), let b2 = continuation(2), let b3 = continuation(3) else { return replacement }
            let value = UInt32(lead & 0x07) << 18 | b1 << 12 | b2 << 6 | b3
            guard value >= 0x10000, let scalar = Unicode.Scalar(value) else { return replacement }
            return (scalar, 4)
        default:
            return replacement
        }
    }
}
