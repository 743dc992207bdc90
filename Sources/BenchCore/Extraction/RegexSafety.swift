/// Finds the shapes that make backtracking engines take exponential time, so `validate` refuses them.
///
/// Extractions run on `RegexPattern`, which is linear whatever the pattern, so these patterns could not hang a
/// worker here; they are refused anyway because they are almost always mistakes, and the same pattern pasted into
/// another tool (or a future engine) would hang it. A repetition `X*`, `X+` or `X{m,n}` (n > 1) is refused when:
///
/// | rule | refused | accepted |
/// | --- | --- | --- |
/// | X can match the empty string | `(.*)*`, `(a?)+`, `(a|)*`, `(a*b*){2,5}` | `(a?b)+` |
/// | X ends with a repetition Y that may stop or go on (`*`, `+`, `{m,n}` with n > m; possibly followed by optional items) whose next iteration can start like X's | `(a+)+`, `(\d+)*`, `(a+b?)+`, `(\w+\s?)*`, `((ab)+)+` | `(\d+,)*`, `(?:[a-z]+\.)+`, `(a+b)+` |
/// | X is an alternation where two single-character alternatives overlap, or two alternatives are the same | `(\s|.)*`, `(a|a)+`, `(\w|\d)+`, `(ab|ab)*` | `(\w|-)+`, `(GET|POST)+`, `(.|\n)*` |
///
/// Adjacent repetitions such as `.*.*=` (polynomial, not exponential, for a backtracker; linear here) are accepted.
/// Character sets are compared exactly for plain ranges and conservatively (as overlapping) when negations or
/// Unicode classes make an exact answer costly, so a doubtful pattern is refused rather than accepted.
enum RegexSafety {
    /// Why the pattern is refused, or nil when it is accepted.
    static func risk(in node: RegexNode) -> String? {
        switch node {
        case .empty, .set, .assertion:
            return nil
        case .group(let body, _):
            return risk(in: body)
        case .concat(let items):
            return items.lazy.compactMap(risk(in:)).first
        case .alternation(let branches):
            return branches.lazy.compactMap(risk(in:)).first
        case .repetition(let body, _, let max, _, let text, let offset):
            if let inner = risk(in: body) { return inner }
            guard max.map({ $0 > 1 }) ?? true else { return nil }
            let at = "'\(text)' at offset \(offset)"
            if nullable(body) {
                return "the group repeated by \(at) can match the empty string, so a backtracking matcher can try "
                    + "exponentially many ways to split the text; make the repeated part consume at least one character"
            }
            let starts = first(body)
            for inner in trailingLoops(body) where inner.mayOverlap(starts) {
                return "nested quantifiers: the part repeated by \(at) ends with a repetition that can also start the "
                    + "next round, so a backtracking matcher can try exponentially many splits (like (a+)+); "
                    + "remove the inner or the outer repetition, or separate rounds with a character the inner one cannot match"
            }
            if let clash = overlappingAlternatives(body) {
                return "the alternatives \(clash) repeated by \(at) can match the same text, so a backtracking matcher "
                    + "can try exponentially many combinations; merge them into one class or alternative"
            }
            return nil
        }
    }

    /// Whether the node can match the empty string.
    static func nullable(_ node: RegexNode) -> Bool {
        switch node {
        case .empty, .assertion: return true
        case .set: return false
        case .group(let body, _): return nullable(body)
        case .concat(let items): return items.allSatisfy(nullable)
        case .alternation(let branches): return branches.contains(where: nullable)
        case .repetition(let body, let min, _, _, _, _): return min == 0 || nullable(body)
        }
    }

    /// The scalars a match of the node can start with (the union of the sets that can come first).
    static func first(_ node: RegexNode) -> RegexCharSet {
        var result = RegexCharSet()
        collectFirst(node, into: &result)
        return result
    }

    private static func collectFirst(_ node: RegexNode, into result: inout RegexCharSet) {
        switch node {
        case .empty, .assertion:
            return
        case .set(let set):
            if set.negated || !set.named.isEmpty {
                // Keep it exact enough: a negated or named set joins as its own alternative.
                if result.ranges.isEmpty, result.named.isEmpty, !result.negated {
                    result = set
                } else {
                    result = .dot(matchesNewlines: true)
                }
            } else if !result.negated, result.named.isEmpty {
                result.ranges += set.ranges
            } else {
                result = .dot(matchesNewlines: true)
            }
        case .group(let body, _):
            collectFirst(body, into: &result)
        case .concat(let items):
            for item in items {
                collectFirst(item, into: &result)
                if !nullable(item) { return }
            }
        case .alternation(let branches):
            for branch in branches { collectFirst(branch, into: &result) }
        case .repetition(let body, _, _, _, _, _):
            collectFirst(body, into: &result)
        }
    }

    /// For each repetition that can end a match of `node` (followed only by parts that may match nothing), the
    /// scalars its next iteration can start with.
    static func trailingLoops(_ node: RegexNode) -> [RegexCharSet] {
        switch node {
        case .empty, .set, .assertion:
            return []
        case .group(let body, _):
            return trailingLoops(body)
        case .concat(let items):
            var loops: [RegexCharSet] = []
            for item in items.reversed() {
                loops += trailingLoops(item)
                if !nullable(item) { break }
            }
            return loops
        case .alternation(let branches):
            return branches.flatMap(trailingLoops)
        case .repetition(let body, let min, let max, _, _, _):
            // Only a repetition that may stop or go on (x*, x+, x{2,5}) can make the split ambiguous; x{3} cannot.
            let inner = trailingLoops(body)
            return (max.map { $0 > min } ?? true) ? [first(body)] + inner : inner
        }
    }

    /// Two alternatives at the top of `node` that can match the same text, described; nil when none.
    private static func overlappingAlternatives(_ node: RegexNode) -> String? {
        switch node {
        case .group(let body, _):
            return overlappingAlternatives(body)
        case .alternation(let branches):
            for leftIndex in branches.indices {
                for rightIndex in branches.indices where rightIndex > leftIndex {
                    let left = single(branches[leftIndex])
                    let right = single(branches[rightIndex])
                    let same = "#\(leftIndex + 1) and #\(rightIndex + 1)"
                    if case .set(let leftSet) = left, case .set(let rightSet) = right, leftSet.mayOverlap(rightSet) {
                        return same
                    }
                    if left == right { return same }
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// The node with single-item groups and concatenations unwrapped.
    private static func single(_ node: RegexNode) -> RegexNode {
        switch node {
        case .group(let body, _): return single(body)
        case .concat(let items) where items.count == 1: return single(items[0])
        default: return node
        }
    }
}
