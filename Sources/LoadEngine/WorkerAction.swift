/// What the worker's state machine asks its event loop to carry out with libcurl.
enum WorkerAction {
    /// Configure the slot's easy handle for this request and add it to the multi handle; on failure, report
    /// it with `WorkerStateMachine.sendFailed`.
    case send(slot: Int, request: HTTPRequestSpec)
    /// Take the slot's transfer out of libcurl now. `countAsTimeout`: the graceful stop ran out, so the request
    /// is recorded as one that failed with `timeout`, its latency running to the abort.
    case abortTransfer(slot: Int, countAsTimeout: Bool)
}
