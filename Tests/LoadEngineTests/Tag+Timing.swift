import Testing

extension Tag {
    /// The test's verdict depends on wall-clock time or on how tasks are scheduled (sleeps, elapsed-time bounds,
    /// time limits), so a slow or loaded machine can fail it without a bug.
    @Tag static var timing: Self
}
