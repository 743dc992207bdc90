import BenchCore
import CCurl
#if canImport(Glibc)
import Glibc
#endif
@testable import LoadEngine
import Testing

/// How a finished transfer's result code, status and leftovers become an error kind, without a network.
@Suite struct TransferClassificationTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var what: String
        var code: CURLcode
        var status = 0
        var connected = false
        var facts = FailureFacts()
        var expected: ErrorKind?
        var testDescription: String { what }
    }

    static let rows: [Row] = [
        Row(what: "200 is a success", code: CURLE_OK, status: 200, connected: true, expected: nil),
        Row(what: "100 is not an error", code: CURLE_OK, status: 100, connected: true, expected: nil),
        Row(what: "404 is http4xx", code: CURLE_OK, status: 404, connected: true, expected: .http4xx),
        Row(what: "599 is http5xx", code: CURLE_OK, status: 599, connected: true, expected: .http5xx),
        Row(what: "600 is not HTTP", code: CURLE_OK, status: 600, connected: true, expected: .protocol),
        Row(what: "999 is not HTTP", code: CURLE_OK, status: 999, connected: true, expected: .protocol),
        Row(what: "99 is not HTTP", code: CURLE_OK, status: 99, connected: true, expected: .protocol),
        Row(what: "refused with ECONNREFUSED", code: CURLE_COULDNT_CONNECT, facts: FailureFacts(osErrno: ECONNREFUSED),
            expected: .connectRefused),
        Row(what: "socket() failed with EMFILE (libcurl 7.88 reports no errno)", code: CURLE_COULDNT_CONNECT,
            facts: FailureFacts(socketErrno: EMFILE), expected: .localResources),
        Row(what: "socket() failed with ENFILE", code: CURLE_COULDNT_CONNECT, facts: FailureFacts(socketErrno: ENFILE),
            expected: .localResources),
        Row(what: "no local port left", code: CURLE_COULDNT_CONNECT, facts: FailureFacts(osErrno: EADDRNOTAVAIL),
            expected: .localResources),
        Row(what: "an IPv6 socket refused but the connect was refused too", code: CURLE_COULDNT_CONNECT,
            facts: FailureFacts(osErrno: ECONNREFUSED, socketErrno: EAFNOSUPPORT), expected: .connectRefused),
        Row(what: "no errno at all stays refused", code: CURLE_COULDNT_CONNECT, expected: .connectRefused),
        Row(what: "out of memory before sending", code: CURLE_OUT_OF_MEMORY, expected: .localResources),
        Row(what: "out of memory after sending: a header line over 100 KB", code: CURLE_OUT_OF_MEMORY, status: 200,
            connected: true, facts: FailureFacts(requestSent: true), expected: .protocol),
        Row(what: "libcurl could not set up the transfer", code: CURLE_FAILED_INIT, expected: .localResources),
        Row(what: "a name that does not resolve", code: CURLE_COULDNT_RESOLVE_HOST,
            facts: FailureFacts(message: "Could not resolve host: nowhere.invalid"), expected: .dns),
        Row(what: "the resolver thread could not start", code: CURLE_COULDNT_RESOLVE_HOST,
            facts: FailureFacts(message: "getaddrinfo() thread failed to start"), expected: .localResources),
        Row(what: "an international name that could not be converted", code: CURLE_URL_MALFORMAT,
            facts: FailureFacts(internationalHost: true), expected: .dns),
        Row(what: "a malformed URL otherwise", code: CURLE_URL_MALFORMAT, expected: .other),
        Row(what: "a reply without a status line", code: CURLE_UNSUPPORTED_PROTOCOL, connected: true,
            facts: FailureFacts(requestSent: true), expected: .protocol),
        Row(what: "a scheme libcurl does not speak", code: CURLE_UNSUPPORTED_PROTOCOL, expected: .other),
        Row(what: "a header without a colon", code: CURLE_WEIRD_SERVER_REPLY, connected: true, expected: .protocol),
        Row(what: "a reset", code: CURLE_RECV_ERROR, connected: true, expected: .receive),
        Row(what: "a short body", code: CURLE_PARTIAL_FILE, status: 200, connected: true, expected: .receive),
        Row(what: "timed out after connecting", code: CURLE_OPERATION_TIMEDOUT, connected: true, expected: .timeout),
        Row(what: "timed out connecting", code: CURLE_OPERATION_TIMEDOUT, expected: .connectTimeout),
    ]

    @Test(arguments: rows)
    func classifies(_ row: Row) {
        #expect(TransferInfo.classify(code: row.code, status: row.status, connected: row.connected, facts: row.facts) == row.expected)
    }

    @Test(arguments: [
        ("http://bücher.invalid/x", true),
        ("http://%e2%98%83.invalid/", true),
        ("http://user:pässword@example.com/x", false),
        ("http://example.com/bücher?q=ü", false),
        ("https://xn--bcher-kva.example:8443/", false),
        ("http://127.0.0.1:8080", false),
    ])
    func findsInternationalHosts(url: String, international: Bool) {
        #expect(TransferInfo.hasInternationalHost(url) == international)
    }

    @Test func failureTextsSayWhatHappened() {
        #expect(TransferInfo.failureText(code: CURLE_OK, status: 999, facts: FailureFacts())
            == "invalid HTTP status 999 (outside 100-599)")
        #expect(TransferInfo.failureText(code: CURLE_COULDNT_CONNECT, status: 0, facts: FailureFacts(socketErrno: EMFILE))
            == "could not open a socket: Too many open files")
        #expect(TransferInfo.failureText(code: CURLE_RECV_ERROR, status: 0,
                                         facts: FailureFacts(message: "Recv failure: Connection reset by peer"))
            == "Recv failure: Connection reset by peer")
        #expect(TransferInfo.failureText(code: CURLE_OUT_OF_MEMORY, status: 200,
                                         facts: FailureFacts(requestSent: true, message: "Out of memory"))
            .hasPrefix("response header too large"))
    }

    @Test func scenarioFailuresCarryLibcurlsWords() {
        let reset = CapturedResponse(status: 0, headerLines: ResponseHeaderBlock(), body: [], error: .receive,
                                     errorText: "Recv failure: Connection reset by peer")
        #expect(ScenarioDriver.transportError(.receive, reset) == "receive: Recv failure: Connection reset by peer")
        #expect(ScenarioDriver.transportError(.timeout, nil) == "timeout")
        #expect(ScenarioDriver.transportError(.http5xx, reset) == nil)
    }

    @Test func existingKindsKeepTheirKeysAndNewOnesComeLast() {
        #expect(ErrorKind.allCases.map(\.rawValue) == [
            "dns", "connectRefused", "connectTimeout", "tls", "send", "receive", "timeout", "http4xx", "http5xx",
            "checkFailed", "other", "localResources", "protocol",
        ])
        for (i, kind) in ErrorKind.allCases.enumerated() { #expect(kind.index == i) }
        #expect(ErrorKind.other < .localResources && .localResources < .protocol)
    }

    @Test func warningNamesTheGeneratorOnlyWhenRequestsFailedLocally() {
        #expect(ErrorKind.localResourcesWarning(failures: 0, openFileLimit: 64) == nil)
        #expect(ErrorKind.localResourcesWarning(failures: 12, openFileLimit: 64)
            == "the generator ran out of file descriptors/ports: 12 requests failed locally (open-file limit 64); "
            + "the figures describe the generator, not the server")
        #expect(ErrorKind.localResourcesWarning(errorsByKind: ["localResources": 1, "dns": 3])
            == "the generator ran out of file descriptors/ports: 1 request failed locally; "
            + "the figures describe the generator, not the server")
    }
}
