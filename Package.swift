// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: the CLI down to Reports, Planner/Timetable, Scenario,
// then GLPK (the only module with C pointers) and the solver-neutral LinearModel.
let package = Package(
    name: "langplan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "langplan", targets: ["langplan"]),
        .library(name: "LinearModel", targets: ["LinearModel"]),
        .library(name: "GLPK", targets: ["GLPK"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // libglpk-dev ships no pkg-config file: the module map names the library to link.
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK", providers: [.apt(["libglpk-dev"])]),
        // Small C layer: setjmp guards around every GLPK call so that GLPK's fatal errors
        // come back as error codes instead of abort().
        .target(name: "CGLPKGuard", dependencies: ["CGLPK"], path: "Sources/CGLPKGuard",
                linkerSettings: [.linkedLibrary("glpk")]),
        .target(name: "LinearModel"),
        // Child processes without Foundation.Process (posix_spawn, waitpid): the run queue, batch, tests.
        .target(name: "ChildProcess"),
        .target(name: "GLPK", dependencies: [
            "CGLPKGuard", "LinearModel", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Scenario", dependencies: ["Spreadsheet", .product(name: "Yams", package: "Yams")]),
        .target(name: "Planner", dependencies: [
            "Scenario", "LinearModel", "GLPK", .product(name: "Logging", package: "swift-log"),
        ]),
        // The plan directory's files as Codable rows (one schema for writers and readers).
        .target(name: "PlanFiles", dependencies: [.product(name: "CSV", package: "CSV.swift")]),
        .target(name: "Timetable", dependencies: [
            "Scenario", "LinearModel", "GLPK", "PlanFiles", "Pages", .product(name: "Logging", package: "swift-log"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // Synthetic scenarios: the benchmark ladder and the planner's property tests.
        .target(name: "Synthetic", dependencies: ["Scenario"]),
        .executableTarget(name: "langplan-bench", dependencies: ["Planner", "Synthetic", "Scenario", "LinearModel", "GLPK"],
                          path: "benchmarks/ladder"),
        // Office Open XML (.xlsx) workbooks for finance offices.
        .target(name: "Spreadsheet", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // One page layout (mustache) for the web app and the pages the CLI writes.
        .target(name: "Pages", dependencies: [.product(name: "Mustache", package: "swift-mustache")]),
        .target(name: "Reports", dependencies: ["Scenario", "Planner", "Timetable", "Spreadsheet", "PlanFiles", "Pages"]),
        // `langplan serve`: the web app (HTTP, SQLite store, run queue of child processes).
        .target(name: "WebApp", dependencies: [
            "Scenario", "Reports", "Planner", "Pages", "ChildProcess",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "langplan", dependencies: [
            "Scenario", "Planner", "Timetable", "Reports", "GLPK", "LinearModel", "PlanFiles", "Spreadsheet", "WebApp",
            "ChildProcess", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Model-layer benchmark (benchmarks/README.md, "Model layer"): 200k-variable build, largest test model.
        .executableTarget(name: "model-build-bench", dependencies: ["LinearModel", "GLPK"], path: "benchmarks/model-build"),
        // Timetable benchmark (benchmarks/timetable/run.sh): generated terms, langplan vs fet-cl.
        .executableTarget(name: "timetable-bench", dependencies: ["Timetable", "Scenario"], path: "benchmarks/timetable",
                          exclude: ["run.sh", "README.md"]),
        // What tests share: starting a child process and reading its output whole.
        .target(name: "TestSupport", dependencies: ["ChildProcess"], path: "Tests/TestSupport"),
        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel"]),
        .testTarget(name: "GLPKTests", dependencies: ["TestSupport", 
            "GLPK", "LinearModel", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ScenarioTests", dependencies: ["TestSupport", "Scenario", "Spreadsheet"], exclude: ["make_workbooks.py"]),
        .testTarget(name: "PlannerTests", dependencies: ["TestSupport", "Planner", "Scenario", "GLPK", "LinearModel", "Synthetic"],
                    exclude: ["check_point.py"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["TestSupport", 
            "Spreadsheet", "Reports", "Planner", "Scenario", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ],
                    exclude: ["check_xlsx.py"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Planner", "Scenario", "PlanFiles"]),
        // Each command run as a user runs it: the built `langplan` binary, its files read back
        // by independent readers (HiGHS, Python's csv and json).
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "PlanFiles", "Scenario", "Synthetic"],
                    exclude: ["check_highs.py", "check_plan.py", "csv_rows.py", "check_rollup.py", "check_whole.py", "html_lang.py"]),
        .testTarget(name: "WebAppTests", dependencies: ["TestSupport", 
            "WebApp", "Scenario", .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Logging", package: "swift-log"),
        ], exclude: ["skeleton.py"]),
        .testTarget(name: "TimetableTests", dependencies: ["TestSupport", "Timetable", "Scenario"], exclude: ["check_ics.py"]),
    ]
)
