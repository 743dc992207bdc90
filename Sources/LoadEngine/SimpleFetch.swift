import CCurl

/// One blocking HTTP request outside the load (scraping `/metrics`, a health check before a run).
public enum SimpleFetch {
    /// What came back.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Why nothing came back.
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Performs a GET (or another method) and returns the status and body, or a failure naming the libcurl error.
    /// `client` gives the run's TLS and HTTP/2 settings; its timeout and cookie jar are replaced.
    public static func request(_ url: String, method: String = "GET", headers: [String] = [], body: [UInt8]? = nil,
                               timeoutMillis: Int = 5_000, client: ClientOptions = ClientOptions()) -> Result<Response, Failure> {
        guard CurlGlobal.ensureInitialized() else { return .failure(Failure(message: "libcurl could not be initialized")) }
        var options = client
        options.timeoutMillis = timeoutMillis
        options.cookies = false
        guard let handle = EasyHandle(slot: 0, options: options) else {
            return .failure(Failure(message: "libcurl could not create a handle"))
        }
        handle.enableCapture()
        handle.configure(HTTPRequestSpec(id: -1, endpointIndex: 0, method: method, url: url, headers: headers, body: body))
        let code = curl_easy_perform(handle.raw)
        guard code == CURLE_OK else {
            return .failure(Failure(message: "\(method) \(url): \(String(cString: curl_easy_strerror(code)))"))
        }
        var status = 0
        _ = ccurl_easy_getinfo_long(handle.raw, CURLINFO_RESPONSE_CODE, &status)
        return .success(Response(status: status, headers: ScenarioDriver.parseHeaders(handle.headerLines), body: handle.body))
    }
}
