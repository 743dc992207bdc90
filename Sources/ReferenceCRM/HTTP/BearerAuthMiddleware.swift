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

    /// Compares a guess with the expected bytes in time that depends only on the expected length, never on the
    /// guess: no early exit on the first wrong byte, and none on a length mismatch, which would let a client measure
    /// the token's length by trying guesses of every length. Every expected byte is compared with a guess byte (read
    /// cyclically), and the length difference is folded into the result.
    static func constantTimeEqual(_ guess: [UInt8], _ expected: [UInt8]) -> Bool {
        guard !guess.isEmpty else { return expected.isEmpty }
        var difference = UInt(bitPattern: guess.count ^ expected.count)
        for index in expected.indices {
            difference |= UInt(guess[index % guess.count] ^ expected[index])
        }
        return difference == 0
    }
}
