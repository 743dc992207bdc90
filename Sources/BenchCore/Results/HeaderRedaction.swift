import Foundation

/// Redacts secret values in "Name: value" header lines before they are written to a result or a report.
///
/// The line-oriented face of `SecretRedactor`: one list of credential header names and one mask for the whole
/// tool, whether the header came from `-H` on the command line or from a scenario.
public enum HeaderRedaction {
    /// "Name: value" with the value replaced by the mask when the name is a credential header (or one of
    /// `extraNames`, lower-cased), else with any of `secretValues` masked inside it.
    public static func redact(_ headerLine: String, extraNames: Set<String> = [], secretValues: [String] = []) -> String {
        guard let colon = headerLine.firstIndex(of: ":") else { return headerLine }
        let name = headerLine[..<colon].trimmingCharacters(in: .whitespaces)
        if SecretRedactor.isRedactedHeader(name) || extraNames.contains(name.lowercased()) {
            return "\(name): \(SecretRedactor.mask)"
        }
        return redactValues(in: headerLine, secretValues: secretValues)
    }

    /// Replaces every occurrence of a secret value in `text` with the mask.
    public static func redactValues(in text: String, secretValues: [String]) -> String {
        SecretRedactor(secretValues: secretValues).redact(text)
    }
}
