import Foundation
import LoadEngine

/// Calls back with the live figures of a run at a fixed interval, with the share of one core this process used
/// since the last tick; the caller draws them. Stops at `stop()`.
public final class ProgressTicker {
    private let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "crmbench.progress"))
    private var lastCPU = ProgressTicker.processCPUSeconds()
    private var lastWall = Date()

    /// Ticks every `intervalSeconds`; `snapshot` gives the figures (nil between levels: no tick then).
    public init(intervalSeconds: Int, snapshot: @escaping () -> ProgressSnapshot?,
                tick: @escaping (ProgressSnapshot, _ generatorCPU: Double?) -> Void) {
        timer.schedule(deadline: .now() + .seconds(intervalSeconds), repeating: .seconds(intervalSeconds))
        timer.setEventHandler { [weak self] in
            guard let self, let figures = snapshot() else { return }
            tick(figures, self.cpuShare())
        }
        timer.resume()
    }

    /// Stops the ticks.
    public func stop() { timer.cancel() }

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
}
