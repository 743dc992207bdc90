/// Builds a ``DataProfile`` from the records of each collection, added page by page (pure: no I/O, no clock; the
/// instant ages are measured from is given).
public struct DataProfiler {
    public let spec: ProfileSpec
    private var accumulators: [String: CollectionAccumulator] = [:]

    /// A profiler of the collections `spec` names.
    public init(spec: ProfileSpec) {
        self.spec = spec
        for collection in spec.collections { accumulators[collection.name] = CollectionAccumulator(name: collection.name, spec: spec) }
    }

    /// Counts a page of `collection`'s records.
    public mutating func add(_ items: [Any], to collection: String) {
        for item in items { accumulators[collection]?.add(item) }
    }

    /// Records counted so far in `collection`.
    public func records(in collection: String) -> Int { accumulators[collection]?.records ?? 0 }

    /// The profile. `pages` and `truncated` say how each collection was read; ages are seconds before
    /// `nowSeconds` (since 1970). Throws ``ProfileSpecError`` when a declared field (key, reference, rule,
    /// freshness) is held by no record of a collection that has records: a misspelt name must not pass as clean.
    public func profile(target: String, profiledAt: String, nowSeconds: Double, pages: [String: Int],
                        truncated: Set<String>) throws -> DataProfile {
        var problems: [String] = []
        var unknown: [String] = []
        func check(_ field: ProfileSpec.FieldName, _ option: String) {
            guard let accumulator = accumulators[field.collection], accumulator.records > 0,
                  accumulator.counts[field.field] == nil else { return }
            let seen = accumulator.order.prefix(12).joined(separator: ", ")
            unknown.append("\(option) \(field): no record of \(field.collection) (\(accumulator.records) read) has a field '\(field.field)'"
                + EditDistance.hint(for: field.field, among: accumulator.order) + " (fields: \(seen))")
        }
        spec.keys.forEach { check($0, "--key") }
        for reference in spec.references { check(reference.from, "--ref"); check(reference.to, "--ref") }
        spec.rules.keys.sorted { $0.description < $1.description }.forEach { check($0, "--check") }
        for (collection, field) in spec.freshness.sorted(by: { $0.key < $1.key }) {
            check(ProfileSpec.FieldName(collection: collection, field: field), "--fresh")
        }
        if !unknown.isEmpty { throw ProfileSpecError(problems: unknown) }

        var collections: [CollectionProfile] = []
        for collection in spec.collections {
            guard let accumulator = accumulators[collection.name] else { continue }
            if accumulator.ignoredFields > 0 {
                problems.append("\(collection.name): more than \(CollectionAccumulator.maxFields) fields; the rest are not profiled")
            }
            var fields: [FieldProfile] = []
            for name in accumulator.order.sorted() {
                guard let counts = accumulator.counts[name] else { continue }
                fields.append(field(name, counts, accumulator, nowSeconds: nowSeconds, truncated: truncated, problems: &problems))
            }
            collections.append(CollectionProfile(name: collection.name, path: collection.path, records: accumulator.records,
                                                 pages: pages[collection.name] ?? 0, truncated: truncated.contains(collection.name),
                                                 fields: fields))
        }
        var profile = DataProfile(target: target, profiledAt: profiledAt, collections: collections)
        profile.problems = problems
        return profile
    }

    private func field(_ name: String, _ counts: CollectionAccumulator.Counts, _ accumulator: CollectionAccumulator,
                       nowSeconds: Double, truncated: Set<String>, problems: inout [String]) -> FieldProfile {
        let records = accumulator.records
        let missing = records - counts.filled - counts.null - counts.empty
        var profile = FieldProfile(name: name, filled: counts.filled, null: counts.null, empty: counts.empty, missing: missing,
                                   completeness: records > 0 ? Double(counts.filled) / Double(records) : 0)
        if let rule = counts.rule {
            profile.validity = FieldProfile.Validity(
                rule: rule.description, declared: counts.declared, checked: counts.checked, invalid: counts.invalid,
                validity: counts.checked > 0 ? Double(counts.checked - counts.invalid) / Double(counts.checked) : 1,
                samples: counts.invalidSamples)
        }
        if accumulator.keyFields.contains(name) {
            let values = accumulator.keyValues[name] ?? [:]
            let repeated = values.filter { $0.value > 1 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            profile.key = FieldProfile.KeyFigures(
                filled: counts.filled, distinct: values.count, duplicated: repeated.count,
                uniqueness: counts.filled > 0 ? Double(values.count) / Double(counts.filled) : 1,
                samples: repeated.prefix(DataQualityResult.maxSamples).map { "\"\($0.key)\": \($0.value) records" })
        }
        if let reference = spec.references.first(where: { $0.from.collection == accumulator.name && $0.from.field == name }) {
            let known = accumulators[reference.to.collection]?.targetValues[reference.to.field] ?? []
            var orphaned = 0
            var samples: [String] = []
            for (value, holders) in (accumulator.referenceValues[name] ?? [:]).sorted(by: { $0.key < $1.key }) where !known.contains(value) {
                orphaned += holders
                if samples.count < DataQualityResult.maxSamples { samples.append("\(name) \(value): no \(reference.to)") }
            }
            let complete = !truncated.contains(reference.to.collection)
            if !complete && orphaned > 0 {
                problems.append("\(accumulator.name).\(name): \(reference.to.collection) was cut short by --max-records, so some of the \(orphaned) orphans may exist")
            }
            profile.reference = FieldProfile.ReferenceFigures(target: reference.to.description, checked: counts.filled,
                                                              orphaned: orphaned, targetComplete: complete, samples: samples)
        }
        if accumulator.freshnessField == name {
            let ages = (accumulator.dates[name] ?? []).map { nowSeconds - $0 }.sorted()
            func at(_ fraction: Double) -> Double {
                ages.isEmpty ? 0 : ages[min(ages.count - 1, Int((fraction * Double(ages.count)).rounded(.up)) - 1)]
            }
            profile.age = FieldProfile.AgeFigures(
                dated: ages.count, unparsable: accumulator.undated[name] ?? 0, future: ages.filter { $0 < 0 }.count,
                minSeconds: ages.first ?? 0, p50Seconds: at(0.5), p95Seconds: at(0.95), maxSeconds: ages.last ?? 0,
                meanSeconds: ages.isEmpty ? 0 : ages.reduce(0, +) / Double(ages.count))
        }
        return profile
    }
}
