import Testing
@testable import BenchCore

@Suite struct LatencyHistogramTests {
    @Test func sparseFormRoundTripsExactly() throws {
        var h = LatencyHistogram()
        for v: UInt64 in [1, 2, 3, 999, 1_000, 1_001, 25_000, 1_234_567, 3_599_999_999] { h.record(micros: v) }
        h.record(micros: 5_000_000_000) // above range: clamped and counted
        let decoded = try LatencyHistogram(sparse: h.sparse)
        #expect(decoded == h)
        #expect(decoded.clampedCount == 1)
        #expect(decoded.maxMicros >= 3_599_000_000)
    }

    @Test func mergingDecodedHistogramsEqualsRecordingEverythingInOne() throws {
        var a = LatencyHistogram(), b = LatencyHistogram(), all = LatencyHistogram()
        for i in 0..<5_000 {
            let value = UInt64((i * 7_919) % 200_000 + 1)
            if i % 3 == 0 { a.record(micros: value) } else { b.record(micros: value) }
            all.record(micros: value)
        }
        var merged = try LatencyHistogram(sparse: a.sparse)
        merged.add(try LatencyHistogram(sparse: b.sparse))
        #expect(merged == all)
        #expect(merged.valueAt(percentile: 99) == all.valueAt(percentile: 99))
    }

    @Test func percentilesAreWithinThreeSignificantDigits() {
        var h = LatencyHistogram()
        for v in 1...10_000 { h.record(micros: UInt64(v)) }
        #expect(abs(Double(h.valueAt(percentile: 50)) - 5_000) <= 5)
        #expect(abs(Double(h.valueAt(percentile: 99)) - 9_900) <= 10)
        #expect(h.minMicros == 1)
        #expect(abs(Double(h.maxMicros) - 10_000) <= 10)
    }

    @Test func incompatibleSparseFormIsRefused() {
        var sparse = LatencyHistogram().sparse
        sparse.significantDigits = 2
        #expect(throws: SparseHistogram.DecodingProblem.self) { try LatencyHistogram(sparse: sparse) }
        var bad = LatencyHistogram().sparse
        bad.buckets = [[1]]
        #expect(throws: SparseHistogram.DecodingProblem.malformedBucket(index: 0)) { try LatencyHistogram(sparse: bad) }
    }

    @Test func emptyHistogramReportsZeros() {
        let h = LatencyHistogram()
        #expect(h.count == 0 && h.minMicros == 0 && h.maxMicros == 0 && h.valueAt(percentile: 99) == 0)
        #expect(h.buckets.isEmpty)
    }
}

@Suite struct OutcomeTests {
    @Test func latencyIsFromIntendedStartAndServiceFromActualStart() {
        let outcome = RequestOutcome(endpointIndex: 0, intendedStartNanos: 1_000_000, actualStartNanos: 6_000_000,
                                     endNanos: 26_000_000, status: 200)
        #expect(outcome.latencyMicros == 25_000)
        #expect(outcome.serviceMicros == 20_000)
        #expect(outcome.lagMicros == 5_000)
    }

    @Test(arguments: [
        // (dns, connect, appconnect, pretransfer, starttransfer, total) → (dns, connect, tls, pre, firstByte, transfer)
        ([10, 110, 0, 120, 1_120, 1_150], [10, 100, 0, 10, 1_000, 30]),
        ([10, 110, 610, 620, 1_620, 1_700], [10, 100, 500, 10, 1_000, 80]),
        ([0, 0, 0, 5, 505, 505], [0, 0, 0, 5, 500, 0]),          // reused connection
        ([0, 0, 0, 0, 0, 3_000], [0, 0, 0, 0, 0, 3_000]),        // failed before the first byte
    ] as [([UInt64], [UInt64])])
    func phaseDurationsFromCumulativeOffsets(input: [UInt64], expected: [UInt64]) {
        let phases = PhaseTimes(cumulativeDNS: input[0], connect: input[1], appConnect: input[2], preTransfer: input[3],
                                startTransfer: input[4], total: input[5])
        #expect(phases.values == expected)
        #expect(phases.values.reduce(0, +) == input[5])
    }

    @Test(arguments: [(200, nil), (302, nil), (404, ErrorKind.http4xx), (401, .http4xx), (503, .http5xx), (599, .http5xx)] as [(Int, ErrorKind?)])
    func statusClassification(status: Int, kind: ErrorKind?) {
        #expect(ErrorKind.forStatus(status) == kind)
    }

