import BenchCore

/// The one-line description of a run's load model, shared by the terminal summary and the HTML report.
enum ModelText {
    /// "closed model, 50 connections", "open model, RATE, max 1000 in flight" (`rate` as the caller writes it),
    /// or "several workloads at the same time, up to N connections".
    static func describe(_ config: RunConfigurationRecord, rate: (Double) -> String) -> String {
        switch config.model {
        case .open: "open model, \(rate(config.ratePerSecond ?? 0)), max \(config.connections) in flight"
        case .mixed: "several workloads at the same time, up to \(config.connections) connections"
        case .closed: "closed model, \(config.connections) connections"
        }
    }
}
