/// Turns session starts per minute into open-model stages.
public enum ArrivalProfile {
    /// At most this many stages; longer logs average neighbouring minutes.
    public static let maxStages = 48

    /// The stages: one flat stage at the mean rate for a log shorter than two minutes, else the per-minute rates
    /// averaged over buckets of equal length (at most ``maxStages``), each stage ramping to its bucket's rate.
    /// Rates are multiplied by `scale`.
    public static func stages(perMinute: [Int], sessions: Int, spanSeconds: Double, scale: Double) -> [BehaviourModel.ArrivalStage] {
        guard sessions > 0 else { return [] }
        if spanSeconds < 120 || perMinute.count < 2 {
            let seconds = max(Int(spanSeconds.rounded(.up)), 1)
            return [.init(durationSeconds: seconds, targetPerSecond: Double(sessions) / Double(seconds) * scale)]
        }
        let width = (perMinute.count + maxStages - 1) / maxStages
        return stride(from: 0, to: perMinute.count, by: width).map { start in
            let bucket = perMinute[start..<min(start + width, perMinute.count)]
            let rate = Double(bucket.reduce(0, +)) / Double(bucket.count * 60)
            return .init(durationSeconds: bucket.count * 60, targetPerSecond: rate * scale)
        }
    }
}
