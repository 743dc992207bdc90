import BenchCore
import LoadEngine
import Reports

/// Where a staged load stands at a moment of the run, for the live panel: "stage 2/3: 40 VUs → 80".
public enum StageText {
    /// Nil for a load without stages.
    public static func describe(_ model: LoadModel, elapsedNanos: UInt64) -> String? {
        // A constant load has no stages to tell apart.
        if case .open(let open) = model, case .constant = open.rate { return nil }
        if let users = model.userProfile { return describe(users, elapsedNanos: elapsedNanos, unit: " VUs") }
        return model.rateProfile.flatMap { describe($0, elapsedNanos: elapsedNanos, unit: "/s") }
    }

    static func describe(_ profile: StageProfile, elapsedNanos: UInt64, unit: String) -> String? {
        guard !profile.stages.isEmpty else { return nil }
        var end: UInt64 = 0
        var index = profile.stages.count - 1
        for (i, stage) in profile.stages.enumerated() {
            end &+= stage.durationNanos
            if elapsedNanos < end { index = i; break }
        }
        let now = profile.value(atNanos: elapsedNanos)
        let target = profile.stages[index].target
        return "stage \(index + 1)/\(profile.stages.count): \(NumberText.short(now))\(unit) → \(NumberText.short(target))"
    }
}
