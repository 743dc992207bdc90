import Foundation

/// Storage for the CRM records, with the two aggregate queries the reports need.
///
/// More than the usual three requirements: the five record types share these generic operations, which keeps one
/// protocol (and one cache decorator) instead of five.
public protocol CRMRepository: Sendable {
    /// Inserts `record` after checking its references; returns it with its new id.
    func create<R: CRMResource>(_ record: R) async throws -> R
    /// The record with `id`, or nil.
    func find<R: CRMResource>(_ type: R.Type, id: Int) async throws -> R?
    /// One page of records matching `query`, ordered by id.
    func list<R: CRMResource>(_ type: R.Type, query: ListQuery) async throws -> Page<R>
    /// Applies `change` to the record with `id` in one transaction; nil when there is no such record.
    func update<R: CRMResource>(
        _ type: R.Type, id: Int, change: @escaping @Sendable (inout R) throws -> Void
    ) async throws -> R?
    /// Deletes the record with `id` (a customer takes its records with it) and returns it; nil when there was none.
    func delete<R: CRMResource>(_ type: R.Type, id: Int) async throws -> R?
    /// The customer's purchase and feedback figures; nil when there is no such customer.
    func summary(customerId: Int) async throws -> CustomerSummary?
    /// Business-process durations of everything completed at or after `since`.
    func processReport(since: Date?) async throws -> ProcessReport
}
