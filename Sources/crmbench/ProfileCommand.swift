import ArgumentParser
import BenchCore
import Foundation
import Reports
import Runner

/// `crmbench profile --target URL PATH…`: a data-quality profile of collections read through the API.
struct ProfileCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Profile the data behind an API: completeness, validity, unique keys, references, freshness.",
        discussion: """
        Reads each collection PATH (or NAME=PATH) below --target page by page, one request at a time, and reports per \
        field: completeness (missing, null, empty), validity (email, phone, dates; declared with --check, else \
        inferred from the name), uniqueness of --key fields, --ref integrity across collections, and the age of \
        updatedAt-style fields. Writes profile.json and report.html into --out.
        Example: crmbench profile --target http://127.0.0.1:8080 -H 'Authorization: Bearer T' --page limit-offset \
        /api/v1/customers /api/v1/orders --key customers.email --ref orders.customerId=customers.id \
        --threshold 'profile.customers.email.completeness > 99%'
        Exit codes: 0 ok, 64 usage (or an answer that does not fit the options), 69 target unavailable or an error \
        status, 73 cannot write --out, 99 a threshold failed.
        """
    )

    @Argument(help: "Collection paths, e.g. /api/v1/customers or customers=/api/v1/customers.") var paths: [String] = []
    @Option(help: "Base URL of the API.") var target: String
    @Option(name: [.customShort("H", allowingJoined: true), .customLong("header")], help: "Request header 'Name: value' (repeatable).")
    var headers: [String] = []
    @Option(help: "JSON path of the list in each page, e.g. $.data (default: the page, or its items/data/results/records).")
    var itemsPath: String?
    @Option(help: "Paging: none, limit-offset, or cursor:JSONPATH (e.g. cursor:$.next).") var page = "none"
    @Option(parsing: .unconditional, help: "Records asked per page with limit-offset.") var pageSize = 100
    @Option(help: "Query parameter that carries a cursor token.") var cursorParam = "cursor"
    @Option(parsing: .unconditional, help: "Records read at most per collection.") var maxRecords = 100_000
    @Option(help: "A unique key, COLLECTION.FIELD (repeatable).") var key: [String] = []
    @Option(help: "A reference, FROM=TO, e.g. orders.customerId=customers.id (repeatable).") var ref: [String] = []
    @Option(help: "A validity rule, COLLECTION.FIELD=email|phone|date|pattern:REGEX (repeatable).") var check: [String] = []
    @Option(help: "The freshness field of a collection, COLLECTION.FIELD (default: updatedAt, updated_at, modifiedAt …).")
    var fresh: [String] = []
    @Option(help: "Threshold, e.g. 'profile.customers.email.completeness > 99%' (repeatable).") var threshold: [String] = []
    @Option(help: "Output folder (default results/<time>-profile).") var out: String?
    @Option(parsing: .unconditional, help: "Per-request timeout.") var timeout = "30s"
    @Flag(help: "Do not verify TLS certificates.") var insecure = false
    @Flag(help: "Print nothing but errors.") var quiet = false

    func spec() throws -> ProfileSpec {
        try ProfileSpec.parse(paths: paths, keys: key, references: ref, checks: check, fresh: fresh, itemsPath: itemsPath,
                              page: page, pageSize: pageSize, cursorParameter: cursorParam, maxRecords: maxRecords)
    }

    func thresholds(_ spec: ProfileSpec) -> ([Threshold], [String]) {
        var parsed: [Threshold] = [], problems: [String] = []
        for expression in threshold {
            let value: Threshold
            do { value = try Threshold.parse(expression) } catch {
                problems.append("--threshold: " + ((error as? TextParseError)?.message ?? "\(error)")); continue
            }
            guard case .profile(let metric) = value.metric else {
                problems.append("--threshold '\(expression)': profile takes profile.COLLECTION.FIELD.MEASURE thresholds"); continue
            }
            if !spec.collections.contains(where: { $0.name == metric.collection }) {
                problems.append("--threshold '\(expression)': no collection '\(metric.collection)' among the paths ("
                    + spec.collections.map(\.name).joined(separator: ", ") + ")")
            }
            parsed.append(value)
        }
        return (parsed, problems)
    }

    func validate() throws {
        var problems: [String] = []
        do { problems += thresholds(try spec()).1 } catch let error as ProfileSpecError { problems += error.problems }
        if let problem = TargetURL.problem(target, option: "--target") { problems.append(problem) }
        for (index, header) in headers.enumerated() {
            if let problem = header.contains(":") ? HTTPSyntax.headerLineProblem(header) : "has no ':'" {
                problems.append("-H number \(index + 1): \(problem)")
            }
        }
        if DurationText.parseNanos(timeout).map({ $0 <= 0 || $0 > 3_600_000_000_000 }) ?? true {
            problems.append("--timeout must be a duration from 1ms to 1h, e.g. 30s (got '\(timeout)')")
        }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func execute() throws -> ExitCode {
        let spec = try spec()
        let folder = out ?? FileOutput.defaultRunFolder(name: "profile")
        try FileOutput.ensureWritableFolder(folder, option: "--out")
        var settings = ProfileRun.Settings(target: target)
        (settings.headers, settings.client.insecure) = (headers, insecure)
        settings.timeoutMillis = Int((DurationText.parseNanos(timeout) ?? 30_000_000_000) / 1_000_000)
        settings.thresholds = thresholds(spec).0
        var lastShown = Date.distantPast
        let profile = try ProfileRun.profile(spec: spec, settings: settings) { collection, records, pages in
            guard !quiet, Date().timeIntervalSince(lastShown) >= 1 else { return }
            lastShown = Date()
            Terminal.line("profile \(collection): \(records) records, \(pages) pages")
        }
        let written = try ProfileRun.write(profile, to: folder)
        if !quiet {
            print(ProfileReport.text(profile))
            print("wrote " + written.joined(separator: ", "))
        }
        return (profile.thresholds ?? []).allSatisfy(\.passed) ? .success : ExitCodes.thresholdsFailed
    }
}
