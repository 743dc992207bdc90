/// What `crmbench profile` reads and checks, from its options: the collections, how their pages are found, and
/// the declared keys, references, validity rules and freshness fields. Pure; `parse` reports every problem at once.
public struct ProfileSpec: Sendable {
    /// A collection to read: its name in thresholds and reports, and the path of its first page.
    public struct Collection: Sendable, Equatable {
        public var name: String
        public var path: String
    }

    /// `COLLECTION.FIELD` as the options write it.
    public struct FieldName: Hashable, Sendable, CustomStringConvertible {
        public var collection: String
        public var field: String
        public var description: String { "\(collection).\(field)" }
    }

    /// How the next page is found.
    public enum Paging: Sendable, Equatable {
        /// One request per collection.
        case none
        /// `limit=N&offset=K` added to the path until a page comes back empty.
        case limitOffset
        /// The next page's URL, path or token at this path in each page; the end is a null, empty or absent value
        /// (absent from the first page is an error: the path is probably wrong).
        case cursor(JSONPath)
    }

    /// A validity rule.
    public enum Rule: Sendable, CustomStringConvertible {
        case email, phone, date
        case pattern(RegexPattern)

        public var description: String {
            switch self {
            case .email: return "email"
            case .phone: return "phone"
            case .date: return "date"
            case .pattern(let regex): return "pattern:" + regex.pattern
            }
        }
    }

    public var collections: [Collection] = []
    /// Fields whose filled values must be unique.
    public var keys: [FieldName] = []
    /// Every filled value of the first field must be a value of the second (`orders.customerId` → `customers.id`).
    public var references: [(from: FieldName, to: FieldName)] = []
    /// Declared rules; other fields get one inferred from their name (see ``ProfileRules/inferred(for:)``).
    public var rules: [FieldName: Rule] = [:]
    /// Declared freshness fields; a collection without one uses the first of updatedAt, updated_at, modifiedAt …
    public var freshness: [String: String] = [:]
    /// Where a page's list is; nil: the page itself when it is an array, else its `items`, `data`, `results` or
    /// `records` member, else its only array member.
    public var itemsPath: JSONPath?
    public var paging = Paging.none
    public var pageSize = 100
    /// The query parameter a cursor token is sent in (when the cursor is not a URL or path).
    public var cursorParameter = "cursor"
    /// Records read at most per collection.
    public var maxRecords = 100_000

    /// An empty spec.
    public init() {}

    /// Builds a spec from the command line's texts; throws ``ProfileSpecError`` listing every problem.
    public static func parse(paths: [String], keys: [String] = [], references: [String] = [], checks: [String] = [],
                             fresh: [String] = [], itemsPath: String? = nil, page: String = "none", pageSize: Int = 100,
                             cursorParameter: String = "cursor", maxRecords: Int = 100_000) throws -> ProfileSpec {
        var spec = ProfileSpec()
        var problems: [String] = []
        if paths.isEmpty { problems.append("give at least one collection PATH, e.g. /api/v1/customers") }
        for text in paths {
            let (name, path) = splitNamed(text)
            guard path.hasPrefix("/") else {
                problems.append("PATH '\(text)' must start with / (a path below --target), e.g. /api/v1/customers or customers=/api/v1/customers")
                continue
            }
            guard let name, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                problems.append("PATH '\(text)': cannot name the collection (use NAME=/path, NAME of letters, digits, _ or -)")
                continue
            }
            if spec.collections.contains(where: { $0.name == name }) {
                problems.append("PATH '\(text)': a collection named '\(name)' is already given; name one NAME=/path")
            }
            spec.collections.append(Collection(name: name, path: path))
        }
        let names = spec.collections.map(\.name)
        func field(_ text: String, _ option: String) -> FieldName? {
            guard let dot = text.firstIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex else {
                problems.append("\(option) '\(text)': expected COLLECTION.FIELD, e.g. customers.email"); return nil
            }
            let named = FieldName(collection: String(text[..<dot]), field: String(text[text.index(after: dot)...]))
            guard names.contains(named.collection) else {
                problems.append("\(option) '\(text)': no collection '\(named.collection)' among the paths (\(names.joined(separator: ", ")))")
                return nil
            }
            return named
        }
        spec.keys = keys.compactMap { field($0, "--key") }
        for text in references {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                problems.append("--ref '\(text)': expected FROM=TO, e.g. orders.customerId=customers.id"); continue
            }
            if let from = field(parts[0], "--ref"), let to = field(parts[1], "--ref") { spec.references.append((from, to)) }
        }
        for text in checks {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let named = field(parts[0], "--check") else {
                if !text.contains("=") { problems.append("--check '\(text)': expected COLLECTION.FIELD=RULE (email, phone, date or pattern:REGEX)") }
                continue
            }
            do { spec.rules[named] = try rule(parts[1]) } catch { problems.append("--check '\(text)': \(Self.message(error))") }
        }
        for text in fresh {
            guard let named = field(text, "--fresh") else { continue }
            spec.freshness[named.collection] = named.field
        }
        if let itemsPath {
            do { spec.itemsPath = try JSONPath.parse(itemsPath) } catch { problems.append("--items-path: \(Self.message(error))") }
        }
        switch page {
        case "none": spec.paging = .none
        case "limit-offset": spec.paging = .limitOffset
        default:
            if page.hasPrefix("cursor:") {
                do { spec.paging = .cursor(try JSONPath.parse(String(page.dropFirst(7)))) } catch { problems.append("--page: \(Self.message(error))") }
            } else {
                problems.append("--page must be none, limit-offset or cursor:JSONPATH (e.g. cursor:$.next), got '\(page)'")
            }
        }
        if !(1...10_000).contains(pageSize) { problems.append("--page-size must be between 1 and 10000, got \(pageSize)") }
        if !(1...10_000_000).contains(maxRecords) { problems.append("--max-records must be between 1 and 10000000, got \(maxRecords)") }
        if cursorParameter.isEmpty || !cursorParameter.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) {
            problems.append("--cursor-param must be a query parameter name (letters, digits, _ - .), got '\(cursorParameter)'")
        }
        (spec.pageSize, spec.maxRecords, spec.cursorParameter) = (pageSize, maxRecords, cursorParameter)
        if !problems.isEmpty { throw ProfileSpecError(problems: problems) }
        return spec
    }

    /// `NAME=/path` or `/path` (named after its last segment, query left out).
    static func splitNamed(_ text: String) -> (String?, String) {
        if let equals = text.firstIndex(of: "="), let slash = text.firstIndex(of: "/"), equals < slash {
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
        let path = text.split(separator: "?", maxSplits: 1).first.map(String.init) ?? text
        return (path.split(separator: "/").last.map(String.init), text)
    }

    static func message(_ error: Error) -> String { (error as? TextParseError)?.message ?? "\(error)" }

    /// Parses `email`, `phone`, `date` or `pattern:REGEX`.
    public static func rule(_ text: String) throws -> Rule {
        switch text {
        case "email": return .email
        case "phone": return .phone
        case "date": return .date
        default:
            guard text.hasPrefix("pattern:") else {
                throw TextParseError(message: "unknown rule '\(text)' (use email, phone, date or pattern:REGEX)", offset: 0)
            }
            return .pattern(try RegexPattern(String(text.dropFirst(8))))
        }
    }
}

/// Every problem with a profile's options.
public struct ProfileSpecError: Error, CustomStringConvertible, Sendable {
    public var problems: [String]
    public var description: String { problems.joined(separator: "; ") }
}
