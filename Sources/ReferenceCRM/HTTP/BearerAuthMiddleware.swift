import Hummingbird

/// Answers 401 unless the request carries `Authorization: Bearer <token>`.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = CRMRequestContext

    let expectedHeader: [UInt8]

    init(token: String) {
        expectedHeader = Array("Bearer \(token)".utf8)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], Self.constantTimeEqual(Array(header.utf8), expectedHeader)
        else { throw CRMError.unauthorized }
        return try await next(request, context)
    }

    /// Compares without an early exit, so response timing does not reveal how much of a guess was right.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
