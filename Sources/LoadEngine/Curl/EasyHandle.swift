import CCurl
import BenchCore
#if canImport(Glibc)
import Glibc
#endif

/// One libcurl easy handle: one connection slot of a worker, reused request after request.
///
/// Options are set once per distinct request; re-adding the handle to the multi handle reuses its keep-alive
/// connection. The response body and headers are captured only when asked (scenarios need them; a plain
/// URL run only counts bytes).
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    /// Index of this slot in its worker.
    let slot: Int
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// The request currently configured, to skip re-setting identical options.
    private(set) var configuredRequest: HTTPRequestSpec?
    /// Captured response body (only when `captureResponse`).
    var body: [UInt8] = []
    /// Captured response header block, raw (only when `captureResponse`).
    var headerLines = ResponseHeaderBlock()
    private(set) var captureResponse = false
    /// Keeps only what a failed response needs (its first 2 KiB of body; headers are read at the end): a URL run.
    private(set) var captureFailures = false
    /// With `captureFailures`: whether this transfer's body is kept (0: not decided yet, 1: kept, 2: not), decided
    /// at its first body byte from the status.
    var failureBodyState: UInt8 = 0
    /// HTTP/2 asked for; how depends on the scheme, so it is set per URL.
    private let http2: Bool
    /// Whether the HTTP version option is currently set for https (nil: not set yet).
    private var http2OverTLS: Bool?
    /// libcurl's message for the last failed transfer (`CURLOPT_ERRORBUFFER`); read only after a failure.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The errno of the last `socket()` that failed for this handle (0: the last one succeeded). libcurl 7.88
    /// reports a socket it could not open as CURLE_COULDNT_CONNECT without an errno.
    var socketErrno: Int32 = 0
    /// Called with each connection socket opened for this handle (the epoll loop tracks descriptor lifetimes).
    var socketOpened: ((Int32) -> Void)?

    init?(slot: Int, options: ClientOptions) {
        guard let handle = curl_easy_init() else { return nil }
        raw = handle
        self.slot = slot
        http2 = options.http2
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        applyStaticOptions(options)
    }

    deinit {
        curl_easy_cleanup(raw)
        if let list = headerList { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    /// libcurl's message for the transfer that just failed, or its generic text for `code` when it wrote none.
    func errorMessage(code: CURLcode) -> String {
        errorBuffer.pointee != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
    }

    private func applyStaticOptions(_ options: ClientOptions) {
        _ = ccurl_easy_setopt_long(raw, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_easy_setopt_long(raw, CURLOPT_TIMEOUT_MS, options.timeoutMillis)
        _ = ccurl_easy_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, min(options.timeoutMillis, options.connectTimeoutMillis))
        _ = ccurl_easy_setopt_string(raw, CURLOPT_PROXY, options.proxy ?? "")
        _ = ccurl_easy_setopt_long(raw, CURLOPT_TCP_NODELAY, 1)
        _ = ccurl_easy_setopt_string(raw, CURLOPT_ACCEPT_ENCODING, nil)
        if options.cookies { _ = ccurl_easy_setopt_string(raw, CURLOPT_COOKIEFILE, "") }
        if !options.http2 { _ = ccurl_easy_setopt_long(raw, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1) }
        // With a stream limit, a request waits for a free stream on an open connection rather than opening one.
        if options.http2, options.streamsPerConnection != nil { _ = ccurl_easy_setopt_long(raw, CURLOPT_PIPEWAIT, 1) }
        if options.insecure {
            _ = ccurl_easy_setopt_long(raw, CURLOPT_SSL_VERIFYPEER, 0)
            _ = ccurl_easy_setopt_long(raw, CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let cert = options.clientCertPath { _ = ccurl_easy_setopt_string(raw, CURLOPT_SSLCERT, cert) }
        if let key = options.clientKeyPath { _ = ccurl_easy_setopt_string(raw, CURLOPT_SSLKEY, key) }
        if let ca = options.caPath { _ = ccurl_easy_setopt_string(raw, CURLOPT_CAINFO, ca) }
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_PRIVATE, Unmanaged.passUnretained(self).toOpaque())
        // libcurl empties the buffer when a transfer starts and writes into it only when something fails.
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        #if os(Linux)
        _ = ccurl_easy_setopt_opensocket_callback(raw, easyOpenSocketCallback)
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_OPENSOCKETDATA, Unmanaged.passUnretained(self).toOpaque())
        #endif
        // Without WRITEDATA the write callback only counts: no body is kept on a plain URL run.
        // (libcurl's default WRITEDATA is stdout: it must be cleared explicitly.)
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_WRITEDATA, nil)
        _ = ccurl_easy_setopt_data_callback(raw, CURLOPT_WRITEFUNCTION, easyWriteCallback)
    }

    /// Keeps response bodies and headers from now on (scenarios extract from them and check them).
    func enableCapture() {
        captureResponse = true
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_WRITEDATA, Unmanaged.passUnretained(self).toOpaque())
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_HEADERDATA, Unmanaged.passUnretained(self).toOpaque())
        _ = ccurl_easy_setopt_data_callback(raw, CURLOPT_HEADERFUNCTION, easyHeaderCallback)
    }

    /// Keeps the first `FailureTally.maxBodyBytes` of the bodies of responses with status >= 400 from now on; their
    /// headers are read when they end (`receivedHeaders`). A successful response costs one status read.
    func enableFailureCapture() {
        guard !captureResponse else { return }
        captureFailures = true
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_WRITEDATA, Unmanaged.passUnretained(self).toOpaque())
    }

    /// The header block of the last response as libcurl kept it (its header API), status line first.
    func receivedHeaders(status: Int) -> ResponseHeaderBlock {
        var block = ResponseHeaderBlock()
        block.appendLine("HTTP \(status)")
        var previous: UnsafeMutablePointer<curl_header>?
        while let header = curl_easy_nextheader(raw, UInt32(CURLH_HEADER), -1, previous) {
            block.appendLine(String(cString: header.pointee.name) + ": " + String(cString: header.pointee.value))
            previous = header
        }
        return block
    }

    /// Sets the options for `request` unless they are already set.
    func configure(_ request: HTTPRequestSpec) {
        if request.id >= 0, let current = configuredRequest, current.id == request.id { return }
        _ = ccurl_easy_setopt_string(raw, CURLOPT_URL, request.url)
        if http2 { useHTTP2(overTLS: request.url.utf8.starts(with: "https:".utf8)) }
        // Scenario requests are rendered anew each time but their headers rarely change: keep the list then.
        if headerList == nil || configuredRequest?.headers != request.headers {
            if let list = headerList { curl_slist_free_all(list) }
            headerList = nil
            for header in request.headers { headerList = curl_slist_append(headerList, header) }
            // The default User-Agent goes in the list, not CURLOPT_USERAGENT: libcurl formats that option anew
            // for every request (an aprintf, a malloc and a free), about 4 % of its time per request here.
            if !request.headers.contains(where: Self.namesUserAgent) {
                headerList = curl_slist_append(headerList, Self.defaultUserAgentLine)
            }
            // Without this libcurl adds "Expect: 100-continue" to larger POST bodies and waits for it.
            headerList = curl_slist_append(headerList, "Expect:")
            _ = ccurl_easy_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList)
        }
        switch request.method {
        case "GET":
            _ = ccurl_easy_setopt_string(raw, CURLOPT_CUSTOMREQUEST, nil)
            _ = ccurl_easy_setopt_long(raw, CURLOPT_HTTPGET, 1)
        case "HEAD":
            _ = ccurl_easy_setopt_string(raw, CURLOPT_CUSTOMREQUEST, nil)
            _ = ccurl_easy_setopt_long(raw, CURLOPT_NOBODY, 1)
        default:
            _ = ccurl_easy_setopt_long(raw, CURLOPT_NOBODY, 0)
            if let body = request.body {
                _ = ccurl_easy_setopt_long(raw, CURLOPT_POSTFIELDSIZE, body.count)
                body.withUnsafeBufferPointer { buffer in
                    _ = ccurl_easy_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS,
                                                  UnsafeMutableRawPointer(mutating: buffer.baseAddress))
                }
                if body.isEmpty { _ = ccurl_easy_setopt_string(raw, CURLOPT_COPYPOSTFIELDS, "") }
            } else {
                _ = ccurl_easy_setopt_long(raw, CURLOPT_HTTPGET, 1)
            }
            _ = ccurl_easy_setopt_string(raw, CURLOPT_CUSTOMREQUEST, request.method)
        }
        configuredRequest = request
    }

    /// HTTP/2 over TLS is negotiated by ALPN, falling back to HTTP/1.1 when the server does not offer h2 (prior
    /// knowledge there would send HTTP/2 to a server that may not speak it); cleartext HTTP/2 needs prior knowledge
    /// (h2c, no Upgrade).
    private func useHTTP2(overTLS: Bool) {
        guard http2OverTLS != overTLS else { return }
        http2OverTLS = overTLS
        _ = ccurl_easy_setopt_long(raw, CURLOPT_HTTP_VERSION,
                                   overTLS ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE)
    }

    /// The User-Agent sent unless the request names its own.
    static let defaultUserAgentLine = "User-Agent: crmbench/\(BenchCore.toolVersion)"

    /// Whether a header line ("Name: value", "Name;", or "Name:" to remove it) is a User-Agent, in any case.
    static func namesUserAgent(_ line: String) -> Bool {
        let name = line.utf8.prefix { $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: ";") }
        return name.count == 10 && String(decoding: name, as: UTF8.self).lowercased() == "user-agent"
    }

    /// The header lines currently handed to libcurl, in order (for tests and diagnostics).
    var configuredHeaderLines: [String] {
        var lines: [String] = []
        var node = headerList
        while let current = node {
            if let data = current.pointee.data { lines.append(String(cString: data)) }
            node = current.pointee.next
        }
        return lines
    }

    /// The smallest buffers libcurl allows, for runs with thousands of connections: receive 1 KiB (default
    /// 16 KiB); send 16 KiB (default 64 KiB, taken for TLS and request bodies).
    func useSmallBuffers() {
        _ = ccurl_easy_setopt_long(raw, CURLOPT_BUFFERSIZE, 1_024)
        _ = ccurl_easy_setopt_long(raw, CURLOPT_UPLOAD_BUFFERSIZE, 16_384)
    }

    /// Clears the captured response before the next transfer.
    @inline(__always)
    func resetCapture() {
        if captureResponse {
            body.removeAll(keepingCapacity: true)
            headerLines.removeAll()
        } else if captureFailures {
            body.removeAll(keepingCapacity: true)
            failureBodyState = 0
        }
    }
}

