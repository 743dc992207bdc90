import Foundation
import Testing
@testable import BenchCore

/// The pieces of `compare`'s per-window method: log-ratio intervals, the false-discovery-rate control, the
/// per-endpoint windows and the block bootstrap over them.
@Suite struct WindowComparisonTests {
    @Test func ratioIntervalIsThePercentileIntervalOfTheLogRatio() {
        // By hand: ratios 0.5, 1, 2 → logs −ln 2, 0, ln 2. At 50 % confidence the tails are the 25th and 75th
        // percentiles, interpolated halfway: −ln2/2 and +ln2/2 → ratios 1/√2 and √2 → −29.29 % and +41.42 %.
        let e = ChangeEstimate.fromRatioDraws([-0.5, 0, 1], change: 0, drawnChange: 0, confidence: 0.5)
        #expect(abs(e.low - (1 / 2.0.squareRoot() - 1)) < 1e-12)
        #expect(abs(e.high - (2.0.squareRoot() - 1)) < 1e-12)
        // Moved to the exact point estimate (+10 %) from the draws' own centre (0): both bounds times 1.1.
        let moved = ChangeEstimate.fromRatioDraws([-0.5, 0, 1], change: 0.1, drawnChange: 0, confidence: 0.5)
        #expect(abs(moved.low - (1.1 / 2.0.squareRoot() - 1)) < 1e-12)
        #expect(abs(moved.high - (1.1 * 2.0.squareRoot() - 1)) < 1e-12)
    }

    @Test func noRelativeIntervalFallsBelowMinusOneHundredPercent() {
        let drawn = ChangeEstimate.fromRatioDraws([-0.99, -0.9, 3, 10], change: 0.2, drawnChange: 0.2, confidence: 0.95)
        #expect(drawn.low > -1)
        // The linear widening of [−50 %, +100 %] around 0 by 3 would reach −150 %; in log space it reaches
        // 0.5³ − 1 = −87.5 % and 2³ − 1 = +700 %.
        let widened = ChangeEstimate(change: 0, low: -0.5, high: 1).widenedRelative(by: 3)
        #expect(abs(widened.low - (-0.875)) < 1e-12)
        #expect(abs(widened.high - 7) < 1e-9)
    }

    @Test func pValueOfAnIntervalReadAsNormal() {
        // A symmetric 95 % interval of ±1.96 standard errors around 1.96 standard errors from zero: p = 0.05.
        let e = ChangeEstimate(change: 1.96, low: 0, high: 3.92)
        #expect(abs(e.pValue(relative: false, confidence: 0.95) - 0.05) < 1e-4)
        #expect(ChangeEstimate(change: 0, low: -1, high: 1).pValue(relative: false, confidence: 0.95) == 1)
    }

