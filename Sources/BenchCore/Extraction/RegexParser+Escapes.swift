extension RegexParser {
    /// What an escape stands for, inside or outside a class.
    enum Escaped {
        case scalar(Unicode.Scalar)
        case set(RegexCharSet)
        case assertion(RegexAssertion)
    }

    /// `\x` outside a class (the backslash is consumed).
    mutating func escape(start: Int) throws -> RegexNode {
        switch try escaped(start: start, inClass: false) {
        case .scalar(let scalar): return literal(scalar)
        case .set(let set): return .set(set)
        case .assertion(let assertion): return .assertion(assertion)
        }
    }

    mutating func escaped(start: Int, inClass: Bool) throws -> Escaped {
        guard let scalar = current else { throw error("pattern ends with a lone '\\'", at: start) }
        position += 1
        switch scalar {
        case "d": return .set(.named(.digit, negated: false))
        case "D": return .set(.named(.digit, negated: true))
        case "w": return .set(.named(.word, negated: false))
        case "W": return .set(.named(.word, negated: true))
        case "s": return .set(.named(.space, negated: false))
        case "S": return .set(.named(.space, negated: true))
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "t": return .scalar("\t")
        case "f": return .scalar("\u{0C}")
        case "v": return .scalar("\u{0B}")
        case "a": return .scalar("\u{07}")
        case "e": return .scalar("\u{1B}")
        case "0": return .scalar("\u{00}")
        case "x": return .scalar(try hexScalar(start: start, braces: true, digits: 2))
        case "u": return .scalar(try hexScalar(start: start, braces: false, digits: 4))
        case "b", "B", "A", "z", "Z":
            guard !inClass else { throw error("'\\\(scalar)' is not allowed inside [...]", at: start) }
            switch scalar {
            case "b": return .assertion(.wordBoundary)
            case "B": return .assertion(.notWordBoundary)
            case "A": return .assertion(.textStart)
            case "z": return .assertion(.textEnd)
            default: return .assertion(.textEndOrFinalNewline)
            }
        case "1"..."9", "k":
            throw error("backreferences such as '\\\(scalar)' are not supported", at: start)
        default:
            if scalar.isASCII, scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                throw error("the escape '\\\(scalar)' is not supported", at: start)
            }
            return .scalar(scalar)
        }
    }

    /// `\xHH`, `\x{H...}` or `\uHHHH` (the letter is consumed).
    private mutating func hexScalar(start: Int, braces: Bool, digits: Int) throws -> Unicode.Scalar {
        var text = ""
        if braces, current == "{" {
            position += 1
            while let scalar = current, scalar != "}", text.count < 8 {
                text.unicodeScalars.append(scalar)
                position += 1
            }
            guard current == "}" else { throw error("unclosed '\\x{'", at: start) }
            position += 1
        } else {
            for _ in 0..<digits {
                guard let scalar = current else { break }
                text.unicodeScalars.append(scalar)
                position += 1
            }
        }
        guard !text.isEmpty, let value = UInt32(text, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw error("bad hexadecimal escape", at: start)
        }
        return scalar
    }

    /// `[...]` (the `[` is consumed): ranges, escapes and named classes, optionally negated with `^`.
    mutating func characterClass(start: Int) throws -> RegexCharSet {
        var set = RegexCharSet()
        if current == "^" {
            set.negated = true
            position += 1
        }
        var first = true
        while let scalar = current, scalar != "]" || first {
            if scalar == "]" { throw error("escape ']' as '\\]' at the start of a class", at: position) }
            first = false
            if scalar == "[" { throw error("nested classes are not supported; escape '[' as '\\['", at: position) }
            if scalar == "&", peek(1) == "&" { throw error("class intersection '&&' is not supported", at: position) }
            let itemStart = position
            guard let low = try classItem(into: &set) else { continue }
            if current == "-", let next = peek(1), next != "]" {
                position += 1
                guard let high = try classItem(into: &set) else {
                    throw error("a range cannot end with a class such as \\d", at: itemStart)
                }
                guard low.value <= high.value else { throw error("range out of order in class", at: itemStart) }
                set.ranges.append(low.value...high.value)
            } else {
                set.ranges.append(low.value...low.value)
            }
        }
        guard current == "]" else { throw error("missing ']'", at: start) }
        position += 1
        return flags.caseInsensitive ? set.caseInsensitive() : set
    }

    /// One class member: a scalar (returned, for ranges) or a named class (added to `set`, nil returned).
    private mutating func classItem(into set: inout RegexCharSet) throws -> Unicode.Scalar? {
        let scalar = scalars[position]
        position += 1
        guard scalar == "\\" else { return scalar }
        switch try escaped(start: position - 1, inClass: true) {
        case .scalar(let escaped): return escaped
        case .set(let named):
            set.named += named.named
            return nil
        case .assertion:
            return nil
        }
    }
}
