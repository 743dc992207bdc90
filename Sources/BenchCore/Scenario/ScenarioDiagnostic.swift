/// One problem in a scenario file, with its location.
public struct ScenarioDiagnostic: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The file, as given to the loader.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column.
    public let column: Int
    /// What is wrong, and when possible how to fix it.
    public let message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COL: message`.
    public var description: String {
        "\(file):\(line):\(column): \(message)"
    }

    /// Orders by position in the file.
    public static func < (lhs: ScenarioDiagnostic, rhs: ScenarioDiagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.message)
    }
}

/// Why a scenario could not be loaded.
public enum ScenarioLoadError: Error, Sendable, CustomStringConvertible {
    /// The scenario file itself could not be read (exit 66 in the CLI).
    case unreadable(path: String, reason: String)
    /// The file was read but has problems, all of them listed (exit 65 in the CLI).
    case invalid([ScenarioDiagnostic])

    /// The diagnostics, one per line, or the read failure.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .invalid(let diagnostics): return diagnostics.map(\.description).joined(separator: "\n")
        }
    }
}

/// Collects diagnostics while decoding, so every problem is reported at once.
struct DiagnosticLog {
    let file: String
    private(set) var diagnostics: [ScenarioDiagnostic] = []
    /// Past this many, further problems are summarised: a mangled file should not print thousands of lines.
    static let limit = 200

    init(file: String) {
        self.file = file
    }

    mutating func report(line: Int, column: Int, _ message: String) {
        guard diagnostics.count < DiagnosticLog.limit else { return }
        let diagnostic = ScenarioDiagnostic(file: file, line: max(line, 1), column: max(column, 1), message: message)
        if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
    }

    mutating func report(_ location: SourceLocation, _ message: String) {
        report(line: location.line, column: location.column, message)
    }

    var isEmpty: Bool { diagnostics.isEmpty }
}

/// A line and column in the scenario file.
struct SourceLocation: Hashable {
    let line: Int
    let column: Int

    static let start = SourceLocation(line: 1, column: 1)
}
