import Foundation
import BenchCore

/// One line per agent of a distributed run, for the terminal and Markdown summaries.
public enum FleetText {
    public static func lines(_ fleet: DistributedRecord) -> [String] {
        let lost = fleet.agents.filter { $0.state == "lost" }.count
        var out = ["agents        \(fleet.agents.count)" + (lost > 0 ? ", \(lost) lost" : "")
                   + (fleet.maxStartSkewMillis.map { "; largest start skew \(String(format: "%.1f", $0)) ms" } ?? "")]
        for agent in fleet.agents {
            var parts = ["  \(agent.index) \(agent.host)", agent.state]
            if let lostAfter = agent.lostAfterSeconds { parts.append("after \(String(format: "%.1f", lostAfter)) s") }
            if let requests = agent.requests { parts.append("\(requests) requests") }
            if let cpu = agent.cpuSeconds { parts.append("CPU \(String(format: "%.2f", cpu)) s") }
            if let skew = agent.startSkewMillis { parts.append("skew \(String(format: "%.1f", skew)) ms") }
            if agent.healthy == false { parts.append("unhealthy: " + (agent.warnings ?? []).joined(separator: "; ")) }
            out.append(parts.joined(separator: ", "))
        }
        return out
    }
}
