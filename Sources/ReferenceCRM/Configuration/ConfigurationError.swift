/// Every problem found in a server configuration, reported together so a user can fix them in one go.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// One human-readable sentence per problem, naming the flag.
    public var problems: [String]

    /// An error listing `problems`.
    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        problems.joined(separator: "\n")
    }
}
