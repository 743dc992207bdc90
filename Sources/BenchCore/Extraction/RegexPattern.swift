/// A regular expression for extractions, matched in time linear in the body: it can never stall a worker.
///
/// The matcher is a Pike VM, the Thompson-NFA simulation with capture groups described by Russ Cox in
/// "Regular Expression Matching Can Be Simple And Fast" (2007) and "Regular Expression Matching: the Virtual
/// Machine Approach" (2009), https://swtch.com/~rsc/regexp/. The pattern is compiled to instructions once; a
/// search walks the body once, keeping at most one thread per instruction, so it costs at most
/// `stepBound(inputBytes:)` steps whatever the pattern or the body. Threads are kept in priority order, so the
/// match and its groups are the ones a backtracking engine (NSRegularExpression, ICU) would report:
/// leftmost, with greedy and lazy (`*?`) quantifiers both honoured.
///
/// Supported: literals and escapes (`\.`, `\n`, `\t`, `\xHH`, `\uHHHH`), `.`, classes `[...]` and `[^...]` with
/// ranges, `\d \w \s` and their negations, anchors `^ $ \A \z \Z \b \B`, capturing, named (`(?<name>...)`) and
/// non-capturing groups, alternation, `* + ?` and `{m}`, `{m,}`, `{m,n}` (n up to 1000), each optionally lazy,
/// and the flags `(?i)`, `(?m)`, `(?s)` at the very start. Refused with a message: backreferences, lookaround,
/// atomic groups, possessive quantifiers, nested classes, inline flags elsewhere, and (see
/// `RegexSafety`) patterns that would backtrack catastrophically in other engines.
///
/// `\d`, `\w` and `\s` are Unicode-aware like ICU's; `$` without `(?m)` also matches before a final `\n`, `\r`
/// or `\r\n`. The body is read as UTF-8; an invalid byte reads as U+FFFD.
public struct RegexPattern: Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// Number of capture groups (group 0, the whole match, not counted).
    public let captureGroupCount: Int
    let program: [RegexInstruction]
    let sets: [RegexCharSet]
    /// True when the pattern can only match at the start of the text (it begins with `^` or `\A`).
    let anchoredAtStart: Bool

    /// Compiles a pattern; throws a message when it is not in the supported subset or could backtrack
    /// catastrophically (`RegexSafety`).
    public init(_ pattern: String) throws {
        try self.init(pattern, refusingBacktrackingRisks: true)
    }

    /// Compiles a pattern; `refusingBacktrackingRisks: false` lets tests feed the matcher hostile patterns.
    init(_ pattern: String, refusingBacktrackingRisks: Bool) throws {
        var parser = RegexParser(pattern)
        let tree = try parser.parse()
        if refusingBacktrackingRisks, let risk = RegexSafety.risk(in: tree) {
            throw TextParseError(message: risk, offset: 0)
        }
        let compiled = try RegexCompiler.compile(tree)
        self.pattern = pattern
        self.captureGroupCount = parser.groupCount
        self.program = compiled.program
        self.sets = compiled.sets
        self.anchoredAtStart = RegexPattern.startsAnchored(tree)
    }

    public var description: String { pattern }

    /// The most steps a search over `inputBytes` bytes can take: a few per instruction per position.
    public func stepBound(inputBytes: Int) -> Int {
        (5 * program.count + 2) * (inputBytes + 1)
    }

    /// The first match in `text`.
    public func firstMatch(in text: String) -> RegexSearch {
        search(Array(text.utf8))
    }

    private static func startsAnchored(_ node: RegexNode) -> Bool {
        switch node {
        case .assertion(let assertion): return assertion == .textStart
        case .concat(let items): return items.first.map(startsAnchored) ?? false
        case .group(let body, _): return startsAnchored(body)
        default: return false
        }
    }
}

/// What a search found, and how much work it took.
public struct RegexSearch: Sendable, Equatable {
    /// Byte ranges of group 0 (the whole match) and each capture group; nil entries for groups that did not take
    /// part. Nil when there is no match.
    public let groups: [Range<Int>?]?
    /// Steps the matcher took (instructions visited); never more than `RegexPattern.stepBound(inputBytes:)`.
    public let steps: Int

    /// The text of `group` in `bytes` (the searched body), or nil when there is no match or the group is unset.
    public func text(ofGroup group: Int, in bytes: [UInt8]) -> String? {
        guard let groups, groups.indices.contains(group), let range = groups[group] else { return nil }
        return String(decoding: bytes[range], as: UTF8.self)
    }
}
