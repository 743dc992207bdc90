import Foundation

/// Turns SIGINT and SIGTERM into a graceful stop (first signal) or an abort (second) of the whole run, so partial
/// results are still written.
final class SignalTrap {
    private var sources: [DispatchSourceSignal] = []
    private var count = 0
    private let queue = DispatchQueue(label: "crmbench.signals")

    /// Traps the signals until `cancel()`; `notice` hears of the first one (to tell the user).
    init(group: ControlGroup, notice: @escaping @Sendable (String) -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.count += 1
                let name = sig == SIGINT ? "SIGINT" : "SIGTERM"
                if self.count == 1 {
                    notice("\(name): stopping, in-flight requests may finish (again to abort)")
                    group.requestStop(reason: "interrupted by \(name)")
                } else {
                    group.requestAbort(reason: "interrupted by \(name)")
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        for sig in [SIGINT, SIGTERM] { signal(sig, SIG_DFL) }
    }
}
