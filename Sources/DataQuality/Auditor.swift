import BenchCore
import Foundation
import GRDB
import LoadEngine

/// Reads every acknowledged write of a ledger back through the target's API and classifies what it finds: lost,
/// mutated, duplicated, orphaned, and unacknowledged writes stored anyway.
///
/// Records go through in pages of `pageSize` (memory stays flat), each page read by `concurrency` threads.
public struct Auditor: Sendable {
    /// Where and how to read.
    public struct Settings: Sendable {
        /// Base URL the declared paths are joined to.
        public var target: String
        /// Header lines sent with every read (`Authorization: Bearer …`).
        public var headers: [String] = []
        /// TLS and HTTP/2 settings of the run.
        public var client = ClientOptions()
        /// Reads at once.
        public var concurrency = 8
        public var timeoutMillis = 5_000
        /// Records per page.
        public var pageSize = 1_000

        /// Settings for `target`.
        public init(target: String) { self.target = target }
    }

    /// The scenario's declarations, the first one of each resource.
    public let declarations: [String: WriteDeclaration]
    public let settings: Settings
    /// `${env.NAME}` in the declared paths.
    private let env: @Sendable (String) -> String?

    /// An auditor of the writes `declarations` describe.
    public init(declarations: [WriteDeclaration], settings: Settings,
                env: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] }) {
        var byResource: [String: WriteDeclaration] = [:]
        for declaration in declarations where byResource[declaration.resource] == nil { byResource[declaration.resource] = declaration }
        self.declarations = byResource
        self.settings = settings
        self.env = env
    }

    /// One ledger row.
    struct Row: Sendable {
        var resource: String
        var id: String?
        var fields: [String: String]
        var key: String?
        var parentId: String?
    }

    /// What checking one row found.
    struct Found: Sendable {
        var checked = false, lost = false, unreadable = false, keyChecked = false, parentChecked = false
        var present = false, unacknowledgedChecked = false
        var mutated: String?, duplicated: String?, orphaned: String?
        var problem: String?
        var lostSample: String?
        var reads = 0
    }

    /// Audits the ledger at `path`; `progress` hears (records done, records in all) after each page.
    public func audit(ledgerPath path: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> DataQualityResult {
        let started = Date()
        let database = try DatabaseQueue(path: path, configuration: WriteLedger.configuration())
        var result = DataQualityResult()
        try database.write { db in
            try db.execute(sql: "DROP TABLE IF EXISTS temp.latest")
            // seq as the temp table's primary key: each page below is then a range walk, not a scan of the table.
            try db.execute(sql: """
                CREATE TEMP TABLE latest (seq INTEGER PRIMARY KEY);
                INSERT INTO latest SELECT MAX(seq) FROM writes WHERE outcome = 0 GROUP BY resource, recordId
                """)
        }
        let (acknowledged, unacknowledged, latest) = try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM writes WHERE outcome = 0") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM writes WHERE outcome = 1") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.latest") ?? 0)
        }
        (result.acknowledged, result.unacknowledged) = (acknowledged, unacknowledged)
        result.problems += try idProblems(database, result: &result)
        var tally = Tally()
        let fetchers = (0..<max(1, settings.concurrency)).map { _ in
            FetcherBox(fetch: KeptAliveFetch(client: settings.client, timeoutMillis: settings.timeoutMillis))
        }
        let total = latest + unacknowledged
        var done = 0
        var after = Int64.min
        while true {
            let page = try database.read { db in
                try Row.fetchPage(db, sql: """
                    SELECT w.seq, w.resource, w.recordId, w.fields, w.keyValue, w.parentId FROM temp.latest l
                    JOIN writes w ON w.seq = l.seq WHERE l.seq > ? ORDER BY l.seq LIMIT ?
                    """, after: after, limit: settings.pageSize)
            }
            guard let last = page.last else { break }
            after = last.seq
            tally.add(check(page.map(\.row), acknowledged: true, fetchers: fetchers))
            done += page.count
            progress(done, total)
        }
        after = Int64.min
        while true {
            let page = try database.read { db in
                try Row.fetchPage(db, sql: """
                    SELECT seq, resource, recordId, fields, keyValue, parentId FROM writes
                    WHERE outcome = 1 AND seq > ? ORDER BY seq LIMIT ?
                    """, after: after, limit: settings.pageSize)
            }
            guard let last = page.last else { break }
            after = last.seq
            tally.add(check(page.map(\.row), acknowledged: false, fetchers: fetchers))
            done += page.count
            progress(done, total)
        }
        tally.fill(&result)
        result.auditSeconds = Date().timeIntervalSince(started)
        result.readsPerSecond = result.auditSeconds > 0 ? Double(tally.reads) / result.auditSeconds : 0
        return result
    }

    /// Resources whose 2xx answers had no id at the declared path.
    private func idProblems(_ database: DatabaseQueue, result: inout DataQualityResult) throws -> [String] {
        let rows = try database.read { db in
            try GRDB.Row.fetchAll(db, sql: """
                SELECT resource, SUM(outcome = 2) AS missing, SUM(outcome IN (0, 2)) AS answered FROM writes GROUP BY resource
                """)
        }
        var problems: [String] = []
        for row in rows {
            let resource: String = row["resource"], missing: Int = row["missing"], answered: Int = row["answered"]
            guard missing > 0 else { continue }
            result.idMissing += missing
            let path = declarations[resource]?.idPath.description ?? "id"
            problems.append(missing == answered
                ? "record '\(resource)': the id path \(path) never matched (\(missing) successful answers); check record.id"
                : "record '\(resource)': the id path \(path) matched nothing in \(missing) of \(answered) successful answers")
        }
        return problems
    }

    /// Checks one page on `settings.concurrency` threads.
    private func check(_ rows: [Row], acknowledged: Bool, fetchers: [FetcherBox]) -> [Found] {
        let next = LockedCounter(count: rows.count)
        let group = DispatchGroup()
        // Threads of their own, not concurrentPerform: these wait on the network, so more of them than cores helps.
        for fetcher in fetchers.prefix(max(1, min(fetchers.count, rows.count))) {
            group.enter()
            let thread = Thread { [self] in
                while let index = next.take() {
                    next.store(acknowledged ? checkAcknowledged(rows[index], fetcher.fetch)
                                            : checkUnacknowledged(rows[index], fetcher.fetch), at: index)
                }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return next.found
    }

    private func checkAcknowledged(_ row: Row, _ fetcher: KeptAliveFetch) -> Found {
        var found = Found()
        guard let declaration = declarations[row.resource], let id = row.id else {
            found.problem = "record '\(row.resource)' is declared by no step of the scenario"
            return found
        }
        found.reads += 1
        switch get(declaration.readBack, variable: "id", value: id, fetcher) {
        case .success(let response) where response.status == 404:
            found.checked = true
            found.lost = true
            found.lostSample = "\(row.resource) \(id): 404 on \(declaration.readBack.source)"
            return found
        case .success(let response) where (200..<300).contains(response.status):
            found.checked = true
            if let mismatch = ReadBackComparison.mismatch(sent: row.fields, storedBody: response.body) {
                found.mutated = "\(row.resource) \(id): \(mismatch)"
            }
        default:
            found.unreadable = true
            return found
        }
        if let search = declaration.search, let keyField = declaration.key, let key = row.key {
            found.reads += 1
            if case .success(let response) = get(search, variable: "key", value: key, fetcher), response.status == 200 {
                if let items = ReadBackComparison.listItems(response.body) {
                    found.keyChecked = true
                    let copies = ReadBackComparison.keyMatches(items, field: keyField, key: key)
                    if copies > 1 { found.duplicated = "\(row.resource) \(keyField) \"\(key)\": \(copies) records" }
                } else {
                    found.problem = "record '\(row.resource)': search \(declaration.search?.source ?? "") did not return a list"
                }
            }
        }
        if let parent = declaration.parent, let parentId = row.parentId, let parentDeclaration = declarations[parent.resource] {
            found.reads += 1
            if case .success(let response) = get(parentDeclaration.readBack, variable: "id", value: parentId, fetcher) {
                found.parentChecked = true
                if response.status == 404 {
                    found.orphaned = "\(row.resource) \(id): \(parent.field) \(parentId) (\(parent.resource)) is gone"
                }
            }
        }
        return found
    }

    private func checkUnacknowledged(_ row: Row, _ fetcher: KeptAliveFetch) -> Found {
        var found = Found()
        guard let declaration = declarations[row.resource], let search = declaration.search,
              let keyField = declaration.key, let key = row.key else { return found }
        found.reads += 1
        if case .success(let response) = get(search, variable: "key", value: key, fetcher), response.status == 200,
           let items = ReadBackComparison.listItems(response.body) {
            found.unacknowledgedChecked = true
            found.present = ReadBackComparison.keyMatches(items, field: keyField, key: key) > 0
            if found.present { found.duplicated = "\(row.resource) \(keyField) \"\(key)\"" }
        }
        return found
    }

    private func get(_ path: Template, variable: String, value: String, _ fetcher: KeptAliveFetch) -> Result<SimpleFetch.Response, SimpleFetch.Failure> {
        let encoded = variable == "key"
            ? value.addingPercentEncoding(withAllowedCharacters: Self.queryValueAllowed) ?? value : value
        var context = TemplateContext(variables: [variable: encoded], env: env)
        let rendered = path.render(&context)
        let url = rendered.hasPrefix("http://") || rendered.hasPrefix("https://") ? rendered
            : (settings.target.hasSuffix("/") ? String(settings.target.dropLast()) : settings.target) + rendered
        return fetcher.request(url, headers: settings.headers)
    }

    private static let queryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "+&=?#")
        return set
    }()

    /// Counts over every page.
    private struct Tally {
        var checked = 0, unreadable = 0, keyChecked = 0, parentChecked = 0, unacknowledgedChecked = 0, reads = 0
        var lost = DataQualityResult.Finding(), mutated = DataQualityResult.Finding()
        var duplicated = DataQualityResult.Finding(), orphaned = DataQualityResult.Finding()
        var present = DataQualityResult.Finding()
        var problems: [String] = []
        /// Natural keys already counted as duplicated (each stored key counts once).
        var duplicatedKeys: Set<String> = []

        mutating func add(_ page: [Found]) {
            for found in page {
                reads += found.reads
                if found.checked { checked += 1 }
                if found.unreadable { unreadable += 1 }
                if found.keyChecked { keyChecked += 1 }
                if found.parentChecked { parentChecked += 1 }
                if found.unacknowledgedChecked { unacknowledgedChecked += 1 }
                if found.lost { Self.note(&lost, found.lostSample) }
                if let text = found.mutated { Self.note(&mutated, text) }
                if found.unacknowledgedChecked {
                    if found.present { Self.note(&present, found.duplicated) }
                } else if let text = found.duplicated, duplicatedKeys.insert(text).inserted {
                    Self.note(&duplicated, text)
                }
                if let text = found.orphaned { Self.note(&orphaned, text) }
                if let problem = found.problem, !problems.contains(problem) { problems.append(problem) }
            }
        }

        static func note(_ finding: inout DataQualityResult.Finding, _ sample: String?) {
            finding.count += 1
            if let sample, finding.samples.count < DataQualityResult.maxSamples { finding.samples.append(sample) }
        }

        func fill(_ result: inout DataQualityResult) {
            func rate(_ count: Int, _ of: Int) -> Double { of > 0 ? Double(count) / Double(of) : 0 }
            result.checked = checked
            result.unreadable = unreadable
            (result.lost, result.mutated, result.duplicated, result.orphaned, result.unacknowledgedPresent) =
                (lost, mutated, duplicated, orphaned, present)
            result.lost.rate = rate(lost.count, checked)
            result.mutated.rate = rate(mutated.count, checked - lost.count)
            result.duplicated.rate = rate(duplicated.count, keyChecked)
            result.orphaned.rate = rate(orphaned.count, parentChecked)
            result.unacknowledgedPresent.rate = rate(present.count, unacknowledgedChecked)
            result.problems += problems
        }
    }
}

