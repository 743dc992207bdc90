import ArgumentParser
import BenchCore

/// The process exit codes, documented in the README.
enum ExitCodes {
    /// The run completed and every threshold passed.
    static let success = ExitCode(0)
    /// Bad command-line usage or option values.
    static let usage = ExitCode(64)
    /// An input file's content is invalid (a scenario, a capacity file, a result).
    static let invalidScenario = ExitCode(65)
    /// An input file could not be read.
    static let unreadableInput = ExitCode(66)
    /// `serve` cannot listen on its address (in use, not allowed).
    static let unavailable = ExitCode(69)
    /// An output file or folder cannot be created or written (for `serve`, its database).
    static let cannotCreateOutput = ExitCode(73)
    /// The run could not measure anything (engine failed to start, not a single response received).
    static let runInvalid = ExitCode(97)
    /// The run was interrupted (Ctrl-C, SIGTERM); partial results were written.
    static let interrupted = ExitCode(98)
    /// One or more thresholds failed (or a comparison found a regression).
    static let thresholdsFailed = ExitCode(99)
}

extension ExitCodes {
    /// The exit code of a run's verdict (the same verdict `junit.xml` reports).
    static func code(for verdict: RunVerdict) -> ExitCode {
        switch verdict {
        case .passed: return success
        case .thresholdsFailed, .abortedOnThreshold: return thresholdsFailed
        case .feederExhausted, .nothingReceived: return runInvalid
        case .interrupted: return interrupted
        }
    }
}

/// A failure with a message for stderr and an exit code.
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    let code: ExitCode
    var description: String { message }
}
