// swift-tools-version:6.0
import PackageDescription

// Dependency rules (see README "Architecture"): BenchCore and Capacity are pure; only LoadEngine imports CCurl;
// only ReferenceCRM and Distributed (the coordinator's endpoint) import Hummingbird; GRDB only in ReferenceCRM (the
// server's data), DataQuality (a run's write ledger) and History (the run history), which never share a database;
// Runner owns running (no ArgumentParser, no printing) and uses DataQuality; the CLI parses and prints.
// WorkloadModel is pure (access-log parsing, behaviour models, HAR and OpenAPI import; BenchCore and OpenAPIKit
// only); CZlib (system zlib) is read
// only by Runner's log reader.
// SwiftProtobuf only in Telemetry: the remote-write messages, generated once and committed (scripts/gen-protos.sh).
// Linux only: the engine waits in epoll with timerfd, and the release build links the Swift runtime in statically.
// No Apple platform is declared because none builds.

let package = Package(
    name: "crmbench",
    products: [
        .executable(name: "crmbench", targets: ["crmbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.17.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "BenchCore",
            dependencies: [
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "Capacity"),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "WorkloadModel", dependencies: [
            "BenchCore",
            .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
            .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
        ]),
        .target(name: "Reports", dependencies: ["BenchCore", "Capacity"]),
        .target(name: "LoadEngine", dependencies: ["BenchCore", "CCurl"]),
        .target(
            name: "ReferenceCRM",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The write ledger of a run (SQLite) and the audit that reads every acknowledged write back.
        .target(
            name: "DataQuality",
            dependencies: ["BenchCore", "LoadEngine", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Running as a library: the lifecycle of a run, sweep or find-max; setup/teardown, signals, result writing.
        .target(name: "Runner", dependencies: ["BenchCore", "Capacity", "Reports", "LoadEngine", "DataQuality",
                                       "WorkloadModel", "CZlib"]),
        // Distributed runs: the coordinator (an HTTP+JSON endpoint on Hummingbird) and the agents (libcurl through
        // LoadEngine), on top of Runner's lifecycle.
        .target(
            name: "Distributed",
            dependencies: [
                "BenchCore", "LoadEngine", "Runner",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The run history: runs, sweeps and comparisons in SQLite (WAL), trends and change points over them.
        .target(name: "History", dependencies: ["BenchCore", "Reports", "Runner", .product(name: "GRDB", package: "GRDB.swift")]),
        // Live metrics out while a run goes, under k6's names: JSON lines, Prometheus text on a plain socket.
        // Remote write's protobuf messages are generated from protos/prompb (scripts/gen-protos.sh) and committed.
        .target(name: "Telemetry", dependencies: ["BenchCore", "LoadEngine", "Runner",
                                                  .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .executableTarget(
            name: "crmbench",
            dependencies: [
                "BenchCore", "Capacity", "Reports", "LoadEngine", "Runner", "ReferenceCRM", "Distributed", "History", "Telemetry",
                "WorkloadModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Synthetic results for the BenchCore and Reports tests (no I/O, deterministic).
        .target(name: "BenchFixtures", dependencies: ["BenchCore"], path: "Tests/BenchFixtures"),
        .testTarget(name: "BenchCoreTests", dependencies: ["BenchCore", "BenchFixtures"]),
        .testTarget(name: "CapacityTests", dependencies: ["Capacity"]),
        .testTarget(name: "WorkloadModelTests", dependencies: ["WorkloadModel", "BenchCore"]),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "BenchCore", "Capacity", "BenchFixtures",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(name: "LoadEngineTests", dependencies: ["LoadEngine", "BenchCore"]),
        .testTarget(name: "ReferenceCRMTests", dependencies: ["ReferenceCRM"]),
        .testTarget(name: "HistoryTests", dependencies: ["History", "BenchCore", "Reports", "Runner", "BenchFixtures",
                                                         .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "Runner", "BenchCore",
                                                           .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(name: "DataQualityTests", dependencies: ["DataQuality", "BenchCore"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "BenchCore", "Capacity", "Reports", "LoadEngine"]),
        .testTarget(
            name: "crmbenchTests",
            dependencies: [
                "crmbench", "BenchCore", "LoadEngine", "BenchFixtures",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
