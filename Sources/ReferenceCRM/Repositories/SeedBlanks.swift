import Foundation

/// `--blank-fields name=0.1,phone=0.25`: seeded customers whose fields are left blank, so a data profile has a
/// known truth to find. Each field is blanked on exactly `round(fraction × customers)` customers, chosen by
/// selection sampling (Knuth, TAOCP vol. 2, 3.4.2, Algorithm S) from a SplitMix64 stream of `seed` and the
/// field, so the same flags blank the same customers.
public struct SeedBlanks: Sendable, Equatable {
    /// Fields that can be blanked and how: `name` (required) becomes an empty string, the optional ones null.
    /// `email` cannot: it is required and unique.
    public static let fields = ["name", "phone", "company", "segment"]

    /// Field → fraction of seeded customers blanked.
    public var fractions: [String: Double] = [:]
    /// Seed of the choice.
    public var seed: UInt64 = 1

    /// No blanks.
    public init() {}

    /// Parses `FIELD=FRACTION,…`.
    public static func parse(_ text: String) throws -> [String: Double] {
        var fractions: [String: Double] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let fraction = Double(pair[1]) else {
                throw ConfigurationError(problems: ["expected FIELD=FRACTION[,FIELD=FRACTION…], e.g. phone=0.25, got '\(part)'"])
            }
            fractions[pair[0]] = fraction
        }
        return fractions
    }

    /// Problems, named by flag.
    func problems(customers: Int) -> [String] {
        var problems: [String] = []
        for (field, fraction) in fractions.sorted(by: { $0.key < $1.key }) {
            if field == "email" {
                problems.append("--blank-fields: email cannot be blanked (it is required and unique); use \(Self.fields.joined(separator: ", "))")
            } else if !Self.fields.contains(field) {
                problems.append("--blank-fields: unknown field '\(field)'; use \(Self.fields.joined(separator: ", "))")
            }
            if !(fraction >= 0 && fraction <= 1) { problems.append("--blank-fields: \(field) must be between 0 and 1, got \(fraction)") }
        }
        if !fractions.isEmpty && customers == 0 { problems.append("--blank-fields needs --seed-customers") }
        return problems
    }

    /// How many of `customers` get `field` blanked.
    public func count(_ field: String, customers: Int) -> Int {
        Int(((fractions[field] ?? 0) * Double(customers)).rounded())
    }

    /// The running choice for one field over customers 0, 1, 2 …
    struct Draw {
        var remaining: Int
        var left: Int
        var state: UInt64

        init(field: String, customers: Int, blanks: SeedBlanks) {
            remaining = blanks.count(field, customers: customers)
            left = customers
            state = blanks.seed &+ UInt64(SeedBlanks.fields.firstIndex(of: field) ?? 0) &* 0xD1B5_4A32_D192_ED03
        }

        /// Whether the next customer is blanked: with probability remaining / left, so exactly the count is.
        mutating func next() -> Bool {
            guard left > 0 else { return false }
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let chosen = Double(z >> 11) / Double(1 << 53) * Double(left) < Double(remaining)
            left -= 1
            if chosen { remaining -= 1 }
            return chosen
        }
    }
}
