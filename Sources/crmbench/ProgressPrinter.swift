import Foundation
import LoadEngine
import Reports
import Runner

/// Live progress on stderr: a panel redrawn every second on a terminal, one plain line every 5 s otherwise
/// (CI logs).
final class ProgressPrinter {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var drawnLines = 0
    private var ticker: ProgressTicker?

    init(snapshot: @escaping () -> ProgressSnapshot?, plannedSeconds: Double, targetRate: Double?) {
        ticker = ProgressTicker(intervalSeconds: isTerminal ? 1 : 5, snapshot: snapshot) { [weak self] figures, cpu in
            guard let self else { return }
            guard self.isTerminal else {
                return Terminal.line(ProgressLine.render(figures, plannedSeconds: plannedSeconds, targetRate: targetRate, generatorCPU: cpu))
            }
            var size = winsize()
            let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
            let lines = ProgressLine.panel(figures, plannedSeconds: plannedSeconds, targetRate: targetRate, generatorCPU: cpu,
                                           columns: columns)
            var text = self.drawnLines > 0 ? "\u{1B}[\(self.drawnLines)A" : ""
            for line in lines { text += "\r\u{1B}[2K" + line + "\n" }
            self.drawnLines = lines.count
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// Stops the ticks and clears the panel.
    func stop() {
        ticker?.stop()
        guard isTerminal && drawnLines > 0 else { return }
        var text = "\u{1B}[\(drawnLines)A" + String(repeating: "\r\u{1B}[2K\n", count: drawnLines)
        text += "\u{1B}[\(drawnLines)A"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
