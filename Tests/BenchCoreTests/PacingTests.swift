import Testing
@testable import BenchCore

@Suite struct PacingTests {
    @Test(arguments: [
        // rate, duration (ns), phase (ns), arrival index, expected offset (ns) or nil
        (1_000.0, 1_000_000_000 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64?),
        (1_000.0, 1_000_000_000, 0, 1, 1_000_000),
        (1_000.0, 1_000_000_000, 0, 999, 999_000_000),
        (1_000.0, 1_000_000_000, 0, 1_000, nil),              // past the duration
        (3.0, 10_000_000_000, 0, 2, 666_666_666),
        (500.0, 1_000_000_000, 1_000_000, 0, 1_000_000),       // phase shift
        (0.0, 1_000_000_000, 0, 0, nil),                       // zero rate sends nothing
        (.infinity, 1_000_000_000, 0, 0, nil),                 // nonsense rate sends nothing
    ])
    func uniformArrivals(rate: Double, duration: UInt64, phase: UInt64, index: UInt64, expected: UInt64?) {
        let schedule = UniformArrivals(ratePerSecond: rate, durationNanos: duration, phaseNanos: phase)
        #expect(schedule.intendedOffsetNanos(ofArrival: index) == expected)
    }

    @Test func uniformArrivalCountMatchesRateTimesDuration() {
        let schedule = UniformArrivals(ratePerSecond: 1_000, durationNanos: 10_000_000_000)
        var count: UInt64 = 0
        while schedule.intendedOffsetNanos(ofArrival: count) != nil { count += 1 }
        #expect(count == 10_000)
    }

    @Test(arguments: [
        ("500us", 500_000 as UInt64?), ("20ms", 20_000_000), ("1.5s", 1_500_000_000), ("2m", 120_000_000_000),
        ("1h", 3_600_000_000_000), ("1m30s", 90_000_000_000), (" 10s ", 10_000_000_000),
        ("10", nil), ("", nil), ("ms", nil), ("5x", nil), ("-1s", nil), ("1e30h", nil),
    ])
    func durationText(text: String, nanos: UInt64?) {
        #expect(DurationText.nanos(text) == nanos)
    }

    @Test func durationFormatting() {
        #expect(DurationText.format(micros: 850) == "850.0µs" || DurationText.format(micros: 850) == "850µs")
        #expect(DurationText.format(micros: 12_340) == "12.3ms")
        #expect(DurationText.format(micros: 1_500_000) == "1.5s")
        #expect(DurationText.format(micros: 125_000_000) == "2m05s")
    }
}
