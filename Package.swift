// swift-tools-version:6.0
import PackageDescription

// Dependency rules (see README "Architecture"): BenchCore and Capacity are pure; only LoadEngine imports CCurl;
// only ReferenceCRM imports Hummingbird/GRDB; the CLI glues them together.
let package = Package(
    name: "crmbench",
    platforms: [.macOS(.v14)],
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
        .target(name: "Reports", dependencies: ["BenchCore", "Capacity"]),
        .target(name: "LoadEngine", dependencies: ["BenchCore", "CCurl"], swiftSettings: [.swiftLanguageMode(.v6)]),
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
        .executableTarget(
            name: "crmbench",
            dependencies: [
                "BenchCore", "Capacity", "Reports", "LoadEngine", "ReferenceCRM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Synthetic results for the BenchCore and Reports tests (no I/O, deterministic).
        .target(name: "BenchFixtures", dependencies: ["BenchCore"], path: "Tests/BenchFixtures"),
        .testTarget(name: "BenchCoreTests", dependencies: ["BenchCore", "BenchFixtures"]),
        .testTarget(name: "CapacityTests", dependencies: ["Capacity"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "BenchCore", "Capacity", "BenchFixtures"]),
        .testTarget(name: "LoadEngineTests", dependencies: ["LoadEngine", "BenchCore"],
                    swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "ReferenceCRMTests", dependencies: ["ReferenceCRM"]),
        .testTarget(name: "crmbenchTests", dependencies: ["crmbench", "BenchCore", "LoadEngine", "BenchFixtures"]),
    ],
    swiftLanguageModes: [.v5]
)
