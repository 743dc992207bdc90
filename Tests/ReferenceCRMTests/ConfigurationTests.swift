import Testing
@testable import ReferenceCRM

@Suite("Serve knobs: parsing and validation")
struct ConfigurationTests {
    @Test("durations accept us, ms and s", arguments: [
        ("0", Duration.zero),
        ("500us", .microseconds(500)),
        ("20ms", .milliseconds(20)),
        ("1.5s", .milliseconds(1500)),
        ("2s", .seconds(2)),
    ])
    func durations(text: String, expected: Duration) throws {
        #expect(try KnobParser.duration(text) == expected)
    }

    @Test("durations without a unit or with a bad number are rejected", arguments: [
        "20", "ms", "-5ms", "fast", "1h", "1..2ms", "",
    ])
    func badDurations(text: String) {
        #expect(throws: KnobParser.ParseError.self) { try KnobParser.duration(text) }
    }

    @Test("latency is a fixed duration or a range")
    func latencyRanges() throws {
        #expect(try KnobParser.durationRange("20ms") == DurationRange(fixed: .milliseconds(20)))
        #expect(try KnobParser.durationRange("10ms..30ms") == DurationRange(lower: .milliseconds(10), upper: .milliseconds(30)))
        #expect(throws: KnobParser.ParseError.self) { try KnobParser.durationRange("10ms..20ms..30ms") }
    }

    @Test("a range samples within its bounds")
    func rangeSampling() {
        var generator = SystemRandomNumberGenerator()
        let range = DurationRange(lower: .milliseconds(10), upper: .milliseconds(30))
        for _ in 0..<1_000 {
            let sample = range.sample(using: &generator)
            #expect(sample >= .milliseconds(10) && sample <= .milliseconds(30))
        }
    }

    @Test("stall is DURATION@PERIOD")
    func stalls() throws {
        #expect(try KnobParser.stall("1s@5s") == StallSchedule(stall: .seconds(1), every: .seconds(5)))
        #expect(throws: KnobParser.ParseError.self) { try KnobParser.stall("1s") }
        #expect(throws: KnobParser.ParseError.self) { try KnobParser.stall("1s@") }
    }

    @Test("cache switch is on or off")
    func cacheSwitch() throws {
        #expect(try KnobParser.onOff("on"))
        #expect(try !KnobParser.onOff("off"))
        #expect(throws: KnobParser.ParseError.self) { try KnobParser.onOff("maybe") }
    }

    @Test("good arguments map onto the configuration")
    func goodArguments() throws {
        var arguments = ServeArguments()
        arguments.port = 8080
        arguments.inMemory = true
        arguments.token = "abc"
        arguments.workers = 2
        arguments.databasePool = 8
        arguments.cache = "on"
        arguments.noIndex = true
        arguments.latency = "10ms..30ms"
        arguments.cpuWork = "2ms"
        arguments.failRate = 0.25
        arguments.stall = "1s@5s"
        let configuration = try arguments.configuration()
        #expect(configuration.port == 8080)
        #expect(configuration.database == .inMemory)
        #expect(configuration.token == "abc")
        #expect(configuration.workerThreads == 2)
        #expect(configuration.databaseReaders == 8)
        #expect(configuration.cacheEnabled)
        #expect(!configuration.secondaryIndexes)
        #expect(configuration.addedLatency == DurationRange(lower: .milliseconds(10), upper: .milliseconds(30)))
        #expect(configuration.cpuWork == .milliseconds(2))
        #expect(configuration.failRate == 0.25)
        #expect(configuration.stall == StallSchedule(stall: .seconds(1), every: .seconds(5)))
    }

    @Test("every bad knob is reported at once, naming its flag")
    func badArgumentsReportEveryProblem() {
        var arguments = ServeArguments()
        arguments.port = 70_000
        arguments.workers = 0
        arguments.databasePool = 0
        arguments.cache = "sometimes"
        arguments.latency = "30ms..10ms"
        arguments.cpuWork = "lots"
        arguments.failRate = 1.5
        arguments.stall = "5s@1s"
        arguments.databasePath = "/tmp/x.sqlite"
        arguments.inMemory = true
        arguments.token = "has space"
        do {
            _ = try arguments.configuration()
            Issue.record("bad arguments were accepted")
        } catch let error as ConfigurationError {
            for flag in ["--port", "--workers", "--db-pool", "--cache", "--latency", "--cpu-work", "--fail-rate",
                         "--stall", "--in-memory", "--token"] {
                #expect(error.problems.contains { $0.contains(flag) }, "no problem reported for \(flag)")
            }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("the default configuration is valid and binds loopback")
    func defaults() throws {
        let configuration = ServerConfiguration()
        try configuration.validate()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.token.count == 32)
        #expect(ServerConfiguration.generateToken() != ServerConfiguration.generateToken())
    }
}
