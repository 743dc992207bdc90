import CCurl
import BenchCore
#if canImport(Glibc)
import Glibc
#endif

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

    /// How many connections libcurl opened for this transfer (0: it reused one, or multiplexed on one).
    @inline(__always)
    static func connectionsOpened(_ easy: UnsafeMutableRawPointer) -> UInt64 {
        var count = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &count)
        return UInt64(max(count, 0))
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

    /// The error kind of a transfer, from libcurl's result code, the HTTP status and, for a failure, what else
    /// it left behind.
    static func classify(code: CURLcode, status: Int, connected: Bool, facts: FailureFacts = FailureFacts()) -> ErrorKind? {
        switch code {
        case CURLE_OK: return ErrorKind.forStatus(status)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            // The threaded resolver could not start its thread or open its socket pair: the generator ran out.
            return facts.message.contains("thread failed to start") ? .localResources : .dns
        case CURLE_URL_MALFORMAT:
            // Without a UTF-8 locale libidn2 cannot convert an international name: it could not be looked up.
            return facts.internationalHost ? .dns : .other
        case CURLE_COULDNT_CONNECT:
            // libcurl 7.88 gives no errno when socket() failed: the handle kept it.
            let local = isLocalShortage(facts.osErrno) || (facts.osErrno == 0 && isLocalShortage(facts.socketErrno))
            return local ? .localResources : .connectRefused
        case CURLE_OUT_OF_MEMORY:
            // libcurl 7.88 reports a response header line over its 100 KB limit as out of memory; once the request
            // is out, that is what it is.
            return facts.requestSent ? .protocol : .localResources
        case CURLE_FAILED_INIT: return .localResources
        case CURLE_OPERATION_TIMEDOUT: return connected ? .timeout : .connectTimeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_SEND_ERROR: return .send
        // Chunked-encoding errors come as CURLE_RECV_ERROR too: told apart from a reset only by libcurl's wording.
        case CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .receive
        case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING: return .protocol
        case CURLE_UNSUPPORTED_PROTOCOL:
            // After connecting: a reply without a valid status line (HTTP/0.9, garbage, a bad version or code).
            // Before: the URL's scheme.
            return connected || facts.requestSent ? .protocol : .other
        default: return .other
        }
    }

    /// Errnos that mean the generator ran out of something (descriptors, buffers, memory, local ports).
    static func isLocalShortage(_ errno: Int32) -> Bool {
        errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM || errno == EADDRNOTAVAIL
    }

    /// What a failed transfer left behind, read from libcurl and the handle. Only for failures: reading libcurl's
    /// message costs a string.
    static func failureFacts(_ easy: UnsafeMutableRawPointer, handle: EasyHandle, code: CURLcode,
                             requestSent: Bool) -> FailureFacts {
        var facts = FailureFacts(requestSent: requestSent)
        if code == CURLE_COULDNT_CONNECT {
            var osErrno = 0
            _ = ccurl_easy_getinfo_long(easy, CURLINFO_OS_ERRNO, &osErrno)
            facts.osErrno = Int32(truncatingIfNeeded: osErrno)
            facts.socketErrno = handle.socketErrno
        }
        if code == CURLE_COULDNT_RESOLVE_HOST || handle.captureResponse { facts.message = handle.errorMessage(code: code) }
        if code == CURLE_URL_MALFORMAT, let url = handle.configuredRequest?.url { facts.internationalHost = hasInternationalHost(url) }
        return facts
    }

    /// Whether the URL's host has bytes outside ASCII, written as they are or percent-encoded.
    static func hasInternationalHost(_ url: String) -> Bool {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        return host.utf8.contains { $0 >= 0x80 || $0 == UInt8(ascii: "%") }
    }

    /// The failure as a failure sample shows it: libcurl's own message, made plainer where libcurl's is
    /// misleading. `status` is what libcurl read (an invalid one is why a successful transfer failed).
    static func failureText(code: CURLcode, status: Int, facts: FailureFacts) -> String {
        switch code {
        case CURLE_OK:
            return "invalid HTTP status \(status) (outside 100-599)"
        case CURLE_URL_MALFORMAT where facts.internationalHost:
            return "could not resolve host: its international name could not be converted for lookup (\(facts.message))"
        case CURLE_COULDNT_CONNECT where facts.osErrno == 0 && isLocalShortage(facts.socketErrno):
            return "could not open a socket: \(errnoText(facts.socketErrno))"
        case CURLE_COULDNT_CONNECT where isLocalShortage(facts.osErrno):
            return "\(facts.message): \(errnoText(facts.osErrno))"
        case CURLE_OUT_OF_MEMORY where facts.requestSent:
            return "response header too large (libcurl 7.88 reports a header line over 100 KB as: \(facts.message))"
        default:
            return facts.message
        }
    }

    private static func errnoText(_ value: Int32) -> String {
        guard let text = strerror(value) else { return "errno \(value)" }
        return String(cString: text)
    }
}

/// What a failed transfer left behind beyond its result code.
struct FailureFacts: Equatable, Sendable {
    /// `CURLINFO_OS_ERRNO` (0: none recorded).
    var osErrno: Int32 = 0
    /// The errno of the `socket()` call that failed while libcurl opened this handle's connection (0: none).
    var socketErrno: Int32 = 0
    /// Whether any of the request was sent.
    var requestSent = false
    /// libcurl's error message (empty when not read).
    var message = ""
    /// Whether the URL's host name has characters outside ASCII.
    var internationalHost = false
}
