import Foundation

/// The model as Markdown: input, sessions, classes, mix, pauses, top transitions, arrivals.
public enum ModelSummaryText {
    /// The summary; `topTransitions` limits the transition table.
    public static func markdown(_ model: BehaviourModel, source: String, topTransitions: Int = 15) -> String {
        let f = ScenarioWriter.format, pct = ScenarioWriter.percent
        var out = ["# Workload model of \(source)", ""]
        let input = model.input
        out.append("- \(input.lines) lines, \(input.requests) requests over \(f(input.spanSeconds)) s")
        if input.malformedLines > 0 {
            out.append("- \(input.malformedLines) malformed lines skipped (first: " +
                       input.malformedLineNumbers.map(String.init).joined(separator: ", ") + ")")
        }
        if input.staticAssetsSkipped > 0 { out.append("- \(input.staticAssetsSkipped) static-asset requests left out") }
        if input.withoutSessionKey > 0 { out.append("- \(input.withoutSessionKey) requests without the session key left out") }
        out.append("- \(model.sessions) sessions (key \(model.sessionKey), inactivity timeout \(Int(model.inactivityTimeoutSeconds)) s): " +
                   "\(f(model.sessionLengthRequests.mean)) requests on average (p50 \(f(model.sessionLengthRequests.p50)), " +
                   "p90 \(f(model.sessionLengthRequests.p90))), \(f(model.sessionDurationSeconds.mean)) s long (p90 \(f(model.sessionDurationSeconds.p90)))")
        if let think = model.thinkTime, let best = think.best {
            let all = think.candidates.map { "\($0.family) \(f($0.ksDistance))" }.joined(separator: ", ")
            out.append("- Think time: median \(f(think.medianMillis)) ms, mean \(f(think.meanMillis)) ms over \(think.samples) pauses; " +
                       "best fit \(best.family) (KS distance: \(all)); \(pct(model.immediateShare)) of pauses under " +
                       "\(Int(ThinkTimeFit.noiseFloorMillis)) ms count as none")
        }
        if let gap = model.pauseBaseline {
            out.append("- Back-to-back gap (client, network and server time between two requests sent without a pause): " +
                       "median \(f(gap.medianMillis)) ms, mean \(f(gap.meanMillis)) ms over \(gap.samples) pauses of " +
                       "\(gap.transitions.count) transitions; taken off every pause before its think time is fitted")
        }
        out += ["", "## Behaviour classes", "", "| class | sessions | share | most visited (visits per session) | flows |", "| --- | ---: | ---: | --- | ---: |"]
        for c in model.classes {
            let top = c.topEndpoints.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "`\($0.key)` ×\(f($0.value))" }
            out.append("| \(c.name) | \(c.sessions) | \(pct(c.share)) | \(top.joined(separator: ", ")) | \(c.flows.count) |")
        }
        out.append("")
        out.append("Silhouette \(f(model.silhouette)) (1 = well separated; one class when no split scores above 0.5).")
        out += ["", "## Request mix", "", "| endpoint | requests | share | errors | ids |", "| --- | ---: | ---: | ---: | --- |"]
        for e in model.endpoints {
            let ids = e.identifiers.map { "\($0.kind.rawValue): \($0.source)\($0.creator.map { " from `\($0)`" } ?? "")" }
            out.append("| `\(e.template)` | \(e.requests) | \(pct(e.share)) | \(pct(e.errorShare)) | \(ids.joined(separator: "; ")) |")
        }
        if model.otherRequests > 0 { out.append("| (other endpoints past the cap) | \(model.otherRequests) | | | |") }
        out += ["", "## Top transitions", "", "| from | to | count | probability | pause |", "| --- | --- | ---: | ---: | --- |"]
        for t in model.transitions.prefix(topTransitions) {
            var pause = "—"
            if t.to != "(end)", t.from != "(start)" {
                pause = t.immediateShare >= 0.5 ? "none (\(pct(t.immediateShare)) immediate)" :
                    t.think == nil ? "none (back-to-back)" :
                    t.think.flatMap { fit in fit.best.map { "\($0.family), median \(f(fit.medianMillis)) ms, KS \(f($0.ksDistance))" } } ?? "—"
            }
            out.append("| `\(t.from)` | `\(t.to)` | \(t.count) | \(f(t.probability)) | \(pause) |")
        }
        out += ["", "## Arrivals", ""]
        out.append("Sessions started per minute: " + model.sessionsPerMinute.prefix(60).map(String.init).joined(separator: " ") +
                   (model.sessionsPerMinute.count > 60 ? " …" : ""))
        out.append("")
        out.append("Open-model stages (sessions/s\(model.scale == 1 ? "" : ", scaled \(f(model.scale))x")): " +
                   model.arrivalStages.map { "\(ScenarioWriter.seconds($0.durationSeconds))→\(ScenarioWriter.rate($0.targetPerSecond))" }.joined(separator: ", "))
        return out.joined(separator: "\n") + "\n"
    }
}
