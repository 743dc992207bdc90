import Foundation
import Testing

/// `serve` failing to start says why, with a documented exit code, instead of a raw NIO or SQLite error.
@Suite struct ServeStartupTests {
    @Test func aPortInUseExits69NamingTheAddress() throws {
        let first = try ServerProcess()
        defer { first.stop() }
        let port = try #require(URL(string: first.baseURL)?.port)
        let result = try CLI.run(["serve", "--port", String(port), "--in-memory", "--token", "t"], timeoutSeconds: 30)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("crmbench serve: cannot listen on 127.0.0.1:\(port): Address already in use"))
    }

    @Test func anUnknownHostExits69() throws {
        let result = try CLI.run(["serve", "--host", "nosuchhost.invalid", "--port", "0", "--in-memory", "--token", "t"],
                                 timeoutSeconds: 30)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("crmbench serve: cannot listen on nosuchhost.invalid:0: the host name cannot be resolved"))
    }

    @Test func aDatabaseThatCannotBeCreatedExits73NamingThePath() throws {
        let path = "/nonexistent-\(UUID().uuidString)/crm.db"
        let result = try CLI.run(["serve", "--port", "0", "--db", path, "--token", "t"], timeoutSeconds: 30)
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("crmbench serve: cannot open or create the database \(path):"))
    }
}
