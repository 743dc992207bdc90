import CCurl

/// A libcurl multi handle: drives all of one worker's transfers on its thread.
final class MultiHandle {
    let raw: UnsafeMutableRawPointer
    private var closed = false

    /// - Parameters:
    ///   - maxConnections: the slots this handle drives (one connection each over HTTP/1.1).
    ///   - streams: HTTP/2 only: requests per connection; the handle then keeps `⌈maxConnections / streams⌉`
    ///     connections per host.
    init?(maxConnections: Int, http2: Bool, streams: Int? = nil) {
        guard let handle = curl_multi_init() else { return nil }
        raw = handle
        let slots = max(maxConnections, 1)
        // HTTP/1.1: one request per connection at a time; HTTP/2: multiplex streams.
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_PIPELINING, http2 ? Int(CURLPIPE_MULTIPLEX) : Int(CURLPIPE_NOTHING))
        if http2, let streams, streams > 0 {
            let connections = Self.connections(slots: slots, streams: streams)
            _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_CONCURRENT_STREAMS, streams)
            _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_HOST_CONNECTIONS, connections)
            _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, connections)
        } else {
            _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, slots)
        }
    }

    /// The connections `slots` concurrent requests need at `streams` per connection.
    static func connections(slots: Int, streams: Int) -> Int { max(1, (max(slots, 1) + streams - 1) / streams) }

    deinit { close() }

    /// Closes every connection and frees the handle; the handle must not be used afterwards. The easy
    /// handles must have been removed. Callbacks set on the handle or its connections run during this.
    func close() {
        guard !closed else { return }
        closed = true
        curl_multi_cleanup(raw)
    }

    @inline(__always) func add(_ easy: EasyHandle) -> Bool { curl_multi_add_handle(raw, easy.raw) == CURLM_OK }
    @inline(__always) func remove(_ easy: EasyHandle) { _ = curl_multi_remove_handle(raw, easy.raw) }

    /// Runs transfers that are ready; returns how many are still running.
    @inline(__always) func perform() -> Int32 {
        var running: Int32 = 0
        _ = curl_multi_perform(raw, &running)
        return running
    }

    /// Waits for socket activity, the extra descriptor, or the timeout.
    @inline(__always) func poll(extraFD: Int32, timeoutMillis: Int32) {
        var numfds: Int32 = 0
        if extraFD >= 0 {
            var wait = curl_waitfd(fd: extraFD, events: Int16(CURL_WAIT_POLLIN), revents: 0)
            _ = curl_multi_poll(raw, &wait, 1, timeoutMillis, &numfds)
        } else {
            _ = curl_multi_poll(raw, nil, 0, timeoutMillis, &numfds)
        }
    }

    /// Calls `body` for each finished transfer with its easy handle pointer and result code.
    @inline(__always) func drainCompleted(_ body: (UnsafeMutableRawPointer, CURLcode) -> Void) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(raw, &remaining) {
            guard ccurl_msg_is_done(message) != 0, let easy = ccurl_msg_easy(message) else { continue }
            body(easy, ccurl_msg_result(message))
        }
    }
}
