import Yams

extension Node {
    /// Where the node starts in the file.
    var location: SourceLocation {
        mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? .start
    }

    /// "a mapping", "a list" or "text", for type errors.
    var kindName: String {
        switch self {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// The text of a scalar; nil for mappings and lists.
    var scalarText: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// True for an unquoted scalar, whose text YAML would read as a number, boolean or null.
    var isPlainScalar: Bool {
        if case .scalar(let scalar) = self { return scalar.style == .plain || scalar.style == .any }
        return false
    }

    /// True for `~`, `null` or an empty unquoted value.
    var isNull: Bool {
        guard isPlainScalar, let text = scalarText else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// Columns to add to a scalar's start to reach its text's first character (1 for quoted scalars).
    var textColumnOffset: Int {
        if case .scalar(let scalar) = self, scalar.style == .singleQuoted || scalar.style == .doubleQuoted { return 1 }
        return 0
    }
}

/// A mapping whose keys have been checked: unknown and duplicate keys were reported.
struct MappingView {
    let node: Node
    let entries: [(key: String, keyNode: Node, value: Node)]

    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    func has(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    func keyLocation(_ key: String) -> SourceLocation {
        entries.first { $0.key == key }?.keyNode.location ?? node.location
    }
}

extension ScenarioDecoder {
    /// Reads a mapping and reports keys outside `allowed`, with a did-you-mean hint.
    mutating func mapping(_ node: Node, _ what: String, allowed: [String]) -> MappingView? {
        guard case .mapping(let mapping) = node else {
            log.report(node.location, "\(what) must be a mapping, found \(node.kindName)")
            return nil
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalarText else {
                log.report(keyNode.location, "keys in \(what) must be text, found \(keyNode.kindName)")
                continue
            }
            if entries.contains(where: { $0.key == key }) {
                log.report(keyNode.location, "duplicate key '\(key)' in \(what)")
                continue
            }
            if !allowed.contains(key) {
                let hint = EditDistance.hint(for: key, among: allowed)
                log.report(keyNode.location, "unknown key '\(key)' in \(what)\(hint)")
                continue
            }
            entries.append((key, keyNode, value))
        }
        return MappingView(node: node, entries: entries)
    }

    /// Reports a missing required key at the mapping.
    mutating func require(_ key: String, in view: MappingView, _ what: String) -> Node? {
        guard let value = view[key] else {
            log.report(view.node.location, "\(what) is missing required key '\(key)'")
            return nil
        }
        return value
    }

    mutating func list(_ node: Node, _ what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            log.report(node.location, "\(what) must be a list, found \(node.kindName)")
            return nil
        }
        return Array(sequence)
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard let text = node.scalarText, !node.isNull else {
            log.report(node.location, "\(what) must be text, found \(node.isNull ? "nothing" : node.kindName)")
            return nil
        }
        return text
    }

    mutating func int(_ node: Node, _ what: String, minimum: Int, maximum: Int = .max) -> Int? {
        guard let text = node.scalarText, let value = Int(text) else {
            log.report(node.location, "\(what) must be an integer, found \(node.scalarText.map { "'\($0)'" } ?? node.kindName)")
            return nil
        }
        return within(value, node, what, minimum: minimum, maximum: maximum, found: String(value)) { String($0) }
    }

    mutating func number(_ node: Node, _ what: String, minimum: Double, maximum: Double = .infinity) -> Double? {
        guard let text = node.scalarText, let value = Double(text), value.isFinite else {
            log.report(node.location, "\(what) must be a number, found \(node.scalarText.map { "'\($0)'" } ?? node.kindName)")
            return nil
        }
        // Whole bounds read as integers; the check keeps Int() from trapping on a bound past its range.
        return within(value, node, what, minimum: minimum, maximum: maximum, found: text) { bound in
            bound == bound.rounded() && abs(bound) < 1e15 ? String(Int(bound)) : String(bound)
        }
    }

    /// `value` if it lies in `minimum...maximum`; else reports which bound it passed, and nil.
    private mutating func within<Value: Comparable>(_ value: Value, _ node: Node, _ what: String, minimum: Value, maximum: Value,
                                                    found: String, bound: (Value) -> String) -> Value? {
        guard value >= minimum else {
            log.report(node.location, "\(what) must be at least \(bound(minimum)), found \(found)")
            return nil
        }
        guard value <= maximum else {
            log.report(node.location, "\(what) must be at most \(bound(maximum)), found \(found)")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        switch node.scalarText?.lowercased() {
        case "true": return true
        case "false": return false
        default:
            log.report(node.location, "\(what) must be true or false, found \(node.scalarText.map { "'\($0)'" } ?? node.kindName)")
            return nil
        }
    }

    mutating func durationNanos(_ node: Node, _ what: String) -> Int64? {
        guard let text = node.scalarText, !node.isNull else {
            log.report(node.location, "\(what) must be a duration such as 200ms or 1s, found \(node.kindName)")
            return nil
        }
        guard let nanos = DurationText.parseNanos(text) else {
            if text.hasPrefix("-"), DurationText.parseNanos(String(text.dropFirst())) != nil {
                log.report(node.location, "\(what) must not be negative, found '\(text)'")
                return nil
            }
            let fix = Double(text) != nil ? ": add a unit (us, ms, s, m or h)" : "; use a number with a unit: us, ms, s, m or h"
            log.report(node.location, "bad duration '\(text)' for \(what)\(fix)")
            return nil
        }
        return nanos
    }

    /// A think time or latency limit: a duration of at most `ScenarioLimits.maxPauseNanos` (7 days).
    mutating func pauseNanos(_ node: Node, _ what: String) -> Int64? {
        guard let nanos = durationNanos(node, what) else { return nil }
        guard nanos <= ScenarioLimits.maxPauseNanos else {
            log.report(node.location, "\(what) must be at most 7 days, found '\(node.scalarText ?? "")'")
            return nil
        }
        return nanos
    }

    /// A location `offset` characters into a scalar's text (exact for single-line scalars).
    func location(in node: Node, offset: Int) -> SourceLocation {
        let base = node.location
        guard let text = node.scalarText, !text.prefix(offset).contains("\n") else { return base }
        return SourceLocation(line: base.line, column: base.column + node.textColumnOffset + offset)
    }
}
