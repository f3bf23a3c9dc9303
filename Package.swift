// swift-tools-version:6.1
// Kontor: a file-based bookkeeping pipeline. Targets are listed in the order the data
// flows (STYLE.md 1); `scripts/check-imports.py` checks that every `import` in a target is
// one of the dependencies declared here.
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")
let grdbSQLite: Target.Dependency = .product(name: "GRDBSQLite", package: "GRDB.swift")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals: Target.Dependency = .product(name: "UnixSignals", package: "swift-service-lifecycle")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

var targets: [Target] = [
    // System libraries, found through pkg-config.
    .systemLibrary(name: "CArchive", path: "Sources/System/CArchive", pkgConfig: "libarchive",
                   providers: [.apt(["libarchive-dev"])]),
    .systemLibrary(name: "CXML2", path: "Sources/System/CXML2", pkgConfig: "libxml-2.0",
                   providers: [.apt(["libxml2-dev"])]),
    // PDF drawing: cairo's PDF surface with pango text layout (pangocairo pulls in cairo).
    .systemLibrary(name: "CPangoCairo", path: "Sources/System/CPangoCairo", pkgConfig: "pangocairo",
                   providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),

    // Process-wide SQLite settings (sqlite3_config is variadic: C only).
    .target(name: "CSQLiteTuning", path: "Sources/System/CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),

    // The core: values every stage speaks (Money, ids, records, KontorError).
    .target(name: "KontorCore"),
    // Workspace layout and the validated YAML configuration.
    .target(name: "KontorConfig", dependencies: ["KontorCore", yams, crypto]),

    // Pipeline stages, in flow order.
    .target(name: "KontorIntake", dependencies: ["KontorCore", crypto]),
    .target(name: "KontorRead", dependencies: ["KontorCore", "CXML2"]),
    .target(name: "KontorClassify", dependencies: ["KontorCore"]),
    .target(name: "KontorApprove", dependencies: ["KontorCore", "KontorConfig", crypto]),
    .target(name: "KontorStore", dependencies: ["KontorCore", "CSQLiteTuning", grdb, grdbSQLite]),
    // Render: PDF pages drawn with cairo + pango (reusable by reports).
    .target(name: "KontorRender", dependencies: ["KontorCore", "CPangoCairo"]),
    // Invoicing: requests and clients read, taxes computed, documents (UBL, HTML, JSON, PDF) written.
    .target(name: "KontorInvoicing", dependencies: ["KontorCore", "KontorRender", "CXML2", yams]),
    .target(name: "KontorPackage", dependencies: ["KontorCore", "CArchive", crypto]),
    .target(name: "KontorPublish", dependencies: ["KontorCore"]),
    // Matching: incoming payments to open invoices by reference, number, amount and name (pure).
    .target(name: "KontorMatch", dependencies: ["KontorCore"]),
    // Reports and ledger exports: queries over the journal, rendered as text, CSV, JSON, HTML, PDF.
    .target(name: "KontorReport", dependencies: ["KontorCore", "KontorPublish", "KontorRender", crypto]),

    // The one place that knows the order of the stages.
    .target(name: "KontorPipeline", dependencies: [
        "KontorCore", "KontorConfig", "KontorIntake", "KontorRead", "KontorClassify", "KontorApprove",
        "KontorStore", "KontorPackage", "KontorPublish", "KontorInvoicing", "KontorRender", "KontorReport", "KontorMatch", logging,
    ]),
    .target(name: "KontorDaemon", dependencies: [
        "KontorCore", "KontorConfig", "KontorIntake", logging, lifecycle, unixSignals,
    ]),
    .executableTarget(name: "kontor", dependencies: [
        "KontorCore", "KontorConfig", "KontorIntake", "KontorStore", "KontorPipeline", "KontorDaemon",
        "KontorPackage", "KontorPublish", "KontorInvoicing", "KontorReport", "KontorApprove", argumentParser, logging,
    ]),
    .executableTarget(name: "kontor-bench", dependencies: [
        "KontorCore", "KontorConfig", "KontorPipeline", "KontorStore", "KontorReport", "KontorTesting", "KontorMatch", logging,
    ], path: "Benchmarks/kontor-bench"),

    // Tests: helpers as a module, pure unit tests, and integration tests on real files.
    .target(name: "KontorTesting", dependencies: ["KontorCore", "KontorConfig", "KontorStore", logging]),
    .testTarget(name: "KontorUnitTests", dependencies: [
        "KontorCore", "KontorConfig", "KontorIntake", "KontorRead", "KontorClassify", "KontorPublish", "KontorTesting",
        "KontorInvoicing", "KontorApprove", "KontorMatch", crypto,
    ], exclude: ["Fixtures"]),
    .testTarget(name: "KontorIntegrationTests", dependencies: [
        "KontorCore", "KontorConfig", "KontorIntake", "KontorRead", "KontorStore", "KontorPackage",
        "KontorPublish", "KontorPipeline", "KontorDaemon", "KontorTesting", "KontorInvoicing", "KontorRender", "KontorReport",
        "KontorApprove", "KontorMatch", crypto, logging, lifecycle,
    ]),
]

for index in targets.indices where targets[index].type != .system && targets[index].name != "CSQLiteTuning" {
    targets[index].swiftSettings = (targets[index].swiftSettings ?? []) + settings
}

let package = Package(
    name: "Kontor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kontor", targets: ["kontor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
