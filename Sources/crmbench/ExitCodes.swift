import ArgumentParser

/// The process exit codes, documented in the README.
enum ExitCodes {
    /// The run completed and every threshold passed.
    static let success = ExitCode(0)
    /// Bad command-line usage or option values.
    static let usage = ExitCode(64)
    /// The scenario file is invalid.
    static let invalidScenario = ExitCode(65)
    /// An input file could not be read.
    static let unreadableInput = ExitCode(66)
    /// The run could not measure anything (engine failed to start, no request completed).
    static let runInvalid = ExitCode(97)
    /// The run was interrupted (Ctrl-C, SIGTERM); partial results were written.
    static let interrupted = ExitCode(98)
    /// One or more thresholds failed (or a comparison found a regression).
    static let thresholdsFailed = ExitCode(99)
}

/// A failure with a message for stderr and an exit code.
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    let code: ExitCode
    var description: String { message }
}
