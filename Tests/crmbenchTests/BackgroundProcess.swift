import Foundation

/// `crmbench` started in the background, its stderr lines kept with the time each arrived, and the time it exited:
/// for tests of processes that talk to each other (a coordinator and its agents).
final class BackgroundProcess: @unchecked Sendable {  // `lines`, `exitedAt` behind `lock`
    let process = Process()
    private let lock = NSLock()
    private var lines: [(Date, String)] = []
    private var stdout = Data()
    private var exited: Date?

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["CRMBENCH_HISTORY"] = "off"  // as `CLI.run`: tests never write into the checkout's results/
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let err = Pipe(), out = Pipe()
        process.standardError = err
        process.standardOutput = out
        process.terminationHandler = { [weak self] _ in self?.markExited() }
        try process.run()
        Thread {
            var pending = ""
            while true {
                let chunk = err.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                pending += String(decoding: chunk, as: UTF8.self)
                while let newline = pending.firstIndex(of: "\n") {
                    let line = String(pending[..<newline])
                    pending = String(pending[pending.index(after: newline)...])
                    self.lock.lock(); self.lines.append((Date(), line)); self.lock.unlock()
                }
            }
        }.start()
        Thread {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            self.lock.lock(); self.stdout = data; self.lock.unlock()
        }.start()
    }

    private func markExited() { lock.lock(); exited = Date(); lock.unlock() }

    var exitedAt: Date? { lock.lock(); defer { lock.unlock() }; return exited }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return lines.map(\.1).joined(separator: "\n") }
    var output: String { lock.lock(); defer { lock.unlock() }; return String(decoding: stdout, as: UTF8.self) }

    /// When the first stderr line containing `text` arrived, waiting up to `seconds` for it.
    func waitForLine(containing text: String, seconds: Double = 30) -> (Date, String)? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            lock.lock(); let found = lines.first { $0.1.contains(text) }; lock.unlock()
            if let found { return found }
            Thread.sleep(forTimeInterval: 0.01)
        } while Date() < deadline
        return nil
    }

    /// Waits for the exit (bounded); the status, or nil when it had to be killed.
    @discardableResult
    func wait(seconds: Double = 60) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
