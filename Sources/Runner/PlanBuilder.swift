import BenchCore
import Capacity

/// Turns a sweep result (and a capacity file) into a capacity model: the USL fit of the measured levels, and the
/// service demands per resource from the target's `/metrics` (D = busy seconds / completions).
public enum PlanBuilder {
    public struct Problem: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func build(from result: RunResult, file: CapacityFile) throws -> PlanInputs {
        guard let sweep = result.sweep, !sweep.levels.isEmpty else {
            throw Problem(message: "the run has no sweep levels: plan needs the result of `crmbench sweep` (or find-max)")
        }
        var notes: [String] = []
        let usable = sweep.levels.filter { $0.summary.requests > 0 && $0.summary.requestsPerSecond > 0 }
        let points = usable.map { level in
            SweepPoint(concurrency: sweep.dimension == .vus ? level.level : nil,
                       offeredRatePerSecond: sweep.dimension == .rate ? level.level : nil,
                       throughputPerSecond: level.summary.requestsPerSecond,
                       meanLatencySeconds: level.summary.latencyMicros.mean / 1e6)
        }
        var fit: USLFit?
        do {
            fit = try USLFit.fit(sweep: points)
            notes += fit?.warnings ?? []
        } catch {
            notes.append("no USL fit: \(error)")
        }
        if usable.contains(where: { !$0.generatorHealthy }) {
            notes.append("some levels were generator-bound: their throughput describes the generator, not the target")
        }
        if sweep.maxRatePerSecond != nil || sweep.levels.contains(where: { $0.metSLO != nil }) {
            notes.append("warning: this is a find-max run; its probes search for a limit and are not a sweep (uneven rates, short and "
                + "possibly overloaded probes), so the fit may misplace the peak; plan from `crmbench sweep` for a plan to act on")
        }
        let stated = usable.compactMap(\.server)
        // The server's cores: the capacity file, else the target's /metrics; never the generator machine's.
        var coresKnown = true
        let cores: Int
        if let given = file.cores {
            cores = given
        } else if let exported = stated.compactMap(\.cores).max() {
            cores = exported
            notes.append("cores per node: \(exported), as the target's /metrics states (crm_server_cores)")
        } else {
            coresKnown = false
            // What the measurement proves: the most CPU-seconds per second the server used, rounded up.
            let used = stated.compactMap(\.cpuUtilization).max() ?? 0
            cores = max(1, Int(min(used, 1_000_000).rounded(.up)))
            notes.append("the server's cores are unknown (no `cores:` in the capacity file, no crm_server_cores on /metrics): "
                + "the CPU is modelled with \(cores), the least the measured CPU use (\(String((used * 100).rounded() / 100)) cores busy) proves; "
                + "a prediction that hangs on the CPU is not evidence until the cores are given")
        }
        let workers = file.workers ?? stated.compactMap(\.workers).max()
        let pool = file.databasePool ?? stated.compactMap(\.databasePool).max()
        // Demands from the busiest level: near saturation the CPU the process spends in the background (timers,
        // event loops, metrics) is shared by the most requests, so busy time / completions reads the demand closest
        // to what bounds the peak. Levels without /metrics fall back to the median of those with it.
        let busiest = usable.filter { $0.server?.cpuSecondsPerRequest != nil }.max { $0.summary.requestsPerSecond < $1.summary.requestsPerSecond }
        let cpu = busiest?.server?.cpuSecondsPerRequest.flatMap { $0 > 0 ? $0 : nil }
            ?? median(usable.compactMap { $0.server?.cpuSecondsPerRequest }.filter { $0 > 0 })
        let db = busiest?.server?.databaseSecondsPerRequest.flatMap { $0 > 0 ? $0 : nil }
            ?? median(usable.compactMap { $0.server?.databaseSecondsPerRequest }.filter { $0 > 0 })
        var stations: [ModelStation] = []
        if let cpu { stations.append(ModelStation(name: "cpu", role: .cpu, demandSeconds: cpu, servers: cores)) }
        if let cpu, let workers {
            // A worker holds a request while it computes: its demand is the CPU time per request.
            stations.append(ModelStation(name: "workers", role: .workers, demandSeconds: cpu, servers: workers))
            notes.append("\(workers) worker\(workers == 1 ? "" : "s") per node (\(file.workers != nil ? "capacity file" : "the target's /metrics, crm_server_workers")): "
                + "a station of its own, each worker holding a request for its CPU time")
        }
        if let db { stations.append(ModelStation(name: "database", role: .database, demandSeconds: db, servers: pool ?? 1,
                                                 readFraction: file.readFraction)) }
        if stations.isEmpty {
            guard let fit else {
                throw Problem(message: "neither service demands (the target exposed no readable /metrics) nor a USL fit (\(notes.last ?? "")): nothing to plan from")
            }
            // Without /metrics: one station whose saturation is the fitted peak throughput.
            notes.append("the target exposed no /metrics: the plan rests on the USL fit alone (one station at the fitted peak)")
            let peak = fit.model.peakThroughput ?? (points.map(\.throughputPerSecond).max() ?? 1)
            stations.append(ModelStation(name: "service", role: .cpu, demandSeconds: 1 / peak, servers: 1))
        }
        let reportedEmbedded = usable.compactMap { $0.server?.databaseEmbedded }.first
        var embedded = db != nil && (file.databaseEmbedded ?? reportedEmbedded ?? false)
        if embedded, let db, let cpu, db > cpu {
            notes.append("the database is embedded but its busy time per request (\(db) s) exceeds the CPU per request (\(cpu) s): it waits on more than CPU, so it is modelled as a separate station")
            embedded = false
        }
        if embedded {
            notes.append(file.databaseEmbedded == true
                ? "the database runs inside the application process (capacity file): database work removed by an option comes off the CPU too"
                : "the target reports an embedded database (crm_db_embedded): database work removed by an option comes off the CPU too")
        }
        if let ratio = busiest?.server?.cacheHitRatio {
            notes.append("the target's cache was on during the sweep and hit \(Int((ratio * 100).rounded()))% of lookups: the measured demands already include it")
        }
        let model = CapacityModel(stations: stations, thinkTimeSeconds: 0, usl: fit?.model, currentNodes: file.nodes ?? 1,
                                  databaseEmbedded: embedded)
        var inputs = PlanInputs(model: model, fit: fit, points: points, notes: notes)
        inputs.coresKnown = coresKnown
        inputs.levelUnit = sweep.dimension == .vus ? "VUs" : "req/s"
        inputs.arrivalProcess = sweep.dimension == .vus ? "closed-loop virtual users (each waits for its answer)"
            : "an open arrival rate with the run's own spacing"
        // The spread of the per-level demands: the standard error of their mean.
        let perLevel: [String: [Double]] = ["cpu": usable.compactMap { $0.server?.cpuSecondsPerRequest }.filter { $0 > 0 },
                                            "database": usable.compactMap { $0.server?.databaseSecondsPerRequest }.filter { $0 > 0 }]
        for station in stations {
            let values = perLevel[station.role == .workers ? "cpu" : station.name] ?? []
            inputs.demandStandardErrors[station.name] = standardError(values)
        }
        return inputs
    }

    /// The cost table from the capacity file (defaults where not given).
    public static func costs(_ file: CapacityFile) -> CostTable {
        var table = CostTable()
        if let x = file.costs["core"] { table.perExtraCorePerNode = x }
        if let x = file.costs["speedup"] { table.perSpeedupUnitPerNode = x }
        if let x = file.costs["demandReductionPercent"] { table.perDemandReductionPercent = x }
        if let x = file.costs["cache"] { table.perCache = x }
        if let x = file.costs["contentionPercent"] { table.perContentionReductionPercent = x }
        if let x = file.costs["appNode"] { table.perExtraAppNode = x }
        if let x = file.costs["readReplica"] { table.perReadReplica = x }
        if let x = file.costs["poolConnection"] { table.perExtraPoolConnection = x }
        if let x = file.costs["worker"] { table.perExtraWorkerPerNode = x }
        return table
    }

    static func standardError(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
