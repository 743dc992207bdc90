import Foundation
import Testing
@testable import ReferenceCRM

/// Counts the reads that reach the wrapped repository, to tell cache hits from misses.
struct CountingRepository: CRMRepository {
    let base: SQLiteRepository
    let customerReads = Counter()
    let summaryReads = Counter()

    final class Counter: Sendable {
        private let count = LockedBox(0)
        var value: Int { count.withLock { $0 } }
        func increment() { count.withLock { $0 += 1 } }
    }

    func create<R: CRMResource>(_ record: R) async throws -> R { try await base.create(record) }
    func find<R: CRMResource>(_ type: R.Type, id: Int) async throws -> R? {
        if R.self == Customer.self { customerReads.increment() }
        return try await base.find(type, id: id)
    }
    func list<R: CRMResource>(_ type: R.Type, query: ListQuery) async throws -> Page<R> {
        try await base.list(type, query: query)
    }
    func update<R: CRMResource>(
        _ type: R.Type, id: Int, change: @escaping @Sendable (inout R) throws -> Void
    ) async throws -> R? {
        try await base.update(type, id: id, change: change)
    }
    func delete<R: CRMResource>(_ type: R.Type, id: Int) async throws -> R? { try await base.delete(type, id: id) }
    func summary(customerId: Int) async throws -> CustomerSummary? {
        summaryReads.increment()
        return try await base.summary(customerId: customerId)
    }
    func processReport(since: Date?) async throws -> ProcessReport { try await base.processReport(since: since) }
}

@Suite("Cache decorator")
struct CachedRepositoryTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    func customer(_ name: String, _ email: String) throws -> Customer {
        try Customer(draft: .init(name: name, email: email), now: now)
    }

    @Test("repeated customer reads are served from memory until the customer changes")
    func customerReads() async throws {
        let counting = CountingRepository(base: try .inMemory())
        let cache = CachedRepository(base: counting)
        let id = try await cache.create(try customer("Ann", "ann@x.io")).id
        #expect(try await cache.find(Customer.self, id: id)?.name == "Ann")
        #expect(try await cache.find(Customer.self, id: id)?.name == "Ann")
        #expect(counting.customerReads.value == 1)

        _ = try await cache.update(Customer.self, id: id) { $0.name = "Anne" }
        #expect(try await cache.find(Customer.self, id: id)?.name == "Anne")
        #expect(counting.customerReads.value == 2)

        _ = try await cache.delete(Customer.self, id: id)
        #expect(try await cache.find(Customer.self, id: id) == nil)
    }

    @Test("a summary is dropped by writes to that customer's records only")
    func summaries() async throws {
        let counting = CountingRepository(base: try .inMemory())
        let cache = CachedRepository(base: counting)
        let ann = try await cache.create(try customer("Ann", "ann@x.io")).id
        let bob = try await cache.create(try customer("Bob", "bob@x.io")).id
        #expect(try await cache.summary(customerId: ann)?.purchaseCount == 0)
        #expect(try await cache.summary(customerId: ann)?.purchaseCount == 0)
        #expect(counting.summaryReads.value == 1)

        let bobsOrder = try await cache.create(try Order(draft: .init(customerId: bob, amount: 5, quantity: 1), now: now))
        #expect(try await cache.summary(customerId: ann)?.purchaseCount == 0)
        #expect(counting.summaryReads.value == 1, "a write for Bob leaves Ann's cached summary in place")

        let annsOrder = try await cache.create(try Order(draft: .init(customerId: ann, amount: 7, quantity: 1), now: now))
        #expect(try await cache.summary(customerId: ann)?.purchaseCount == 1)
        #expect(try await cache.summary(customerId: ann)?.purchaseAmount == 7)

        // Moving an order to another customer changes both summaries.
        #expect(try await cache.summary(customerId: bob)?.purchaseCount == 1)
        _ = try await cache.update(Order.self, id: bobsOrder.id) { $0.customerId = ann }
        #expect(try await cache.summary(customerId: bob)?.purchaseCount == 0)
        #expect(try await cache.summary(customerId: ann)?.purchaseCount == 2)
        _ = try await cache.delete(Order.self, id: annsOrder.id)
        #expect(try await cache.summary(customerId: ann)?.purchaseAmount == 5)
    }
}
