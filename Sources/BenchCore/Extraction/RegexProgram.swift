/// One instruction of a compiled regex (Thompson's construction, as in Cox 2009).
enum RegexInstruction: Sendable {
    /// Consume this scalar.
    case scalar(UInt32)
    /// Consume a scalar of `sets[index]`.
    case set(Int)
    /// Continue at both; the first has priority (greedy or lazy is only the order).
    case split(Int, Int)
    /// Continue at.
    case jump(Int)
    /// Record the position in capture slot.
    case save(Int)
    /// Continue only if the assertion holds here.
    case assert(RegexAssertion)
    /// A match.
    case match
}

/// Compiles a `RegexNode` tree into instructions; counted repetitions are expanded, within a size budget.
struct RegexCompiler {
    /// Most instructions a pattern may compile to: matching costs at most a few steps per instruction per byte.
    static let maxInstructions = 4_000

    var program: [RegexInstruction] = []
    var sets: [RegexCharSet] = []

    static func compile(_ node: RegexNode) throws -> (program: [RegexInstruction], sets: [RegexCharSet]) {
        var compiler = RegexCompiler()
        compiler.program.append(.save(0))
        try compiler.emit(node)
        compiler.program.append(.save(1))
        compiler.program.append(.match)
        return (compiler.program, compiler.sets)
    }

    private mutating func append(_ instruction: RegexInstruction) throws -> Int {
        guard program.count < RegexCompiler.maxInstructions else {
            throw TextParseError(
                message: "pattern is too large once its repetitions are expanded (more than \(RegexCompiler.maxInstructions) steps)",
                offset: 0)
        }
        program.append(instruction)
        return program.count - 1
    }

    private mutating func emit(_ node: RegexNode) throws {
        switch node {
        case .empty:
            break
        case .set(let set):
            if !set.negated, set.named.isEmpty, set.ranges.count == 1, let only = set.ranges.first,
               only.lowerBound == only.upperBound {
                _ = try append(.scalar(only.lowerBound))
            } else {
                if let existing = sets.firstIndex(of: set) {
                    _ = try append(.set(existing))
                } else {
                    sets.append(set)
                    _ = try append(.set(sets.count - 1))
                }
            }
        case .group(let body, let index):
            if let index { _ = try append(.save(2 * index)) }
            try emit(body)
            if let index { _ = try append(.save(2 * index + 1)) }
        case .concat(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (number, branch) in branches.enumerated() {
                if number < branches.count - 1 {
                    let split = try append(.split(0, 0))
                    try emit(branch)
                    jumps.append(try append(.jump(0)))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repetition(let body, let min, let max, let greedy, _, _):
            for _ in 0..<min { try emit(body) }
            if let max {
                // max - min optional copies, each skipping to the end: x{1,3} = x (x (x)?)?
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(try append(.split(0, 0)))
                    try emit(body)
                }
                for split in splits {
                    program[split] = greedy ? .split(split + 1, program.count) : .split(program.count, split + 1)
                }
            } else {
                let loop = try append(.split(0, 0))
                try emit(body)
                _ = try append(.jump(loop))
                program[loop] = greedy ? .split(loop + 1, program.count) : .split(program.count, loop + 1)
            }
        case .assertion(let assertion):
            _ = try append(.assert(assertion))
        }
    }
}
