import Foundation

/// The running counts of one collection's records (pure; memory grows with the distinct key and reference values
/// kept, which `--max-records` bounds).
struct CollectionAccumulator {
    /// Members tracked at most per collection; later new names are ignored (and said so).
    static let maxFields = 256
    /// Freshness fields tried, in order, when none is declared.
    static let freshnessNames = ["updatedAt", "updated_at", "modifiedAt", "modified_at", "lastModified", "last_modified"]

    struct Counts {
        var filled = 0, null = 0, empty = 0
        var rule: ProfileSpec.Rule?, declared = false
        var checked = 0, invalid = 0
        var invalidSamples: [String] = []
    }

    let name: String
    let rules: [String: ProfileSpec.Rule]
    let keyFields: Set<String>
    /// Fields referring to another collection, and fields referred to (whose values are kept).
    let referenceFields: Set<String>
    let targetFields: Set<String>
    let freshnessCandidates: [String]

    var records = 0
    var order: [String] = []
    var counts: [String: Counts] = [:]
    var ignoredFields = 0
    /// Normalised key value → records holding it.
    var keyValues: [String: [String: Int]] = [:]
    /// Reference value → records holding it.
    var referenceValues: [String: [String: Int]] = [:]
    var targetValues: [String: Set<String>] = [:]
    /// Seconds since 1970 of each dated value, and values that were not dates.
    var dates: [String: [Double]] = [:]
    var undated: [String: Int] = [:]

    init(name: String, spec: ProfileSpec) {
        self.name = name
        var rules: [String: ProfileSpec.Rule] = [:]
        for (field, rule) in spec.rules where field.collection == name { rules[field.field] = rule }
        self.rules = rules
        keyFields = Set(spec.keys.filter { $0.collection == name }.map(\.field))
        referenceFields = Set(spec.references.filter { $0.from.collection == name }.map(\.from.field))
        targetFields = Set(spec.references.filter { $0.to.collection == name }.map(\.to.field))
        freshnessCandidates = spec.freshness[name].map { [$0] } ?? Self.freshnessNames
    }

    /// Counts one record (a non-object counts as a record with every member missing).
    mutating func add(_ item: Any) {
        records += 1
        guard let object = item as? [String: Any] else { return }
        for (field, value) in object {
            if counts[field] == nil {
                guard order.count < Self.maxFields else { ignoredFields += 1; continue }
                order.append(field)
                var fresh = Counts()
                if let rule = rules[field] { (fresh.rule, fresh.declared) = (rule, true) } else { fresh.rule = ProfileRules.inferred(for: field) }
                counts[field] = fresh
            }
            let text: String?
            switch value {
            case is NSNull: counts[field]?.null += 1; text = nil
            case let string as String where string.allSatisfy(\.isWhitespace): counts[field]?.empty += 1; text = nil
            case let array as [Any] where array.isEmpty: counts[field]?.empty += 1; text = nil
            case let members as [String: Any] where members.isEmpty: counts[field]?.empty += 1; text = nil
            default: counts[field]?.filled += 1; text = JSONPath.text(of: value)
            }
            guard let text else { continue }
            if let rule = counts[field]?.rule {
                counts[field]?.checked += 1
                if !ProfileRules.isValid(text, rule) {
                    counts[field]?.invalid += 1
                    if counts[field]!.invalidSamples.count < DataQualityResult.maxSamples {
                        counts[field]?.invalidSamples.append(Self.sample(object, field, text))
                    }
                }
            }
            if keyFields.contains(field) {
                keyValues[field, default: [:]][text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), default: 0] += 1
            }
            if referenceFields.contains(field) { referenceValues[field, default: [:]][text, default: 0] += 1 }
            if targetFields.contains(field) { targetValues[field, default: []].insert(text) }
            if freshnessCandidates.contains(field) {
                if let seconds = ProfileRules.epochSeconds(text) { dates[field, default: []].append(seconds) } else { undated[field, default: 0] += 1 }
            }
        }
    }

    /// `id 12: "value"` (the record's id when it has one), for samples.
    static func sample(_ object: [String: Any], _ field: String, _ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return (object["id"].map { "id \(JSONPath.text(of: $0)): " } ?? "") + "\(field) \"\(shown)\""
    }

    /// The freshness field used: the declared one, else the first candidate seen.
    var freshnessField: String? { freshnessCandidates.first { counts[$0] != nil } }
}
