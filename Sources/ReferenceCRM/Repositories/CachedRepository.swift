import Foundation

/// A ``CRMRepository`` decorator (`--cache on`) that serves customer reads and summaries from memory.
///
/// Every write through it drops the entries it could have changed. A read that misses records the cache
/// generation before going to the database and only stores its answer if no write happened meanwhile, so a slow
/// read can never put back a value that a concurrent write has just invalidated.
public struct CachedRepository<Base: CRMRepository>: CRMRepository {
    private struct State {
        var generation = 0
        var customers: [Int: Customer] = [:]
        var summaries: [Int: CustomerSummary] = [:]
    }

    private let base: Base
    private let state = LockedBox(State())
    private let maxEntries: Int
    private let metrics: ServerMetrics?

    /// Wraps `base`, keeping at most `maxEntries` customers and as many summaries; counts hits and misses in
    /// `metrics` when given.
    public init(base: Base, maxEntries: Int = 200_000, metrics: ServerMetrics? = nil) {
        self.base = base
        self.maxEntries = maxEntries
        self.metrics = metrics
    }

    public func create<R: CRMResource>(_ record: R) async throws -> R {
        let created = try await base.create(record)
        invalidate(customers: [], summaries: created.summaryCustomerIds)
        return created
    }

    public func find<R: CRMResource>(_ type: R.Type, id: Int) async throws -> R? {
        guard R.self == Customer.self else { return try await base.find(type, id: id) }
        let (cached, generation) = state.withLock { ($0.customers[id], $0.generation) }
        metrics?.recordCacheLookup(hit: cached != nil)
        if let cached { return cached as? R }
        let fetched = try await base.find(type, id: id)
        if let customer = fetched as? Customer {
            store(generation: generation) { $0.customers[id] = customer }
        }
        return fetched
    }

    public func list<R: CRMResource>(_ type: R.Type, query: ListQuery) async throws -> Page<R> {
        try await base.list(type, query: query)
    }

    public func update<R: CRMResource>(
        _ type: R.Type, id: Int, change: @escaping @Sendable (inout R) throws -> Void
    ) async throws -> R? {
        let before = LockedBox<[Int]>([])
        let updated = try await base.update(type, id: id) { record in
            before.withLock { $0 = record.summaryCustomerIds }
            try change(&record)
        }
        let affected = before.withLock { $0 } + (updated?.summaryCustomerIds ?? [])
        invalidate(customers: R.self == Customer.self ? [id] : [], summaries: affected)
        return updated
    }

    public func delete<R: CRMResource>(_ type: R.Type, id: Int) async throws -> R? {
        let deleted = try await base.delete(type, id: id)
        invalidate(customers: R.self == Customer.self ? [id] : [], summaries: deleted?.summaryCustomerIds ?? [])
        return deleted
    }

    public func summary(customerId: Int) async throws -> CustomerSummary? {
        let (cached, generation) = state.withLock { ($0.summaries[customerId], $0.generation) }
        metrics?.recordCacheLookup(hit: cached != nil)
        if let cached { return cached }
        let fetched = try await base.summary(customerId: customerId)
        if let fetched {
            store(generation: generation) { $0.summaries[customerId] = fetched }
        }
        return fetched
    }

    public func processReport(since: Date?) async throws -> ProcessReport {
        try await base.processReport(since: since)
    }

    private func invalidate(customers: [Int], summaries: [Int]) {
        state.withLock { state in
            state.generation &+= 1
            for id in customers { state.customers[id] = nil }
            for id in summaries { state.summaries[id] = nil }
        }
    }

    private func store(generation: Int, _ write: (inout State) -> Void) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.customers.count >= maxEntries { state.customers.removeAll(keepingCapacity: true) }
            if state.summaries.count >= maxEntries { state.summaries.removeAll(keepingCapacity: true) }
            write(&state)
        }
    }
}
