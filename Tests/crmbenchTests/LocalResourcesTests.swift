import Foundation
import Testing

/// A generator that runs out of file descriptors says so: its failures are `localResources`, not the server
/// refusing connections.
@Suite(.serialized, .tags(.timing)) struct LocalResourcesTests {
    @Test(arguments: ["poll", "epoll"])
    func runningOutOfDescriptorsIsLocalResources(eventLoop: String) throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        // Both limits: the engine raises the soft limit to the hard one, so the hard one is what binds. 64
        // descriptors leave room for the runtime and a few dozen of the 300 connections.
        let command = "ulimit -n 64 && exec \"$0\" \"$@\""
        let result = try runShell(command, arguments: [CLI.binary, "run", "--url", server.baseURL + "/healthz", "-c", "300",
                                                       "-d", "1s", "--event-loop", eventLoop, "--out", dir + "/run",
                                                       "--summary-export", dir + "/s.json"])
        // Not killed by a signal, whatever its verdict.
        #expect(result.exited, "\(result.outcome.stderr)")
        let summary = try CLI.json(dir + "/s.json")
        let kinds = summary["errorsByKind"] as? [String: Int] ?? [:]
        #expect((kinds["localResources"] ?? 0) > 0, "\(kinds)")
        #expect(kinds["connectRefused"] == nil, "\(kinds)")
        #expect(result.outcome.stdout.contains("WARNING: the generator ran out of file descriptors/ports"), "\(result.outcome.stdout)")
        // The connections that did open were answered, and only they count an HTTP version.
        let statuses = summary["statusCodes"] as? [String: Int] ?? [:]
        #expect((statuses["200"] ?? 0) > 0, "\(statuses)")
        let versions = summary["httpVersions"] as? [String: Int] ?? [:]
        #expect(versions.values.reduce(0, +) == statuses.filter { $0.key != "0" }.values.reduce(0, +), "\(versions)")
    }

    /// Runs `/bin/sh -c command binary arguments…` (the binary is `$0` there).
    private func runShell(_ command: String, arguments: [String]) throws -> (outcome: CLI.Outcome, exited: Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = LockedData(), errData = LockedData()
        let readers = [Thread { outData.set(out.fileHandleForReading.readDataToEndOfFile()) },
                       Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }]
        readers.forEach { $0.start() }
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        while !(outData.done && errData.done) { Thread.sleep(forTimeInterval: 0.01) }
        return (CLI.Outcome(status: process.terminationStatus, stdout: outData.text, stderr: errData.text),
                process.terminationReason == .exit)
    }
}
