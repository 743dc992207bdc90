import Foundation
import LoadEngine
import Reports
import Runner

/// Live progress on stderr: a panel redrawn in place every second on a terminal, one plain line every 5 s
/// otherwise (CI logs).
final class ProgressPrinter: @unchecked Sendable {  // `drawnLines` behind `lock`: the ticker's queue and the caller
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()
    private var drawnLines = 0
    private var ticker: ProgressTicker?

    /// - Parameters:
    ///   - stage: where a staged load stands at an elapsed time; `level`: the sweep level under way.
    init(snapshot: @escaping () -> ProgressSnapshot?, plannedSeconds: Double, targetRate: Double?,
         stage: @escaping (UInt64) -> String? = { _ in nil }, level: @escaping () -> String? = { nil }) {
        ticker = ProgressTicker(intervalSeconds: isTerminal ? 1 : 5, snapshot: snapshot) { [weak self] figures, cpu in
            guard let self else { return }
            guard self.isTerminal else {
                let line = ProgressLine.render(figures, plannedSeconds: plannedSeconds, targetRate: targetRate, generatorCPU: cpu)
                return Terminal.line((level().map { $0 + "  " } ?? "") + line)
            }
            var size = winsize()
            let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
            let lines = ProgressLine.panel(figures, plannedSeconds: plannedSeconds, targetRate: targetRate, generatorCPU: cpu,
                                           columns: columns, stage: stage(figures.elapsedNanos), level: level())
            self.lock.lock(); defer { self.lock.unlock() }
            FileHandle.standardError.write(Data(ProgressLine.redraw(lines, over: self.drawnLines).utf8))
            self.drawnLines = lines.count
        }
    }

    /// Clears the panel (before a line is printed where it stands); the next tick draws it again below.
    func clear() {
        lock.lock(); defer { lock.unlock() }
        guard isTerminal && drawnLines > 0 else { return }
        FileHandle.standardError.write(Data(ProgressLine.erase(drawnLines).utf8))
        drawnLines = 0
    }

    /// Stops the ticks and clears the panel.
    func stop() {
        ticker?.stop()
        clear()
    }
}
