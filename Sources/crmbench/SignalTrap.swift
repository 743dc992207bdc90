import Foundation
import LoadEngine

/// Turns SIGINT and SIGTERM into a graceful stop (first signal) or an abort (second), so partial results are
/// still written.
final class SignalTrap {
    private var sources: [DispatchSourceSignal] = []
    private var count = 0
    private let queue = DispatchQueue(label: "crmbench.signals")

    convenience init(control: RunControl, quiet: Bool) {
        self.init(group: ControlGroup([control]), quiet: quiet)
    }

    init(group control: ControlGroup, quiet: Bool) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.count += 1
                let name = sig == SIGINT ? "SIGINT" : "SIGTERM"
                if self.count == 1 {
                    if !quiet { FileHandle.standardError.write(Data("\n\(name): stopping, in-flight requests may finish (again to abort)\n".utf8)) }
                    control.requestStop(reason: "interrupted by \(name)")
                } else {
                    control.requestAbort(reason: "interrupted by \(name)")
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

/// The controls of engines running at the same time (one per workload): a stop or an abort reaches them all.
final class ControlGroup: @unchecked Sendable {
    private let lock = NSLock()
    private var controls: [RunControl]
    private var stopReason: String?
    private var aborted = false

    init(_ controls: [RunControl]) { self.controls = controls }

    /// Puts the control a workload actually runs with in place of its placeholder, passing on a stop already asked.
    func replace(_ index: Int, with control: RunControl) {
        lock.lock()
        controls[index] = control
        let reason = stopReason, abort = aborted
        lock.unlock()
        if let reason { abort ? control.requestAbort(reason: reason) : control.requestStop(reason: reason) }
    }

    func requestStop(reason: String) {
        lock.lock(); stopReason = stopReason ?? reason; let all = controls; lock.unlock()
        for control in all { control.requestStop(reason: reason) }
    }

    func requestAbort(reason: String) {
        lock.lock(); stopReason = stopReason ?? reason; aborted = true; let all = controls; lock.unlock()
        for control in all { control.requestAbort(reason: reason) }
    }
}
