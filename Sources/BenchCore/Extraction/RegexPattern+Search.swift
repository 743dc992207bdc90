/// The Pike VM (Cox 2009, "pike" in re1): one pass over the body, at most one thread per instruction.
///
/// The thread lists, capture slots and the closure stack live in buffers allocated once per search: the matcher
/// runs per response on the hot path, and array bookkeeping per step would cost more than the matching itself.
extension RegexPattern {
    /// A set of instructions with one capture array each, in priority order; membership test in O(1).
    struct ThreadList {
        let dense: UnsafeMutablePointer<Int>
        let sparse: UnsafeMutablePointer<Int>
        let captures: UnsafeMutablePointer<Int>
        var count = 0

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

    /// The buffers of one search.
    struct Machine {
        let slots: Int
        /// Captures of the thread being followed through its closure.
        let working: UnsafeMutablePointer<Int>
        /// The closure's stack: `pc` to explore, or `value, -(slot + 1)` to restore a capture on the way back.
        let stack: UnsafeMutablePointer<Int>
        var steps = 0
    }

    /// The first (leftmost, by priority) match in `bytes`.
    public func search(_ bytes: [UInt8]) -> RegexSearch {
        bytes.withUnsafeBufferPointer { input in
            program.withUnsafeBufferPointer { code in search(input, code: code) }
        }
    }

    private func search(_ bytes: UnsafeBufferPointer<UInt8>, code: UnsafeBufferPointer<RegexInstruction>) -> RegexSearch {
        let size = code.count
        let slots = 2 * (captureGroupCount + 1)
        // dense, sparse and captures for two lists, the working captures, and a stack of at most 3 ints per
        // instruction (a save pushes a restore pair and an explore).
        let total = 2 * (2 * size + size * slots) + slots + 3 * size + 8
        let memory = UnsafeMutablePointer<Int>.allocate(capacity: total)
        defer { memory.deallocate() }
        memory.initialize(repeating: 0, count: total)
        var current = ThreadList(dense: memory, sparse: memory + size, captures: memory + 2 * size)
        let second = memory + 2 * size + size * slots
        var next = ThreadList(dense: second, sparse: second + size, captures: second + 2 * size)
        let rest = second + 2 * size + size * slots
        var machine = Machine(slots: slots, working: rest, stack: rest + slots)
        var matched: [Int]?
        var position = 0
        var previous: Unicode.Scalar?
        let end = bytes.count
        while true {
            if matched == nil, !anchoredAtStart || position == 0 {
                machine.working.update(repeating: -1, count: slots)
                addThread(&current, pc: 0, at: position, previous: previous, bytes: bytes, code: code, machine: &machine)
            }
            if current.count == 0 { break }
            let decoded: (scalar: Unicode.Scalar, length: Int)? = position < end ? RegexPattern.decode(bytes, at: position) : nil
            next.count = 0
            var index = 0
            while index < current.count {
                let pc = current.dense[index]
                index += 1
                machine.steps += 1
                let consumes: Bool
                switch code[pc] {
                case .match:
                    matched = Array(UnsafeBufferPointer(start: current.captures + pc * slots, count: slots))
                    // Lower-priority threads lose to this match; higher ones are already in `next`.
                    index = current.count
                    continue
                case .scalar(let value): consumes = decoded?.scalar.value == value
                case .set(let set): consumes = decoded.map { sets[set].contains($0.scalar) } ?? false
                default: consumes = false
                }
                guard consumes, let decoded else { continue }
                machine.working.update(from: current.captures + pc * slots, count: slots)
                addThread(&next, pc: pc + 1, at: position + decoded.length, previous: decoded.scalar, bytes: bytes,
                          code: code, machine: &machine)
            }
            swap(&current, &next)
            guard let consumed = decoded else { break }
            position += consumed.length
            previous = consumed.scalar
        }
        guard let matched else { return RegexSearch(groups: nil, steps: machine.steps) }
        let groups: [Range<Int>?] = (0...captureGroupCount).map { group in
            let start = matched[2 * group]
            let stop = matched[2 * group + 1]
            return start >= 0 && stop >= start ? start..<stop : nil
        }
        return RegexSearch(groups: groups, steps: machine.steps)
    }

    /// Adds the thread at `pc` and everything it reaches without consuming (the epsilon closure), in priority
    /// order, with an explicit stack: no recursion, so no pattern can overflow the call stack.
    private func addThread(
        _ list: inout ThreadList, pc start: Int, at position: Int, previous: Unicode.Scalar?,
        bytes: UnsafeBufferPointer<UInt8>, code: UnsafeBufferPointer<RegexInstruction>, machine: inout Machine
    ) {
        let stack = machine.stack
        let working = machine.working
        var top = 0
        stack[top] = start
        top += 1
        while top > 0 {
            top -= 1
            let tag = stack[top]
            if tag < 0 {
                top -= 1
                working[-tag - 1] = stack[top]
                continue
            }
            let pc = tag
            machine.steps += 1
            if list.contains(pc) { continue }
            list.insert(pc)
            switch code[pc] {
            case .jump(let target):
                stack[top] = target
                top += 1
            case .split(let first, let second):
                stack[top] = second
                stack[top + 1] = first
                top += 2
            case .save(let slot):
                stack[top] = working[slot]
                stack[top + 1] = -slot - 1
                stack[top + 2] = pc + 1
                top += 3
                working[slot] = position
            case .assert(let assertion):
                if holds(assertion, at: position, previous: previous, bytes: bytes) {
                    stack[top] = pc + 1
                    top += 1
                }
            case .scalar, .set, .match:
                (list.captures + pc * machine.slots).update(from: working, count: machine.slots)
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
