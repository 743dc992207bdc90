import Foundation

/// The deterministic data `--seed-customers N` creates, as pure functions of the customer index.
///
/// Customer `i` (0-based) gets id `i + 1` in an empty database, two interactions, `i % 3 + 1` orders whose statuses
/// cycle placed, paid, shipped, delivered over the global order index, a ticket when `i % 4 == 0` (resolved when
/// `i % 8 == 0`) and feedback when `i` is even.
public enum SeedPlan {
    /// Time of the first seeded customer: 2024-01-01T00:00:00Z.
    public static let epoch = Date(timeIntervalSince1970: 1_704_067_200)

    static let firstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Leslie"]
    static let lastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Lamport"]
    static let segments = ["smb", "mid-market", "enterprise"]

    /// Name of customer `i`.
    public static func name(_ i: Int) -> String {
        "\(firstNames[i % firstNames.count]) \(lastNames[(i / firstNames.count) % lastNames.count])"
    }

    /// Unique email of customer `i`.
    public static func email(_ i: Int) -> String { "customer\(i + 1)@example.com" }

    /// Creation time of customer `i`: one minute after the previous one.
    public static func createdAt(_ i: Int) -> Date { epoch.addingTimeInterval(Double(i) * 60) }

    /// Number of orders of customer `i`.
    public static func orderCount(_ i: Int) -> Int { i % 3 + 1 }

    /// Index of customer `i`'s first order among all seeded orders.
    public static func firstOrderIndex(_ i: Int) -> Int {
        // Order counts cycle 1, 2, 3, so every full cycle of three customers holds six orders.
        let cycles = i / 3
        let rest = i % 3
        return cycles * 6 + rest * (rest + 1) / 2
    }

    /// Status of the order with global index `o`.
    public static func orderStatus(_ o: Int) -> Order.Status { Order.Status.allCases[o % 4] }

    /// Amount of the order with global index `o`.
    public static func orderAmount(_ o: Int) -> Double { 10 + Double(o % 50) * 2.5 }

    /// Placed-to-delivered time of a delivered order with global index `o`: 10 min to pay, 1 day to ship,
    /// 1 to 3 days to deliver.
    public static func orderProcessingSeconds(_ o: Int) -> Double { 600 + 86_400 + Double(1 + o % 3) * 86_400 }

    /// Whether customer `i` has a ticket, and whether it is resolved.
    public static func ticket(_ i: Int) -> (exists: Bool, resolved: Bool) { (i % 4 == 0, i % 8 == 0) }

    /// Opened-to-resolved time of customer `i`'s resolved ticket: 1 to 5 hours.
    public static func ticketResolutionSeconds(_ i: Int) -> Double { Double(1 + i % 5) * 3_600 }

    /// Duration of interaction `j` (0 or 1) of customer `i`: 1 to 10 minutes.
    public static func interactionSeconds(_ i: Int, _ j: Int) -> Double { Double(1 + (i + j) % 10) * 60 }

    /// Feedback rating of customer `i`, when `i` is even.
    public static func rating(_ i: Int) -> Int? { i % 2 == 0 ? 1 + (i / 2) % 5 : nil }
}
