import BenchCore
import CCurl

/// LoadEngine: drives HTTP load through libcurl's multi interface.
public enum LoadEngine {
    /// The libcurl version string this binary runs with.
    public static var curlVersion: String { String(cString: curl_version()) }
}
