import BenchCore

/// What a connection slot does next.
public enum SlotAction: Sendable {
    /// Send this request now.
    case send(HTTPRequestSpec)
    /// Wait (think time) until this monotonic offset from the run start, then ask again.
    case wait(untilNanos: UInt64)
    /// The iteration is over; the slot is free for the next one.
    case iterationDone
    /// No iteration could start (e.g. test data ran out): the slot stays idle.
    case park
}

/// A finished response handed to a driver that asked to capture responses.
public struct CapturedResponse {
    public var status: Int
    /// The header block as received; parse it only if needed.
    public var headerBlock: ResponseHeaderBlock
    public var body: [UInt8]
    public var error: ErrorKind?
    /// Why no response came, in libcurl's words (e.g. "Recv failure: Connection reset by peer"); nil when one did.
    public var errorText: String?

    public init(status: Int, headerLines: ResponseHeaderBlock, body: [UInt8], error: ErrorKind?, errorText: String? = nil) {
        self.status = status
        self.headerBlock = headerLines
        self.body = body
        self.error = error
        self.errorText = errorText
    }

    /// The header lines without line ends, status line first.
    public var headerLines: [String] { headerBlock.lines }
}

/// Decides what each slot of a worker sends: one fixed request, or the steps of a scenario flow.
///
/// One driver per worker, used only from that worker's thread: no locks.
public protocol SlotDriver: AnyObject {
    /// Whether response bodies and headers must be kept (checks and extraction need them).
    var capturesResponses: Bool { get }
    /// Whether failed responses (status >= 400, no response) must be handed over, with their headers and the first
    /// `FailureTally.maxBodyBytes` of their body (ignored when `capturesResponses`).
    var capturesFailedResponses: Bool { get }
    /// Checks passed and failed so far, for the live panel.
    var liveChecks: (passed: UInt64, failed: UInt64) { get }
    /// Starts an iteration on a free slot; `intendedNanos` is its scheduled start.
    func beginIteration(slot: Int, intendedNanos: UInt64) -> SlotAction
    /// A request finished; the driver may mark it failed (e.g. a check) through `outcome`.
    func completed(slot: Int, outcome: inout RequestOutcome, response: CapturedResponse?) -> SlotAction
    /// A wait ended.
    func waitElapsed(slot: Int, nowNanos: UInt64) -> SlotAction
    /// The run is stopping: the slot's iteration was interrupted.
    func interrupted(slot: Int)
}

extension SlotDriver {
    public var capturesFailedResponses: Bool { false }
    /// Checks passed and failed so far, for the live panel (none for a driver without checks).
    public var liveChecks: (passed: UInt64, failed: UInt64) { (0, 0) }
}

/// The driver of a plain URL run: every iteration is one request, taken round-robin from a fixed list. Failed
/// responses are counted as failure causes, with samples.
public final class FixedRequestDriver: SlotDriver {
    private let requests: [HTTPRequestSpec]
    private let names: [String]
    private var next = 0
    /// `--http-debug`: prints the first requests and their responses (then responses are captured).
    public var debugLog: HTTPDebugLog?
    private var debugTickets: [Int: (number: Int, request: HTTPRequestSpec)] = [:]
    /// Why requests failed; read after the run.
    public private(set) var failures = FailureTally()

    /// - Parameter names: endpoint names by endpoint index, naming the failure causes.
    public init(requests: [HTTPRequestSpec], names: [String] = []) {
        self.requests = requests
        self.names = names
    }

    public var capturesResponses: Bool { debugLog != nil }
    public var capturesFailedResponses: Bool { true }

    public func beginIteration(slot: Int, intendedNanos: UInt64) -> SlotAction {
        let request = requests[next]
        next = next + 1 == requests.count ? 0 : next + 1
        if let number = debugLog?.admit() { debugTickets[slot] = (number, request) }
        return .send(request)
    }

    public func completed(slot: Int, outcome: inout RequestOutcome, response: CapturedResponse?) -> SlotAction {
        if let debugLog, let ticket = debugTickets.removeValue(forKey: slot) {
            debugLog.log(iteration: ticket.number, label: "", request: ticket.request, status: outcome.status,
                         latencyMicros: outcome.latencyMicros, response: response,
                         transportError: response?.errorText ?? outcome.error?.rawValue)
        }
        if outcome.status >= 400 || (outcome.status == 0 && outcome.error?.isTransport == true) {
            count(outcome, response: response)
        }
        return .iterationDone
    }

    private func count(_ outcome: RequestOutcome, response: CapturedResponse?) {
        let index = outcome.endpointIndex
        let request = requests.first { $0.endpointIndex == index } ?? requests.first
        let name = names.indices.contains(index) ? names[index] : "\(request?.method ?? "GET") request"
        let event: FailureEvent
        if outcome.status == 0, let error = outcome.error {
            let text = ScenarioDriver.transportError(error, response) ?? error.rawValue
            event = FailureEvent(step: name, kind: .transport, status: 0, detail: error.rawValue,
                                 reason: "transport error: \(text)", method: request?.method ?? "", url: request?.url ?? "")
        } else {
            event = FailureEvent(step: name, kind: .status, status: outcome.status, detail: "",
                                 reason: "unexpected status \(outcome.status)", method: request?.method ?? "",
                                 url: request?.url ?? "", body: response?.body ?? [])
        }
        failures.add(event, atNanos: outcome.endNanos, headers: { response?.headerBlock.fields ?? [] })
    }

    public func waitElapsed(slot: Int, nowNanos: UInt64) -> SlotAction { .iterationDone }
    public func interrupted(slot: Int) {}
}
