extension EngineOutput {
    /// The output of a level that never started (the run was stopped before its load): nothing measured, the
    /// reason kept, so the result still says what happened.
    public static func empty(endpointNames: [String], stopReason: String?) -> EngineOutput {
        EngineOutput(workers: [], endpointNames: endpointNames, timeSeries: [], elapsedNanos: 0, stopReason: stopReason)
    }
}
