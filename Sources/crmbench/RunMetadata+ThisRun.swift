import BenchCore
import Foundation
import LoadEngine

extension RunMetadata {
    /// The metadata of a run this process made: tool and libcurl versions, the command line and target with
    /// secrets redacted (`secretValues` too, wherever they appear), start and end time (now), and the machine.
    static func thisRun(name: String, target: String, started: Date, durationSeconds: Double,
                        secretValues: [String] = []) -> RunMetadata {
        RunMetadata(toolVersion: BenchCore.toolVersion, curlVersion: HTTPClientInfo.curlVersion,
                    commandLine: CommandLineRedaction.redact(CommandLine.arguments, secretValues: secretValues), name: name,
                    startTime: FileOutput.iso8601(started), endTime: FileOutput.iso8601(Date()),
                    durationSeconds: durationSeconds, machine: MachineProbe.current(),
                    target: SecretRedactor(secretValues: secretValues).redact(target))
    }
}
