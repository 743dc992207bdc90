import CCurl

/// The process's open-file limit, raised to the hard limit once, before the first run.
///
/// Every connection is a descriptor: with the usual soft limit of 1,024 a run at 2,000 connections would fail
/// inside the generator (as `localResources`) while the server idles. Raising the soft limit is what a user
/// would do by hand; the hard limit stays where it was set.
enum OpenFileLimit {
    /// The soft limit in effect after raising it (nil: unknown, or not raised on this system).
    static let raised: UInt64? = {
        #if os(Linux)
        let limit = ccurl_raise_open_file_limit()
        return limit > 0 ? limit : nil
        #else
        return nil
        #endif
    }()
}