    @Test func indexMatchesAllCases() {
        for (i, kind) in ErrorKind.allCases.enumerated() { #expect(kind.index == i) }
    }

    @Test func endpointMetricsCountAndMerge() {
        var a = EndpointMetrics(name: "GET /x"), b = EndpointMetrics(name: "GET /x")
        a.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0, endNanos: 2_000_000, status: 200, bytesSent: 10, bytesReceived: 100,
                             httpVersion: .http1_1))
        b.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0, endNanos: 4_000_000, status: 503, error: .http5xx,
                             httpVersion: .http2))
        b.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0, endNanos: 1_000_000, status: 0, error: .connectRefused))
        a.add(b)
        #expect(a.requests == 3 && a.errors == 2)
        #expect(a.statusCountsByCode == ["200": 1, "503": 1, "0": 1])
        #expect(a.errorCountsByKind == ["http5xx": 1, "connectRefused": 1])
        #expect(a.bytesReceived == 100 && a.bytesSent == 10)
        // The refused request had no response, so no version.
        #expect(a.httpVersionsByName == ["1.1": 1, "2": 1])
        let summary = EndpointSummary(metrics: a, durationSeconds: 2)
        #expect(summary.httpVersions == ["1.1": 1, "2": 1])
        #expect(summary.requestsPerSecond == 1.5)
        #expect(abs(summary.errorRate - 2.0 / 3.0) < 1e-12)
        #expect(abs(summary.availability - 1.0 / 3.0) < 1e-12)
    }
}

@Suite struct TimeSeriesTests {
    private func sample(_ second: Int, requests: Int, latencyMicros: UInt64 = 1_000) -> SecondSample {
        var s = SecondSample(second: second)
        for _ in 0..<requests {
            s.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0,
                                 endNanos: latencyMicros * 1_000, status: 200))
        }
        return s
    }

    @Test func secondsFinishOnlyWhenEveryWorkerMovedPast() {
        var acc = TimeSeriesAccumulator(workerCount: 2)
        acc.add(sample(0, requests: 3), fromWorker: 0)
        #expect(acc.points.isEmpty)
        acc.add(sample(0, requests: 2), fromWorker: 1)
        #expect(acc.points.count == 1 && acc.points[0].requests == 5)
        acc.add(sample(1, requests: 1), fromWorker: 0)
        acc.add(sample(3, requests: 4), fromWorker: 0)
        #expect(acc.points.count == 1)
        acc.add(sample(3, requests: 1), fromWorker: 1)
        // Second 2 had no sample: a zero point fills the hole.
        #expect(acc.points.map(\.second) == [0, 1, 2, 3])
        #expect(acc.points.map(\.requests) == [5, 1, 0, 5])
    }

    @Test func finishAllFlushesPending() {
        var acc = TimeSeriesAccumulator(workerCount: 3)
        acc.add(sample(0, requests: 1, latencyMicros: 7_000), fromWorker: 2)
        acc.finishAll()
        #expect(acc.points.count == 1)
        #expect(abs(Double(acc.points[0].p99Micros) - 7_000) <= 7)
    }

    @Test func theLastFiveFinishedSecondsKeepTheirHistogramsWhenAsked() throws {
        var plain = TimeSeriesAccumulator(workerCount: 1)
        plain.add(sample(0, requests: 1), fromWorker: 0)
        plain.add(sample(1, requests: 1), fromWorker: 0)
        #expect(plain.recentLatency.isEmpty && plain.points.count == 2)  // off by default: a run pays nothing
        var acc = TimeSeriesAccumulator(workerCount: 2)
        acc.keepsRecentLatency = true
        for second in 0..<7 {
            acc.add(sample(second, requests: 1, latencyMicros: UInt64(1_000 * (second + 1))), fromWorker: 0)
            acc.add(sample(second, requests: 1, latencyMicros: 50_000), fromWorker: 1)
        }
        #expect(acc.recentLatency.map(\.second) == [2, 3, 4, 5, 6])
        let last = acc.recentLatency[4].latency
        #expect(last.count == 2)
        #expect(abs(Double(last.minMicros) - 7_000) <= 7 && abs(Double(last.maxMicros) - 50_000) <= 50)  // 3 significant digits
        // Seconds of several snapshots merge by second.
        let sparse = acc.recentLatency.map { SecondHistogram(second: $0.second, latency: $0.latency.sparse) }
        let merged = SecondHistogram.merged([sparse, Array(sparse.suffix(1))])
        #expect(merged.map(\.second) == [2, 3, 4, 5, 6])
        #expect(try LatencyHistogram(sparse: merged[4].latency).count == 4)
    }
}

