import BenchCore
import Foundation
import Testing

/// The live duration histogram's fixed buckets and the per-endpoint totals built from the seconds: every bound is
/// an edge of the coarse second histograms, so each bucket's count is exact, checked against counting by hand.
@Suite struct DurationBucketsTests {
    @Test func boundsAreEightPerOctaveFrom256MicrosTo67Seconds() {
        let bounds = DurationBuckets.boundsMicros
        #expect(bounds.count == 145 && DurationBuckets.count == 146)
        #expect(bounds.first == 256 && bounds[1] == 288 && bounds[8] == 512 && bounds.last == 67_108_864)
        #expect(bounds.contains(1_024) && bounds.contains(1_280) && bounds.contains(60_000_000) == false)
        for (low, high) in zip(bounds, bounds.dropFirst()) {
            #expect(high > low && Double(high) / Double(low) <= 1.125 + 1e-12, "\(low) → \(high)")
        }
        // Each bound is where a coarse bucket starts: the counts map over without splitting a bucket.
        for bound in bounds {
            let coarse = CoarseHistogram.index(micros: bound)
            #expect(CoarseHistogram.lowerEdgeMicros(index: coarse) == bound)
        }
        #expect(DurationBuckets.index(micros: 0) == 0 && DurationBuckets.index(micros: 255) == 0)
        #expect(DurationBuckets.index(micros: 256) == 1 && DurationBuckets.index(micros: 287) == 1)
        #expect(DurationBuckets.index(micros: 100_000_000) == 145)  // +Inf
    }

    @Test func totalsCountEveryBucketExactlyAndOnlyGrow() {
        var random = SplitMix64(seed: 21)
        var durations: [UInt64] = []
        var totals = EndpointTotals()
        var previous = totals.cumulativeDurationCounts
        for second in 0..<4 {
            var sample = SecondSample(second: second)
            for n in 0..<2_000 {
                // Log-uniform from 50 µs to ~100 s, and the bounds themselves and one below each.
                let micros = n < 145 ? DurationBuckets.boundsMicros[n] - UInt64(second % 2)
                    : UInt64(50 * pow(2.0, Double(random.nextIndex(below: 21_000)) / 1_000))
                let failed = n % 50 == 7
                sample.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0, endNanos: micros * 1_000,
                                          status: failed ? 503 : 200, error: failed ? .http5xx : nil))
                if !failed { durations.append(micros) }
            }
            totals.add(sample.endpoints[0])
            let cumulative = totals.cumulativeDurationCounts
            #expect(zip(previous, cumulative).allSatisfy { $0 <= $1 })
            previous = cumulative
        }
        // A bound counts the durations below it, to the microsecond (see DurationBuckets).
        for (i, bound) in DurationBuckets.boundsMicros.enumerated() {
            #expect(previous[i] == UInt64(durations.filter { $0 < bound }.count), "le \(bound) µs")
        }
        #expect(previous.last == UInt64(durations.count) && totals.durationCount == UInt64(durations.count))
        #expect(totals.durationSumMicros == durations.reduce(0, +))
        #expect(totals.requests == 8_000 && totals.errors == 160)
        #expect(totals.statuses == [StatusCount(status: 200, count: 7_840), StatusCount(status: 503, count: 160)])
    }

    @Test func theAccumulatorKeepsEndpointTotalsOnlyWhenAsked() {
        var kept = TimeSeriesAccumulator(workerCount: 2), plain = TimeSeriesAccumulator(workerCount: 2)
        kept.keepsEndpointTotals = true
        for worker in 0..<2 {
            for second in 0..<(worker == 0 ? 3 : 2) {
                var sample = SecondSample(second: second)
                sample.add(RequestOutcome(endpointIndex: 1, intendedStartNanos: 0, actualStartNanos: 0, endNanos: 1_000_000, status: 201))
                kept.add(sample, fromWorker: worker)
                plain.add(sample, fromWorker: worker)
            }
        }
        // Seconds 0 and 1 are finished (both workers reported them); worker 0's second 2 waits for worker 1.
        #expect(kept.endpointTotals.count == 2 && kept.endpointTotals[1].requests == 4 && plain.endpointTotals.isEmpty)
        #expect(kept.endpointTotals[0] == EndpointTotals())
        #expect(kept.pendingEndpointSeconds.map { $0[1].requests } == [1] && plain.pendingEndpointSeconds.isEmpty)
        kept.finishAll()
        #expect(kept.endpointTotals[1].statuses == [StatusCount(status: 201, count: 5)])
        #expect(kept.endpointTotals[1].durationCounts[DurationBuckets.index(micros: 1_000)] == 5)
    }
}
