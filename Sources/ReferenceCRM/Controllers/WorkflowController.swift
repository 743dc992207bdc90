import Foundation
import Hummingbird

/// The endpoints beyond plain CRUD: customer summaries, order and ticket transitions, the process report.
struct WorkflowController: Sendable {
    let repository: any CRMRepository
    let orders: ResourceController<Order>
    let tickets: ResourceController<Ticket>

    func addRoutes(api: RouterGroup<CRMRequestContext>) {
        api.get("customers/{id}/summary", use: summary)
        api.post("orders/{id}/pay") { try await advance($1, to: .paid) }
        api.post("orders/{id}/ship") { try await advance($1, to: .shipped) }
        api.post("orders/{id}/deliver") { try await advance($1, to: .delivered) }
        api.post("tickets/{id}/resolve", use: resolve)
        api.get("reports/process", use: processReport)
    }

    @Sendable func summary(_ request: Request, context: CRMRequestContext) async throws -> Response {
        let id = try RequestParsing.id(context)
        guard let summary = try await repository.summary(customerId: id) else { throw CRMError.notFound }
        return try JSONBody.response(summary)
    }

    func advance(_ context: CRMRequestContext, to status: Order.Status) async throws -> Response {
        let id = try RequestParsing.id(context)
        let now = Date()
        return try await orders.update(id: id) { try $0.advance(to: status, at: now) }
    }

    @Sendable func resolve(_ request: Request, context: CRMRequestContext) async throws -> Response {
        let id = try RequestParsing.id(context)
        let now = Date()
        return try await tickets.update(id: id) { try $0.resolve(at: now) }
    }

    @Sendable func processReport(_ request: Request, context: CRMRequestContext) async throws -> Response {
        try JSONBody.response(try await repository.processReport(since: try RequestParsing.since(request)))
    }
}
