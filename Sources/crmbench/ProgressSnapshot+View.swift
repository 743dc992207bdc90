import LoadEngine
import Reports
extension ProgressSnapshot: ProgressSnapshotView {}
