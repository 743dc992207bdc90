import BenchCore
import Testing

/// Command-line values that used to crash or run a load that could measure nothing.
@Suite struct InputValidationTests {
    @Test(arguments: [Double.nan, .infinity, -.infinity, 0, -10, 1e300, 10_000_001])
    func badRatesAreRefused(rate: Double) {
        #expect(InputLimits.rateProblem(rate, option: "--rate") != nil)
    }

    @Test(arguments: [0.5, 1, 2_000, 10_000_000])
    func goodRatesPass(rate: Double) {
        #expect(InputLimits.rateProblem(rate, option: "--rate") == nil)
    }

    @Test(arguments: [0, -3, 100_001, Int.max])
    func badCountsAreRefused(count: Int) {
        #expect(InputLimits.countProblem(count, option: "-c") != nil)
    }

    @Test(arguments: [
        ("-5s", "must be positive"), ("0s", "must be positive"), ("soon", "is not a duration"),
        ("200h", "at most 7 days"), ("1e300s", "is not a duration"),
    ])
    func badDurationsSayWhy(text: String, expected: String) {
        #expect(InputLimits.durationProblem(text, option: "-d")?.contains(expected) == true)
    }

    @Test func goodDurationsPass() {
        #expect(InputLimits.durationProblem("1s", option: "-d") == nil)
        #expect(InputLimits.durationProblem("7d", option: "-d") != nil)
        #expect(InputLimits.durationProblem("168h", option: "-d") == nil)
    }

    @Test(arguments: [
        ("1.5", "whole numbers"), ("1,,2", "empty item"), ("2,1", "strictly increasing"), ("1,1", "strictly increasing"),
        ("0,1", "between 1"), ("", "empty item"), ("1,2,", "empty item"), ("x", "whole numbers"),
    ])
    func badVirtualUserLevelsSayWhy(text: String, expected: String) {
        guard case .failure(let problem) = InputLimits.levels(text, integers: true, option: "--vus") else {
            Issue.record("'\(text)' was accepted")
            return
        }
        #expect(problem.description.contains(expected))
    }

    @Test func levelsParse() throws {
        #expect(try InputLimits.levels("1, 2,4", integers: true, option: "--vus").get() == [1, 2, 4])
        #expect(try InputLimits.levels("50,100.5", integers: false, option: "--rates").get() == [50, 100.5])
        #expect((try? InputLimits.levels("1e300", integers: false, option: "--rates").get()) == nil)
        #expect((try? InputLimits.levels("nan", integers: false, option: "--rates").get()) == nil)
    }

    @Test(arguments: [
        ("http://127.0.0.1:99999/", "port"), ("http://", "no host"), ("http:///x", "no host"), ("ftp://x", "http://"),
        ("127.0.0.1:8080", "http://"), ("http://127.0.0.1:0/", "port"), ("http://h:x/", "port"), ("http://h:/", "port"),
        ("http://a b/", "spaces"), ("http://[::1/", "IPv6"),
    ])
    func badURLsSayWhy(url: String, expected: String) {
        #expect(TargetURL.problem(url, option: "--url")?.contains(expected) == true, "\(url)")
    }

    @Test(arguments: ["http://127.0.0.1:8080/healthz", "https://crm.example.internal", "http://[::1]:80/x?y=1",
                      "HTTP://user:pw@host:65535/a#b", "http://host?x"])
    func goodURLsPass(url: String) {
        #expect(TargetURL.problem(url, option: "--url") == nil)
    }

    @Test func proxies() {
        #expect(TargetURL.proxyProblem("not a proxy") != nil)
        #expect(TargetURL.proxyProblem("gopher://p:1") != nil)
        #expect(TargetURL.proxyProblem("http://p:99999") != nil)
        #expect(TargetURL.proxyProblem("http://127.0.0.1:3128") == nil)
        #expect(TargetURL.proxyProblem("socks5h://127.0.0.1:1080") == nil)
        #expect(TargetURL.proxyProblem("proxy.internal:3128") == nil)
    }

    @Test func pemBlocks() {
        #expect(PEMText.hasBlock(Array("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8)))
        #expect(!PEMText.hasBlock(Array("hello".utf8)))
        #expect(!PEMText.hasBlock(Array("-----BEGIN CERTIFICATE-----\nMIIB".utf8)))
        #expect(!PEMText.hasBlock([0x30, 0x82, 0x01]))
    }
}
