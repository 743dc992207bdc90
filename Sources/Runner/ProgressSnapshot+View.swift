import LoadEngine
import Reports

/// The live figures as the progress panel reads them.
extension ProgressSnapshot: ProgressSnapshotView {
    public var activeVirtualUsers: Int { live.activeVirtualUsers }
    public var iterations: UInt64 { live.iterations }
    public var checksPassed: UInt64 { live.checksPassed }
    public var checksFailed: UInt64 { live.checksFailed }
}
