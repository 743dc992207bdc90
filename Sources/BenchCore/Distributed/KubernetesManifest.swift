import Foundation

/// The Kubernetes objects of a distributed run, as one YAML stream (`crmbench k8s manifest`): a Secret with the
/// run's token, a ConfigMap with the scenario and its data files, a headless Service that gives the coordinator a
/// stable name, and one Indexed Job of N+1 pods — index 0 (`JOB_COMPLETION_INDEX`) is the coordinator, the others
/// are agents; `backoffLimit: 0` and a success policy on index 0, so the Job's outcome is the run's verdict.
/// No operator or CRD: Kubernetes places and starts the pods, crmbench coordinates its own run.
public struct KubernetesManifest: Sendable {
    /// A file the pods need, at `path` under the scenario's folder.
    public struct File: Sendable, Equatable {
        public var path: String
        public var content: String
        public init(path: String, content: String) {
            self.path = path
            self.content = content
        }
    }

    /// Why no manifest can be made.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        public init(message: String) { self.message = message }
    }

    public var name: String
    public var namespace: String?
    public var image: String
    public var agents: Int
    /// The scenario file (its path is its name in the pods' /scenario folder) and the data files it reads.
    public var scenario: File
    public var dataFiles: [File]
    /// More `crmbench run` arguments for the coordinator (`--target`, `-d`, thresholds…).
    public var runArguments: [String]
    /// The run's token, kept in the Secret.
    public var token: String
    /// Environment variables the scenario reads (`${env.NAME}`): every pod takes them from the Secret
    /// `<name>-env`, which the user creates (their values are never printed here).
    public var environmentNames: [String] = []
    public var port = 7878

    /// ConfigMaps hold at most 1 MiB.
    public static let maxConfigBytes = 1_000_000

    public init(name: String, image: String, agents: Int, scenario: File, dataFiles: [File], runArguments: [String], token: String) {
        self.name = name
        self.image = image
        self.agents = agents
        self.scenario = scenario
        self.dataFiles = dataFiles
        self.runArguments = runArguments
        self.token = token
    }

    /// A name Kubernetes accepts (RFC 1123 label, at most 52 characters so the pods' names fit): lower case,
    /// other characters turned into dashes.
    public static func objectName(_ text: String) -> String {
        let mapped = text.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" }
        var name = String(mapped).split(separator: "-").joined(separator: "-")
        if name.isEmpty || !(name.first!.isLetter) { name = "crmbench-" + name }
        return String(name.prefix(52)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// The YAML stream, or why not (files too large for a ConfigMap, a data file outside the scenario's folder).
    public func render() throws -> String {
        let files = [scenario] + dataFiles
        for file in files where file.path.hasPrefix("/") || file.path.split(separator: "/").contains("..") || file.path.isEmpty {
            throw Problem(message: "\(file.path): the pods see the scenario's folder only; put the data file beside the scenario or under it")
        }
        let bytes = files.reduce(0) { $0 + $1.content.utf8.count }
        guard bytes <= Self.maxConfigBytes else {
            throw Problem(message: "the scenario and its data files hold \(bytes) bytes; a ConfigMap holds at most 1 MB: mount the data from a volume of your own")
        }
        guard agents >= 1 else { throw Problem(message: "--agents must be at least 1") }
        let keys = files.map { Self.configKey($0.path) }
        guard Set(keys).count == keys.count else { throw Problem(message: "two data files map to the same ConfigMap key: rename one") }
        var out: [String] = []
        out.append(header(kind: "Secret", apiVersion: "v1", name: "\(name)-token"))
        out.append("type: Opaque\nstringData:\n  token: \(Self.quoted(token))")
        out.append("---")
        out.append(header(kind: "ConfigMap", apiVersion: "v1", name: "\(name)-scenario"))
        out.append("data:")
        for (file, key) in zip(files, keys) { out.append("  \(key): \(Self.quoted(file.content))") }
        out.append("---")
        out.append(header(kind: "Service", apiVersion: "v1", name: name))
        out.append("""
        spec:
          clusterIP: None
          # Agents look the coordinator up before it is ready.
          publishNotReadyAddresses: true
          selector:
            crmbench/run: \(Self.quoted(name))
          ports:
            - name: coordinator
              port: \(port)
              targetPort: \(port)
        """)
        out.append("---")
        out.append(header(kind: "Job", apiVersion: "batch/v1", name: name))
        out.append("""
        spec:
          completionMode: Indexed
          completions: \(agents + 1)
          parallelism: \(agents + 1)
          # One try: a failed coordinator is a failed run, not a retried one.
          backoffLimit: 0
          # The coordinator (index 0) decides: when it succeeds, the Job succeeds and the agents' pods end.
          successPolicy:
            rules:
              - succeededIndexes: "0"
          template:
            metadata:
              labels:
                crmbench/run: \(Self.quoted(name))
            spec:
              subdomain: \(name)
              restartPolicy: Never
              containers:
                - name: crmbench
                  image: \(Self.quoted(image))
                  command: ["/bin/sh", "-c", \(Self.quoted(script(scenarioName: scenario.path)))]
                  env:
                    - name: CRMBENCH_TOKEN
                      valueFrom:
                        secretKeyRef:
                          name: \(name)-token
                          key: token\(environmentNames.isEmpty ? "" : "\n" + envFrom)
                  ports:
                    - name: coordinator
                      containerPort: \(port)
                  volumeMounts:
                    - name: scenario
                      mountPath: /scenario
                      readOnly: true
                    - name: results
                      mountPath: /results
              volumes:
                - name: scenario
                  configMap:
                    name: \(name)-scenario
                    items:
        """)
        for (file, key) in zip(files, keys) {
            out.append("              - key: \(key)\n                path: \(Self.quoted(file.path))")
        }
        out.append("""
                - name: results
                  emptyDir: {}
        """)
        return out.joined(separator: "\n") + "\n"
    }

    /// What each pod runs: the coordinator on index 0 (printing its result to the log between markers), an agent
    /// elsewhere.
    func script(scenarioName: String) -> String {
        let run = ["crmbench", "run", "/scenario/" + scenarioName, "--agents", String(agents), "--listen", "0.0.0.0:\(port)",
                   "--agents-timeout", "600s", "--out", "/results/run", "--log-result", "--quiet"] + runArguments
        let agent = ["crmbench", "agent", "--coordinator", "http://\(name)-0.\(name):\(port)", "--connect-timeout", "600s"]
        return "if [ \"$JOB_COMPLETION_INDEX\" = 0 ]; then exec \(run.map(Self.shellQuoted).joined(separator: " ")); "
            + "else exec \(agent.map(Self.shellQuoted).joined(separator: " ")); fi"
    }

    /// The scenario's environment, from the user's Secret (required: a pod without it fails to start, loudly).
    private var envFrom: String {
        ["          envFrom:", "            - secretRef:", "                name: \(name)-env"].joined(separator: "\n")
    }

    private func header(kind: String, apiVersion: String, name objectName: String) -> String {
        var lines = ["apiVersion: \(apiVersion)", "kind: \(kind)", "metadata:", "  name: \(objectName)"]
        if let namespace { lines.append("  namespace: \(namespace)") }
        lines += ["  labels:", "    app.kubernetes.io/name: crmbench", "    crmbench/run: \(Self.quoted(name))"]
        return lines.joined(separator: "\n")
    }

    /// A ConfigMap key for a path (keys allow letters, digits, `-`, `_` and `.`).
    static func configKey(_ path: String) -> String {
        String(path.map { ($0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0))) ? $0 : "_" })
    }

    /// A double-quoted YAML scalar (JSON string syntax, which YAML reads as it is).
    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
    }

    /// One shell word, single-quoted when it needs to be.
    static func shellQuoted(_ word: String) -> String {
        if !word.isEmpty && word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=@,%+".contains($0)) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
