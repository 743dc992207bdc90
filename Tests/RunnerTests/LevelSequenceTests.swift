import BenchCore
import Testing
@testable import Runner

/// The one level loop's sequences, judged on made-up levels.
struct LevelSequenceTests {
    static func level(_ value: Double, rps: Double, errorRate: Double = 0, p99Micros: UInt64 = 1_000,
                      healthy: Bool = true) -> SweepLevel {
        var summary = EndpointSummary(metrics: EndpointMetrics(name: "all"), durationSeconds: 1)
        summary.requestsPerSecond = rps
        summary.errorRate = errorRate
        summary.latencyMicros.p99 = p99Micros
        summary.latencyMicros.p95 = p99Micros
        summary.latencyMicros.p50 = p99Micros / 2
        return SweepLevel(level: value, durationSeconds: 1, summary: summary, server: nil, generatorHealthy: healthy)
    }

    @Test func sweepRunsEveryLevelWhileThroughputRises() {
        var sequence = SweepSequence(levels: [1, 2, 4], open: false, policy: SweepPolicy())
        #expect(sequence.first == 1)
        var done: [SweepLevel] = []
        var next: Double? = 1
        var rps = 100.0
        while let value = next {
            var level = Self.level(value, rps: rps)
            done.append(level)
            let step = sequence.next(after: &level, done: done)
            #expect(step.stoppedEarly == nil)
            next = step.next
            rps *= 2
        }
        #expect(done.map(\.level) == [1, 2, 4])
        #expect(sequence.results(levels: done, stoppedEarly: nil).dimension == .vus)
    }

    @Test func sweepStopsOnErrors() {
        var sequence = SweepSequence(levels: [1, 2, 4], open: true, policy: SweepPolicy(maxErrorRate: 0.05))
        var level = Self.level(1, rps: 10, errorRate: 0.5)
        let step = sequence.next(after: &level, done: [level])
        #expect(step.next == nil)
        #expect(step.stoppedEarly != nil)
    }

    @Test func findMaxJudgesProbesAndBisects() throws {
        let objective = try ServiceLevel(parsing: "p99<10ms")
        var sequence = FindMaxSequence(search: MaxRateSearch(startRatePerSecond: 100, precision: 0.05, maxProbes: 12),
                                       objective: objective, slo: "p99<10ms")
        #expect(sequence.first == 100)
        var passing = Self.level(100, rps: 100, p99Micros: 2_000)
        #expect(sequence.next(after: &passing, done: [passing]).next == 200)
        #expect(passing.metSLO == true)
        #expect(sequence.note(on: passing) == "meets SLO")
        // A generator that could not keep up measured itself: the probe does not count as met.
        var generatorBound = Self.level(200, rps: 150, p99Micros: 2_000, healthy: false)
        let after = sequence.next(after: &generatorBound, done: [passing, generatorBound])
        #expect(generatorBound.metSLO == false)
        #expect(sequence.note(on: generatorBound) == "misses SLO: generator-bound")
        #expect(after.next.map { $0 > 100 && $0 < 200 } == true)
        #expect(sequence.results(levels: [generatorBound, passing], stoppedEarly: nil).levels.map(\.level) == [100, 200])
    }
}
