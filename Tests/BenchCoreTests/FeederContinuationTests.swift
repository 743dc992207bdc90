import Testing
@testable import BenchCore

/// Feeders across the levels of a sweep: `unique` rows are never drawn twice, `sequential` goes on.
struct FeederContinuationTests {
    static func feeders(_ mode: FeederData.Mode, rows: Int) -> FeederSet {
        FeederSet([FeederData(name: "users", mode: mode, columns: ["id"], rows: (0..<rows).map { ["\($0)"] })])
    }

    static func draw(_ set: inout FeederSet, _ count: Int, random: inout SplitMix64) -> [String] {
        (0..<count).compactMap { _ in
            if case .rows(let rows) = set.draw(using: &random) { return rows["users"]?["id"] }
            return nil
        }
    }

    @Test func uniqueRowsDrawnInOneLevelAreGoneInTheNext() {
        var random = SplitMix64(seed: 1)
        let all = Self.feeders(.unique, rows: 12)
        // Level 1: two workers draw 2 and 3 rows of their partitions.
        var a = all.partition(index: 0, count: 2), b = all.partition(index: 1, count: 2)
        let first = Self.draw(&a, 2, random: &random) + Self.draw(&b, 3, random: &random)
        // Level 2: three workers share what is left.
        let left = all.continuing(after: [a, b])
        var parts = (0..<3).map { left.partition(index: $0, count: 3) }
        var second: [String] = []
        for index in parts.indices { second += Self.draw(&parts[index], 10, random: &random) }
        #expect(first.count == 5)
        #expect(second.count == 7, "every row not drawn in level 1 is drawn once in level 2")
        #expect(Set(first).isDisjoint(with: second))
        #expect(Set(first + second).count == 12)
    }

    @Test func sequentialFeedersGoOnAfterTheRowsDrawn() {
        var random = SplitMix64(seed: 1)
        let all = Self.feeders(.sequential, rows: 5)
        var only = all.partition(index: 0, count: 1)
        #expect(Self.draw(&only, 3, random: &random) == ["0", "1", "2"])
        var next = all.continuing(after: [only])
        #expect(Self.draw(&next, 3, random: &random) == ["3", "4", "0"])
    }

    @Test func randomFeedersAreLeftAsTheyWere() {
        var random = SplitMix64(seed: 1)
        let all = Self.feeders(.random, rows: 4)
        var only = all
        _ = Self.draw(&only, 10, random: &random)
        var next = all.continuing(after: [only])
        #expect(Self.draw(&next, 50, random: &random).count == 50)
    }
}
