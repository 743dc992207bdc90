import BenchCore
import Foundation
import LoadEngine
import Reports

/// Live progress on stderr: a panel redrawn every second on a terminal, one plain line every 5 s otherwise
/// (CI logs).
final class ProgressPrinter {
    private let timer: DispatchSourceTimer
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var drawnLines = 0
    private var lastCPU = ProgressPrinter.processCPUSeconds()
    private var lastWall = Date()

    init(control: RunControl, plannedSeconds: Double, targetRate: Double?) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "crmbench.progress"))
        let interval: DispatchTimeInterval = isTerminal ? .seconds(1) : .seconds(5)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            let snapshot = control.snapshot()
            let cpu = self.cpuShare()
            if self.isTerminal {
                let lines = ProgressLine.panel(snapshot, plannedSeconds: plannedSeconds, targetRate: targetRate, generatorCPU: cpu)
                var text = self.drawnLines > 0 ? "\u{1B}[\(self.drawnLines)A" : ""
                for line in lines { text += "\r\u{1B}[2K" + line + "\n" }
                self.drawnLines = lines.count
                FileHandle.standardError.write(Data(text.utf8))
            } else {
                let line = ProgressLine.render(snapshot, plannedSeconds: plannedSeconds, targetRate: targetRate, generatorCPU: cpu)
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
        timer.resume()
    }

    /// The process's CPU since the last tick, as a share of one core.
    private func cpuShare() -> Double? {
        let cpu = Self.processCPUSeconds(), now = Date()
        let wall = now.timeIntervalSince(lastWall)
        defer { lastCPU = cpu; lastWall = now }
        return wall > 0 ? (cpu - lastCPU) / wall : nil
    }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    func stop() {
        timer.cancel()
        if isTerminal && drawnLines > 0 {
            var text = "\u{1B}[\(drawnLines)A"
            for _ in 0..<drawnLines { text += "\r\u{1B}[2K\n" }
            text += "\u{1B}[\(drawnLines)A"
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}
