/// A parsed regular expression: the subset scenarios use, as a tree the compiler and the safety check walk.
indirect enum RegexNode: Sendable, Equatable {
    /// Matches nothing, successfully (`()`, an empty alternative).
    case empty
    /// One scalar from a set: a literal, `.`, `[...]`, `\d`...
    case set(RegexCharSet)
    /// `(...)` (capturing, with its group number) or `(?:...)`.
    case group(RegexNode, index: Int?)
    /// Items one after another.
    case concat([RegexNode])
    /// `a|b|c`, tried left to right.
    case alternation([RegexNode])
    /// `*`, `+`, `?`, `{m,n}`; `max` nil is unbounded. `text` is the quantifier as written, `offset` where.
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool, text: String, offset: Int)
    /// `^`, `$`, `\b`, ...
    case assertion(RegexAssertion)
}

/// A zero-width test at a position.
enum RegexAssertion: Sendable, Hashable {
    /// `^` (or `\A`): the start of the text.
    case textStart
    /// `^` under `(?m)`: the start of the text or just after `\n`.
    case lineStart
    /// `$` (or `\Z`): the end of the text, or just before a final line terminator.
    case textEndOrFinalNewline
    /// `\z`: the very end of the text.
    case textEnd
    /// `$` under `(?m)`: the end of the text or just before `\n` or `\r`.
    case lineEnd
    /// `\b`.
    case wordBoundary
    /// `\B`.
    case notWordBoundary
}

/// Flags set by `(?i)`, `(?m)`, `(?s)` at the start of a pattern.
struct RegexFlags: Sendable {
    var caseInsensitive = false
    var multiline = false
    var dotMatchesNewlines = false
}

/// Parses the supported subset; anything else (backreferences, lookaround, possessive or atomic forms, nested
/// classes) is refused with a message saying what is not supported, rather than matched differently.
struct RegexParser {
    static let maxPatternScalars = 4_096
    static let maxGroupDepth = 64
    static let maxCount = 1_000

    let scalars: [Unicode.Scalar]
    var position = 0
    var flags = RegexFlags()
    var groupCount = 0
    var depth = 0

    init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    /// Parses the whole pattern.
    mutating func parse() throws -> RegexNode {
        guard scalars.count <= RegexParser.maxPatternScalars else {
            throw error("pattern is longer than \(RegexParser.maxPatternScalars) characters", at: 0)
        }
        parseLeadingFlags()
        let node = try alternation()
        if position < scalars.count {
            throw error("unmatched ')'", at: position)
        }
        return node
    }

    func error(_ why: String, at offset: Int) -> TextParseError {
        TextParseError(message: why, offset: offset)
    }

    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    func peek(_ ahead: Int) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    /// `(?i)`, `(?m)`, `(?s)` or a combination such as `(?is)`, only at the very start.
    private mutating func parseLeadingFlags() {
        guard scalars.count >= 3, scalars[0] == "(", scalars[1] == "?" else { return }
        var index = 2
        var parsed = RegexFlags()
        while index < scalars.count, "ims".unicodeScalars.contains(scalars[index]) {
            switch scalars[index] {
            case "i": parsed.caseInsensitive = true
            case "m": parsed.multiline = true
            default: parsed.dotMatchesNewlines = true
            }
            index += 1
        }
        guard index > 2, index < scalars.count, scalars[index] == ")" else { return }
        flags = parsed
        position = index + 1
    }

