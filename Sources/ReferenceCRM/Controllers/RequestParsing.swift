import Foundation
import Hummingbird

/// Reads path ids and list queries, throwing ``CRMError`` values that name the parameter.
enum RequestParsing {
    /// Largest page a list returns; larger `limit`s are clamped to it.
    static let maxLimit = 100

    /// The `{id}` path parameter; a missing or non-numeric id cannot name a record, so it is a 404.
    static func id(_ context: CRMRequestContext) throws -> Int {
        guard let id = context.parameters.get("id", as: Int.self), id > 0 else { throw CRMError.notFound }
        return id
    }

    /// `limit`, `offset`, `search` and the resource's filters from the query string.
    static func listQuery<R: CRMResource>(_ request: Request, for type: R.Type) throws -> ListQuery {
        let parameters = request.uri.queryParameters
        var query = ListQuery()
        if let text = parameters["limit"] {
            guard let limit = Int(text), limit >= 1 else {
                throw CRMError.invalidField(field: "limit", reason: "must be a positive integer")
            }
            query.limit = min(limit, maxLimit)
        }
        if let text = parameters["offset"] {
            guard let offset = Int(text), offset >= 0 else {
                throw CRMError.invalidField(field: "offset", reason: "must be a non-negative integer")
            }
            query.offset = offset
        }
        if let search = parameters["search"], !search.isEmpty { query.search = String(search) }
        for filter in R.listFilters {
            guard let text = parameters[filter.name[...]] else { continue }
            if let allowed = filter.allowedValues {
                let value = try FieldRules.oneOf(String(text), field: filter.name, allowed: allowed)
                query.filters.append(ColumnFilter(column: filter.name, value: .text(value)))
            } else {
                guard let value = Int(text) else {
                    throw CRMError.invalidField(field: filter.name, reason: "must be an integer")
                }
                query.filters.append(ColumnFilter(column: filter.name, value: .integer(value)))
            }
        }
        return query
    }

    /// The optional ISO-8601 `since` query parameter.
    static func since(_ request: Request) throws -> Date? {
        guard let text = request.uri.queryParameters["since"], !text.isEmpty else { return nil }
        guard let date = ISO8601.date(from: String(text)) else {
            throw CRMError.invalidField(field: "since", reason: "must be an ISO-8601 timestamp")
        }
        return date
    }
}
