import LoadEngine
import Reports

/// The live figures as the progress panel reads them.
extension ProgressSnapshot: ProgressSnapshotView {}
