import Foundation

/// A value guarded by a lock, for the few pieces of state shared between requests (metrics, cache).
///
/// A `final class` because it owns the lock; the critical sections are a few dictionary operations,
/// so a plain mutex is cheaper than an actor hop on the request path.
final class LockedBox<Value> {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

// @unchecked: `value` is only reached through `withLock`, which holds `lock`; Sendable values only, so none leaks out.
extension LockedBox: @unchecked Sendable where Value: Sendable {}
