// swift-tools-version:6.1
import PackageDescription

// Microbenchmarks of the tool's hot functions (ordo-one/benchmark), in a package of their own so
// that the main package, its tests and CI never build them. Run from this folder:
//     swift package --disable-sandbox benchmark
// See README.md for what each benchmark measures and the figures of the last run.
let package = Package(
    name: "shnor-micro-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "shnor", path: "../.."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        // The tool reads its instruments with Yams; the benchmarks read the same files the same way.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Crypto's HMAC, timed next to the tool's prepared states.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .executableTarget(
            name: "ShnorMicro",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Ingest", package: "shnor"),
                .product(name: "Clean", package: "shnor"),
                .product(name: "Link", package: "shnor"),
                .product(name: "ByteTables", package: "shnor"),
                .product(name: "SampleData", package: "shnor"),
                .product(name: "KeyedHashing", package: "shnor"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Benchmarks/ShnorMicro",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
