/// Where a run is in its lifecycle: what a first Ctrl-C or SIGTERM interrupts, recorded with a partial result.
public enum RunPhase: String, Sendable, CaseIterable {
    /// Reading the scenario and checking the outputs, before anything is sent.
    case start
    /// The scenario's `setup`, run once.
    case setup
    /// Reading the target's `/metrics` before or after a level.
    case scrape
    /// A level's load, its graceful stop included.
    case load
    /// Between two levels of a sweep or find-max.
    case betweenLevels = "between levels"
    /// The scenario's `teardown`, run once.
    case teardown
    /// Writing result.json and the reports.
    case writing
}
