extension FeederSet {
    /// The rows left for the next level of a sweep once `parts` (the partitions the last level drew from) drew
    /// theirs: `unique` rows drawn are gone, `sequential` feeders go on after the rows drawn, `random` is as it was.
    /// Partition the result again for the next level's workers.
    public func continuing(after parts: [FeederSet]) -> FeederSet {
        var copy = self
        for position in copy.cursors.indices where copy.cursors[position].data.mode != .random {
            var used = Set<Int>()
            var drawn = 0
            for part in parts where part.cursors.indices.contains(position) {
                let cursor = part.cursors[position]
                used.formUnion(cursor.indexes.prefix(min(cursor.next, cursor.indexes.count)))
                drawn += cursor.next
            }
            var indexes = copy.cursors[position].indexes
            if copy.cursors[position].data.mode == .unique {
                indexes.removeAll { used.contains($0) }
            } else if !indexes.isEmpty {
                let shift = drawn % indexes.count
                indexes = Array(indexes[shift...] + indexes[..<shift])
            }
            copy.cursors[position].indexes = indexes
            copy.cursors[position].next = 0
        }
        return copy
    }
}
