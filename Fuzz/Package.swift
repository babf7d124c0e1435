// swift-tools-version:6.0
import PackageDescription

// A libFuzzer target over the ingest layer, in a package of its own so the main build and its
// tests never need the sanitizers. Build and run with `make fuzz` at the top level.
let package = Package(
    name: "shnor-fuzz",
    dependencies: [.package(name: "shnor", path: "..")],
    targets: [
        .executableTarget(
            name: "IngestFuzz",
            dependencies: [.product(name: "Ingest", package: "shnor")]
        )
    ],
    swiftLanguageModes: [.v6]
)
