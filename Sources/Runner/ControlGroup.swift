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
    private var phase = RunPhase.start
    private var stoppedIn: RunPhase?

    /// The run entered `phase`: a stop asked from now on is recorded as asked in it.
    func enter(_ phase: RunPhase) { lock.lock(); self.phase = phase; lock.unlock() }

    /// The phase the run was in when it was first asked to stop.
    var stoppedPhase: RunPhase? { lock.lock(); defer { lock.unlock() }; return stoppedIn }

    /// Whether a second signal asked to abort what is under way.
    var abortRequested: Bool { lock.lock(); defer { lock.unlock() }; return aborted }

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
        lock.lock(); recordStop(reason); let all = controls; lock.unlock()
        for control in all { control.requestStop(reason: reason) }
    }

    func requestAbort(reason: String) {
        lock.lock(); recordStop(reason); aborted = true; let all = controls; lock.unlock()
        for control in all { control.requestAbort(reason: reason) }
    }

    /// Called with the lock held.
    private func recordStop(_ reason: String) {
        guard self.reason == nil else { return }
        self.reason = reason
        stoppedIn = phase
    }
}
