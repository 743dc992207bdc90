import Foundation
import Testing

/// Mutated scenarios that still validate are run, not only validated: each must end on time with a defined exit
/// code and, when it measured, a result (no crash, no hang).
@Suite(.serialized) struct FuzzRunTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// Files run per shipped scenario: bounded, so the suite costs a minute or two.
    static let runsPerScenario = 3
    /// The exit codes a run may end with (README): a crash or a kill by the time limit is none of them.
    static let definedCodes: Set<Int32> = [0, 64, 65, 66, 73, 97, 98, 99]

    /// Deterministic edits that keep a file likely to validate: numbers made extreme, a load replaced, steps doubled.
    static func mutations(of text: String, seed: UInt64) -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let numbers = ["0", "1", "-1", "999999999999", "0.0001", "1e308", "9223372036854775807"]
        let lines = text.components(separatedBy: "\n")
        var out: [String] = []
        for _ in 0..<runsPerScenario * 3 {
            var edited = lines
            let index = next(edited.count)
            switch next(5) {
            case 0:  // a number replaced by an extreme one
                if let range = edited[index].range(of: #"\b\d+(\.\d+)?(ms|s)?\b"#, options: .regularExpression) {
                    let unit = edited[index][range].hasSuffix("ms") ? "ms" : edited[index][range].hasSuffix("s") ? "s" : ""
                    edited[index].replaceSubrange(range, with: numbers[next(numbers.count)] + unit)
                }
            case 1:  // a line duplicated (a step or a check twice)
                edited.insert(edited[index], at: index)
            case 2:  // a line removed
                edited.remove(at: index)
            case 3:  // a byte-order mark in front
                edited[0] = "\u{FEFF}" + edited[0]
            default:  // a CR LF pushed into a value
                edited[index] += "\r\nX-Evil: 1"
            }
            out.append(edited.joined(separator: "\n"))
        }
        return out
    }

    @Test func mutatedScenariosThatValidateRunToADefinedEnd() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        // Data files are found next to the scenario, as the shipped ones are: a copy beside the mutated files.
        try FileManager.default.copyItem(atPath: Self.repoRoot + "/scenarios/data", toPath: dir + "/data")
        var ran = 0
        for name in ["browse.yaml", "sales.yaml", "after-sales.yaml", "crm-mixed.yaml"] {
            let original = try String(contentsOfFile: Self.repoRoot + "/scenarios/" + name, encoding: .utf8)
            var runs = 0
            for (index, text) in Self.mutations(of: original, seed: UInt64(name.count)).enumerated() where runs < Self.runsPerScenario {
                let file = dir + "/fuzz-\(index)-" + name
                try text.write(toFile: file, atomically: true, encoding: .utf8)
                let check = try CLI.run(["validate", file, "--target", server.baseURL], timeoutSeconds: 20)
                #expect(Self.definedCodes.contains(check.status), "validate \(name) #\(index) ended \(check.status)")
                guard check.status == 0 else { continue }
                runs += 1
                let out = dir + "/\(name)-\(index)"
                let started = Date()
                let run = try CLI.run(["run", file, "--target", server.baseURL, "-d", "1s", "--timeout", "2s", "--quiet",
                                       "--out", out], environment: ["CRM_TOKEN": server.token], timeoutSeconds: 30)
                let seconds = Date().timeIntervalSince(started)
                #expect(Self.definedCodes.contains(run.status), "run \(name) #\(index) ended \(run.status): \(run.stderr.suffix(300))")
                #expect(seconds < 28, "run \(name) #\(index) took \(seconds) s")
                if [0, 98, 99].contains(run.status) {
                    #expect(FileManager.default.fileExists(atPath: out + "/result.json"), "run \(name) #\(index): no result")
                }
            }
            ran += runs
        }
        #expect(ran >= 6, "too few mutated files validated to run: \(ran)")
    }
}
