import Testing
@testable import LoadEngine

@Test func curlVersionIsReported() {
    #expect(LoadEngine.curlVersion.contains("libcurl"))
}
