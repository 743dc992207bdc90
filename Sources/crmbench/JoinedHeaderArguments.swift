/// curl's attached header form `-H'Name: value'` as two arguments, before the parser sees it: the parser splits
/// an attached value at `=`, so `-H'Cookie: a=b'` would otherwise be an unknown option. Only an argument whose
/// rest starts with a header name and a colon is split, and not when it is the value of the option before it
/// (`--body '-Hello: x'` stays a body).
enum JoinedHeaderArguments {
    /// The options that take no value: after one of these, the next argument is not its value.
    static let flags: Set<String> = ["--quiet", "--insecure", "--http2", "--in-memory", "--json", "--approx",
                                     "--explain", "--no-early-stop", "--no-index", "--stdout", "--help", "-h", "--version"]

    static func split(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var afterTerminator = false
        var previous: String?
        for argument in arguments {
            defer { previous = argument }
            if argument == "--" { afterTerminator = true }
            let isOptionValue = previous.map { $0.hasPrefix("-") && !$0.contains("=") && !flags.contains($0) } ?? false
            if !afterTerminator, !isOptionValue, argument.hasPrefix("-H"), looksLikeHeader(argument.dropFirst(2)) {
                out.append("-H")
                out.append(String(argument.dropFirst(2)))
            } else {
                out.append(argument)
            }
        }
        return out
    }

    /// `Name:` at the start, Name made of HTTP token characters.
    private static func looksLikeHeader(_ text: Substring) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon > text.startIndex else { return false }
        return text[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$%&'*+.^_`|~-".contains($0)) }
    }
}
