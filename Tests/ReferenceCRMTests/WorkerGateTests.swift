import Foundation
import Testing
@testable import ReferenceCRM

@Suite("--workers: at most N requests work at once")
struct WorkerGateTests {
    /// Counts how many bodies run at the same moment, and the most ever seen.
    final class Occupancy: Sendable {
        private struct Counts { var current = 0, peak = 0, finished = 0 }
        private let counts = LockedBox(Counts())

        func enter() { counts.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) } }
        func leave() { counts.withLock { $0.current -= 1; $0.finished += 1 } }
        var snapshot: (peak: Int, finished: Int) { counts.withLock { ($0.peak, $0.finished) } }
    }

    @Test("a gate never lets more than its permits in, and everyone gets through", .tags(.timing), arguments: [1, 2, 3])
    func limitsConcurrency(permits: Int) async {
        let gate = WorkerGate(permits: permits)
        let occupancy = Occupancy()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    await gate.withWorker {
                        occupancy.enter()
                        try? await Task.sleep(for: .milliseconds(2))
                        occupancy.leave()
                    }
                }
            }
        }
        let (peak, finished) = occupancy.snapshot
        #expect(finished == 24)
        #expect(peak == permits, "24 tasks that each hold a worker for 2 ms must fill all \(permits) workers, never more")
    }

    @Test("a worker is given back when the body throws")
    func releasesOnError() async throws {
        struct Boom: Error {}
        let gate = WorkerGate(permits: 1)
        for _ in 0..<3 {
            await #expect(throws: Boom.self) { try await gate.withWorker { throw Boom() } }
        }
        let value = await gate.withWorker { 42 }
        #expect(value == 42)
    }

    @Test("waiters are served in arrival order", .tags(.timing))
    func firstInFirstOut() async {
        let gate = WorkerGate(permits: 1)
        let order = LockedBox<[Int]>([])
        let holding = LockedBox(false)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await gate.withWorker {
                    holding.withLock { $0 = true }
                    // Hold the only worker until all five wait behind it (bounded: at most 10 s).
                    for _ in 0..<10_000 where gate.waitingCount < 5 { try? await Task.sleep(for: .milliseconds(1)) }
                }
            }
            while !holding.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(1)) }
            for index in 0..<5 {
                group.addTask { await gate.withWorker { order.withLock { $0.append(index) } } }
                // Each waiter queues before the next one starts.
                for _ in 0..<10_000 where gate.waitingCount < index + 1 { try? await Task.sleep(for: .milliseconds(1)) }
            }
        }
        #expect(order.withLock { $0 } == [0, 1, 2, 3, 4])
    }
}
