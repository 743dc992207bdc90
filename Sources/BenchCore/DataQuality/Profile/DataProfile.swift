/// What `crmbench profile` found in a target's collections: per field completeness, validity, uniqueness of
/// declared keys, referential integrity and freshness. Written as `profile.json`.
public struct DataProfile: Codable, Sendable, Equatable {
    /// Version of this document's layout.
    public var schemaVersion = 1
    /// The base URL profiled (password masked).
    public var target: String
    /// When the profile was taken (ISO 8601), the instant ages are measured from.
    public var profiledAt: String
    public var collections: [CollectionProfile]
    /// What kept a figure from being exact, e.g. a referenced collection cut short by `--max-records`.
    public var problems: [String] = []
    /// The `profile.*` thresholds judged on this profile.
    public var thresholds: [ThresholdRecord]?

    /// A profile.
    public init(target: String, profiledAt: String, collections: [CollectionProfile]) {
        (self.target, self.profiledAt, self.collections) = (target, profiledAt, collections)
    }

    /// The value of a `profile.*` metric; nil when the collection or field was not profiled or the figure has no
    /// data (validity of a field with no filled value, uniqueness of a field that is not a declared key …).
    public func value(_ metric: ProfileMetric) -> Double? {
        guard let collection = collections.first(where: { $0.name == metric.collection }) else { return nil }
        guard let name = metric.field else { return Double(collection.records) }
        guard let field = collection.fields.first(where: { $0.name == name }) else { return nil }
        switch metric.measure {
        case .records: return Double(collection.records)
        case .completeness: return collection.records > 0 ? field.completeness : nil
        case .validity: return field.validity.flatMap { $0.checked > 0 ? $0.validity : nil }
        case .uniqueness: return field.key.flatMap { $0.filled > 0 ? $0.uniqueness : nil }
        case .count(let finding): return field.count(finding).map(Double.init)
        case .rate(let finding): return field.rate(finding)
        case .age(let stat): return field.age.flatMap { $0.seconds(stat) }.map { $0 * 1_000_000 }
        }
    }
}

/// The profile of one collection.
public struct CollectionProfile: Codable, Sendable, Equatable {
    /// The name thresholds use (`profile.NAME.…`).
    public var name: String
    /// The path read (its first page).
    public var path: String
    /// Records read.
    public var records: Int
    /// Pages requested.
    public var pages: Int
    /// True when `--max-records` stopped the read before the collection's end.
    public var truncated: Bool
    /// Every top-level member seen, sorted by name.
    public var fields: [FieldProfile]

    /// A collection's profile.
    public init(name: String, path: String, records: Int, pages: Int, truncated: Bool, fields: [FieldProfile]) {
        (self.name, self.path, self.records, self.pages, self.truncated, self.fields) = (name, path, records, pages, truncated, fields)
    }
}

/// The profile of one top-level member of a collection's records.
public struct FieldProfile: Codable, Sendable, Equatable {
    public var name: String
    /// Records holding a value that is not null and not empty.
    public var filled: Int
    /// Records holding JSON null.
    public var null: Int
    /// Records holding an empty or all-whitespace string, or an empty array or object.
    public var empty: Int
    /// Records without the member.
    public var missing: Int
    /// `filled` over the collection's records.
    public var completeness: Double
    /// Checked against a rule (declared, or inferred from the name: email, phone, …At dates).
    public var validity: Validity?
    /// Figures of a declared key (`--key`).
    public var key: KeyFigures?
    /// Figures of a declared reference (`--ref`).
    public var reference: ReferenceFigures?
    /// Ages of a freshness field's dates.
    public var age: AgeFigures?

    /// Validity of the filled values.
    public struct Validity: Codable, Sendable, Equatable {
        /// `email`, `phone`, `date` or `pattern:REGEX`.
        public var rule: String
        /// False when inferred from the field's name.
        public var declared: Bool
        /// Filled values checked and those failing the rule.
        public var checked: Int
        public var invalid: Int
        /// `(checked − invalid) / checked`.
        public var validity: Double
        public var samples: [String]
    }

    /// Uniqueness of a declared key (values compared trimmed and case-insensitively).
    public struct KeyFigures: Codable, Sendable, Equatable {
        /// Filled values, distinct values among them, and distinct values held by more than one record.
        public var filled: Int
        public var distinct: Int
        public var duplicated: Int
        /// `distinct / filled`.
        public var uniqueness: Double
        public var samples: [String]
    }

    /// Referential integrity of a declared reference.
    public struct ReferenceFigures: Codable, Sendable, Equatable {
        /// `COLLECTION.FIELD` the values must be found in.
        public var target: String
        /// Filled values checked and those with no record in the target.
        public var checked: Int
        public var orphaned: Int
        /// False when the target collection was cut short by `--max-records` (orphans are then an upper bound).
        public var targetComplete: Bool
        public var samples: [String]
    }

    /// Ages (seconds before `profiledAt`) of the dates in a freshness field.
    public struct AgeFigures: Codable, Sendable, Equatable {
        /// Values read as dates, values that were not dates, and dates after `profiledAt`.
        public var dated: Int
        public var unparsable: Int
        public var future: Int
        public var minSeconds: Double
        public var p50Seconds: Double
        public var p95Seconds: Double
        public var maxSeconds: Double
        public var meanSeconds: Double

        /// The statistic a threshold names (p90/p99/p99.9 fall back to the nearest kept figure: p95 or max).
        public func seconds(_ stat: LatencyStatistic) -> Double? {
            guard dated > 0 else { return nil }
            switch stat {
            case .min: return minSeconds
            case .mean: return meanSeconds
            case .p50: return p50Seconds
            case .p90, .p95: return p95Seconds
            case .p99, .p999, .max: return maxSeconds
            }
        }
    }

    /// The count of a finding; nil when that finding does not apply to the field.
    public func count(_ finding: ProfileMetric.Finding) -> Int? {
        switch finding {
        case .missing: return missing
        case .null: return null
        case .empty: return empty
        case .invalid: return validity?.invalid
        case .duplicated: return key?.duplicated
        case .orphaned: return reference?.orphaned
        }
    }

    /// The rate of a finding over what it is counted among; nil when it does not apply or nothing was counted.
    public func rate(_ finding: ProfileMetric.Finding) -> Double? {
        let records = filled + null + empty + missing
        func of(_ count: Int?, _ total: Int?) -> Double? {
            guard let count, let total, total > 0 else { return nil }
            return Double(count) / Double(total)
        }
        switch finding {
        case .missing, .null, .empty: return of(count(finding), records)
        case .invalid: return of(validity?.invalid, validity?.checked)
        case .duplicated: return of(key?.duplicated, key?.distinct)
        case .orphaned: return of(reference?.orphaned, reference?.checked)
        }
    }
}
