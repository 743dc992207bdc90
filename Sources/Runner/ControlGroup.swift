import Foundation
import LoadEngine

/// The engines of a run (one per workload of the current level): a stop or an abort reaches every one, and one
/// asked before an engine starts reaches it when it is attached. A stop lasts for the whole run: a sweep asked to
/// stop runs no further level.
final class ControlGroup: @unchecked Sendable {  // all state behind `lock`; signal, watch and worker threads share it
    private let lock = NSLock()
    private var controls: [RunControl] = []
    private var reason: String?
    private var aborted = false

    /// Adds a control of the current level, passing on a stop already asked.
    func attach(_ control: RunControl) {
        lock.lock()
        controls.append(control)
        let reason = self.reason, abort = aborted
        lock.unlock()
        if let reason { abort ? control.requestAbort(reason: reason) : control.requestStop(reason: reason) }
    }

    /// Forgets the controls of a level that ended.
    func detachAll() { lock.lock(); controls = []; lock.unlock() }

    /// The controls now attached.
    var attached: [RunControl] { lock.lock(); defer { lock.unlock() }; return controls }

    /// Why the run was asked to stop, if it was.
    var stopReason: String? { lock.lock(); defer { lock.unlock() }; return reason }

    func requestStop(reason: String) {
        lock.lock(); self.reason = self.reason ?? reason; let all = controls; lock.unlock()
        for control in all { control.requestStop(reason: reason) }
    }

    func requestAbort(reason: String) {
        lock.lock(); self.reason = self.reason ?? reason; aborted = true; let all = controls; lock.unlock()
        for control in all { control.requestAbort(reason: reason) }
    }
}