    @Test func benjaminiHochbergMatchesThePublishedExample() {
        // Benjamini and Hochberg (1995), section 4.2: the 15 p-values of Neuhaus et al.'s study; at q = 0.05 the
        // procedure rejects the four smallest. Adjusted values as R's p.adjust(method = "BH") gives them.
        let p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0]
        let adjusted = FalseDiscoveryRate.adjusted(p)
        #expect(adjusted.filter { $0 <= 0.05 }.count == 4)
        #expect(abs(adjusted[0] - 0.0015) < 1e-12)
        #expect(abs(adjusted[3] - 15 * 0.0095 / 4) < 1e-12)
        #expect(abs(adjusted[4] - 15 * 0.0201 / 5) < 1e-12)
        #expect(adjusted[14] == 1)
        // Order does not matter.
        #expect(FalseDiscoveryRate.adjusted(p.reversed()) == adjusted.reversed())
    }

    @Test func coarseBucketsAreExactBelow64MicrosAndWithin3Point2PercentAbove() {
        for v: UInt64 in [0, 1, 63] { #expect(CoarseHistogram.representativeMicros(index: CoarseHistogram.index(micros: v)) == v) }
        for v: UInt64 in [64, 65, 100, 999, 1_000, 20_123, 1_234_567, 3_599_999_999] {
            let r = Double(CoarseHistogram.representativeMicros(index: CoarseHistogram.index(micros: v)))
            #expect(abs(r - Double(v)) / Double(v) <= 1.0 / 32, "\(v) → \(r)")
        }
        #expect(CoarseHistogram.index(micros: 10_000_000_000) == CoarseHistogram.index(micros: LatencyHistogram.highestTrackableMicros))
        #expect(CoarseHistogram.index(micros: LatencyHistogram.highestTrackableMicros) < CoarseHistogram.bucketCount)
    }

    @Test func windowsStayBoundedAndCoverEverySecond() {
        var series = WindowSeries()
        var second = EndpointSecond()
        second.requests = 3
        second.latency.record(micros: 1_000)
        for s in 0..<1_000 where s != 500 { series.append(second: s, second) }
        #expect(series.windows.count <= WindowSeries.maximumWindows)
        #expect(series.windowSeconds == 8)
        #expect(series.windows.reduce(0) { $0 + $1.requests } == 999 * 3)
        // Consecutive, no holes: second 500 (nothing completed) lies in a window like the others.
        #expect(zip(series.windows, series.windows.dropFirst()).allSatisfy { $1.second - $0.second == 8 })

        let shorter = WindowSeries(windowSeconds: 1, windows: [.init(second: 0, requests: 1, errors: 1, latency: [[1_000, 1]])])
        let merged = series.merged(with: shorter, offsetSeconds: 1_000)
        #expect(merged.windowSeconds == 8 && merged.windows.last?.second == 1_000 && merged.windows.last?.errors == 1)
    }

    @Test func windowFiguresWeighWholeWindows() {
        let windows: [WindowSeries.Window] = [
            .init(second: 0, requests: 10, errors: 0, latency: [[1_000, 10]]),
            .init(second: 1, requests: 30, errors: 3, latency: [[1_000, 7], [4_000, 20]]),
        ]
        let sample = WindowSample(windows: windows, windowSeconds: 1)
        let both = sample.observed(levels: [50, 99])
        #expect(both.throughput == 20 && abs(both.errorRate - 3.0 / 40) < 1e-12)
        #expect(both.percentiles == [4_000, 4_000])  // 17 of 37 responses at 1 ms: the median is at 4 ms
        let firstTwice = sample.figures(weights: [2, 0], levels: [50])
        #expect(firstTwice.throughput == 10 && firstTwice.errorRate == 0 && firstTwice.percentiles == [1_000])
    }

    @Test func identicalSecondsGiveAnIntervalOfZeroWidth() {
        let windows = (0..<12).map { WindowSeries.Window(second: $0, requests: 100, errors: 0, latency: [[2_000, 100]]) }
        let sample = WindowSample(windows: windows, windowSeconds: 1)
        var generator = SplitMix64(seed: 1)
        let draws = sample.draws(resamples: 200, levels: [50], generator: &generator)
        #expect(draws.allSatisfy { $0.throughput == 100 && $0.percentiles == [2_000] })
    }

    @Test func flowWindowsCountIterationsFromTheRunsFirstSecond() throws {
        func outcome(_ ok: Bool) -> IterationOutcome {
            IterationOutcome(flowName: "order", succeeded: ok, failureReason: ok ? nil : "x", checks: [], steps: [], groups: [], extracted: [:])
        }
        var first = ScenarioTally(checkCount: 0), second = ScenarioTally(checkCount: 0)
        first.add(outcome(true), durationMicros: 400_000, second: 3)
        first.add(outcome(false), durationMicros: 0, second: 3)
        second.add(outcome(true), durationMicros: 500_000, second: 5)
        first.add(second)
        let series = try #require(first.flowWindows["order"]).fromRunStart
        #expect(series.windows.map(\.second) == [0, 1, 2, 3, 4, 5])
        #expect(series.windows.map(\.requests) == [0, 0, 0, 2, 0, 1])
        #expect(series.windows[3].errors == 1 && series.windows[3].latency.count == 1)
    }

    /// Buckets stay one flat array, ascending by value: one value at a time is inserted in place, and windows merge
    /// bucket by bucket; `result.json` keeps the `[valueMicros, count]` pairs, and a pair of another length is
    /// refused with where it is.
    @Test func windowBucketsMergeByValueAndKeepTheirJSONShape() throws {
        var window = WindowSeries.Window(second: 0, requests: 1, errors: 0, latency: [[2_000, 1]])
        for value: UInt64 in [1_000, 3_000, 2_000, 1_000] { window.add(.init(second: 0, requests: 1, errors: 0, latencyFlat: [value, 1])) }
        window.add(.init(second: 0, requests: 3, errors: 1, latency: [[500, 2], [2_000, 1], [9_000, 4]]))
        #expect(window.latency == [[500, 2], [1_000, 2], [2_000, 3], [3_000, 1], [9_000, 4]])
        #expect(window.requests == 8 && window.errors == 1)

        let json = String(decoding: try JSONEncoder().encode(window), as: UTF8.self)
        #expect(json.contains(#""latency":[[500,2],[1000,2],[2000,3],[3000,1],[9000,4]]"#), "\(json)")
        #expect(try JSONDecoder().decode(WindowSeries.Window.self, from: Data(json.utf8)) == window)
        let bad = #"{"second":0,"requests":1,"errors":0,"latency":[[500,2],[7]]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WindowSeries.Window.self, from: Data(bad.utf8)) }
    }
}
