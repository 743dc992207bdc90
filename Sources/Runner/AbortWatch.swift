import Dispatch
import LoadEngine

/// Checks the source's `abortOnFail` thresholds once a second on the live figures of every workload together, and
/// stops the run when one fails.
final class AbortWatch {
    private let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "crmbench.abort-watch"))

    init(group: ControlGroup, source: LoadSource) {
        timer.schedule(deadline: .now() + .seconds(1), repeating: .seconds(1))
        timer.setEventHandler {
            guard let snapshot = ProgressSnapshot.merging(group.attached.map { $0.snapshot() }) else { return }
            if let reason = source.abortReason(snapshot) { group.requestStop(reason: reason) }
        }
        timer.resume()
    }

    func stop() { timer.cancel() }
}
