/// Checks that a URL typed on the command line can be loaded, before any request is sent: a URL libcurl would
/// reject only shows up as a run full of `other` errors.
public enum TargetURL {
    /// Why `text` is not an `http://` or `https://` URL with a host and a port from 1 to 65535, or nil when it is.
    public static func problem(_ text: String, option: String) -> String? {
        problem(text, shown: URLRedaction.redact(text), option: option)
    }

    /// The check of `problem(_:option:)`; messages quote `shown` (the URL with any password masked).
    private static func problem(_ text: String, shown: String, option: String) -> String? {
        guard let schemeEnd = text.range(of: "://") else {
            return "\(option) must start with http:// or https:// (got '\(shown)')"
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            return "\(option) must start with http:// or https:// (got '\(shown)')"
        }
        return authorityProblem(String(text[schemeEnd.upperBound...]), text: text, shown: shown, option: option)
    }

    /// Why `text` is not a proxy URL (`[scheme://]host[:port]`, scheme http, https, socks4, socks4a, socks5 or
    /// socks5h), or nil when it is.
    public static func proxyProblem(_ text: String) -> String? {
        var rest = Substring(text)
        if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            guard ["http", "https", "socks4", "socks4a", "socks5", "socks5h"].contains(scheme) else {
                return "--proxy has an unknown scheme '\(scheme)' (use http, https, socks4, socks4a, socks5 or socks5h)"
            }
            rest = text[schemeEnd.upperBound...]
        }
        return authorityProblem(String(rest), text: text, shown: URLRedaction.redact(text), option: "--proxy")
    }

    /// Checks `host[:port]` (after an optional `user@`) up to the first `/`, `?` or `#`; messages quote `shown`.
    private static func authorityProblem(_ afterScheme: String, text: String, shown: String, option: String) -> String? {
        if text.contains(where: { $0.isWhitespace || $0.isNewline }) {
            return "\(option) must not contain spaces (got '\(shown)')"
        }
        var authority = Substring(afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return "\(option) has an unclosed IPv6 address (got '\(shown)')" }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return "\(option) has text after the IPv6 address (got '\(shown)')" }
                port = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        if host.isEmpty { return "\(option) has no host (got '\(shown)')" }
        if host.contains(where: { "<>\"{}|\\^`[]%".contains($0) }) && !authority.hasPrefix("[") {
            return "\(option) has an invalid host '\(host)'"
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port),
                  number >= 1, number <= 65_535 else {
                return "\(option) has an invalid port '\(port)': it must be a number from 1 to 65535 (got '\(shown)')"
            }
        }
        return nil
    }
}
