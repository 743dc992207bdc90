import Foundation
import GRDB

/// Opens, migrates and seeds the database a ``ServerConfiguration`` asks for.
enum DatabaseFactory {
    /// The open database, and a directory to delete when the server stops (for ``DatabaseLocation/temporaryFile``).
    struct Opened {
        var writer: any DatabaseWriter
        var temporaryDirectory: URL?
    }

    static func open(_ configuration: ServerConfiguration, metrics: ServerMetrics) throws -> Opened {
        var options = Configuration()
        options.maximumReaderCount = configuration.databaseReaders
        options.busyMode = .timeout(10)
        options.prepareDatabase { db in
            // WAL with NORMAL sync is the usual tuned setting: durable at checkpoints, no fsync per commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            db.trace(options: .profile) { event in
                if case .profile(_, let duration) = event { metrics.recordQuery(durationSeconds: duration) }
            }
        }
        let opened: Opened
        switch configuration.database {
        case .inMemory:
            opened = Opened(writer: try DatabaseQueue(configuration: options), temporaryDirectory: nil)
        case .file(let path):
            opened = Opened(writer: try DatabasePool(path: path, configuration: options), temporaryDirectory: nil)
        case .temporaryFile:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("crm-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("crm.sqlite").path
            opened = Opened(writer: try DatabasePool(path: path, configuration: options), temporaryDirectory: directory)
        }
        try opened.writer.write { db in
            try DatabaseSchema.migrate(db, secondaryIndexes: configuration.secondaryIndexes)
            if let blanked = try Seeder.seed(db, customers: configuration.seedCustomers, blanks: configuration.seedBlanks) {
                metrics.seedBlanks.withLock { $0 = blanked }
            }
        }
        return opened
    }
}
