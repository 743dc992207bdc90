import Foundation
import Testing
@testable import ReferenceCRM

@Suite("Pure pieces: stall schedule, statistics, seed plan, order lifecycle")
struct PureLogicTests {
    @Test("a stall sits at the end of each period", arguments: [
        // (elapsed ms, expected remaining ms) for a 1s stall every 5s
        (0, 0), (3_999, 0), (4_000, 1_000), (4_500, 500), (4_999, 1), (5_000, 0), (9_250, 750),
    ])
    func stallSchedule(elapsedMillis: Int, remainingMillis: Int) {
        let schedule = StallSchedule(stall: .seconds(1), every: .seconds(5))
        #expect(schedule.remainingStall(atElapsed: .milliseconds(elapsedMillis)) == .milliseconds(remainingMillis))
    }

    @Test("statistics use nearest-rank percentiles")
    func statistics() {
        let stats = DurationStatistics(seconds: (1...20).map(Double.init).reversed())
        #expect(stats.count == 20)
        #expect(stats.meanSeconds == 10.5)
        #expect(stats.p50Seconds == 10)
        #expect(stats.p95Seconds == 19)
        #expect(DurationStatistics(seconds: []) == DurationStatistics(seconds: []))
        #expect(DurationStatistics(seconds: []).count == 0)
        #expect(DurationStatistics(seconds: [7]).p95Seconds == 7)
    }

    @Test("seed plan order indexes follow the 1, 2, 3 order counts")
    func seedOrderIndexes() {
        var next = 0
        for customer in 0..<30 {
            #expect(SeedPlan.firstOrderIndex(customer) == next)
            next += SeedPlan.orderCount(customer)
        }
    }

    @Test("orders move one step at a time and stamp each step")
    func orderLifecycle() throws {
        let start = Date(timeIntervalSince1970: 1_000)
        var order = try Order(draft: .init(customerId: 1, amount: 10, quantity: 1), now: start)
        #expect(order.status == .placed)
        #expect(throws: CRMError.invalidTransition(from: "placed", to: "shipped")) {
            try order.advance(to: .shipped, at: start)
        }
        try order.advance(to: .paid, at: start.addingTimeInterval(1))
        try order.advance(to: .shipped, at: start.addingTimeInterval(2))
        try order.advance(to: .delivered, at: start.addingTimeInterval(3))
        #expect(order.deliveredAt == start.addingTimeInterval(3))
        #expect(throws: CRMError.self) { try order.advance(to: .delivered, at: start) }
    }

    @Test("ISO-8601 timestamps round-trip with and without fractions")
    func timestamps() {
        let date = Date(timeIntervalSince1970: 1_704_067_200.25)
        #expect(ISO8601.string(from: date) == "2024-01-01T00:00:00.250Z")
        #expect(ISO8601.date(from: "2024-01-01T00:00:00.250Z") == date)
        #expect(ISO8601.date(from: "2024-01-01T00:00:00Z") == Date(timeIntervalSince1970: 1_704_067_200))
        #expect(ISO8601.date(from: "yesterday") == nil)
    }
}
