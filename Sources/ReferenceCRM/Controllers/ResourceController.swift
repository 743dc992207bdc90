import Foundation
import Hummingbird

/// The standard endpoints of one record type under `/api/v1/<resource>`:
/// POST (201), GET list, GET/PUT/PATCH/DELETE (204) by `{id}`.
struct ResourceController<R: CRMResource>: Sendable {
    let repository: any CRMRepository
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<CRMRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get("{id}", use: show)
        group.put("{id}", use: replace)
        group.patch("{id}", use: patch)
        group.delete("{id}", use: delete)
    }

    @Sendable func create(_ request: Request, context: CRMRequestContext) async throws -> Response {
        let draft = try await JSONBody.decode(R.Draft.self, from: request, maxBytes: maxBodyBytes)
        let record = try R(draft: draft, now: Date())
        return try JSONBody.response(try await repository.create(record), status: .created)
    }

    @Sendable func list(_ request: Request, context: CRMRequestContext) async throws -> Response {
        let query = try RequestParsing.listQuery(request, for: R.self)
        return try JSONBody.response(try await repository.list(R.self, query: query))
    }

    @Sendable func show(_ request: Request, context: CRMRequestContext) async throws -> Response {
        let id = try RequestParsing.id(context)
        guard let record = try await repository.find(R.self, id: id) else { throw CRMError.notFound }
        return try JSONBody.response(record)
    }

    @Sendable func replace(_ request: Request, context: CRMRequestContext) async throws -> Response {
        let id = try RequestParsing.id(context)
        let draft = try await JSONBody.decode(R.Draft.self, from: request, maxBytes: maxBodyBytes)
        let now = Date()
        return try await update(id: id) { try $0.replace(with: draft, now: now) }
    }

    @Sendable func patch(_ request: Request, context: CRMRequestContext) async throws -> Response {
        let id = try RequestParsing.id(context)
        let patch = try await JSONBody.decode(R.Patch.self, from: request, maxBytes: maxBodyBytes)
        let now = Date()
        return try await update(id: id) { try $0.apply(patch, now: now) }
    }

    @Sendable func delete(_ request: Request, context: CRMRequestContext) async throws -> Response {
        let id = try RequestParsing.id(context)
        guard try await repository.delete(R.self, id: id) != nil else { throw CRMError.notFound }
        return Response(status: .noContent)
    }

    /// Applies `change` to the record with `id` and answers with the result; 404 when there is no such record.
    func update(id: Int, change: @escaping @Sendable (inout R) throws -> Void) async throws -> Response {
        guard let updated = try await repository.update(R.self, id: id, change: change) else {
            throw CRMError.notFound
        }
        return try JSONBody.response(updated)
    }
}
