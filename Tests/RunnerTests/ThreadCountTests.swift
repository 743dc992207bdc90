import LoadEngine
import Testing
@testable import Runner

/// `--threads`: auto or 1…256, never more threads than connections.
struct ThreadCountTests {
    @Test func parsing() {
        #expect(ThreadCount("auto") == .auto)
        #expect(ThreadCount("4") == .fixed(4))
        for bad in ["0", "257", "-1", "x", "", "1.5", "AUTO"] { #expect(ThreadCount(bad) == nil, "\(bad)") }
    }

    @Test func neverMoreThanTheConnections() {
        #expect(ThreadCount.fixed(8).resolved(connections: 3) == 3)
        #expect(ThreadCount.fixed(2).resolved(connections: 50) == 2)
        #expect(ThreadCount.auto.resolved(connections: 1) == 1)
        #expect(ThreadCount.auto.resolved(connections: 10_000) == min(256, AvailableCores.count))
    }

    @Test func theSettingsUseAutoByDefault() throws {
        var settings = LoadSettings()
        settings.connections = 10_000
        let config = try settings.configuration(client: ClientOptions(), load: nil)
        #expect(config.threads == min(256, AvailableCores.count))
        settings.connections = 1
        #expect(try settings.configuration(client: ClientOptions(), load: nil).threads == 1)
    }
}
