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
}
