/// A failure that ends a command before or after the load, with a message for the user and what kind of failure
/// it is; the CLI maps the kind to an exit code.
public struct RunnerError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in the terms of the exit codes the README documents.
    public enum Kind: Sendable, Equatable {
        /// Bad command-line usage or option values (64).
        case usage
        /// An input file's content is invalid: a scenario, a capacity file, a result (65).
        case invalidInput
        /// An input file could not be read (66).
        case unreadableInput
        /// An output file or folder cannot be created or written (73).
        case cannotCreateOutput
        /// The run could not measure anything: setup failed, the engine could not start (97).
        case runInvalid
        /// A peer of a distributed run is not there: no coordinator at the address, too few agents by the
        /// deadline (69).
        case unavailable
        /// A distributed run's peer speaks another crmbench version or protocol (76).
        case protocolMismatch
        /// The coordinator refused the agent: a wrong token, or the run has all its agents (77).
        case refused
    }

    /// The message, without the `crmbench:` prefix.
    public let message: String
    /// The kind, for the exit code.
    public let kind: Kind

    /// Creates a failure.
    public init(_ message: String, kind: Kind) {
        self.message = message
        self.kind = kind
    }

    public var description: String { message }
}
