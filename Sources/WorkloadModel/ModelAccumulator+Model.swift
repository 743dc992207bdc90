import Foundation

/// Why a log gives no model.
public enum ModelProblem: Error, Equatable, CustomStringConvertible {
    /// Not one line parsed as a request.
    case noRequests(lines: Int, malformed: Int, firstMalformed: [Int])
    /// Requests, but none that forms a session (e.g. none carries the session header).
    case noSessions(requests: Int, withoutSessionKey: Int, staticAssets: Int)

    public var description: String {
        switch self {
        case .noRequests(let lines, let malformed, let first):
            if lines == 0 || malformed == 0 { return "no requests: the log is empty" }
            let at = first.map(String.init).joined(separator: ", ")
            return "no requests: none of its \(malformed) non-blank lines is in the format (malformed lines: \(at)…); check --format"
        case .noSessions(let requests, let without, let staticAssets):
            var text = "no sessions in \(requests) requests"
            if without > 0 { text += "; \(without) lack the session header (check --session-key)" }
            if staticAssets > 0 { text += "; \(staticAssets) are static assets, which are left out" }
            return text
        }
    }
}

extension ModelAccumulator {
    /// The distributions the fidelity check compares: session lengths (requests), session durations (ms) and
    /// pauses (ms), each a uniform sample.
    public var samples: (lengths: [Double], durationsMillis: [Double], thinkMillis: [Double]) {
        (sessionLengths.items, sessionDurationsMillis.items, thinkMillis.items)
    }

    /// When sessions started: seconds from the first session's start (a uniform sample), and how many sessions
    /// over how long (first start to last start, seconds), for the arrival profile.
    public var arrivals: (offsetsSeconds: [Double], sessions: Int, spanSeconds: Double) {
        guard let first = firstSessionStartMillis, let last = lastSessionStartMillis else { return ([], sessions, 0) }
        return (sessionStartsMillis.items.map { ($0 - Double(first)) / 1_000 }, sessions, Double(last - first) / 1_000)
    }

    /// Requests per endpoint template (the mix), after ``finishSessions()``.
    public var requestsByTemplate: [String: Int] {
        Dictionary(uniqueKeysWithValues: templates.map { ($0.key, $0.requests) })
    }

    /// The model; call ``finishSessions()`` first. `scale` multiplies the arrival rates.
    public func model(scale: Double = 1) throws(ModelProblem) -> BehaviourModel {
        guard records > 0 else { throw .noRequests(lines: lines, malformed: malformed, firstMalformed: malformedLineNumbers) }
        guard sessions > 0 else {
            throw .noSessions(requests: records, withoutSessionKey: withoutSessionKey, staticAssets: staticAssets)
        }
        let totalRequests = max(templates.reduce(0) { $0 + $1.requests } + otherRequests, 1)
        let endpoints = templates.map { stats in
            BehaviourModel.Endpoint(
                template: stats.key, requests: stats.requests, share: Double(stats.requests) / Double(totalRequests),
                errorShare: Double(stats.errors) / Double(max(stats.requests, 1)), exampleTarget: stats.exampleTarget,
                identifiers: identifierSources(stats))
        }.sorted { ($0.requests, $1.template) > ($1.requests, $0.template) }
        let floor = ThinkTimeFit.noiseFloorMillis
        let thinks = thinkMillis.items
        let clustering = classes()
        let baseline = pauseBaseline()
        let span = Double(max(lastMillis - firstMillis, 1)) / 1_000
        return BehaviourModel(
            input: .init(lines: lines, requests: records, malformedLines: malformed,
                         malformedLineNumbers: malformedLineNumbers, staticAssetsSkipped: staticAssets,
                         withoutSessionKey: withoutSessionKey, firstRequestEpochMillis: firstMillis,
                         lastResponseEpochMillis: lastMillis, spanSeconds: span),
            sessionKey: sessionKeyText, inactivityTimeoutSeconds: Double(options.inactivityTimeoutMillis) / 1_000,
            sessions: sessions, sessionLengthRequests: .init(sessionLengths.items),
            sessionDurationSeconds: .init(sessionDurationsMillis.items.map { $0 / 1_000 }),
            thinkTime: ThinkTimeFit.fit(thinks.filter { $0 >= floor }),
            immediateShare: thinks.isEmpty ? 0 : Double(thinks.filter { $0 < floor }.count) / Double(thinks.count),
            endpoints: endpoints, otherRequests: otherRequests, pauseBaseline: baseline.map { var b = $0; b.sampleMillis = []; return b },
            transitions: transitions(baseline: baseline),
            classes: clustering.classes, silhouette: clustering.silhouette, untrackedSequences: untrackedSequences,
            sessionsPerMinute: perMinute, scale: scale,
            peakSessionsInFlight: SessionConcurrency.estimatedPeak(sample: sessionSpans.items, sessions: sessions),
            arrivalStages: ArrivalProfile.stages(perMinute: perMinute, startOffsetsSeconds: arrivals.offsetsSeconds,
                                                sessions: sessions, spanSeconds: span, scale: scale))
    }

