import Foundation
import Testing

/// Secrets given on the command line or read by a scenario never reach a results folder, the terminal or stderr.
@Suite(.serialized) struct SecretLeakTests {
    /// The texts a run leaves behind: every file of its folder, the summary export, stdout and stderr.
    static func outputs(folder: String, export: String, _ result: CLI.Outcome) throws -> [(String, String)] {
        var texts = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { file in
            (file, try String(contentsOfFile: folder + "/" + file, encoding: .utf8))
        }
        texts.append(("summary export", try String(contentsOfFile: export, encoding: .utf8)))
        texts.append(("stdout", result.stdout))
        texts.append(("stderr", result.stderr))
        return texts
    }

    /// (what it checks, the secret, the arguments after `run`, given the server's base URL)
    static let cases: [(String, String, @Sendable (String) -> [String])] = [
        ("--header=Authorization", "test-token-1234",
         { base in ["--url", base + "/api/v1/customers/7", "--header=Authorization: Bearer test-token-1234"] }),
        ("-H with --secret-header", "zzVALqq7",
         { base in ["--url", base + "/healthz", "-H", "X-Tenant-Secret: zzVALqq7", "--secret-header", "x-tenant-secret"] }),
        ("attached -H with --secret-header=", "zzVALqq8",
         { base in ["--url", base + "/healthz", "-HX-Tenant-Secret: zzVALqq8", "--secret-header=X-Tenant-Secret"] }),
        ("URL password", "pAssW0rdZZ",
         { base in ["--url", base.replacingOccurrences(of: "http://", with: "http://u:pAssW0rdZZ@") + "/healthz"] }),
    ]

    @Test(arguments: cases)
    func commandLineSecretsReachNoOutput(_ what: String, _ secret: String, _ arguments: @Sendable (String) -> [String]) throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run"] + arguments(server.baseURL)
                                 + ["-c", "2", "-d", "1s", "--out", dir + "/run", "--summary-export", dir + "/s.json"])
        #expect(result.status == 0, "\(what): \(result.stderr)")
        let texts = try Self.outputs(folder: dir + "/run", export: dir + "/s.json", result)
        #expect(texts.map(\.0).contains("report.html") && texts.map(\.0).contains("summary.md"))
        for (name, text) in texts {
            #expect(!text.contains(secret), "\(what): secret found in \(name)")
        }
        // The run was recorded, redacted, not dropped.
        let meta = try CLI.json(dir + "/run/result.json")["meta"] as? [String: Any] ?? [:]
        #expect((meta["commandLine"] as? [String] ?? []).contains { $0.contains("[REDACTED]") }, "\(what)")
    }

    @Test func aFailedSetupDoesNotPrintTheEnvironmentValuesItUsed() throws {
        let dir = CLI.temporaryDirectory()
        let scenario = """
        target: http://u:pAssW0rdZZ@127.0.0.1:1
        setup:
          - get: /healthz?t=${env.CRM_TOKEN}
        flows:
          - name: f
            steps: [{get: /healthz}]
        load: {vus: 1, duration: 1s}
        """
        try scenario.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", dir + "/s.yaml", "--quiet", "--out", dir + "/run"],
                                 environment: ["CRM_TOKEN": "s3cr3tTOKENxyz"])
        #expect(result.status == 97)
        #expect(result.stderr.contains("setup failed"), "\(result.stderr)")
        #expect(result.stderr.contains("/healthz?t=[REDACTED]"), "\(result.stderr)")
        #expect(!result.stderr.contains("s3cr3tTOKENxyz") && !result.stderr.contains("pAssW0rdZZ"), "\(result.stderr)")
    }
}
