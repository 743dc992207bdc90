/// Reads a log's records one at a time and keeps only aggregates: open sessions (closed once the stream time has
/// passed their inactivity timeout), per-endpoint counts, transition counts and fixed-size samples. Its memory is
/// bounded by the open sessions and the caps in ``ModelOptions``, not by the log's length.
public struct ModelAccumulator: Sendable {
    let options: ModelOptions
    var lines = 0
    var records = 0
    var malformed = 0
    var malformedLineNumbers: [Int] = []
    var staticAssets = 0
    var withoutSessionKey = 0
    var firstMillis = Int64.max
    var lastMillis = Int64.min
    var templates: [TemplateStats] = []
    var templateIndex: [String: Int] = [:]
    var otherRequests = 0
    /// Open sessions by the 64-bit FNV-1a hash of their key (two keys would share a session only on a hash
    /// collision: about n²/2⁶⁵ for n open sessions, 3·10⁻⁸ for a million).
    var open: [UInt64: OpenSession] = [:]
    /// Template index by the hash of its key, for lines read as bytes.
    var templateByHash: [UInt64: Int] = [:]
    var scanner = CombinedLineScanner()
    var lastSweepMillis: Int64?
    var edges: [Int64: EdgeStats] = [:]
    var sequences: [[Int32]: Int] = [:]
    var untrackedSequences = 0
    var sessions = 0
    var sessionLengths: Reservoir<Double>
    var sessionDurationsMillis: Reservoir<Double>
    var thinkMillis: Reservoir<Double>
    var visitSample: Reservoir<[Int32]>
    var sessionsPerMinute: [Int64: Int] = [:]
    var sessionStartsMillis: Reservoir<Double>
    /// Sessions' spans, for the peak in flight (``SessionConcurrency``).
    var sessionSpans: Reservoir<SessionConcurrency.Span>
    var firstSessionStartMillis: Int64?
    var lastSessionStartMillis: Int64?

    /// Index of the virtual "session start" and "session end" states in transitions.
    static let entry: Int32 = -1, exit: Int32 = -2

    /// An empty accumulator.
    public init(options: ModelOptions = ModelOptions()) {
        self.options = options
        sessionLengths = Reservoir(capacity: options.sampleCapacity, seed: options.seed)
        sessionDurationsMillis = Reservoir(capacity: options.sampleCapacity, seed: options.seed &+ 1)
        thinkMillis = Reservoir(capacity: options.sampleCapacity, seed: options.seed &+ 2)
        visitSample = Reservoir(capacity: 1_500, seed: options.seed &+ 3)
        sessionStartsMillis = Reservoir(capacity: options.sampleCapacity, seed: options.seed &+ 4)
        sessionSpans = Reservoir(capacity: options.sampleCapacity, seed: options.seed &+ 5)
    }

