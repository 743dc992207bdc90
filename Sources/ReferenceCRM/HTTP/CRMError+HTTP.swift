import Foundation
import Hummingbird

extension CRMError: HTTPResponseError {
    /// The HTTP status each error maps to.
    public var status: HTTPResponse.Status {
        switch self {
        case .invalidField, .unknownReference: return .badRequest
        case .notFound: return .notFound
        case .duplicate, .invalidTransition: return .conflict
        case .bodyTooLarge: return .contentTooLarge
        case .unauthorized: return .unauthorized
        case .injectedFailure: return .serviceUnavailable
        }
    }

    /// `{"error": message, "field": field-or-null}` with the mapped status.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONBody.response(ErrorBody(error: message, field: field), status: status)
        if self == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}

/// The JSON body of every error response.
public struct ErrorBody: Codable, Sendable, Equatable {
    /// What went wrong.
    public var error: String
    /// The request field at fault, or null.
    public var field: String?

    private enum CodingKeys: String, CodingKey { case error, field }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(error, forKey: .error)
        try container.encode(field, forKey: .field)
    }
}