@Suite struct CorrectionTests {
    @Test func expectedIntervalCorrectionFillsTheStall() {
        // HdrHistogram's own example: 10,000 values of 1 ms and one stall of 100 s, interval 1 ms →
        // the corrected histogram holds 10,000 + 100,000 values and its median moves into the stall.
        var h = LatencyHistogram()
        h.record(micros: 1_000, count: 10_000)
        h.record(micros: 100_000_000)
        let corrected = h.correctedForCoordinatedOmission(expectedIntervalMicros: 1_000)
        // The stall's bucket reports its highest equivalent value, 100,007,935 µs (1526 × 65,536 − 1), as
        // HdrHistogram's iteration does: 100,006 values from 100,006,935 down to 1,935 µs are added.
        #expect(corrected.count == 10_000 + 1 + 100_006)
        #expect(h.valueAt(percentile: 99) == 1_000)
        #expect(corrected.valueAt(percentile: 50) > 40_000_000)
        // 10,000 values at 1 ms and 100,000 spread evenly over 1 ms…100 s: p90 is the 89,000th of the spread.
        #expect(abs(Double(corrected.valueAt(percentile: 90)) - 89_000_000) < 89_000_000 * 0.002)
    }

    /// HdrHistogram's definition, one value at a time: record v, then v−i, v−2i, … while at least i.
    static func corrected(_ values: [(UInt64, UInt64)], interval: UInt64) -> LatencyHistogram {
        var h = LatencyHistogram()
        for (value, count) in values {
            h.record(micros: value, count: count)
            guard value > interval else { continue }
            var missing = value - interval
            while missing >= interval {
                h.record(micros: missing, count: count)
                missing -= interval
            }
        }
        return h
    }

    static func buckets(_ h: LatencyHistogram) -> [[UInt64]] { h.buckets.map { [$0.valueMicros, $0.count] } }

    @Test(arguments: [
        // (value, interval, the values HdrHistogram records), worked by hand.
        (250, 100, [[150, 1], [250, 1]]),           // 2.5 i: 2.5 i and 1.5 i, never 0.5 i
        (200, 100, [[100, 1], [200, 1]]),           // 2 i: 2 i and i
        (300, 100, [[100, 1], [200, 1], [300, 1]]), // 3 i: 3 i, 2 i, i
        (199, 100, [[199, 1]]),                     // 1.99 i: 0.99 i is below the interval
        (100, 100, [[100, 1]]),                     // exactly i: nothing missing
        (40, 100, [[40, 1]]),                       // below i: nothing missing
    ] as [(UInt64, UInt64, [[UInt64]])])
    func correctionRecordsNothingBelowTheInterval(value: UInt64, interval: UInt64, expected: [[UInt64]]) {
        var h = LatencyHistogram()
        h.record(micros: value)
        #expect(Self.buckets(h.correctedForCoordinatedOmission(expectedIntervalMicros: interval)) == expected)
    }

    @Test func correctedMinimumIsNeverBelowTheRawMinimum() {
        // A fast response of 291 µs and a stall of 20,047 µs, expected interval 5 ms: HdrHistogram adds
        // 15,047, 10,047 and 5,047 µs; the minimum stays 291 µs (it used to add 47 µs).
        var h = LatencyHistogram()
        h.record(micros: 291, count: 4)
        h.record(micros: 20_047)
        let corrected = h.correctedForCoordinatedOmission(expectedIntervalMicros: 5_000)
        #expect(corrected.minMicros == 291)
        #expect(Self.buckets(corrected) == [[291, 4], [5_047, 1], [10_047, 1], [15_047, 1], [20_047, 1]])
    }

    @Test(arguments: [(1_000, 7), (3_000_000, 7), (123_456, 1), (50_000_000, 4_999), (1_999_999, 1_000_000), (3_600_000_000, 1_000)] as [(UInt64, UInt64)])
    func correctionEqualsRecordingEachMissingValue(value: UInt64, interval: UInt64) {
        // Buckets of several counts, corrected at once, against HdrHistogram's loop one value at a time.
        let values: [(UInt64, UInt64)] = [(value, 3), (value / 3 + 1, 2), (interval, 5), (17, 1)]
        var h = LatencyHistogram()
        for (v, c) in values { h.record(micros: v, count: c) }
        let bucketValues = h.buckets.map { ($0.valueMicros, $0.count) }
        let expected = Self.corrected(bucketValues, interval: interval)
        let corrected = h.correctedForCoordinatedOmission(expectedIntervalMicros: interval)
        #expect(corrected == expected)
        #expect(corrected.count == expected.count && corrected.minMicros == expected.minMicros && corrected.maxMicros == expected.maxMicros)
    }

    @Test func correctionLeavesFastValuesAlone() {
        var h = LatencyHistogram()
        h.record(micros: 500, count: 100)
        #expect(h.correctedForCoordinatedOmission(expectedIntervalMicros: 1_000) == h)
        #expect(h.correctedForCoordinatedOmission(expectedIntervalMicros: 0) == h)
    }
}
