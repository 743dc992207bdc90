import Foundation

extension ServerMetrics {
    /// All metrics in the Prometheus text exposition format (version 0.0.4).
    public func prometheusText(process: ProcessStatistics = .current()) -> String {
        let (counts, durations, byVersion) = requests.withLock { ($0.counts, $0.durations, $0.byVersion) }
        let db = database.withLock { $0 }
        var out = ""
        out += "# HELP crm_http_requests_total Requests answered, by route template, method and status.\n"
        out += "# TYPE crm_http_requests_total counter\n"
        for (key, count) in counts.sorted(by: { $0.key < $1.key }) {
            out += "crm_http_requests_total{route=\"\(escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP crm_http_requests_by_version_total Requests answered, by HTTP major version (1 is HTTP/1.x).\n"
        out += "# TYPE crm_http_requests_by_version_total counter\n"
        out += "crm_http_requests_by_version_total{version=\"1\"} \(byVersion[0])\n"
        out += "crm_http_requests_by_version_total{version=\"2\"} \(byVersion[1])\n"
        out += "# HELP crm_http_request_duration_seconds Time from request arrival to response, by route and method.\n"
        out += "# TYPE crm_http_request_duration_seconds histogram\n"
        for (key, histogram) in durations.sorted(by: { $0.key < $1.key }) {
            let labels = "route=\"\(escape(key.route))\",method=\"\(key.method)\""
            var cumulative = 0
            for (bound, count) in zip(Self.durationBucketsSeconds, histogram.bucketCounts) {
                cumulative += count
                out += "crm_http_request_duration_seconds_bucket{\(labels),le=\"\(format(bound))\"} \(cumulative)\n"
            }
            out += "crm_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            out += "crm_http_request_duration_seconds_sum{\(labels)} \(format(histogram.sumSeconds))\n"
            out += "crm_http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
        out += "# HELP crm_db_queries_total SQL statements executed.\n# TYPE crm_db_queries_total counter\n"
        out += "crm_db_queries_total \(db.queries)\n"
        out += "# HELP crm_db_query_seconds_total Time spent executing SQL statements, as SQLite times them (in whole milliseconds).\n"
        out += "# TYPE crm_db_query_seconds_total counter\n"
        out += "crm_db_query_seconds_total \(format(db.querySeconds))\n"
        out += "# HELP crm_db_busy_seconds_total Time database connections were held by requests: statements, reading rows, driver work.\n"
        out += "# TYPE crm_db_busy_seconds_total counter\n"
        out += "crm_db_busy_seconds_total \(format(db.busySeconds))\n"
        out += "# HELP crm_db_embedded Whether the database runs inside the server process (its time is part of the process CPU).\n"
        out += "# TYPE crm_db_embedded gauge\ncrm_db_embedded 1\n"
        out += "# HELP crm_cache_lookups_total Cache lookups (--cache on), by result.\n# TYPE crm_cache_lookups_total counter\n"
        out += "crm_cache_lookups_total{result=\"hit\"} \(db.cacheHits)\n"
        out += "crm_cache_lookups_total{result=\"miss\"} \(db.cacheMisses)\n"
        out += "# HELP crm_server_cores CPU cores the server process may run on.\n# TYPE crm_server_cores gauge\n"
        out += "crm_server_cores \(ProcessInfo.processInfo.activeProcessorCount)\n"
        if let workers {
            out += "# HELP crm_server_workers Workers (--workers): requests doing their CPU work at once.\n# TYPE crm_server_workers gauge\n"
            out += "crm_server_workers \(workers)\n"
        }
        if let databasePool {
            out += "# HELP crm_db_pool_size Database connections requests can hold at once (--db-pool).\n# TYPE crm_db_pool_size gauge\n"
            out += "crm_db_pool_size \(databasePool)\n"
        }
        let faults = writeFaults.withLock { $0 }
        out += "# HELP crm_fault_writes_total Creates answered as done but lost, duplicated or corrupted (--lose-writes …).\n"
        out += "# TYPE crm_fault_writes_total counter\n"
        for kind in WriteFault.allCases {
            out += "crm_fault_writes_total{kind=\"\(kind.rawValue)\"} \(faults[kind.rawValue]?.values.reduce(0, +) ?? 0)\n"
        }
        out += "# HELP crm_fault_writes_by_resource_total The same faults by table.\n"
        out += "# TYPE crm_fault_writes_by_resource_total counter\n"
        for kind in WriteFault.allCases {
            for (resource, count) in (faults[kind.rawValue] ?? [:]).sorted(by: { $0.key < $1.key }) {
                out += "crm_fault_writes_by_resource_total{kind=\"\(kind.rawValue)\",resource=\"\(resource)\"} \(count)\n"
            }
        }
        let blanks = seedBlanks.withLock { $0 }
        if !blanks.isEmpty {
            out += "# HELP crm_seed_blanked_fields Seeded customers whose field was left blank (--blank-fields).\n"
            out += "# TYPE crm_seed_blanked_fields gauge\n"
            for (field, count) in blanks.sorted(by: { $0.key < $1.key }) { out += "crm_seed_blanked_fields{field=\"\(field)\"} \(count)\n" }
        }
        out += "# HELP process_cpu_seconds_total User and system CPU time of the server process.\n"
        out += "# TYPE process_cpu_seconds_total counter\n"
        out += "process_cpu_seconds_total \(format(process.cpuSeconds))\n"
        out += "# HELP process_resident_memory_bytes Resident set size of the server process.\n"
        out += "# TYPE process_resident_memory_bytes gauge\n"
        out += "process_resident_memory_bytes \(process.residentMemoryBytes)\n"
        return out
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
