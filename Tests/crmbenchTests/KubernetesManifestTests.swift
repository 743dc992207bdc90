import Foundation
import Testing

/// `crmbench k8s manifest` prints objects that Kubernetes' own schemas accept (kubernetes-validate, strict, against
/// Kubernetes 1.33, where the Job success policy is GA), carrying the scenario and its data files unchanged.
@Suite struct KubernetesManifestTests {
    /// Runs a Python snippet over `input` and returns its stdout and status.
    static func python(_ code: String, arguments: [String] = []) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theManifestValidatesAndCarriesTheScenarioAndItsData() throws {
        let dir = CLI.temporaryDirectory()
        let made = try CLI.run(["k8s", "manifest", "scenarios/crm-mixed.yaml", "--agents", "3", "--image", "registry.example/crmbench:0.1.0",
                                "--target", "http://crm.default.svc:8080", "--", "-d", "5m", "--threshold", "http.latency.p95 < 300ms"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("kubectl create secret generic crmbench-crm-mixed-env --from-literal=CRM_TOKEN="))
        let path = dir + "/manifest.yaml"
        try made.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let (status, report) = try Self.python(
            "import sys; from kubernetes_validate.__main__ import main; sys.argv=['kubernetes-validate','--strict','-k','1.33.0',sys.argv[1]]; sys.exit(main())",
            arguments: [path])
        #expect(status == 0, "kubernetes-validate (make test installs it): \(report)")
        // The objects as Kubernetes reads them.
        let (parsed, json) = try Self.python("import sys, json, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))", arguments: [path])
        #expect(parsed == 0, "\(json)")
        let objects = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        #expect(objects.compactMap { $0["kind"] as? String } == ["Secret", "ConfigMap", "Service", "Job"])
        let data = objects[1]["data"] as? [String: String] ?? [:]
        #expect(data["crm-mixed.yaml"] == (try String(contentsOfFile: "scenarios/crm-mixed.yaml", encoding: .utf8)))
        #expect(data["data_customers.csv"] == (try String(contentsOfFile: "scenarios/data/customers.csv", encoding: .utf8)))
        let job = objects[3]["spec"] as? [String: Any] ?? [:]
        #expect(job["completions"] as? Int == 4 && job["parallelism"] as? Int == 4 && job["backoffLimit"] as? Int == 0)
        #expect(job["completionMode"] as? String == "Indexed")
        let rules = (job["successPolicy"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(rules?.first?["succeededIndexes"] as? String == "0")
        let pod = (job["template"] as? [String: Any])?["spec"] as? [String: Any] ?? [:]
        let command = ((pod["containers"] as? [[String: Any]])?.first?["command"] as? [String])?.last ?? ""
        #expect(command.contains("crmbench run /scenario/crm-mixed.yaml --agents 3 --listen 0.0.0.0:7878"))
        #expect(command.contains("'http.latency.p95 < 300ms'"))
        #expect(command.contains("crmbench agent --coordinator http://crmbench-crm-mixed-0.crmbench-crm-mixed:7878"))
        #expect(pod["subdomain"] as? String == "crmbench-crm-mixed")
    }

    @Test func aDataFileOutsideTheScenarioFolderIsRefused() throws {
        let dir = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try "email\na@example.test\n".write(toFile: dir + "/emails.csv", atomically: true, encoding: .utf8)
        try """
        name: outside
        target: http://127.0.0.1:8080
        data:
          - {name: people, file: ../emails.csv, mode: unique}
        flows:
          - name: read
            steps:
              - get: /api/v1/customers?email=${data.people.email}
        """.write(toFile: dir + "/sub/outside.yaml", atomically: true, encoding: .utf8)
        let made = try CLI.run(["k8s", "manifest", dir + "/sub/outside.yaml", "--agents", "2", "--image", "crmbench:1"])
        #expect(made.status == 64)
        #expect(made.stderr.contains("../emails.csv: the pods see the scenario's folder only"), "\(made.stderr)")
        #expect(made.stdout.isEmpty)
    }
}
