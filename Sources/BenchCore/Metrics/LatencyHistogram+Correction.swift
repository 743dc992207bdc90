extension LatencyHistogram {
    /// A copy with the expected-interval correction for coordinated omission (HdrHistogram's
    /// `copyCorrectedForCoordinatedOmission`): for each value v above the interval, the values v−i, v−2i, … down
    /// to i are added, standing for the requests a closed-loop client did not send while it waited.
    ///
    /// Only for the closed model, and only when asked: an open-model run already measures from the schedule.
    public func correctedForCoordinatedOmission(expectedIntervalMicros interval: UInt64) -> LatencyHistogram {
        guard interval > 0 else { return self }
        var corrected = LatencyHistogram()
        for bucket in buckets {
            corrected.record(micros: bucket.valueMicros, count: bucket.count)
            var missing = bucket.valueMicros
            // Bounded: at most value / interval extra records per bucket, and values are capped at one hour.
            var steps = 0
            while missing > interval, steps < 100_000 {
                missing -= interval
                corrected.record(micros: missing, count: bucket.count)
                steps += 1
            }
        }
        return corrected
    }
}