    /// Parses and adds one line (without its newline); counts it as malformed when it does not parse. Blank lines
    /// are skipped without counting.
    public mutating func add(line: ArraySlice<UInt8>, format: LogFormat) {
        lines += 1
        if format == .combined {
            let outcome = line.withUnsafeBufferPointer { addCombined($0) }
            switch outcome {
            case .parsed, .blank: return
            case .malformed: noteMalformed(); return
            case .needsSlowPath: break
            }
        }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return }
        let record: LogRecord?
        switch format {
        case .combined: record = CombinedLogParser.parse(line)
        case .json:
            if case .header(let name) = options.sessionKey { record = JSONLogParser.parse(line, sessionHeader: name) } else {
                record = JSONLogParser.parse(line, sessionHeader: nil)
            }
        }
        guard let record else { noteMalformed(); return }
        add(record)
    }

    mutating func noteMalformed() {
        malformed += 1
        if malformedLineNumbers.count < options.malformedLinesKept { malformedLineNumbers.append(lines) }
    }

    /// Adds one parsed request.
    public mutating func add(_ record: LogRecord) {
        records += 1
        if EndpointTemplate.isStaticAsset(record.target) { staticAssets += 1; return }
        var key = ByteHash()
        switch options.sessionKey {
        case .clientAndAgent:
            key.add(record.client.utf8)
            key.add(0x1F)
            key.add(record.userAgent.utf8)
        case .header:
            guard let value = record.sessionHeader else { withoutSessionKey += 1; return }
            key.add(value.utf8)
        }
        firstMillis = min(firstMillis, record.startMillis)
        lastMillis = max(lastMillis, record.endMillis)
        sweep(now: record.startMillis)
        let template = EndpointTemplate(method: record.method, target: record.target)
        let index = templateSlot(template, target: record.target, status: record.status)
        guard index >= 0 else { return }
        admit(key: key.value, start: record.startMillis, end: record.endMillis, template: index)
    }

    /// Adds one request of a session to it (or starts a session), counting the transition and the pause. The open
    /// session is changed in place in the dictionary (a copy would copy its request sequence on every request).
    mutating func admit(key: UInt64, start: Int64, end: Int64, template index: Int) {
        if let slot = open.index(forKey: key) {
            let lastEnd = open.values[slot].lastEndMillis
            if start - lastEnd <= options.inactivityTimeoutMillis {
                let think = Double(max(0, start - lastEnd))
                addEdge(from: open.values[slot].last, to: Int32(index), thinkMillis: think)
                thinkMillis.add(think)
                notePreviousCreation(index: index, in: open.values[slot].sequence)
                open.values[slot].append(Int32(index), end: end, cap: options.maxSequenceLength)
                return
            }
            close(open.values[slot])
            open.remove(at: slot)
        }
        var session = OpenSession(start: start)
        addEdge(from: Self.entry, to: Int32(index), thinkMillis: nil)
        session.append(Int32(index), end: end, cap: options.maxSequenceLength)
        open[key] = session
    }

    /// Closes every open session; call once after the last record.
    public mutating func finishSessions() {
        for session in open.values.sorted(by: { $0.start < $1.start }) { close(session) }
        open.removeAll()
    }

    /// Closes the sessions idle for longer than the timeout at stream time `now`. Scans the open sessions at most
    /// once per tenth of the timeout of stream time, so the cost per record stays constant.
    mutating func sweep(now: Int64) {
        let interval = max(options.inactivityTimeoutMillis / 10, 1_000)
        if let last = lastSweepMillis, now - last < interval { return }
        lastSweepMillis = now
        let expired = open.filter { now - $0.value.lastEndMillis > options.inactivityTimeoutMillis }
        for (key, session) in expired.sorted(by: { $0.value.start < $1.value.start }) {
            open[key] = nil
            close(session)
        }
    }

    mutating func close(_ session: OpenSession) {
        sessions += 1
        addEdge(from: session.last, to: Self.exit, thinkMillis: nil)
        sessionLengths.add(Double(session.requests))
        sessionDurationsMillis.add(Double(session.lastEndMillis - session.start))
        visitSample.add(session.sequence)
        if sequences[session.sequence] != nil || sequences.count < options.maxSequences {
            sequences[session.sequence, default: 0] += 1
        } else {
            untrackedSequences += 1
        }
        sessionsPerMinute[session.start / 60_000, default: 0] += 1
        sessionStartsMillis.add(Double(session.start))
        sessionSpans.add(.init(startMillis: session.start, endMillis: session.lastEndMillis))
        firstSessionStartMillis = min(firstSessionStartMillis ?? session.start, session.start)
        lastSessionStartMillis = max(lastSessionStartMillis ?? session.start, session.start)
    }

    mutating func addEdge(from: Int32, to: Int32, thinkMillis: Double?) {
        let key = EdgeStats.key(from: from, to: to)
        let slot: Dictionary<Int64, EdgeStats>.Index
        if let found = edges.index(forKey: key) { slot = found } else {
            edges[key] = EdgeStats(think: Reservoir(capacity: 500, seed: options.seed &+ UInt64(bitPattern: key)))
            slot = edges.index(forKey: key)!
        }
        edges.values[slot].count += 1
        if let thinkMillis { edges.values[slot].think.add(thinkMillis) }
    }

    /// The template's index, adding it when new; -1 (counted as `other`) once the cap is reached.
    mutating func templateSlot(_ template: EndpointTemplate, target: String, status: Int) -> Int {
        if let index = templateIndex[template.key] {
            templates[index].record(template, status: status)
            return index
        }
        var hash = ByteHash()
        hash.add(template.key.utf8)
        guard templates.count < options.maxTemplates else { otherRequests += 1; return -1 }
        let index = templates.count
        templates.append(TemplateStats(template: template, exampleTarget: target, seed: options.seed &+ UInt64(index)))
        templates[index].record(template, status: status)
        templateIndex[template.key] = index
        templateByHash[hash.value] = index
        return index
    }

    /// Counts, per identifier, whether the session earlier POSTed to the identifier's collection (then the id was
    /// most likely taken from that response). The creator's index is looked up again only when templates were added.
    mutating func notePreviousCreation(index: Int, in sequence: [Int32]) {
        guard !templates[index].creatorKeys.isEmpty, !sequence.isEmpty else { return }
        for slot in templates[index].creatorKeys.indices {
            if templates[index].creatorIndex[slot] < 0, templates[index].creatorCheckedAt[slot] != templates.count {
                templates[index].creatorCheckedAt[slot] = templates.count
                templates[index].creatorIndex[slot] = templateIndex[templates[index].creatorKeys[slot]].map(Int32.init) ?? -1
            }
            let creator = templates[index].creatorIndex[slot]
            if creator >= 0, sequence.contains(creator) { templates[index].createdInSession[slot] += 1 }
        }
    }
}

/// A session still receiving requests.
struct OpenSession: Sendable {
    let start: Int64
    var lastEndMillis: Int64
    var last: Int32 = ModelAccumulator.entry
    var requests = 0
    var sequence: [Int32] = []

    init(start: Int64) { (self.start, lastEndMillis) = (start, start) }

    mutating func append(_ template: Int32, end: Int64, cap: Int) {
        requests += 1
        last = template
        lastEndMillis = max(lastEndMillis, end)
        if sequence.count < cap { sequence.append(template) }
    }
}

/// Counts and pauses of one transition between endpoints.
struct EdgeStats: Sendable {
    var count = 0
    var think: Reservoir<Double>

    static func key(from: Int32, to: Int32) -> Int64 { Int64(from) << 32 | Int64(UInt32(bitPattern: to)) }
    static func endpoints(_ key: Int64) -> (from: Int32, to: Int32) { (Int32(truncatingIfNeeded: key >> 32), Int32(truncatingIfNeeded: key)) }
}

