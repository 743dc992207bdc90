import Foundation

/// Turns session starts into open-model stages.
public enum ArrivalProfile {
    /// At most this many buckets; longer logs average neighbouring minutes (or seconds).
    public static let maxStages = 48

    /// The stages. The log is cut into at most ``maxStages`` buckets of equal width — whole minutes from the
    /// per-minute counts for a log of two minutes or more, whole seconds from the sample of start times
    /// (`startOffsetsSeconds`, seconds from the first start, scaled up to `sessions`) for a shorter one — and the
    /// rate passes through each bucket's mean rate at the bucket's middle: a half-bucket ramp from 0 to the first
    /// rate, a bucket-long ramp between neighbouring middles, and a half bucket at the last rate. So each bucket
    /// sends about as many sessions as it saw (the first a quarter of its own fewer). A log under two seconds, or
    /// of one bucket, gives one flat stage at the mean rate. Rates are multiplied by `scale`.
    public static func stages(
        perMinute: [Int], startOffsetsSeconds: [Double], sessions: Int, spanSeconds: Double, scale: Double
    ) -> [BehaviourModel.ArrivalStage] {
        guard sessions > 0 else { return [] }
        var rates: [Double] = []
        var width = 1.0
        if spanSeconds >= 120, perMinute.count >= 2 {
            let minutes = (perMinute.count + maxStages - 1) / maxStages
            width = Double(minutes * 60)
            rates = stride(from: 0, to: perMinute.count, by: minutes).map { start in
                Double(perMinute[start..<min(start + minutes, perMinute.count)].reduce(0, +)) / width
            }
        } else if spanSeconds >= 2, let last = startOffsetsSeconds.max(), last > 0 {
            width = max(1, (last / Double(maxStages)).rounded(.up))
            var counts = [Double](repeating: 0, count: Int(last / width) + 1)
            let weight = Double(sessions) / Double(startOffsetsSeconds.count)
            for offset in startOffsetsSeconds { counts[min(Int(max(offset, 0) / width), counts.count - 1)] += weight }
            rates = counts.map { $0 / width }
        }
        guard rates.count >= 2 else {
            let seconds = max(spanSeconds.rounded(.up), 1)
            return [.init(durationSeconds: seconds, targetPerSecond: Double(sessions) / seconds * scale)]
        }
        var stages = [BehaviourModel.ArrivalStage(durationSeconds: width / 2, targetPerSecond: rates[0] * scale)]
        stages += rates.dropFirst().map { .init(durationSeconds: width, targetPerSecond: $0 * scale) }
        stages.append(.init(durationSeconds: width / 2, targetPerSecond: rates[rates.count - 1] * scale))
        return stages
    }
}
