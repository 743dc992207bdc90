/// Redacts secrets from a command line before it is recorded in a result (`meta.commandLine`).
///
/// Header arguments are found in every form the CLI accepts (`-H 'K: V'`, `-H'K: V'`, `--header 'K: V'`,
/// `--header='K: V'`); the value of a credential header (`SecretRedactor.redactedHeaderNames`) or of a header
/// named by `--secret-header` is masked there and wherever else it appears on the line. URL passwords are masked in
/// every argument (`--url`, `--proxy`, `--target`, …), as are the given secret values.
public enum CommandLineRedaction {
    /// The arguments with secrets masked; `secretValues` are masked wherever they occur (e.g. a scenario's secrets).
    public static func redact(_ arguments: [String], secretValues: [String] = []) -> [String] {
        let extraNames = secretHeaderNames(in: arguments)
        let headers = headerPositions(in: arguments)
        var values = secretValues
        // A distributed run's shared token (`--token T`, `--token=T`).
        for (index, argument) in arguments.enumerated() {
            if argument == "--token", index + 1 < arguments.count { values.append(arguments[index + 1]) }
            if argument.hasPrefix("--token=") { values.append(String(argument.dropFirst("--token=".count))) }
        }
        for (index, prefix) in headers {
            let line = arguments[index].dropFirst(prefix.count)
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            if SecretRedactor.isRedactedHeader(name) || extraNames.contains(name.lowercased()) {
                values.append(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
        let redactor = SecretRedactor(secretValues: values)
        var redacted = arguments
        for (index, prefix) in headers {
            let line = String(arguments[index].dropFirst(prefix.count))
            redacted[index] = prefix + HeaderRedaction.redact(line, extraNames: extraNames, secretValues: redactor.secretValues)
        }
        return redacted.map(redactor.redact)
    }

    /// The lower-cased header names given with `--secret-header NAME` or `--secret-header=NAME`.
    static func secretHeaderNames(in arguments: [String]) -> Set<String> {
        var names = Set<String>()
        for (index, argument) in arguments.enumerated() {
            if argument == "--secret-header", index + 1 < arguments.count {
                names.insert(arguments[index + 1].trimmingCharacters(in: .whitespaces).lowercased())
            } else if argument.hasPrefix("--secret-header=") {
                names.insert(argument.dropFirst("--secret-header=".count).trimmingCharacters(in: .whitespaces).lowercased())
            }
        }
        return names
    }

    /// The index of every argument holding a "Name: value" header, with the option text in front of it in that
    /// same argument ("" when the header is the argument after `-H` / `--header`).
    static func headerPositions(in arguments: [String]) -> [(index: Int, prefix: String)] {
        var positions: [(index: Int, prefix: String)] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-H" || argument == "--header" {
                if index + 1 < arguments.count { positions.append((index + 1, "")) }
                index += 2
                continue
            }
            for prefix in ["--header=", "-H=", "-H"] where argument.hasPrefix(prefix) && argument.count > prefix.count {
                positions.append((index, prefix))
                break
            }
            index += 1
        }
        return positions
    }
}
