/// A request collapsed into an endpoint: `GET /api/v1/customers/42?x=1` → `GET /api/v1/customers/{id}`.
///
/// Path segments that are identifiers become placeholders: all digits `{id}`, a UUID `{uuid}`, a hex string of 8
/// or more characters with a digit in it `{hex}`, an e-mail address `{email}`. The query is left out of the key
/// (it usually carries search terms and pages, not a different endpoint).
public struct EndpointTemplate: Sendable, Equatable {
    /// The kind of identifier a placeholder stands for.
    public enum IdentifierKind: String, Sendable, Codable {
        case numeric = "id", uuid, hex, email
    }

    /// One identifier found in the path.
    public struct Identifier: Sendable, Equatable {
        /// Index of the path segment (0 = first after the leading `/`).
        public var segment: Int
        public var kind: IdentifierKind
        /// The value as it appeared.
        public var value: String
    }

    /// `METHOD /path/{id}`.
    public var key: String
    /// The path part of `key`.
    public var path: String
    /// The identifiers in path order.
    public var identifiers: [Identifier]

    /// Collapses a method and a request target (an absolute URL is reduced to its path).
    public init(method: String, target: String) {
        var path = Substring(target)
        if path.hasPrefix("http://") || path.hasPrefix("https://") {
            let afterScheme = path[path.index(path.firstIndex(of: ":")!, offsetBy: 3)...]
            path = afterScheme.firstIndex(of: "/").map { afterScheme[$0...] } ?? "/"
        }
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        var identifiers: [Identifier] = []
        var segments: [Substring] = []
        for (index, segment) in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().enumerated() {
            if let kind = Self.classify(segment) {
                identifiers.append(Identifier(segment: index, kind: kind, value: String(segment)))
                segments.append("{\(kind.rawValue)}")
            } else {
                segments.append(segment)
            }
        }
        self.path = "/" + segments.joined(separator: "/")
        self.key = method + " " + self.path
        self.identifiers = identifiers
    }

    /// The path up to (not including) the placeholder of `identifier`: the collection it belongs to.
    public func collectionPath(of identifier: Identifier) -> String {
        "/" + path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().prefix(identifier.segment)
            .joined(separator: "/")
    }

    /// Whether the target is a static asset (a browser's CSS, scripts, images, fonts), which a workload leaves out.
    public static func isStaticAsset(_ target: String) -> Bool {
        var path = Substring(target)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return staticExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    private static let staticExtensions: Set<String> = [
        "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "woff", "woff2", "ttf", "eot",
    ]

    static func classify(_ segment: Substring) -> IdentifierKind? {
        guard !segment.isEmpty else { return nil }
        let utf8 = segment.utf8
        if utf8.allSatisfy({ (48...57).contains($0) }) { return .numeric }
        if utf8.count == 36, isUUID(utf8) { return .uuid }
        if utf8.count >= 8, utf8.allSatisfy(isHex), utf8.contains(where: { (48...57).contains($0) }) { return .hex }
        if segment.contains("@") || segment.contains("%40") {
            let domain = segment.split(separator: "@").last ?? segment.split(separator: "%40").last ?? ""
            if domain.contains("."), segment.first != "@" { return .email }
        }
        return nil
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte)
    }

    private static func isUUID(_ utf8: Substring.UTF8View) -> Bool {
        for (offset, byte) in utf8.enumerated() {
            if [8, 13, 18, 23].contains(offset) { if byte != 0x2D { return false } } else if !isHex(byte) { return false }
        }
        return true
    }
}