/// One thread's fetcher, handed to that thread alone.
// @unchecked: each box is used by one reading thread at a time (the page's threads are joined before the next page).
final class FetcherBox: @unchecked Sendable {
    let fetch: KeptAliveFetch
    init(fetch: KeptAliveFetch) { self.fetch = fetch }
}

/// Hands out indexes to the reading threads and keeps what each found.
private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var results: [Auditor.Found]

    init(count: Int) { results = Array(repeating: Auditor.Found(), count: count) }

    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < results.count else { return nil }
        defer { next += 1 }
        return next
    }

    func store(_ found: Auditor.Found, at index: Int) { lock.lock(); results[index] = found; lock.unlock() }

    var found: [Auditor.Found] { lock.lock(); defer { lock.unlock() }; return results }
}

extension Auditor.Row {
    /// One page of rows after `after` (by ledger sequence).
    static func fetchPage(_ db: Database, sql: String, after: Int64, limit: Int) throws -> [(seq: Int64, row: Auditor.Row)] {
        try GRDB.Row.fetchAll(db, sql: sql, arguments: [after, limit]).map { row -> (seq: Int64, row: Auditor.Row) in
            let fieldsText: String = row["fields"]
            let fields = (try? JSONSerialization.jsonObject(with: Data(fieldsText.utf8))) as? [String: String] ?? [:]
            let seq: Int64 = row["seq"]
            let resource: String = row["resource"]
            let id: String? = row["recordId"], key: String? = row["keyValue"], parentId: String? = row["parentId"]
            return (seq, Auditor.Row(resource: resource, id: id, fields: fields, key: key, parentId: parentId))
        }
    }
}
