// swift-tools-version:6.0
import PackageDescription

// Benchmarks live in their own package (as in swift-collections) so that the main package
// and its CI never build them. Run from this folder:
//     swift run -c release ingest-bench
// after `swift build -c release` at the top level (the benchmark runs the release `shnor`).
let package = Package(
    name: "shnor-benchmarks",
    products: [
        .executable(name: "ingest-bench", targets: ["ingest-bench"])
    ],
    dependencies: [
        // The tool's own random generator (SampleData), so a seed means the same numbers everywhere.
        .package(name: "shnor", path: "..")
    ],
    targets: [
        // The same libcsv the tool uses (Debian libcsv-dev), under a name of its own.
        .systemLibrary(
            name: "CLibCSVBench",
            path: "Sources/CLibCSVBench",
            providers: [.apt(["libcsv-dev"])]
        ),
        .executableTarget(
            name: "ingest-bench",
            dependencies: [
                "CLibCSVBench", .product(name: "SampleData", package: "shnor"),
                // `ingest-bench stretches`: shnor's reader alone.
                .product(name: "Ingest", package: "shnor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
