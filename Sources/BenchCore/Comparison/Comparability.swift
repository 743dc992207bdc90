/// Whether two runs measured the same thing under the same conditions, and if not, why.
public struct Comparability: Codable, Sendable, Equatable {
    /// Each reason the runs are not comparable; empty when they are.
    public var issues: [String]
    /// Differences worth knowing that do not make the comparison meaningless (e.g. endpoints only in one run).
    public var notes: [String]

    /// True when nothing makes the comparison meaningless.
    public var comparable: Bool { issues.isEmpty }

    public init(issues: [String], notes: [String] = []) {
        self.issues = issues
        self.notes = notes
    }

    /// Largest relative difference of run durations still counted as comparable.
    public static let durationTolerance = 0.10

    /// Checks configuration, load model, duration, generator health, machine and completeness.
    public static func check(baseline: RunResult, candidate: RunResult) -> Comparability {
        var issues: [String] = []
        var notes: [String] = []
        let a = baseline.config
        let b = candidate.config
        if a.contentHash != b.contentHash {
            issues.append("different requests or scenario (content hash \(a.contentHash) vs \(b.contentHash))")
        }
        if a.model != b.model {
            issues.append("different load model (\(a.model) vs \(b.model))")
        } else if a.model == .open && a.ratePerSecond != b.ratePerSecond {
            issues.append("different arrival rate (\(describe(a.ratePerSecond)) vs \(describe(b.ratePerSecond)) req/s)")
        } else if a.model != .open && a.connections != b.connections {
            issues.append("different connections (\(a.connections) vs \(b.connections))")
        }
        let da = baseline.meta.durationSeconds
        let db = candidate.meta.durationSeconds
        if max(da, db) > 0 && abs(da - db) / max(da, db) > durationTolerance {
            issues.append("durations differ by more than 10% (\(describe(da)) s vs \(describe(db)) s)")
        }
        for (label, run) in [("baseline", baseline), ("candidate", candidate)] {
            if !run.generator.measuringTarget { issues.append("the \(label) run's load generator was not healthy (it measured itself)") }
            if run.partial { issues.append("the \(label) run is partial (\(run.partialReason ?? "stopped early"))") }
        }
        let ma = baseline.meta.machine
        let mb = candidate.meta.machine
        if ma.cores != mb.cores { issues.append("different machines: \(ma.cores) vs \(mb.cores) cores") }
        if ma.os != mb.os { issues.append("different operating systems (\(ma.os) vs \(mb.os))") }
        if a.threads != b.threads { notes.append("different generator threads (\(a.threads) vs \(b.threads))") }
        if baseline.meta.target != candidate.meta.target {
            notes.append("different targets (\(baseline.meta.target) vs \(candidate.meta.target))")
        }
        let namesA = Set(baseline.summary.endpoints.map(\.name))
        let namesB = Set(candidate.summary.endpoints.map(\.name))
        for name in namesA.subtracting(namesB).sorted() { notes.append("endpoint only in the baseline: \(name)") }
        for name in namesB.subtracting(namesA).sorted() { notes.append("endpoint only in the candidate: \(name)") }
        return Comparability(issues: issues, notes: notes)
    }

    private static func describe(_ value: Double?) -> String {
        guard let value else { return "none" }
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        return value == value.rounded() ? String(Int(value)) : String(Double(Int((value * 100).rounded())) / 100)
    }
}
