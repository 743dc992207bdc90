/// What a `profile.*` threshold names: one figure of one collection's profile, e.g.
/// `profile.customers.email.completeness`, `profile.orders.customerId.orphaned.count`, `profile.customers.records`.
///
/// Names follow the `data.*` thresholds: a finding has `.count` and `.rate`; the three summary fractions
/// (completeness, validity, uniqueness) and freshness ages (`age.p50`, `age.max`, a duration) stand alone.
public struct ProfileMetric: Hashable, Sendable, CustomStringConvertible {
    /// A per-field finding with a count and a rate.
    public enum Finding: String, Hashable, Sendable, CaseIterable {
        /// The member is absent from the record.
        case missing
        /// The member is JSON null.
        case null
        /// The member is an empty (or all-whitespace) string, array or object.
        case empty
        /// A filled value that fails the field's validity rule.
        case invalid
        /// Key values held by more than one record (rate over the distinct values).
        case duplicated
        /// A reference whose target record is not in the referenced collection.
        case orphaned
    }

    /// The figure.
    public enum Measure: Hashable, Sendable {
        /// Records read from the collection (no field).
        case records
        /// Filled values over records (not missing, null or empty).
        case completeness
        /// Valid values over filled values.
        case validity
        /// Distinct values over filled values of a declared key.
        case uniqueness
        /// A finding's count.
        case count(Finding)
        /// A finding's rate.
        case rate(Finding)
        /// A statistic of the age of a freshness field's dates (a duration).
        case age(LatencyStatistic)
    }

    /// The collection's name (its path's last segment unless named).
    public let collection: String
    /// The field; nil for `records`.
    public let field: String?
    public let measure: Measure

    /// A metric.
    public init(collection: String, field: String?, measure: Measure) {
        (self.collection, self.field, self.measure) = (collection, field, measure)
    }

    /// The unit a threshold's limit is given in.
    public var unit: ThresholdMetric.Unit {
        switch measure {
        case .records, .count: return .plain
        case .completeness, .validity, .uniqueness, .rate: return .fraction
        case .age: return .micros
        }
    }

    public var description: String {
        let head = "profile.\(collection)." + (field.map { $0 + "." } ?? "")
        switch measure {
        case .records: return head + "records"
        case .completeness: return head + "completeness"
        case .validity: return head + "validity"
        case .uniqueness: return head + "uniqueness"
        case .count(let finding): return head + finding.rawValue + ".count"
        case .rate(let finding): return head + finding.rawValue + ".rate"
        case .age(let stat): return head + "age." + stat.rawValue
        }
    }

    /// Parses `profile.COLLECTION.records` or `profile.COLLECTION.FIELD.MEASURE`; the field may hold dots, the
    /// collection may not. Nil when `text` is not such a name.
    public static func parse(_ text: String) -> ProfileMetric? {
        guard text.hasPrefix("profile.") else { return nil }
        let rest = text.dropFirst("profile.".count)
        guard let dot = rest.firstIndex(of: ".") else { return nil }
        let collection = String(rest[..<dot])
        let tail = String(rest[rest.index(after: dot)...])
        guard !collection.isEmpty else { return nil }
        if tail == "records" { return ProfileMetric(collection: collection, field: nil, measure: .records) }
        var suffixes: [(String, Measure)] = [(".completeness", .completeness), (".validity", .validity),
                                             (".uniqueness", .uniqueness)]
        for finding in Finding.allCases {
            suffixes += [(".\(finding.rawValue).count", .count(finding)), (".\(finding.rawValue).rate", .rate(finding))]
        }
        for stat in LatencyStatistic.allCases { suffixes.append((".age.\(stat.rawValue)", .age(stat))) }
        for (suffix, measure) in suffixes where tail.hasSuffix(suffix) && tail.count > suffix.count {
            return ProfileMetric(collection: collection, field: String(tail.dropLast(suffix.count)), measure: measure)
        }
        return nil
    }
}
