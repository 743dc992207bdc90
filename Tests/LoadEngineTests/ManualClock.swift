/// The time a simulated worker runs at, moved on by the simulation (and by drivers that stand for a busy machine).
final class ManualClock {
    var nowNanos: UInt64

    init(nowNanos: UInt64 = 0) { self.nowNanos = nowNanos }
}
