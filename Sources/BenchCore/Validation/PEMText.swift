/// Recognizes PEM text (certificates, keys) so that a wrong file given as `--cacert`, `--cert` or `--key` is
/// reported before the run instead of failing every TLS handshake.
public enum PEMText {
    /// Whether `bytes` hold at least one `-----BEGIN …-----` … `-----END …-----` block.
    public static func hasBlock(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let begin = text.range(of: "-----BEGIN ") else { return false }
        return text[begin.upperBound...].contains("-----END ")
    }
}
