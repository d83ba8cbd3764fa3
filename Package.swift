// swift-tools-version:6.1
// volt: VOLT mapping (Victims, Offenders, Locations, Themes) for extra-familial harm.
//
// Data flows one way: files (VoltIO) -> store (VoltStore) -> snapshot -> analysis -> output.
// VoltModel holds the value types every other module shares and depends on nothing.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "volt",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "volt", targets: ["volt"]),
        .executable(name: "volt-workspace", targets: ["volt-workspace"]),
        .library(name: "VoltModel", targets: ["VoltModel"]),
        .library(name: "VoltStore", targets: ["VoltStore"]),
        .library(name: "VoltIO", targets: ["VoltIO"]),
        .library(name: "VoltGraph", targets: ["VoltGraph"]),
        .library(name: "VoltLoad", targets: ["VoltLoad"]),
        .library(name: "VoltAnalysis", targets: ["VoltAnalysis"]),
        .library(name: "VoltTemporal", targets: ["VoltTemporal"]),
        .library(name: "VoltPrivacy", targets: ["VoltPrivacy"]),
        .library(name: "VoltRender", targets: ["VoltRender"]),
        .library(name: "VoltInterop", targets: ["VoltInterop"]),
        .library(name: "VoltPack", targets: ["VoltPack"]),
        .library(name: "VoltSample", targets: ["VoltSample"]),
        .library(name: "VoltQuestions", targets: ["VoltQuestions"]),
        .library(name: "VoltCasework", targets: ["VoltCasework"]),
        .library(name: "VoltMatch", targets: ["VoltMatch"]),
        .library(name: "VoltWorkspace", targets: ["VoltWorkspace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // For the workspace tests' in-process client only (Hummingbird depends on both already).
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // For the export benchmark only (volt-bench writers): volt's CSV writer beside it.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // Value types only: entities, roles, links, sightings, missing episodes, grading, time.
        .target(name: "VoltModel", swiftSettings: strict),
        // SHA-256 and HMAC-SHA-256 for the audit chain, digests and pseudonyms, from the system's
        // libcrypto through pkg-config (Debian: libssl-dev): seconds to build, not minutes.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "VoltDigest", dependencies: ["CLibCrypto"], swiftSettings: strict),
        // SQLite store: schema, migrations, transactions, hash-chained audit log, read queries.
        // sqlite3_config (variadic, so not callable from Swift) for the settings made once per
        // process before the first connection; the same libsqlite3 GRDBSQLite links.
        .systemLibrary(name: "CSQLiteSetup", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "VoltStore",
            dependencies: [
                "VoltModel",
                "CSQLiteSetup",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "VoltDigest",
            ],
            swiftSettings: strict),
        // The pure analysis snapshot: compact CSR graphs and the timed tables (no store).
        .target(name: "VoltGraph", dependencies: ["VoltModel"], swiftSettings: strict),
        // Loading snapshots and tables from the store, apart from the pure graph.
        .target(name: "VoltLoad", dependencies: ["VoltGraph", "VoltStore", "VoltModel"], swiftSettings: strict),
        // Algorithms over a snapshot graph, one concern per file; no store, no Graphviz.
        .target(name: "VoltAnalysis", dependencies: ["VoltGraph", "VoltModel"], swiftSettings: strict),
        // Questions about time: co-location, missing together, emerging clusters, hotspots,
        // time-respecting paths, theme trends. Over the snapshot's timed tables; no store.
        .target(name: "VoltTemporal", dependencies: ["VoltGraph", "VoltModel"], swiftSettings: strict),
        // libgvc / libcgraph, through pkg-config (Debian: libgraphviz-dev).
        // Label levels (names, initials, store-keyed pseudonyms) for every map, export and pack.
        .target(
            name: "VoltPrivacy", dependencies: ["VoltGraph", "VoltModel", "VoltDigest"],
            swiftSettings: strict),

        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
        // Maps: the VOLT visual language, label levels, and drawing through Graphviz (one lock).
        .target(
            name: "VoltRender",
            dependencies: ["CGraphviz", "VoltPrivacy", "VoltGraph", "VoltModel"],
            swiftSettings: strict),
        // Files in and out: validated CSV / JSON Lines import, CSV export.
        // The panels' casework as questions: referral counts, cohorts and movement, the action
        // tracker, quiet subjects, intelligence gaps, group identity. Pure, over model values.
        .target(name: "VoltCasework", dependencies: ["VoltModel"], swiftSettings: strict),
        // Matching person records across agencies: blocking, field comparison, Fellegi–Sunter
        // weights fitted by EM, explanation cards. Pure, over model values; nothing is merged.
        .target(name: "VoltMatch", dependencies: ["VoltGraph", "VoltModel"], swiftSettings: strict),
        // The monthly panel pack: Top N with reasons, small-number suppression, the report.
        .target(name: "VoltPack", dependencies: ["VoltCasework", "VoltTemporal", "VoltPrivacy", "VoltGraph", "VoltModel"], swiftSettings: strict),

        // Other tools' formats (GraphML, GEXF), written through libxml2's streaming writer.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "VoltInterop", dependencies: ["CLibXML2", "VoltPrivacy", "VoltIO", "VoltGraph", "VoltLoad", "VoltStore", "VoltModel"],
            swiftSettings: strict),

        .target(
            name: "VoltIO",
            dependencies: ["VoltModel", "VoltStore"],
            swiftSettings: strict),
        // The fictional sample area generator, with its planted ground truth.
        .target(name: "VoltSample", dependencies: ["VoltModel", "VoltIO"], swiftSettings: strict),
        // The application layer: one typed request and Encodable answer per question; asking
        // opens the consultation, writes the audit entry (derived from the request) and computes.
        // The CLI and the workspace call it and nothing below it.
        .target(
            name: "VoltQuestions",
            dependencies: ["VoltModel", "VoltStore", "VoltIO", "VoltGraph", "VoltLoad", "VoltAnalysis", "VoltTemporal", "VoltPrivacy", "VoltRender",
                           "VoltInterop", "VoltPack", "VoltCasework", "VoltMatch"],
            swiftSettings: strict),
        // The panel workspace: accounts, sessions, scopes and the JSON API over the questions
        // (Hummingbird 2); the second interface beside the CLI, calling nothing below VoltQuestions
        // but the store's accounts.
        .target(
            name: "VoltWorkspace",
            dependencies: ["VoltQuestions", "VoltStore", "VoltModel", "VoltPrivacy", "VoltPack", "VoltCasework",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                           .product(name: "HTTPTypes", package: "swift-http-types"), "VoltDigest"],
            swiftSettings: strict),
        // The command-line tool: options -> request, answer -> table, CSV or JSON.
        .executableTarget(
            name: "volt",
            dependencies: [
                "VoltQuestions", "VoltModel", "VoltStore", "VoltIO", "VoltSample", "VoltTemporal", "VoltRender", "VoltPrivacy", "VoltInterop",
                "VoltPack", "VoltCasework", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: strict),
        // The workspace's server, apart from the command so that volt builds without SwiftNIO and
        // Hummingbird: `volt serve` starts it (make workspace builds it).
        .executableTarget(name: "volt-workspace", dependencies: ["VoltWorkspace", "VoltStore", "VoltModel"], swiftSettings: strict),

        // Timings of the kernels at scale (make bench-*); never part of make test.
        .executableTarget(
            name: "volt-bench", dependencies: ["VoltAnalysis", "VoltStore", "VoltInterop", .product(name: "GRDBSQLite", package: "GRDB.swift"),
                                             .product(name: "CSV", package: "CSV.swift"), "VoltSample", "VoltTemporal", "VoltRender", "VoltPrivacy", "VoltGraph", "VoltLoad", "VoltModel"], path: "Benchmarks/VoltBench",
            swiftSettings: strict),

        // The fuzz targets (make fuzz): libFuzzer with -sanitize=fuzzer -DFUZZING, a replayer without.
        .executableTarget(name: "volt-fuzz", dependencies: ["VoltIO", "VoltInterop"], path: "Fuzz", exclude: ["regressions", "run.sh"], swiftSettings: strict),

        .target(
            name: "VoltTestSupport",
            dependencies: ["VoltModel", "VoltStore", "VoltIO", "VoltSample"],
            path: "Tests/VoltTestSupport",
            swiftSettings: strict),
        .testTarget(name: "VoltPackTests", dependencies: ["VoltPack", "VoltGraph", "VoltModel", "VoltSample", "VoltTemporal", "VoltTestSupport"], swiftSettings: strict),
        .testTarget(name: "VoltInteropTests", dependencies: ["VoltInterop", "VoltIO", "VoltPrivacy", "VoltModel", "VoltTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "VoltWorkspaceTests",
            dependencies: ["VoltWorkspace", "VoltStore", "VoltQuestions", "VoltTestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strict),
        .testTarget(name: "VoltCaseworkTests", dependencies: ["VoltCasework", "VoltModel"], swiftSettings: strict),
        .testTarget(name: "VoltMatchTests", dependencies: ["VoltMatch", "VoltModel", "VoltSample", "VoltTestSupport"], swiftSettings: strict),
        .testTarget(name: "VoltDigestTests", dependencies: ["VoltDigest", "VoltModel"], swiftSettings: strict),
        .testTarget(name: "VoltModelTests", dependencies: ["VoltModel", "VoltTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "VoltStoreTests", dependencies: ["VoltStore", "VoltTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "VoltIOTests", dependencies: ["VoltIO", "VoltTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "VoltSampleTests", dependencies: ["VoltSample", "VoltIO", "VoltTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "VoltAnalysisTests", dependencies: ["VoltAnalysis", "VoltGraph", "VoltLoad", "VoltTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "VoltTemporalTests", dependencies: ["VoltTemporal", "VoltGraph", "VoltTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "VoltRenderTests", dependencies: ["VoltRender", "VoltPrivacy", "VoltGraph", "VoltTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "VoltCLITests", dependencies: ["volt", "volt-workspace", "VoltTestSupport"], exclude: ["Golden"], swiftSettings: strict),
    ]
)
