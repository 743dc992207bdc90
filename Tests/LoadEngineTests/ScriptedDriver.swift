import BenchCore
@testable import LoadEngine

/// A slot driver for state-machine tests: every iteration runs the same steps (requests and think times) and
/// the driver records when each iteration began, when each wait ended and which slots were interrupted.
final class ScriptedDriver: SlotDriver {
    enum Step {
        /// A request counted under this endpoint.
        case request(endpoint: Int)
        /// A think time after the previous request's end.
        case think(nanos: UInt64)
    }

    struct Begin: Equatable {
        var slot: Int
        var intendedNanos: UInt64
    }

    private let steps: [Step]
    /// Stands for a machine that gives the generator no CPU for a while: starting iteration `iteration`
    /// (1-based) moves the clock to `untilNanos`.
    private let stall: (iteration: Int, untilNanos: UInt64, clock: ManualClock)?
    private var position: [Int: Int] = [:]
    private var lastEndNanos: [Int: UInt64] = [:]
    private var waitDeadline: [Int: UInt64] = [:]
    private(set) var begins: [Begin] = []
    /// How long after its deadline each wait ended.
    private(set) var waitLatenessNanos: [UInt64] = []
    private(set) var interrupted: [Int] = []

    init(steps: [Step] = [.request(endpoint: 0)], stall: (iteration: Int, untilNanos: UInt64, clock: ManualClock)? = nil) {
        self.steps = steps
        self.stall = stall
    }

    var capturesResponses: Bool { false }

    func beginIteration(slot: Int, intendedNanos: UInt64) -> SlotAction {
        begins.append(Begin(slot: slot, intendedNanos: intendedNanos))
        if let stall, stall.iteration == begins.count {
            stall.clock.nowNanos = max(stall.clock.nowNanos, stall.untilNanos)
        }
        position[slot] = 0
        lastEndNanos[slot] = intendedNanos
        return nextAction(slot: slot)
    }

    func completed(slot: Int, outcome: inout RequestOutcome, response: CapturedResponse?) -> SlotAction {
        lastEndNanos[slot] = outcome.endNanos
        return nextAction(slot: slot)
    }

    func waitElapsed(slot: Int, nowNanos: UInt64) -> SlotAction {
        if let deadline = waitDeadline[slot] { waitLatenessNanos.append(nowNanos &- deadline) }
        lastEndNanos[slot] = nowNanos
        return nextAction(slot: slot)
    }

    func interrupted(slot: Int) { interrupted.append(slot) }

    private func nextAction(slot: Int) -> SlotAction {
        let index = position[slot, default: 0]
        guard index < steps.count else { return .iterationDone }
        position[slot] = index + 1
        switch steps[index] {
        case .request(let endpoint):
            return .send(HTTPRequestSpec(id: endpoint, endpointIndex: endpoint, method: "GET", url: "http://t/\(endpoint)"))
        case .think(let nanos):
            let deadline = lastEndNanos[slot, default: 0] &+ nanos
            waitDeadline[slot] = deadline
            return .wait(untilNanos: deadline)
        }
    }
}