    private mutating func alternation() throws -> RegexNode {
        var branches = [try concatenation()]
        while current == "|" {
            position += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func concatenation() throws -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            let start = position
            var atom = try self.atom()
            while let quantified = try quantifier(on: atom, atomStart: start) { atom = quantified }
            items.append(atom)
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .concat(items)
    }

    /// A quantifier after `atom`, or nil when none follows.
    private mutating func quantifier(on atom: RegexNode, atomStart: Int) throws -> RegexNode? {
        guard let scalar = current, "*+?{".unicodeScalars.contains(scalar) else { return nil }
        let start = position
        var bounds: (min: Int, max: Int?)
        switch scalar {
        case "*": bounds = (0, nil); position += 1
        case "+": bounds = (1, nil); position += 1
        case "?": bounds = (0, 1); position += 1
        default:
            guard let counted = try countedBounds() else {
                throw error("'{' must be escaped as '\\{' unless it starts a repetition such as {2} or {1,3}", at: start)
            }
            bounds = counted
        }
        if case .repetition = atom {
            throw error("a quantifier follows another quantifier; put the first in a group (?:...)", at: start)
        }
        if case .assertion = atom { throw error("nothing to repeat before '\(scalar)'", at: start) }
        if case .empty = atom { throw error("nothing to repeat before '\(scalar)'", at: start) }
        var greedy = true
        if current == "?" {
            greedy = false
            position += 1
        } else if current == "+" {
            throw error("possessive quantifiers such as '*+' are not supported", at: position)
        }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        return .repetition(atom, min: bounds.min, max: bounds.max, greedy: greedy, text: text, offset: start)
    }

    /// `{m}`, `{m,}` or `{m,n}` at the current position (consumed), or nil (nothing consumed) when it is not one.
    private mutating func countedBounds() throws -> (min: Int, max: Int?)? {
        let scalars = self.scalars
        var index = position + 1
        func number() -> Int? {
            let start = index
            while index < scalars.count, scalars[index].properties.numericType != nil, scalars[index].isASCII { index += 1 }
            guard index > start, index - start <= 9 else { return nil }
            return Int(String(String.UnicodeScalarView(scalars[start..<index])))
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if index < scalars.count, scalars[index] == "," {
            index += 1
            high = index < scalars.count && scalars[index] == "}" ? nil : number()
            if high == nil, index < scalars.count, scalars[index] != "}" { return nil }
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        guard low <= RegexParser.maxCount, (high ?? low) <= RegexParser.maxCount else {
            throw error("repetition counts go up to \(RegexParser.maxCount)", at: position)
        }
        guard low <= (high ?? low) else { throw error("repetition {\(low),\(high ?? low)} has min above max", at: position) }
        position = index + 1
        return (low, high)
    }

    private mutating func atom() throws -> RegexNode {
        let start = position
        let scalar = scalars[position]
        position += 1
        switch scalar {
        case "(": return try group(start: start)
        case "[": return .set(try characterClass(start: start))
        case ".": return .set(.dot(matchesNewlines: flags.dotMatchesNewlines))
        case "^": return .assertion(flags.multiline ? .lineStart : .textStart)
        case "$": return .assertion(flags.multiline ? .lineEnd : .textEndOrFinalNewline)
        case "\\": return try escape(start: start)
        case "*", "+", "?": throw error("'\(scalar)' has nothing to repeat", at: start)
        case "{":
            position = start
            if try countedBounds() != nil { throw error("'{' has nothing to repeat", at: start) }
            throw error("'{' must be escaped as '\\{' unless it starts a repetition such as {2} or {1,3}", at: start)
        default: return literal(scalar)
        }
    }

    func literal(_ scalar: Unicode.Scalar) -> RegexNode {
        let set = RegexCharSet.single(scalar.value)
        return .set(flags.caseInsensitive ? set.caseInsensitive() : set)
    }

    private mutating func group(start: Int) throws -> RegexNode {
        var index: Int?
        if current == "?" {
            let kind = peek(1) ?? "?"
            switch kind {
            case ":": position += 2
            case "=", "!":
                throw error("lookahead '(?\(kind)' is not supported", at: start)
            case "<" where peek(2) == "=" || peek(2) == "!":
                throw error("lookbehind '(?<\(peek(2)!)' is not supported", at: start)
            case "<", "P":
                position += kind == "P" ? 2 : 1
                guard current == "<" else { throw error("bad named group", at: start) }
                position += 1
                let nameStart = position
                while let scalar = current, scalar != ">" {
                    guard scalar.isASCII, scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
                    else { throw error("bad group name", at: position) }
                    position += 1
                }
                guard current == ">", position > nameStart else { throw error("bad named group", at: start) }
                position += 1
                groupCount += 1
                index = groupCount
            case "#":
                while current != nil, current != ")" { position += 1 }
                guard current == ")" else { throw error("unclosed comment '(?#'", at: start) }
                position += 1
                return .empty
            case ">": throw error("atomic groups '(?>' are not supported", at: start)
            default:
                throw error("inline flags are supported only at the start of the pattern, as (?i), (?m) or (?s)", at: start)
            }
        } else {
            groupCount += 1
            index = groupCount
        }
        depth += 1
        guard depth <= RegexParser.maxGroupDepth else {
            throw error("groups nest deeper than \(RegexParser.maxGroupDepth) levels", at: start)
        }
        let body = try alternation()
        depth -= 1
        guard current == ")" else { throw error("missing ')'", at: start) }
        position += 1
        return .group(body, index: index)
    }
}