    var sessionKeyText: String {
        switch options.sessionKey {
        case .clientAndAgent: return "ip+ua"
        case .header(let name): return "header:\(name)"
        }
    }

    var perMinute: [Int] {
        guard let first = sessionsPerMinute.keys.min(), let last = sessionsPerMinute.keys.max() else { return [] }
        return (first...last).map { sessionsPerMinute[$0] ?? 0 }
    }

    func name(_ index: Int32) -> String {
        switch index {
        case Self.entry: return "(start)"
        case Self.exit: return "(end)"
        default: return templates[Int(index)].key
        }
    }

    func identifierSources(_ stats: TemplateStats) -> [BehaviourModel.IdentifierSource] {
        stats.kinds.indices.map { slot in
            let createdShare = Double(stats.createdInSession[slot]) / Double(max(stats.requests, 1))
            let creator = "POST " + stats.collections[slot]
            if createdShare >= 0.5 {
                return .init(kind: stats.kinds[slot], source: "extracted", creator: creator,
                             range: stats.numericRange[slot].map { [$0.lowerBound, $0.upperBound] },
                             createdInSessionShare: createdShare, values: nil)
            }
            if let range = stats.numericRange[slot], stats.values[slot].items.isEmpty {
                return .init(kind: stats.kinds[slot], source: "range", creator: nil,
                             range: [range.lowerBound, range.upperBound], createdInSessionShare: createdShare, values: nil)
            }
            var values = stats.values[slot].items
            if let range = stats.numericRange[slot] { values += [String(range.lowerBound), String(range.upperBound)] }
            return .init(kind: stats.kinds[slot], source: "feeder", creator: nil, range: nil,
                         createdInSessionShare: createdShare, values: Array(Set(values)).sorted())
        }
    }

    /// The back-to-back gap of the log's transitions (see ``PauseBaseline``).
    func pauseBaseline() -> PauseBaseline? {
        PauseBaseline.estimate(edges.compactMap { key, stats in
            let (from, to) = EdgeStats.endpoints(key)
            guard from >= 0, to >= 0 else { return nil }
            return (name(from) + " → " + name(to), stats.think.items)
        })
    }

    /// The CBMG edges, most frequent first, with transition probabilities and fitted pauses: the think time left
    /// once the back-to-back gap is taken off (none on the transitions that are the gap).
    func transitions(baseline: PauseBaseline?) -> [BehaviourModel.Transition] {
        var leaving: [Int32: Int] = [:]
        for (key, stats) in edges { leaving[EdgeStats.endpoints(key).from, default: 0] += stats.count }
        let floor = ThinkTimeFit.noiseFloorMillis
        let backToBack = Set(baseline?.transitions ?? [])
        return edges.map { key, stats in
            let (from, to) = EdgeStats.endpoints(key)
            let pauses = stats.think.items
            let think = backToBack.contains(name(from) + " → " + name(to)) ? nil :
                ThinkTimeFit.fit(pauses, overhead: baseline?.sampleMillis ?? [], seed: options.seed &+ UInt64(bitPattern: key))
            return BehaviourModel.Transition(
                from: name(from), to: name(to), count: stats.count,
                probability: Double(stats.count) / Double(max(leaving[from] ?? 1, 1)),
                think: think,
                immediateShare: pauses.isEmpty ? 1 : Double(pauses.filter { $0 < floor }.count) / Double(pauses.count))
        }.sorted { ($0.count, $1.from, $1.to) > ($1.count, $0.from, $0.to) }
    }
}
