/// Fault knobs on creates (`--lose-writes`, `--duplicate-writes`, `--corrupt-writes`): what a data-quality audit
/// must catch. At most one fault per create, drawn from a seeded sequence, so a server started with the same seed
/// faults the same creates in order of arrival.
public struct WriteFaults: Sendable, Equatable {
    /// Fraction of creates answered 201 but not kept.
    public var lose = 0.0
    /// Fraction of creates stored twice (the copy's unique columns made distinct, as a CRM without normalisation would).
    public var duplicate = 0.0
    /// Fraction of creates stored with one field altered (the answer shows the field as sent).
    public var corrupt = 0.0
    /// Seed of the draw sequence.
    public var seed: UInt64 = 1

    /// No faults.
    public init() {}

    /// Whether any create can be faulted.
    public var isActive: Bool { lose > 0 || duplicate > 0 || corrupt > 0 }

    /// Range problems, named by flag.
    var problems: [String] {
        var problems: [String] = []
        for (flag, value) in [("--lose-writes", lose), ("--duplicate-writes", duplicate), ("--corrupt-writes", corrupt)]
        where !(value >= 0 && value <= 1) {
            problems.append("\(flag) must be between 0 and 1, got \(value)")
        }
        if problems.isEmpty, lose + duplicate + corrupt > 1 {
            problems.append("--lose-writes, --duplicate-writes and --corrupt-writes must add up to at most 1")
        }
        return problems
    }

    /// The fault of the `number`th create (0-based), or nil: a SplitMix64 draw of `seed + number` in [0, 1)
    /// compared with the cumulative fractions.
    public func fault(ofCreate number: UInt64) -> WriteFault? {
        var z = (seed &+ number &* 0x9E37_79B9_7F4A_7C15) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let u = Double(z >> 11) / Double(1 << 53)
        if u < lose { return .lost }
        if u < lose + duplicate { return .duplicated }
        if u < lose + duplicate + corrupt { return .corrupted }
        return nil
    }
}

/// One injected write fault; the raw value is the `/metrics` label.
public enum WriteFault: String, Sendable, CaseIterable {
    case lost, duplicated, corrupted
}

/// Hands out create numbers for ``WriteFaults/fault(ofCreate:)``, shared by every request.
final class WriteFaultDraws: Sendable {
    let faults: WriteFaults
    private let counter = LockedBox<UInt64>(0)

    init(_ faults: WriteFaults) { self.faults = faults }

    /// The fault of the next create, or nil.
    func next() -> WriteFault? {
        let number = counter.withLock { value -> UInt64 in defer { value &+= 1 }; return value }
        return faults.fault(ofCreate: number)
    }
}
