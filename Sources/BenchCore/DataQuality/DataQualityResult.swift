/// What the data-quality audit found after the load (`result.json` → `dataQuality`): every acknowledged write read
/// back, duplicates looked up by natural key, parents checked, unacknowledged writes looked for.
public struct DataQualityResult: Codable, Sendable, Equatable {
    /// One kind of finding: how many, out of how many checked, and a few examples.
    public struct Finding: Codable, Sendable, Equatable {
        public var count: Int
        /// `count` over the records this kind was checked on (0 when none were).
        public var rate: Double
        /// Up to ``DataQualityResult/maxSamples`` examples, e.g. `customers 12: name "A" read back as "B"`.
        public var samples: [String]

        /// A finding.
        public init(count: Int = 0, rate: Double = 0, samples: [String] = []) {
            (self.count, self.rate, self.samples) = (count, rate, samples)
        }
    }

    /// Examples kept per finding.
    public static let maxSamples = 5

    /// Writes acknowledged with an id (the latest write of each record is checked).
    public var acknowledged = 0
    /// Distinct records read back.
    public var checked = 0
    /// Writes that failed or timed out (may have committed anyway).
    public var unacknowledged = 0
    /// 2xx answers whose declared id path found nothing (those records cannot be read back).
    public var idMissing = 0
    /// Read-backs that failed for another reason (transport error, unexpected status).
    public var unreadable = 0
    /// Acknowledged, then 404 on read-back.
    public var lost = Finding()
    /// A field differs from what the run last wrote.
    public var mutated = Finding()
    /// A natural key stored more than once (rate over the records with a key and a search path).
    public var duplicated = Finding()
    /// A child whose parent is gone.
    public var orphaned = Finding()
    /// An unacknowledged write found stored anyway (rate over the unacknowledged writes with a key and search).
    public var unacknowledgedPresent = Finding()
    /// How long the audit took and its read rate (requests per second).
    public var auditSeconds = 0.0
    public var readsPerSecond = 0.0
    /// What kept the audit from checking everything, e.g. an id path that never matched.
    public var problems: [String] = []

    /// An empty result.
    public init() {}

    /// True when nothing was lost, mutated, duplicated, orphaned or found stored without acknowledgement.
    public var isClean: Bool {
        lost.count + mutated.count + duplicated.count + orphaned.count + unacknowledgedPresent.count == 0
    }

    /// The finding a `data.KIND.*` threshold names.
    public func finding(_ kind: DataFindingKind) -> Finding {
        switch kind {
        case .lost: return lost
        case .mutated: return mutated
        case .duplicated: return duplicated
        case .orphaned: return orphaned
        case .unacknowledgedPresent: return unacknowledgedPresent
        }
    }

    /// One line for the terminal summary.
    public var summaryLine: String {
        func part(_ name: String, _ finding: Finding) -> String { "\(finding.count) \(name)" }
        return "data: \(checked) records read back of \(acknowledged) acknowledged writes: "
            + [part("lost", lost), part("mutated", mutated), part("duplicated", duplicated), part("orphaned", orphaned),
               part("unacknowledged but stored", unacknowledgedPresent)].joined(separator: ", ")
            + (unacknowledged > 0 ? " (\(unacknowledged) unacknowledged)" : "")
    }
}

/// The findings a `data.KIND.count` / `data.KIND.rate` threshold can name.
public enum DataFindingKind: String, Sendable, CaseIterable, Hashable {
    case lost, mutated, duplicated, orphaned, unacknowledgedPresent
}
