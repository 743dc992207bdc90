import Foundation
import Testing

/// The built `crmbench` binary (next to the test bundle) and helpers to run it.
enum CLI {
    static var binary: String {
        let bundleDir = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [bundleDir.appendingPathComponent("crmbench").path,
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crmbench").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs crmbench to completion (bounded by `timeoutSeconds`), through `launcher` when given (e.g. taskset).
    static func run(_ arguments: [String], environment: [String: String] = [:], timeoutSeconds: Double = 60,
                    interruptAfter: Double? = nil, interruptSignal: Int32 = SIGINT, launcher: [String] = []) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? binary)
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [binary] + arguments
        var env = ProcessInfo.processInfo.environment
        env["CRMBENCH_HISTORY"] = env["CRMBENCH_HISTORY"] ?? "off"  // tests never record into the repo's results/
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let interruptAfter {
            Thread.sleep(forTimeInterval: interruptAfter)
            kill(process.processIdentifier, interruptSignal)
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        let outData = LockedData(), errData = LockedData()
        let readers = [Thread { outData.set(out.fileHandleForReading.readDataToEndOfFile()) },
                       Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }]
        readers.forEach { $0.start() }
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        process.waitUntilExit()
        while !(outData.done && errData.done) { Thread.sleep(forTimeInterval: 0.01) }
        return Outcome(status: process.terminationStatus, stdout: outData.text, stderr: errData.text)
    }

    /// Runs several crmbench invocations at the same time, each as `run` does, and returns their outcomes in the
    /// order given (for runs against different servers whose timings do not depend on each other).
    static func runConcurrently(_ invocations: [(arguments: [String], environment: [String: String])],
                                timeoutSeconds: Double = 60) throws -> [Outcome] {
        let outcomes = LockedOutcomes(count: invocations.count)
        let threads = invocations.enumerated().map { index, invocation in
            Thread { outcomes.set(index, Result { try run(invocation.arguments, environment: invocation.environment, timeoutSeconds: timeoutSeconds) }) }
        }
        threads.forEach { $0.start() }
        while !outcomes.done { Thread.sleep(forTimeInterval: 0.02) }
        return try outcomes.all.map { try $0.get() }
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "crmbench-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var finished = false
    func set(_ d: Data) { lock.lock(); data = d; finished = true; lock.unlock() }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return finished }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}

final class LockedOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<CLI.Outcome, Error>?]
    init(count: Int) { outcomes = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ outcome: Result<CLI.Outcome, Error>) { lock.lock(); outcomes[index] = outcome; lock.unlock() }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return outcomes.allSatisfy { $0 != nil } }
    var all: [Result<CLI.Outcome, Error>] { lock.lock(); defer { lock.unlock() }; return outcomes.compactMap { $0 } }
}

/// `crmbench serve` as a child process on 127.0.0.1:0.
final class ServerProcess {
    let process = Process()
    let baseURL: String
    let token = "test-token-1234"

    init(_ extra: [String] = [], seed: Int = 200) throws {
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["serve", "--port", "0", "--in-memory", "--seed-customers", String(seed), "--token", token] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        let handle = out.fileHandleForReading
        let deadline = Date().addingTimeInterval(30)
        while !line.contains("\n") && Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = line.range(of: "listening on ") else {
            process.terminate()
            throw POSIXError(.ECONNREFUSED)
        }
        baseURL = String(line[range.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var auth: String { "Authorization: Bearer \(token)" }

    func stop() {
        process.interrupt()
        process.waitUntilExit()
    }

    /// The server's own count of requests on a route (from /metrics), of one status or all.
    /// The server's own count of requests on `route` (its template), by status when given. The warm-up `HEAD`
    /// requests that open connections before a run's schedule are left out unless `method` is "HEAD": crmbench
    /// reports them apart (`generator.preopenedConnections`), and `WarmupIntegrationTests` checks that count.
    func requestCount(route: String, status: String? = nil, method: String? = nil) throws -> Int {
        let url = URL(string: baseURL + "/metrics")!
        let text = try String(contentsOf: url, encoding: .utf8)
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix("crm_http_requests_total{") && line.contains("route=\"\(route)\"")
            && (status.map { line.contains("status=\"\($0)\"") } ?? true)
            && (method.map { line.contains("method=\"\($0)\"") } ?? !line.contains("method=\"HEAD\"")) {
            total += Double(line.split(separator: " ").last ?? "0") ?? 0
        }
        return Int(total)
    }
}

extension ServerProcess {
    /// Restricts every thread of the server (and the threads it starts later) to CPU 0, with util-linux taskset:
    /// a one-core server whatever its thread pools do.
    func pinToOneCPU() -> Bool {
        let taskset = Process()
        taskset.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        taskset.arguments = ["--all-tasks", "--pid", "--cpu-list", "0", String(process.processIdentifier)]
        taskset.standardOutput = FileHandle.nullDevice
        guard (try? taskset.run()) != nil else { return false }
        taskset.waitUntilExit()
        return taskset.terminationStatus == 0
    }
}
