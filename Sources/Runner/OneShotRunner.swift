import BenchCore
import Foundation
import LoadEngine

/// Drives one iteration outside the load (setup, teardown), request by request.
enum OneShotRunner {
    /// Runs the iteration to its end, or until `shouldStop` says so between two steps or during a think time (a
    /// request under way ends by its timeout); a stopped iteration did not succeed, with reason `interrupted`.
    static func drive(_ iteration: inout FlowIteration, client: ClientOptions,
                      shouldStop: () -> Bool = { false }) -> IterationOutcome {
        var action = iteration.start()
        var guardCount = 0
        while guardCount < 10_000 {
            guardCount += 1
            if case .finished(let outcome) = action { return outcome }
            if shouldStop() { return interrupted(iteration.flow.name) }
            switch action {
            case .finished(let outcome):
                return outcome
            case .think(let nanos):
                // In slices, so a signal does not wait out a long think time.
                var left = min(max(0, nanos), 60_000_000_000)
                while left > 0 && !shouldStop() {
                    let slice = min(left, 50_000_000)
                    usleep(UInt32(slice / 1_000))
                    left -= slice
                }
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
        return IterationOutcome(flowName: iteration.flow.name, succeeded: false, failureReason: "too many steps", checks: [],
                                steps: [], groups: [], extracted: [:])
    }

    /// The reason of an iteration stopped by `shouldStop`.
    static let interruptedReason = "interrupted"

    private static func interrupted(_ flowName: String) -> IterationOutcome {
        IterationOutcome(flowName: flowName, succeeded: false, failureReason: interruptedReason, checks: [], steps: [],
                         groups: [], extracted: [:])
    }
}
