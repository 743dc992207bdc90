import CCurl
import BenchCore

/// Reads what libcurl measured of one finished transfer, and classifies its failure.
enum TransferInfo {
    /// The status, phases, byte counts and HTTP version of a finished transfer.
    @inline(__always)
    static func read(_ easy: UnsafeMutableRawPointer)
        -> (status: Int, phases: PhaseTimes, sent: UInt64, received: UInt64, connectMicros: UInt64, httpVersion: HTTPVersion) {
        var status = 0, version = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        var dns: curl_off_t = 0, connect: curl_off_t = 0, app: curl_off_t = 0
        var pre: curl_off_t = 0, start: curl_off_t = 0, total: curl_off_t = 0
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_NAMELOOKUP_TIME_T, &dns)
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_CONNECT_TIME_T, &connect)
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_APPCONNECT_TIME_T, &app)
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_PRETRANSFER_TIME_T, &pre)
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_STARTTRANSFER_TIME_T, &start)
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_TOTAL_TIME_T, &total)
        var headerSize = 0, requestSize = 0
        var down: curl_off_t = 0, up: curl_off_t = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_HEADER_SIZE, &headerSize)
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_SIZE_DOWNLOAD_T, &down)
        _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_SIZE_UPLOAD_T, &up)
        let phases = PhaseTimes(cumulativeDNS: UInt64(max(dns, 0)), connect: UInt64(max(connect, 0)),
                                appConnect: UInt64(max(app, 0)), preTransfer: UInt64(max(pre, 0)),
                                startTransfer: UInt64(max(start, 0)), total: UInt64(max(total, 0)))
        return (status, phases, UInt64(max(requestSize, 0)) + UInt64(max(up, 0)),
                UInt64(max(headerSize, 0)) + UInt64(max(down, 0)), UInt64(max(connect, 0)),
                status > 0 ? httpVersion(curl: version) : .noResponse)
    }

    /// The version libcurl reports in `CURLINFO_HTTP_VERSION` (0 when it has none).
    static func httpVersion(curl value: Int) -> HTTPVersion {
        switch value {
        case CURL_HTTP_VERSION_1_0: return .http1_0
        case CURL_HTTP_VERSION_1_1: return .http1_1
        case CURL_HTTP_VERSION_2_0: return .http2
        case CURL_HTTP_VERSION_3: return .http3
        default: return .noResponse
        }
    }

    /// The error kind of a transfer, from libcurl's result code and the HTTP status.
    static func classify(code: CURLcode, status: Int, connected: Bool) -> ErrorKind? {
        switch code {
        case CURLE_OK: return ErrorKind.forStatus(status)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .dns
        case CURLE_COULDNT_CONNECT: return .connectRefused
        case CURLE_OPERATION_TIMEDOUT: return connected ? .timeout : .connectTimeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_SEND_ERROR: return .send
        case CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM,
             CURLE_WEIRD_SERVER_REPLY:
            return .receive
        default: return .other
        }
    }
}
