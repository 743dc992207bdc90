import BenchCore
import Foundation
import LoadEngine

/// Drives one iteration outside the load (setup, teardown), request by request.
enum OneShotRunner {
    static func drive(_ iteration: inout FlowIteration, client: ClientOptions) -> IterationOutcome {
        var action = iteration.start()
        var guardCount = 0
        while guardCount < 10_000 {
            guardCount += 1
            switch action {
            case .finished(let outcome):
                return outcome
            case .think(let nanos):
                usleep(UInt32(min(max(0, nanos) / 1_000, 60_000_000)))
                action = iteration.handleThinkDone()
            case .send(let request):
                let started = Date()
                let result = SimpleFetch.request(request.url, method: request.method,
                                                 headers: request.headers.map { "\($0.0): \($0.1)" },
                                                 body: request.body.isEmpty ? nil : request.body,
                                                 timeoutMillis: request.timeoutMillis > 0 ? Int(request.timeoutMillis) : client.timeoutMillis,
                                                 client: client)
                let micros = Int64(Date().timeIntervalSince(started) * 1e6)
                switch result {
                case .success(let response):
                    action = iteration.handle(response: ResponseView(status: response.status, headers: response.headers,
                                                                     body: response.body, latencyMicros: micros))
                case .failure(let failure):
                    action = iteration.handle(response: ResponseView(status: 0, transportError: failure.message, latencyMicros: micros))
                }
            }
        }
        return IterationOutcome(flowName: "setup", succeeded: false, failureReason: "too many steps", checks: [], steps: [],
                                groups: [], extracted: [:])
    }
}
