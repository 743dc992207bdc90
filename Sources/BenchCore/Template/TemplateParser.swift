extension Template {
    /// Parses `${...}` placeholders; `$${` is a literal `${`. Throws on an unterminated or unknown placeholder.
    public static func parse(_ source: String) throws -> Template {
        try parseLocated(source).template
    }

    /// Parses and also returns each part's character offset in the source, for diagnostics.
    static func parseLocated(_ source: String) throws -> (template: Template, offsets: [Int]) {
        let chars = Array(source)
        var parts: [Part] = []
        var offsets: [Int] = []
        var literalStart = 0
        var literal = ""
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if char == "$", index + 2 < chars.count, chars[index + 1] == "$", chars[index + 2] == "{" {
                literal += "${"
                index += 3
                continue
            }
            guard char == "$", index + 1 < chars.count, chars[index + 1] == "{" else {
                literal.append(char)
                index += 1
                continue
            }
            guard let close = chars[(index + 2)...].firstIndex(of: "}") else {
                throw TextParseError(message: "unterminated placeholder '${' (missing '}')", offset: index)
            }
            let body = String(chars[(index + 2)..<close]).trimmingSpaces()
            let part = try placeholder(body, offset: index)
            if !literal.isEmpty {
                parts.append(.literal(literal))
                offsets.append(literalStart)
                literal = ""
            }
            parts.append(part)
            offsets.append(index)
            index = close + 1
            literalStart = index
        }
        if !literal.isEmpty {
            parts.append(.literal(literal))
            offsets.append(literalStart)
        }
        return (Template(parts: parts, source: source), offsets)
    }

    private static func placeholder(_ body: String, offset: Int) throws -> Part {
        if body == "seq" { return .seq }
        if body == "now" { return .now }
        if body == "random.uuid" { return .randomUUID }
        if body.hasPrefix("random.int") { return try randomInt(body, offset: offset) }
        if body.hasPrefix("env.") {
            let name = String(body.dropFirst(4))
            guard isEnvName(name) else {
                throw TextParseError(message: "bad environment variable name in '${\(body)}'", offset: offset)
            }
            return .env(name)
        }
        if body.hasPrefix("data.") {
            let pieces = body.dropFirst(5).split(separator: ".", maxSplits: 1).map(String.init)
            guard pieces.count == 2, isIdentifier(pieces[0]), !pieces[1].isEmpty else {
                throw TextParseError(message: "expected '${data.FEEDER.COLUMN}', found '${\(body)}'", offset: offset)
            }
            return .data(feeder: pieces[0], column: pieces[1])
        }
        if body.hasPrefix("random.") {
            throw TextParseError(
                message: "unknown random generator '${\(body)}' (use random.int(lo,hi) or random.uuid)", offset: offset)
        }
        guard isIdentifier(body) else {
            throw TextParseError(message: "bad placeholder '${\(body)}'", offset: offset)
        }
        return .variable(body)
    }

    private static func randomInt(_ body: String, offset: Int) throws -> Part {
        let usage = "expected '${random.int(LO,HI)}' with integers LO <= HI, found '${\(body)}'"
        var rest = Substring(body.dropFirst("random.int".count))
        guard rest.first == "(", rest.last == ")" else { throw TextParseError(message: usage, offset: offset) }
        rest = rest.dropFirst().dropLast()
        let bounds = rest.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int(String($0).trimmingSpaces()) }
        guard bounds.count == 2, let lower = bounds[0], let upper = bounds[1], lower <= upper else {
            throw TextParseError(message: usage, offset: offset)
        }
        return .randomInt(lowerBound: lower, upperBound: upper)
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    private static func isEnvName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0 == "_" || ("0"..."9").contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0)
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var scalars = self[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
