extension LatencyHistogram {
    /// A copy with the expected-interval correction for coordinated omission, exactly as HdrHistogram's
    /// `copyCorrectedForCoordinatedOmission`: each bucket's value v is recorded with its count c, then, when
    /// v > i, the values v−i, v−2i, … while they are at least i, each with count c. Nothing below the interval is
    /// ever added: those values stand for requests a closed-loop client did not send while it waited.
    ///
    /// Only for the closed model, and only when asked: an open-model run already measures from the schedule.
    public func correctedForCoordinatedOmission(expectedIntervalMicros interval: UInt64) -> LatencyHistogram {
        guard interval > 0 else { return self }
        var corrected = LatencyHistogram()
        for bucket in buckets {
            corrected.record(micros: bucket.valueMicros, count: bucket.count)
            guard bucket.valueMicros > interval else { continue }
            corrected.recordMissing(from: bucket.valueMicros - interval, down: interval, count: bucket.count)
        }
        corrected.clampedStorage = clampedStorage
        return corrected
    }

    /// Records `highest`, `highest − interval`, … down to the last value at least `interval`, each `count` times.
    ///
    /// The values that share one bucket are recorded together, at the smallest of them, which leaves the histogram
    /// exactly as recording them one by one would (same counts, same minimum and maximum) in at most one step per
    /// bucket rather than one per value (a one-hour value with a 1 µs interval would be 3.6 billion).
    mutating func recordMissing(from highest: UInt64, down interval: UInt64, count: UInt64) {
        var value = highest
        while value >= interval {
            let bucketLow = max(storage.lowestEquivalentForValue(min(value, Self.highestTrackableMicros)), interval)
            let values = value < bucketLow ? 1 : (value - bucketLow) / interval + 1
            let lowest = value - (values - 1) * interval
            record(micros: lowest, count: values.multipliedReportingOverflow(by: count).partialValue)
            guard lowest - interval >= interval else { return }
            value = lowest - interval
        }
    }
}