private func easyWriteCallback(_ ptr: UnsafeMutablePointer<CChar>?, _ size: Int, _ nmemb: Int,
                               _ userdata: UnsafeMutableRawPointer?) -> Int {
    let length = size * nmemb
    guard let userdata, let ptr else { return length }
    let handle = Unmanaged<EasyHandle>.fromOpaque(userdata).takeUnretainedValue()
    if handle.captureResponse, handle.body.count < EasyHandle.maxCapturedBodyBytes {
        ptr.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            handle.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
        }
    } else if handle.captureFailures {
        if handle.failureBodyState == 0 {
            var status = 0
            _ = ccurl_easy_getinfo_long(handle.raw, CURLINFO_RESPONSE_CODE, &status)
            handle.failureBodyState = status >= 400 ? 1 : 2
        }
        let room = FailureTally.maxBodyBytes - handle.body.count
        if handle.failureBodyState == 1, room > 0 {
            ptr.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                handle.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: min(length, room)))
            }
        }
    }
    return length
}

private func easyHeaderCallback(_ ptr: UnsafeMutablePointer<CChar>?, _ size: Int, _ nmemb: Int,
                                _ userdata: UnsafeMutableRawPointer?) -> Int {
    let length = size * nmemb
    guard let userdata, let ptr else { return length }
    let handle = Unmanaged<EasyHandle>.fromOpaque(userdata).takeUnretainedValue()
    if handle.captureResponse {
        ptr.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            handle.headerLines.append(line: UnsafeBufferPointer(start: bytes, count: length))
        }
    }
    return length
}

#if os(Linux)
/// Opens a connection socket for libcurl, keeping the errno when that fails (once per connection, not per request).
private func easyOpenSocketCallback(_ clientp: UnsafeMutableRawPointer?, _ purpose: curlsocktype,
                                    _ address: UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t {
    guard let address else { return -1 }
    let fd = ccurl_open_socket(address)
    let failure = fd < 0 ? errno : 0
    if let clientp {
        let handle = Unmanaged<EasyHandle>.fromOpaque(clientp).takeUnretainedValue()
        handle.socketErrno = failure
        if fd >= 0 { handle.socketOpened?(fd) }
    }
    return fd
}
#endif

extension EasyHandle {
    /// Bodies larger than this are counted but not kept (extraction sees the first 8 MiB).
    static let maxCapturedBodyBytes = 8 << 20
}
