/// Masks the password of every `scheme://user:password@host` URL in a text, keeping the user name.
///
/// Works on whole URLs (`--url`, `--proxy`, a result's target) and on URLs inside messages ("GET URL: reason").
public enum URLRedaction {
    /// Characters that end a URL's authority (`user:password@host:port`) when scanning a text.
    private static let authorityEnds: Set<Character> = ["/", "?", "#", " ", "\t", "\n", "\r", "\"", "'", "<", ">", "`"]

    /// The text with the password of each URL's userinfo replaced by `SecretRedactor.mask`.
    public static func redact(_ text: String) -> String {
        guard text.contains("://") else { return text }
        var result = ""
        var rest = text[...]
        while let separator = rest.range(of: "://") {
            result += rest[..<separator.upperBound]
            let authorityEnd = rest[separator.upperBound...].firstIndex(where: authorityEnds.contains) ?? rest.endIndex
            let authority = rest[separator.upperBound..<authorityEnd]
            // The last "@" ends the userinfo: a password may hold an unencoded "@", a host never does.
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":"),
               authority.index(after: colon) < at {
                result += authority[...colon] + SecretRedactor.mask + authority[at...]
            } else {
                result += authority
            }
            rest = rest[authorityEnd...]
        }
        return result + rest
    }
}
