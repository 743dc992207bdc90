import BenchCore
import Foundation

/// `--http-debug`: the requests and responses of the run's first iterations, written as they happen (to standard
/// error), every credential header, secret value and URL password masked, bodies cut at 2 KiB.
///
/// The first `iterations` iterations to start, across every worker, are admitted; each admitted iteration prints
/// all of its requests. With one virtual user and `--seed`, two runs print the same sequence.
public final class HTTPDebugLog: @unchecked Sendable {  // `admitted` behind `lock`; `write` is called under it
    /// Bodies longer than this are cut (and say so).
    public static let bodyLimitBytes = 2_048
    private let limit: Int
    private let redactor: SecretRedactor
    private let secretHeaderNames: Set<String>
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var admitted = 0

    /// - Parameters:
    ///   - secretHeaderNames: lower-cased header names masked besides the credential headers.
    ///   - write: where the text goes; standard error by default.
    public init(iterations: Int, redactor: SecretRedactor, secretHeaderNames: Set<String>,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        limit = iterations
        self.redactor = redactor
        self.secretHeaderNames = secretHeaderNames
        self.write = write
    }

    /// The number (from 1) of an iteration that starts now, if it is among the first to print; nil after.
    public func admit() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard admitted < limit else { return nil }
        admitted += 1
        return admitted
    }

    /// Prints one request of iteration `number`, with its response (or why none came).
    public func log(iteration number: Int, label: String, request: HTTPRequestSpec, status: Int, latencyMicros: UInt64,
                    response: CapturedResponse?, transportError: String?) {
        var out = "--- iteration \(number)\(label.isEmpty ? "" : ", " + label) ---\n"
        out += "> \(request.method) \(redactor.redact(URLRedaction.redact(request.url)))\n"
        for line in request.headers {
            out += "> " + HeaderRedaction.redact(line, extraNames: secretHeaderNames, secretValues: redactor.secretValues) + "\n"
        }
        out += bodyText(request.body ?? [], prefix: "> ")
        if status == 0 {
            out += "< no response: \(transportError ?? "transport error") after \(DurationText.format(micros: latencyMicros))\n"
        } else {
            out += "< \(status) after \(DurationText.format(micros: latencyMicros))\n"
            for (name, value) in response?.headerBlock.fields ?? [] {
                out += "< " + HeaderRedaction.redact("\(name): \(value)", extraNames: secretHeaderNames,
                                                      secretValues: redactor.secretValues) + "\n"
            }
            out += bodyText(response?.body ?? [], prefix: "< ")
        }
        lock.lock(); write(out); lock.unlock()
    }

    private func bodyText(_ body: [UInt8], prefix: String) -> String {
        guard !body.isEmpty else { return "" }
        let cut = body.count > Self.bodyLimitBytes
        var text = redactor.redact(String(decoding: body.prefix(Self.bodyLimitBytes), as: UTF8.self))
        if cut { text += " […\(body.count - Self.bodyLimitBytes) more bytes]" }
        return prefix + "\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }
            .joined(separator: "\n") + "\n"
    }
}
