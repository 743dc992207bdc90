/// Why a request could not be carried out; mapped to an HTTP status and a JSON body in one place.
public enum CRMError: Error, Equatable, Sendable {
    /// A body or query field is missing, ill-typed or out of range (400).
    case invalidField(field: String, reason: String)
    /// A body field refers to a record that does not exist (400).
    case unknownReference(field: String, id: Int)
    /// The addressed record does not exist (404).
    case notFound
    /// A unique field already holds this value (409).
    case duplicate(field: String)
    /// A status change that the lifecycle does not allow (409).
    case invalidTransition(from: String, to: String)
    /// The body exceeds the size limit (413).
    case bodyTooLarge(limitBytes: Int)
    /// No or wrong bearer token (401).
    case unauthorized
    /// Injected by `--fail-rate` (503).
    case injectedFailure

    /// The field the error is about, if any.
    public var field: String? {
        switch self {
        case .invalidField(let field, _), .unknownReference(let field, _), .duplicate(let field): return field
        case .invalidTransition: return "status"
        case .notFound, .bodyTooLarge, .unauthorized, .injectedFailure: return nil
        }
    }

    /// A one-line explanation for the `error` key of the body.
    public var message: String {
        switch self {
        case .invalidField(let field, let reason): return "\(field): \(reason)"
        case .unknownReference(let field, let id): return "\(field): no record with id \(id)"
        case .notFound: return "not found"
        case .duplicate(let field): return "\(field): already in use"
        case .invalidTransition(let from, let to): return "cannot change status from \(from) to \(to)"
        case .bodyTooLarge(let limitBytes): return "request body larger than \(limitBytes) bytes"
        case .unauthorized: return "missing or invalid bearer token"
        case .injectedFailure: return "injected failure (--fail-rate)"
        }
    }
}
