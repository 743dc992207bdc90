import Foundation

extension Scenario {
    /// The redactor for what this scenario's runs print and record: its `secretValues` and the value of every
    /// environment variable it reads (`${env.X}`).
    ///
    /// Environment values are all masked because a scenario cannot say which of them are harmless, and an error
    /// message ("GET URL: reason") repeats whatever went into a URL.
    public func redactor(env: (String) -> String?, secretHeaderNames: Set<String> = []) -> SecretRedactor {
        SecretRedactor(secretValues: secretValues(env: env, secretHeaderNames: secretHeaderNames)
                       + referencedEnvNames.sorted().compactMap(env))
    }

    /// The values declared secret: those of the `secrets:` variables, and of the secret headers (credential headers
    /// and `secretHeaderNames`, lower-cased) that are fixed once the environment is known, with their token alone.
    public func secretValues(env: (String) -> String?, secretHeaderNames: Set<String> = []) -> [String] {
        var values = secrets.compactMap(env)
        for header in allHeaders
        where SecretRedactor.isRedactedHeader(header.name) || secretHeaderNames.contains(header.name.lowercased()) {
            guard let value = header.value.fixedText(env: env)?.trimmingCharacters(in: .whitespaces) else { continue }
            values.append(value)
            // "Bearer TOKEN": the token alone is the secret, and may be repeated elsewhere without its scheme.
            if let space = value.firstIndex(of: " ") {
                values.append(value[value.index(after: space)...].trimmingCharacters(in: .whitespaces))
            }
        }
        return values.filter { !$0.isEmpty }
    }

    /// The headers of the defaults and of every request step, setup and teardown included.
    private var allHeaders: [HeaderTemplate] {
        var headers = defaults.headers
        for flow in flows + [setup, teardown].compactMap({ $0 }) {
            for case .request(let request, _) in flow.program {
                headers += request.headers
            }
        }
        return headers
    }
}

extension Template {
    /// The text the template renders every time, when it holds only literals and `${env.X}`; else nil.
    func fixedText(env: (String) -> String?) -> String? {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal): text += literal
            case .env(let name): text += env(name) ?? ""
            default: return nil
            }
        }
        return text
    }
}
