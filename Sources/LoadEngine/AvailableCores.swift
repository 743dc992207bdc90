import CCurl
import Foundation

/// The cores this process may use: its CPU affinity (what `taskset` or a container's cpuset allows), not the
/// machine's count, so `--threads auto` never puts two workers on one allowed core.
public enum AvailableCores {
    /// At least 1.
    public static let count: Int = {
        #if os(Linux)
        let allowed = Int(ccurl_available_cpus())
        if allowed > 0 { return allowed }
        #endif
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()
}
