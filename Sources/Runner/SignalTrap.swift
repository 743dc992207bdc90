import Foundation
import Synchronization

/// SIGINT and SIGTERM counted by a handler that does nothing else (async-signal-safe), from the first moment of a
/// command that must write a partial result; the trap of a run reads the count.
private let signalsReceived = Atomic<Int>(0)
private let lastSignalNumber = Atomic<Int32>(0)
private let capturing = Atomic<Bool>(false)

/// Replaces the default action of SIGINT and SIGTERM (ending the process at once) with counting them.
public enum SignalCapture {
    /// Counts SIGINT and SIGTERM from now on (the count starts at 0); calling it again while capturing keeps the
    /// count, so a signal that came before the run's lifecycle began is not lost.
    public static func install() {
        guard !capturing.exchange(true, ordering: .acquiringAndReleasing) else { return }
        signalsReceived.store(0, ordering: .releasing)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { number in
                lastSignalNumber.store(number, ordering: .relaxed)
                signalsReceived.add(1, ordering: .releasing)
            }
        }
    }

    /// The default actions again.
    static func uninstall() {
        for sig in [SIGINT, SIGTERM] { signal(sig, SIG_DFL) }
        capturing.store(false, ordering: .releasing)
    }

    /// How many signals came since `install()`, and the number of the last one.
    static var received: (count: Int, last: Int32) {
        (signalsReceived.load(ordering: .acquiring), lastSignalNumber.load(ordering: .relaxed))
    }
}

/// Turns the captured signals into a graceful stop of the whole run (the first) or an abort (the second), so partial
/// results are still written. Looks every 20 ms.
final class SignalTrap {
    private let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "crmbench.signals"))
    private var handled = 0

    /// Traps the signals until `cancel()`; `notice` hears of the first one (to tell the user).
    init(group: ControlGroup, notice: @escaping @Sendable (String) -> Void) {
        SignalCapture.install()
        timer.schedule(deadline: .now(), repeating: .milliseconds(20))
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            let (count, last) = SignalCapture.received
            guard count > self.handled else { return }
            let name = last == SIGTERM ? "SIGTERM" : "SIGINT"
            if self.handled == 0 {
                notice("\(name): stopping, in-flight requests may finish (again to abort)")
                group.requestStop(reason: "interrupted by \(name)")
            }
            if count >= 2 { group.requestAbort(reason: "interrupted by \(name)") }
            self.handled = count
        }
        timer.resume()
    }

    func cancel() {
        timer.cancel()
        SignalCapture.uninstall()
    }
}
