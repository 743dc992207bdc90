import Foundation

/// Removes secrets from anything that leaves the process: result files, reports, logs.
///
/// `Authorization` (and a few other credential headers) are always redacted by name; the secret values (a
/// scenario's `secrets:` and the environment variables it reads) are redacted wherever they appear, and so are
/// URL passwords (`scheme://user:password@host`).
public struct SecretRedactor: Sendable {
    /// Header names whose values are always replaced, lower-cased.
    public static let redactedHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
    ]
    /// What a redacted value is replaced with.
    public static let mask = "[REDACTED]"

    /// The secret values to look for (empty values are ignored).
    public let secretValues: [String]

    /// Creates a redactor for these secret values.
    public init(secretValues: [String]) {
        // Longest first, so a secret containing another is masked whole.
        self.secretValues = secretValues.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// True when the header's value must never be written.
    public static func isRedactedHeader(_ name: String) -> Bool {
        redactedHeaderNames.contains(name.lowercased())
    }

    /// The headers with credential headers masked and secret values removed from the others.
    public func redact(headers: [(String, String)]) -> [(String, String)] {
        headers.map { name, value in
            (name, SecretRedactor.isRedactedHeader(name) ? SecretRedactor.mask : redact(value))
        }
    }

    /// The text with every secret value and URL password replaced by the mask.
    public func redact(_ text: String) -> String {
        var result = URLRedaction.redact(text)
        for secret in secretValues where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: SecretRedactor.mask)
        }
        return result
    }
}
