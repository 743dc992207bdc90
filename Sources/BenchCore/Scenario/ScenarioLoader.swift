import Yams

/// Loads and validates a scenario file, returning the compiled scenario or every problem found.
///
/// Files are read only through the injected reader (the scenario itself and its data files, which are
/// resolved relative to the scenario's directory), so BenchCore does no I/O and tests need no disk.
public struct ScenarioLoader {
    /// Largest scenario file accepted.
    public static let maxFileBytes = 4 * 1_048_576
    /// Largest data file accepted.
    public static let maxDataFileBytes = 256 * 1_048_576
    /// Deepest `[`/`{` nesting accepted before YAML parsing (the YAML composer recurses per level).
    public static let maxFlowDepth = 48
    /// Deepest indentation accepted, in columns, for the same reason.
    public static let maxIndentColumns = 160
    /// Most YAML nodes accepted, counting alias expansions, so `&a [*b, *b, ...]` bombs cannot blow up.
    public static let maxNodes = 100_000
    /// Deepest nesting of a `json:` body.
    public static let maxJSONDepth = 32

    private let readFile: (String) throws -> [UInt8]
    /// Whether the file must name its `target:` (false when the run supplies one, e.g. `--target`).
    public var requiresTarget = true

    /// Creates a loader that reads files through `readFile(path)`.
    public init(readFile: @escaping (String) throws -> [UInt8]) {
        self.readFile = readFile
    }

    /// Reads and loads the scenario at `path`.
    public func load(path: String) -> Result<Scenario, ScenarioLoadError> {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            return .failure(.unreadable(path: path, reason: "\(error)"))
        }
        return load(bytes: bytes, path: path)
    }

    /// Loads a scenario from its bytes; `path` names it in diagnostics and locates its data files.
    public func load(bytes: [UInt8], path: String) -> Result<Scenario, ScenarioLoadError> {
        let fail = { (line: Int, column: Int, message: String) -> Result<Scenario, ScenarioLoadError> in
            .failure(.invalid([ScenarioDiagnostic(file: path, line: line, column: column, message: message)]))
        }
        if bytes.count > ScenarioLoader.maxFileBytes {
            return fail(1, 1, "file is larger than \(ScenarioLoader.maxFileBytes / 1_048_576) MiB; not a scenario")
        }
        if let zero = bytes.firstIndex(of: 0) {
            let location = ScenarioLoader.location(ofByte: zero, in: bytes)
            return fail(location.line, location.column, "file contains NUL bytes; not a YAML scenario")
        }
        guard let text = String(validatingUTF8CString: bytes) else {
            return fail(1, 1, "file is not valid UTF-8 text")
        }
        return load(text: text, path: path)
    }

    /// Loads a scenario from text.
    public func load(text: String, path: String) -> Result<Scenario, ScenarioLoadError> {
        // One UTF-8 byte-order mark (editors on Windows add one) is not part of the YAML.
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        if let problem = NestingGuard.check(text) {
            return .failure(.invalid([ScenarioDiagnostic(file: path, line: problem.line, column: problem.column, message: problem.message)]))
        }
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                return .failure(.invalid([ScenarioDiagnostic(file: path, line: 1, column: 1, message: "file is empty; expected a scenario mapping")]))
            }
            root = composed
        } catch let error as YamlError {
            return .failure(.invalid([ScenarioLoader.diagnostic(for: error, path: path, text: text)]))
        } catch {
            return .failure(.invalid([ScenarioDiagnostic(file: path, line: 1, column: 1, message: "cannot parse YAML: \(error)")]))
        }
        if let problem = NestingGuard.overlongList(root) {
            return .failure(.invalid([ScenarioDiagnostic(file: path, line: problem.line, column: problem.column, message: problem.message)]))
        }
        if let location = NestingGuard.exceedsNodeBudget(root) {
            // Only aliases (`*name`) make a small file expand; otherwise the file itself is that big.
            let why = text.contains("*") && text.contains("&")
                ? "document expands to more than \(ScenarioLoader.maxNodes) values through aliases (*name); not a scenario"
                : "document has more than \(ScenarioLoader.maxNodes) values; not a scenario"
            return .failure(.invalid([ScenarioDiagnostic(file: path, line: location.line, column: location.column, message: why)]))
        }
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : ""
        var decoder = ScenarioDecoder(file: path, directory: directory, readFile: readFile)
        decoder.requiresTarget = requiresTarget
        let baseName = path.split(separator: "/").last.map(String.init) ?? path
        let defaultName = baseName.hasSuffix(".yaml") ? String(baseName.dropLast(5)) : baseName
        if let scenario = decoder.decode(root, defaultName: defaultName) { return .success(scenario) }
        return .failure(.invalid(decoder.log.diagnostics.sorted()))
    }

    static func diagnostic(for error: YamlError, path: String, text: String) -> ScenarioDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let why = context.map { "\(problem) (\($0.text))" } ?? problem
            return ScenarioDiagnostic(file: path, line: mark.line, column: mark.column, message: "invalid YAML: \(why)")
        case .reader(let problem, let offset, _, _):
            let location = offset.map { ScenarioLoader.location(ofByte: $0, in: Array(text.utf8)) } ?? .start
            return ScenarioDiagnostic(file: path, line: location.line, column: location.column, message: "invalid YAML: \(problem)")
        default:
            return ScenarioDiagnostic(file: path, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    static func location(ofByte offset: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == 10 {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(line: line, column: column)
    }
}

extension String {
    /// Strict UTF-8 decoding: nil instead of replacement characters.
    init?(validatingUTF8CString bytes: [UInt8]) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = String(scalars)
    }
}
