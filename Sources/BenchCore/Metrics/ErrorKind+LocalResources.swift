extension ErrorKind {
    /// The warning a summary shows when requests failed inside the generator (`localResources`), or nil when none
    /// did: such a run measured the generator's limits, not the server.
    ///
    /// - Parameters:
    ///   - failures: requests that ended in `localResources`.
    ///   - openFileLimit: the generator's open-file limit during the run, when known.
    public static func localResourcesWarning(failures: UInt64, openFileLimit: UInt64? = nil) -> String? {
        guard failures > 0 else { return nil }
        let limit = openFileLimit.map { " (open-file limit \($0))" } ?? ""
        let requests = failures == 1 ? "1 request" : "\(failures) requests"
        return "the generator ran out of file descriptors/ports: \(requests) failed locally\(limit); "
            + "the figures describe the generator, not the server"
    }

    /// The same warning from a result's `errorsByKind` (keyed by raw value), for reports that only have the result.
    public static func localResourcesWarning(errorsByKind: [String: UInt64], openFileLimit: UInt64? = nil) -> String? {
        localResourcesWarning(failures: errorsByKind[ErrorKind.localResources.rawValue] ?? 0, openFileLimit: openFileLimit)
    }
}
