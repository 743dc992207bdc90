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
}

@Suite struct CorrectionTests {
    @Test func expectedIntervalCorrectionFillsTheStall() {
        // HdrHistogram's own example: 10,000 values of 1 ms and one stall of 100 s, interval 1 ms →
        // the corrected histogram holds 10,000 + 100,000 values and its median moves into the stall.
        var h = LatencyHistogram()
        h.record(micros: 1_000, count: 10_000)
        h.record(micros: 100_000_000)
        let corrected = h.correctedForCoordinatedOmission(expectedIntervalMicros: 1_000)
        // (The stall's bucket value is its highest equivalent, a hair above 100 s: one extra step may fit.)
        #expect(abs(Int(corrected.count) - 110_000) <= 2)
        #expect(h.valueAt(percentile: 99) == 1_000)
        #expect(corrected.valueAt(percentile: 50) > 40_000_000)
        // 10,000 values at 1 ms and 100,000 spread evenly over 1 ms…100 s: p90 is the 89,000th of the spread.
        #expect(abs(Double(corrected.valueAt(percentile: 90)) - 89_000_000) < 89_000_000 * 0.002)
    }

    @Test func correctionLeavesFastValuesAlone() {
        var h = LatencyHistogram()
        h.record(micros: 500, count: 100)
        #expect(h.correctedForCoordinatedOmission(expectedIntervalMicros: 1_000) == h)
        #expect(h.correctedForCoordinatedOmission(expectedIntervalMicros: 0) == h)
    }
}
