/// A tiny well-formedness checker for the HTML/SVG subset the reports write: every non-void tag is closed in
/// order, attributes are quoted, and no raw `<` appears in text. Returns the problems found, empty when fine.
enum MarkupChecker {
    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "link", "input", "col", "wbr", "source"]

    static func problems(_ text: String, xml: Bool = false) -> [String] {
        var stack: [String] = []
        var problems: [String] = []
        let chars = Array(text.utf8)
        var i = 0
        while i < chars.count {
            guard chars[i] == UInt8(ascii: "<") else { i += 1; continue }
            guard let end = chars[i...].firstIndex(of: UInt8(ascii: ">")) else { problems.append("unterminated tag at \(i)"); break }
            let tag = String(decoding: chars[(i + 1)..<end], as: UTF8.self)
            i = end + 1
            if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
            if tag.contains("<") { problems.append("'<' inside tag <\(tag.prefix(40))>"); continue }
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst()).trimmingSpaces()
                if stack.last == name { stack.removeLast() } else { problems.append("</\(name)> closes <\(stack.last ?? "nothing")>") }
                continue
            }
            let name = String(tag.prefix { $0 != " " && $0 != "/" && $0 != "\n" })
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                problems.append("bad tag <\(tag.prefix(40))>")
                continue
            }
            if unquotedAttribute(tag) { problems.append("unquoted attribute in <\(tag.prefix(60))>") }
            if tag.hasSuffix("/") || (!xml && voidElements.contains(name)) { continue }
            stack.append(name)
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack.joined(separator: ", "))") }
        return problems
    }

    /// True when some `name=value` has a value not in double or single quotes.
    static func unquotedAttribute(_ tag: String) -> Bool {
        var inQuote: Character?
        var previous: Character = " "
        for ch in tag {
            if let q = inQuote {
                if ch == q { inQuote = nil }
            } else if ch == "\"" || ch == "'" {
                if previous != "=" { return true }
                inQuote = ch
            } else if previous == "=" {
                return true
            }
            previous = ch
        }
        return inQuote != nil
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " || s.last == "\n" { s.removeLast() }
        return String(s)
    }
}
