/// What the log says about one endpoint: how often, an example request, and its identifiers' values.
struct TemplateStats: Sendable {
    let key: String
    let method: String
    let path: String
    let exampleTarget: String
    var requests = 0
    var errors = 0
    var kinds: [EndpointTemplate.IdentifierKind]
    var segments: [Int]
    var collections: [String]
    /// Per identifier: `POST <collection>`, the endpoint that would have created it.
    var creatorKeys: [String]
    /// Per identifier: the creator's template index (-1 while unseen), and the template count when last looked up.
    var creatorIndex: [Int32]
    var creatorCheckedAt: [Int]
    /// Per identifier: the smallest and largest numeric value seen.
    var numericRange: [ClosedRange<Int>?]
    /// Per identifier: a sample of the values seen (for a feeder).
    var values: [Reservoir<String>]
    /// Per identifier: requests that came after a POST to the identifier's collection in the same session.
    var createdInSession: [Int]

    init(template: EndpointTemplate, exampleTarget: String, seed: UInt64) {
        (key, path, self.exampleTarget) = (template.key, template.path, exampleTarget)
        method = String(template.key.prefix { $0 != " " })
        kinds = template.identifiers.map(\.kind)
        segments = template.identifiers.map(\.segment)
        collections = template.identifiers.map(template.collectionPath(of:))
        creatorKeys = collections.map { "POST " + $0 }
        creatorIndex = collections.map { _ in -1 }
        creatorCheckedAt = collections.map { _ in -1 }
        numericRange = template.identifiers.map { _ in nil }
        values = template.identifiers.indices.map { Reservoir(capacity: 200, seed: seed &+ UInt64($0)) }
        createdInSession = template.identifiers.map { _ in 0 }
    }

    mutating func record(_ template: EndpointTemplate, status: Int) {
        requests += 1
        if status >= 400 { errors += 1 }
        for (slot, identifier) in template.identifiers.enumerated() where slot < kinds.count {
            if identifier.kind == .numeric, identifier.value.count <= 15, let value = Int(identifier.value) {
                let range = numericRange[slot]
                numericRange[slot] = min(range?.lowerBound ?? value, value)...max(range?.upperBound ?? value, value)
            } else {
                values[slot].add(identifier.value)
            }
        }
    }

    /// Counts one request whose identifiers are the id segments of `path` (bytes of a line, in order), without
    /// making a string unless the value is kept in a sample.
    mutating func record(identifiersIn b: UnsafeBufferPointer<UInt8>, segments: [Range<Int>], status: Int) {
        requests += 1
        if status >= 400 { errors += 1 }
        for (slot, segment) in segments.enumerated() where slot < kinds.count {
            if kinds[slot] == .numeric, segment.count <= 15, let value = CombinedLineScanner.integer(b, segment) {
                let range = numericRange[slot]
                numericRange[slot] = min(range?.lowerBound ?? value, value)...max(range?.upperBound ?? value, value)
            } else if let kept = values[slot].offer() {
                values[slot].place(String(decoding: UnsafeBufferPointer(rebasing: b[segment]), as: UTF8.self), at: kept)
            }
        }
    }
}
