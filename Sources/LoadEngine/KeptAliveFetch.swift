import BenchCore
import CCurl

/// Blocking requests on one libcurl handle kept across calls, so its connection is reused: a reader that sends many
/// requests one after another (the data-quality audit), where ``SimpleFetch`` would set up a handle and a
/// connection for each. One per thread: the handle is not shared.
public final class KeptAliveFetch {
    private let handle: EasyHandle?

    /// A handle with the run's TLS and HTTP/2 settings and this timeout; cookies off.
    public init(client: ClientOptions = ClientOptions(), timeoutMillis: Int = 5_000) {
        var options = client
        options.timeoutMillis = timeoutMillis
        options.cookies = false
        handle = CurlGlobal.ensureInitialized() ? EasyHandle(slot: 0, options: options) : nil
        handle?.enableCapture()
    }

    /// Performs one request and returns its status and body, or a failure naming the libcurl error.
    public func request(_ url: String, method: String = "GET", headers: [String] = []) -> Result<SimpleFetch.Response, SimpleFetch.Failure> {
        guard let handle else { return .failure(SimpleFetch.Failure(message: "libcurl could not create a handle")) }
        handle.resetCapture()
        handle.configure(HTTPRequestSpec(id: -1, endpointIndex: 0, method: method, url: url, headers: headers, body: nil))
        let code = curl_easy_perform(handle.raw)
        guard code == CURLE_OK else {
            return .failure(SimpleFetch.Failure(message: "\(method) \(url): \(String(cString: curl_easy_strerror(code)))"))
        }
        var status = 0
        _ = ccurl_easy_getinfo_long(handle.raw, CURLINFO_RESPONSE_CODE, &status)
        return .success(SimpleFetch.Response(status: status, headers: [], body: handle.body))
    }
}
