import BenchCore
import Foundation
import LoadEngine
import Reports

/// Prints live progress on stderr: a line refreshed every second on a terminal, a plain line every 5 s otherwise.
final class ProgressPrinter {
    private let timer: DispatchSourceTimer
    private let isTerminal = isatty(STDERR_FILENO) != 0

    init(control: RunControl, plannedSeconds: Double, targetRate: Double?) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "crmbench.progress"))
        let interval: DispatchTimeInterval = isTerminal ? .seconds(1) : .seconds(5)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        let terminal = isTerminal
        timer.setEventHandler {
            let line = ProgressLine.render(control.snapshot(), plannedSeconds: plannedSeconds, targetRate: targetRate)
            FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[2K" + line : line + "\n").utf8))
        }
        timer.resume()
    }

    func stop() {
        timer.cancel()
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
