import CCurl

/// libcurl's process-wide initialization, done exactly once before any worker thread starts.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()

    /// Initializes libcurl if it was not yet; returns false if libcurl could not be initialized.
    @discardableResult
    static func ensureInitialized() -> Bool { initialized }

    /// The libcurl version string.
    static var version: String { String(cString: curl_version()) }
}

/// Facts about the HTTP client library.
public enum HTTPClientInfo {
    /// The libcurl version this binary runs with (e.g. "libcurl/7.88.1 OpenSSL/3.0.15 …").
    public static var curlVersion: String { CurlGlobal.version }

    /// Why `client` will fail against `target` with this libcurl, or nil.
    ///
    /// libcurl before 8.0.0 cannot reuse a cleartext HTTP/2 (prior knowledge) connection: every request after a
    /// connection's first fails with "Error in the HTTP2 framing layer" (curl issue #10634).
    public static func knownProblem(client: ClientOptions, target: String) -> String? {
        guard client.http2, target.lowercased().hasPrefix("http://"),
              let info = curl_version_info(CURLVERSION_TENTH), info.pointee.version_num < 0x08_00_00 else { return nil }
        return "libcurl \(String(cString: info.pointee.version)) cannot reuse cleartext HTTP/2 connections (curl issue "
            + "#10634, fixed in 8.0.0): with --http2 on http:// every request after a connection's first fails; use https"
    }
}
