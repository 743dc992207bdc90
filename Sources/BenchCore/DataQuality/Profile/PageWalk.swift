import Foundation

/// The URLs of one collection's pages, as its paging option declares them (pure: each page's body decides the
/// next URL). Stops at an empty page (limit/offset), at a null or absent cursor, or when a page repeats the last.
public struct PageWalk: Sendable {
    public let spec: ProfileSpec
    /// The target without a trailing slash, and its `scheme://host:port`.
    let base: String
    let origin: String
    let path: String
    /// The next page to read; nil when the collection is read.
    public private(set) var nextURL: String?
    /// Why the walk stopped early, when it did (a server ignoring offset, a cursor that repeats).
    public private(set) var note: String?
    var offset = 0
    var pages = 0
    var seenCursors: Set<String> = []
    var lastFirstItem: String?

    /// The walk of `path` below `base`.
    public init(spec: ProfileSpec, base: String, path: String) {
        (self.spec, self.base, self.path) = (spec, base, path)
        let schemeEnd = base.range(of: "://")?.upperBound ?? base.startIndex
        origin = String(base[..<(base[schemeEnd...].firstIndex(of: "/") ?? base.endIndex)])
        nextURL = spec.paging == .limitOffset ? Self.adding("limit=\(spec.pageSize)&offset=0", to: base + path) : base + path
    }

    /// Moves past a page whose body is `root` and records `items`; throws when a cursor path matches nothing in
    /// the first page (a wrong path would otherwise pass as a one-page collection).
    public mutating func advance(root: Any, items: [Any]) throws(PageError) {
        pages += 1
        note = nil
        let first = items.first.map { JSONPath.text(of: $0) }
        defer { lastFirstItem = first }
        switch spec.paging {
        case .none:
            nextURL = nil
        case .limitOffset:
            guard !items.isEmpty else { nextURL = nil; return }
            if pages > 1, first == lastFirstItem {
                note = "page \(pages) starts with the same record as page \(pages - 1): the server seems to ignore limit/offset; stopped"
                nextURL = nil
                return
            }
            offset += items.count
            nextURL = Self.adding("limit=\(spec.pageSize)&offset=\(offset)", to: base + path)
        case .cursor(let cursorPath):
            switch ProfilePage.cursor(root, path: cursorPath) {
            case .absent where pages == 1:
                throw PageError("--page cursor:\(cursorPath) matches nothing in the first page (the answer is "
                    + ProfilePage.describe(root) + "); give the path of the next page's link or token, or --page none")
            case .absent, .end:
                nextURL = nil
            case .next(let cursor):
                guard seenCursors.insert(cursor).inserted else {
                    note = "the cursor \(cursor.prefix(40)) came back twice; stopped"
                    nextURL = nil
                    return
                }
                nextURL = try url(ofCursor: cursor)
            }
        }
    }

    /// A cursor that is a URL (same origin as the target), an absolute path, or a token sent as
    /// `--cursor-param`.
    func url(ofCursor cursor: String) throws(PageError) -> String {
        if cursor.hasPrefix("http://") || cursor.hasPrefix("https://") {
            guard cursor == origin || cursor.hasPrefix(origin + "/") || cursor.hasPrefix(origin + "?") else {
                throw PageError("the next-page link \(URLRedaction.redact(cursor)) leaves the target \(URLRedaction.redact(origin)); it is not followed")
            }
            return cursor
        }
        if cursor.hasPrefix("/") { return origin + cursor }
        let encoded = cursor.addingPercentEncoding(withAllowedCharacters: Self.queryValueAllowed) ?? cursor
        return Self.adding("\(spec.cursorParameter)=\(encoded)", to: base + path)
    }

    static func adding(_ query: String, to url: String) -> String {
        url + (url.contains("?") ? "&" : "?") + query
    }

    private static let queryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "+&=?#")
        return set
    }()
}
