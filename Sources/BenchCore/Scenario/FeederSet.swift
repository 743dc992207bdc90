/// The per-worker cursor over all feeders: draws the rows of one iteration.
///
/// A value type owned by one worker; `partition(index:count:)` gives workers disjoint slices so `unique` rows
/// are never used twice and `sequential` feeders interleave, without locks.
public struct FeederSet: Sendable {
    /// What a draw produced.
    public enum Draw: Equatable, Sendable {
        /// One row per feeder, keyed by feeder name then column.
        case rows([String: [String: String]])
        /// A `unique` feeder has no row left: end the run (or fail the iteration) and report this distinctly.
        case exhausted(feeder: String)
    }

    struct Cursor: Sendable {
        let data: FeederData
        var indexes: [Int]
        var next = 0
    }

    var cursors: [Cursor]

    /// Creates cursors over every row of the feeders.
    public init(_ feeders: [FeederData]) {
        cursors = feeders.map { Cursor(data: $0, indexes: Array($0.rows.indices)) }
    }

    /// The share of worker `index` among `count` workers: every `count`-th row starting at `index`.
    public func partition(index: Int, count: Int) -> FeederSet {
        var copy = self
        guard count > 1 else { return copy }
        for position in copy.cursors.indices where copy.cursors[position].data.mode != .random {
            copy.cursors[position].indexes = copy.cursors[position].indexes.enumerated()
                .filter { $0.offset % count == index }.map(\.element)
        }
        return copy
    }

    /// True when there are no feeders (draws are free).
    public var isEmpty: Bool { cursors.isEmpty }

    /// Draws the next row of every feeder.
    public mutating func draw(using random: inout SplitMix64) -> Draw {
        var rows: [String: [String: String]] = [:]
        for position in cursors.indices {
            let data = cursors[position].data
            let indexes = cursors[position].indexes
            guard !indexes.isEmpty else { return .exhausted(feeder: data.name) }
            let rowIndex: Int
            switch data.mode {
            case .random:
                rowIndex = indexes[Int.random(in: 0..<indexes.count, using: &random)]
            case .sequential:
                rowIndex = indexes[cursors[position].next % indexes.count]
                cursors[position].next += 1
            case .unique:
                guard cursors[position].next < indexes.count else { return .exhausted(feeder: data.name) }
                rowIndex = indexes[cursors[position].next]
                cursors[position].next += 1
            }
            rows[data.name] = data.row(rowIndex)
        }
        return .rows(rows)
    }
}
