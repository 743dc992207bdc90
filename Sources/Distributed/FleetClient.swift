import BenchCore
import Foundation
import LoadEngine
import Runner

/// An agent's side of the conversation with its coordinator: JSON over HTTP with the run's token, through the
/// engine's one-shot client (so TLS options are the run's).
struct FleetClient: Sendable {
    let base: String
    let token: String
    let client: ClientOptions

    /// What came back: the status and body, or that nothing answered.
    enum Answer {
        case status(Int, Data)
        case unreachable(String)
    }

    func send(_ method: String, _ path: String, body: Data? = nil, timeoutMillis: Int = 5_000) -> Answer {
        var headers = ["Authorization: Bearer \(token)", "Accept: application/json"]
        if body != nil { headers.append("Content-Type: application/json") }
        switch SimpleFetch.request(base + path, method: method, headers: headers, body: body.map { [UInt8]($0) },
                                   timeoutMillis: timeoutMillis, client: client) {
        case .success(let response): return .status(response.status, Data(response.body))
        case .failure(let failure): return .unreachable(failure.message)
        }
    }

    /// The refusal a coordinator gave with a 4xx, as the error of its kind.
    static func refusal(_ status: Int, _ body: Data, coordinator: String) -> RunnerError {
        let reason = (try? JSONDecoder().decode(FleetRefusal.self, from: body).error) ?? "HTTP \(status)"
        switch status {
        case 401, 403, 410: return RunnerError("the coordinator at \(coordinator) refused this agent: \(reason)", kind: .refused)
        case 409: return RunnerError("the coordinator at \(coordinator) refused this agent: \(reason)", kind: .protocolMismatch)
        default: return RunnerError("the coordinator at \(coordinator) answered HTTP \(status): \(reason)", kind: .unavailable)
        }
    }
}
