import ArgumentParser
import BenchCore
import Foundation
import Runner

/// The process exit codes, documented in the README.
enum ExitCodes {
    /// The run completed and every threshold passed.
    static let success = ExitCode(0)
    /// Bad command-line usage or option values.
    static let usage = ExitCode(64)
    /// An input file's content is invalid (a scenario, a capacity file, a result).
    static let invalidInput = ExitCode(65)
    /// An input file could not be read.
    static let unreadableInput = ExitCode(66)
    /// `serve` cannot listen on its address (in use, not allowed).
    static let unavailable = ExitCode(69)
    /// An output file or folder cannot be created or written (for `serve`, its database).
    static let cannotCreateOutput = ExitCode(73)
    /// A distributed run's peer speaks another crmbench version or protocol.
    static let protocolMismatch = ExitCode(76)
    /// The coordinator refused an agent (wrong token, or the run has all its agents).
    static let refused = ExitCode(77)
    /// `plan`: the data cannot decide whether the objective is met (poor fit, an answer that flips inside the 95 %
    /// intervals, a target far past anything measured); the plan says what run would settle it.
    static let insufficientEvidence = ExitCode(96)
    /// The run could not measure anything (engine failed to start, not a single response received).
    static let runInvalid = ExitCode(97)
    /// The run was interrupted (Ctrl-C, SIGTERM); partial results were written.
    static let interrupted = ExitCode(98)
    /// One or more thresholds failed (or a comparison found a regression, or `plan`: the objective is not met by any
    /// change searched, or `plan --validate`: a measured level fell outside the prediction's interval).
    static let thresholdsFailed = ExitCode(99)

    /// The exit code of a run's verdict (the same verdict `junit.xml` reports).
    static func code(for verdict: RunVerdict) -> ExitCode {
        switch verdict {
        case .passed: return success
        case .thresholdsFailed, .abortedOnThreshold: return thresholdsFailed
        case .feederExhausted, .nothingReceived: return runInvalid
        case .interrupted: return interrupted
        }
    }

    /// The exit code of a failure before or after the load.
    static func code(for kind: RunnerError.Kind) -> ExitCode {
        switch kind {
        case .usage: return usage
        case .invalidInput: return invalidInput
        case .unreadableInput: return unreadableInput
        case .cannotCreateOutput: return cannotCreateOutput
        case .runInvalid: return runInvalid
        case .unavailable: return unavailable
        case .protocolMismatch: return protocolMismatch
        case .refused: return refused
        }
    }
}

/// A command whose body returns its exit code: the one place a failure becomes `crmbench: message` on stderr and
/// the exit code of its kind.
protocol RunnerCommand: ParsableCommand {
    func execute() throws -> ExitCode
}

extension RunnerCommand {
    func run() throws {
        let code: ExitCode
        do { code = try execute() } catch let failure as RunnerError {
            Terminal.error(failure.message)
            throw ExitCodes.code(for: failure.kind)
        }
        if !code.isSuccess { throw code }
    }
}

/// What the CLI writes to stderr.
enum Terminal {
    /// `crmbench: message` on stderr.
    static func error(_ message: String) { line("crmbench: \(message)") }

    /// A line on stderr, as it is.
    static func line(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}
