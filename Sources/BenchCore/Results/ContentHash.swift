import Foundation

/// A stable fingerprint of what was run (FNV-1a, 64 bit, hex), so that `compare` can tell whether two runs
/// ran the same thing. Not a security hash.
public enum ContentHash {
    public static func fnv1a(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0xFF
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Redacts secret header values before anything is written to a result or a report.
public enum HeaderRedaction {
    /// Headers whose values are always redacted.
    public static let alwaysRedacted: Set<String> = ["authorization", "proxy-authorization", "cookie", "x-api-key"]

    /// "Name: value" with the value replaced by `[redacted]` when the name is secret or the value contains one of
    /// `secretValues`.
    public static func redact(_ headerLine: String, extraNames: Set<String> = [], secretValues: [String] = []) -> String {
        guard let colon = headerLine.firstIndex(of: ":") else { return headerLine }
        let name = headerLine[..<colon].trimmingSpaces()
        let lower = name.lowercased()
        if alwaysRedacted.contains(lower) || extraNames.contains(lower) { return "\(name): [redacted]" }
        return redactValues(in: headerLine, secretValues: secretValues)
    }

    /// Replaces every occurrence of a secret value in `text`.
    public static func redactValues(in text: String, secretValues: [String]) -> String {
        var result = text
        for secret in secretValues where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return result
    }
}

extension Substring {
    func trimmingSpaces() -> String { trimmingCharacters(in: .whitespaces) }
}
