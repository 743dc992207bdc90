/// A set of Unicode scalars matched by one regex position: a class `[...]`, `\d`, `.`, or a literal under `(?i)`.
struct RegexCharSet: Hashable, Sendable {
    /// The named classes `\d`, `\w`, `\s`; Unicode-aware like ICU (ASCII is the fast path).
    enum Named: Hashable, Sendable {
        case digit, word, space

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            switch self {
            case .digit:
                if value < 128 { return value >= 48 && value <= 57 }
                return scalar.properties.generalCategory == .decimalNumber
            case .word:
                if value < 128 {
                    return (value >= 48 && value <= 57) || (value >= 65 && value <= 90) || (value >= 97 && value <= 122)
                        || value == 95
                }
                switch scalar.properties.generalCategory {
                case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation: return true
                default: return scalar.properties.isAlphabetic || scalar.properties.isJoinControl
                }
            case .space:
                if value < 128 { return value == 32 || (value >= 9 && value <= 13) }
                return scalar.properties.isWhitespace
            }
        }
    }

    /// Inclusive ranges of scalar values.
    var ranges: [ClosedRange<UInt32>] = []
    /// A named class, possibly negated (`\D` is `.digit` negated).
    struct NamedItem: Hashable, Sendable {
        let kind: Named
        let negated: Bool
    }

    /// Named classes, each possibly negated.
    var named: [NamedItem] = []
    /// `[^...]`: the set is everything the items do not match.
    var negated = false

    /// One scalar.
    static func single(_ scalar: UInt32) -> RegexCharSet { RegexCharSet(ranges: [scalar...scalar]) }

    /// `\d`, `\W`, ... as a set.
    static func named(_ named: Named, negated: Bool) -> RegexCharSet { RegexCharSet(named: [NamedItem(kind: named, negated: negated)]) }

    /// `.`: anything but a line terminator (ICU's default), or anything at all under `(?s)`.
    static func dot(matchesNewlines: Bool) -> RegexCharSet {
        matchesNewlines
            ? RegexCharSet(ranges: [0...0x10FFFF])
            : RegexCharSet(ranges: [0x0A...0x0D, 0x85...0x85, 0x2028...0x2029], negated: true)
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        var found = false
        for range in ranges where range.contains(value) {
            found = true
            break
        }
        if !found {
            for item in named where item.kind.contains(scalar) != item.negated {
                found = true
                break
            }
        }
        return found != negated
    }

    /// The same set that also matches the upper- and lower-case forms of its ranges' letters (`(?i)`).
    func caseInsensitive() -> RegexCharSet {
        var copy = self
        for range in ranges where range.count <= 0x400 {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                for mapped in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping] {
                    if mapped.unicodeScalars.count == 1, let other = mapped.unicodeScalars.first, other != scalar {
                        copy.ranges.append(other.value...other.value)
                    }
                }
            }
        }
        return copy
    }

    /// Whether some scalar could be in both sets. Exact for plain ranges; conservative (true) when negations or
    /// named classes make an exact answer costly, which only errs on the side of refusing a pattern.
    func mayOverlap(_ other: RegexCharSet) -> Bool {
        if !negated, !other.negated, named.isEmpty, other.named.isEmpty {
            for left in ranges { for right in other.ranges where left.overlaps(right) { return true } }
            return false
        }
        // A positive range set against a class: test its members when there are few.
        for (plain, rich) in [(self, other), (other, self)] where !plain.negated && plain.named.isEmpty {
            let size = plain.ranges.reduce(0) { $0 + $1.count }
            guard size <= 512 else { continue }
            for range in plain.ranges {
                for value in range {
                    if let scalar = Unicode.Scalar(value), rich.contains(scalar) { return true }
                }
            }
            return false
        }
        if !negated, !other.negated, ranges.isEmpty, other.ranges.isEmpty {
            // Named classes only: \d, \w, \s and their negations; probe representative scalars.
            let probes: [Unicode.Scalar] = ["0", "a", "_", " ", "\n", "-", "é", "٣", "\u{00A0}"]
            return probes.contains { contains($0) && other.contains($0) }
        }
        return true
    }
}
