import BenchCore
import Foundation
import LoadEngine

extension RunMetadata {
    /// The metadata of a run this process made: tool and libcurl versions, the command line with secrets
    /// redacted, start and end time (now), and the machine.
    static func thisRun(name: String, target: String, started: Date, durationSeconds: Double) -> RunMetadata {
        RunMetadata(toolVersion: BenchCore.toolVersion, curlVersion: HTTPClientInfo.curlVersion,
                    commandLine: CommandLine.arguments.map { HeaderRedaction.redact($0) }, name: name,
                    startTime: FileOutput.iso8601(started), endTime: FileOutput.iso8601(Date()),
                    durationSeconds: durationSeconds, machine: MachineProbe.current(), target: target)
    }
}
