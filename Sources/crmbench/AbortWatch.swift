import Dispatch
import LoadEngine

/// Checks the plan's `abortOnFail` thresholds once a second on the live figures and stops the run when one fails.
final class AbortWatch {
    private let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "crmbench.abort-watch"))

    init(control: RunControl, plan: RunPlan, group: ControlGroup? = nil) {
        timer.schedule(deadline: .now() + .seconds(1), repeating: .seconds(1))
        timer.setEventHandler {
            if let reason = plan.abortReason(control.snapshot()) {
                if let group { group.requestStop(reason: reason) } else { control.requestStop(reason: reason) }
            }
        }
        timer.resume()
    }

    func stop() { timer.cancel() }
}
