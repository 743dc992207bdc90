import Testing
@testable import ReferenceCRM

/// The bearer token check answers the same way whatever the guess: right or wrong, short or long.
@Suite("Token comparison")
struct TokenComparisonTests {
    static let expected = Array("Bearer s3cret-token".utf8)

    @Test("only the exact token matches", arguments: [
        ("Bearer s3cret-token", true),
        ("Bearer s3cret-tokem", false),   // wrong last byte
        ("Xearer s3cret-token", false),   // wrong first byte
        ("Bearer s3cret", false),         // a prefix
        ("Bearer s3cret-token-and-more", false),  // longer, starting with the token
        ("Bearer s3cret-tokenBearer s3cret-token", false),  // the token twice: read cyclically, still longer
        ("B", false),
        ("", false),
    ])
    func comparison(guess: String, matches: Bool) {
        #expect(BearerAuthMiddleware.constantTimeEqual(Array(guess.utf8), Self.expected) == matches)
    }

    /// A guess that repeats a short pattern matching a periodic token must still differ by length.
    @Test("a guess whose repetition covers the token is not equal")
    func periodicGuess() {
        let token = Array("abababab".utf8)
        #expect(!BearerAuthMiddleware.constantTimeEqual(Array("ab".utf8), token))
        #expect(!BearerAuthMiddleware.constantTimeEqual(Array("abab".utf8), token))
        #expect(BearerAuthMiddleware.constantTimeEqual(token, token))
    }
}
