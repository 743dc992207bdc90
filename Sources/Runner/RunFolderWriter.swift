import BenchCore
import Foundation
import LoadEngine
import Reports

/// Writes a run folder: `result.json` first (atomically), then the reports rendered from it.
public enum RunFolderWriter {
    /// Where a run's files went, and why not into the folder asked for when they could not.
    public struct Written: Sendable {
        public var folder: String
        public var failure: String?
    }

    /// Writes `result.json` and the reports into `folder`; when `result.json` cannot go there (after a load: the disk
    /// filled, the folder went away), it and the reports go to a fallback folder, which is returned: a measured
    /// result is never lost. Throws only when no place took `result.json`.
    @discardableResult
    public static func write(_ result: RunResult, to folder: String, reports: Bool = true) throws -> Written {
        let encoded: Data
        do { encoded = try ResultCodec.encode(result) } catch {
            throw RunnerError("cannot encode \(folder)/result.json: \(error)", kind: .cannotCreateOutput)
        }
        let saved = try FileOutput.writeWithFallback(encoded, to: folder + "/result.json")
        let target = (saved.path as NSString).deletingLastPathComponent
        for (file, text) in reports ? ReportSet.render(result) : [:] {
            if saved.fellBack {
                try? FileOutput.writeAtomically(text, to: target + "/" + file)  // best effort beside the saved result
            } else {
                try FileOutput.writeAtomically(text, to: target + "/" + file)
            }
        }
        return Written(folder: target, failure: saved.failure)
    }
}

extension RunMetadata {
    /// The metadata of a run this process made: tool and libcurl versions, the command line and target with
    /// secrets redacted (`secretValues` too, wherever they appear), start and end time (now), and the machine.
    static func thisRun(name: String, target: String, started: Date, durationSeconds: Double,
                        secretValues: [String] = []) -> RunMetadata {
        let info = ProcessInfo.processInfo
        return RunMetadata(toolVersion: BenchCore.toolVersion, curlVersion: HTTPClientInfo.curlVersion,
                           commandLine: CommandLineRedaction.redact(CommandLine.arguments, secretValues: secretValues), name: name,
                           startTime: FileOutput.iso8601(started), endTime: FileOutput.iso8601(Date()),
                           durationSeconds: durationSeconds,
                           machine: MachineInfo(cores: info.activeProcessorCount, os: info.operatingSystemVersionString,
                                                hostname: info.hostName),
                           target: SecretRedactor(secretValues: secretValues).redact(target))
    }
}

extension SourceInfo {
    /// The run's configuration as a result records it.
    func record(for config: EngineConfiguration) -> RunConfigurationRecord {
        var record = RunConfigurationRecord(model: config.model.kind, connections: config.connections, threads: config.threads,
                                            durationSeconds: Double(config.durationNanos) / 1e9, ratePerSecond: config.model.recordedRatePerSecond,
                                            timeoutMillis: config.client.timeoutMillis, http2: config.client.http2,
                                            requests: requests, contentHash: contentHash, seed: seed)
        record.streamsPerConnection = config.client.streamsPerConnection
        return record
    }
}
