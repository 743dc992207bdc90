import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time and resident memory of this process, read when `/metrics` is scraped.
public struct ProcessStatistics: Sendable, Equatable {
    /// User plus system CPU time since the process started.
    public var cpuSeconds: Double
    /// Resident set size now (Linux, from /proc/self/statm); peak resident size elsewhere.
    public var residentMemoryBytes: Int

    /// The current figures of this process.
    public static func current() -> ProcessStatistics {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return ProcessStatistics(cpuSeconds: cpu, residentMemoryBytes: residentBytes(peakKilobytes: Int(usage.ru_maxrss)))
    }

    private static func residentBytes(peakKilobytes: Int) -> Int {
        #if os(Linux)
        // statm: size resident shared text lib data dt, in pages.
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = Int(fields[1]) { return pages * Int(sysconf(Int32(_SC_PAGESIZE))) }
        }
        return peakKilobytes * 1024
        #else
        return peakKilobytes  // Darwin reports ru_maxrss in bytes
        #endif
    }
}
