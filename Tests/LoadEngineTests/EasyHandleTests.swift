import BenchCore
@testable import LoadEngine
import Testing

@Suite("Easy handle options")
struct EasyHandleTests {
    static let userAgent = "User-Agent: crmbench/\(BenchCore.toolVersion)"

    static func spec(_ url: String, _ headers: [String], method: String = "GET") -> HTTPRequestSpec {
        HTTPRequestSpec(id: -1, endpointIndex: 0, method: method, url: url, headers: headers)
    }

    @Test func headerListFollowsEveryChangeOfHeaders() throws {
        CurlGlobal.ensureInitialized()
        let handle = try #require(EasyHandle(slot: 0, options: ClientOptions()))
        handle.configure(Self.spec("http://127.0.0.1:1/a", ["Authorization: Bearer x"]))
        #expect(handle.configuredHeaderLines == ["Authorization: Bearer x", Self.userAgent, "Expect:"])
        // Same headers, new URL: the list is kept as it is.
        handle.configure(Self.spec("http://127.0.0.1:1/b", ["Authorization: Bearer x"]))
        #expect(handle.configuredHeaderLines == ["Authorization: Bearer x", Self.userAgent, "Expect:"])
        handle.configure(Self.spec("http://127.0.0.1:1/b", ["Authorization: Bearer y", "X-Step: 2"]))
        #expect(handle.configuredHeaderLines == ["Authorization: Bearer y", "X-Step: 2", Self.userAgent, "Expect:"])
        handle.configure(Self.spec("http://127.0.0.1:1/c", [], method: "POST"))
        #expect(handle.configuredHeaderLines == [Self.userAgent, "Expect:"])
        handle.configure(Self.spec("http://127.0.0.1:1/c", ["Authorization: Bearer x"]))
        #expect(handle.configuredHeaderLines == ["Authorization: Bearer x", Self.userAgent, "Expect:"])
    }

    @Test func aUserAgentOfTheRequestReplacesTheDefault() throws {
        CurlGlobal.ensureInitialized()
        let handle = try #require(EasyHandle(slot: 0, options: ClientOptions()))
        handle.configure(Self.spec("http://127.0.0.1:1/a", ["user-AGENT: probe/2"]))
        #expect(handle.configuredHeaderLines == ["user-AGENT: probe/2", "Expect:"])
        // "User-Agent:" with no value tells libcurl to send none: the default must not come back either.
        handle.configure(Self.spec("http://127.0.0.1:1/a", ["User-Agent:"]))
        #expect(handle.configuredHeaderLines == ["User-Agent:", "Expect:"])
        handle.configure(Self.spec("http://127.0.0.1:1/a", ["User-Agentx: y"]))
        #expect(handle.configuredHeaderLines == ["User-Agentx: y", Self.userAgent, "Expect:"])
    }
}
