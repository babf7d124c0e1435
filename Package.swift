// swift-tools-version:6.0
import PackageDescription

// Modules follow the pipeline stages of DESIGN.md §3; dependencies point one way:
// CLibCSV, CUchardet, CLibXML2, CFreeXL → Ingest → … → shnor (the command-line tool).
let package = Package(
    name: "shnor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "shnor", targets: ["shnor"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Clean", targets: ["Clean"]),
        .library(name: "Link", targets: ["Link"]),
        // Synthetic exports for `shnor generate`, the tests and Benchmarks (not part of the production library).
        .library(name: "SampleData", targets: ["SampleData"]),
        // For the microbenchmarks (Benchmarks/Micro), which time the tables and the HMAC directly.
        .library(name: "ByteTables", targets: ["ByteTables"]),
        .library(name: "KeyedHashing", targets: ["KeyedHashing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Named for the workbench's own use of their types (header names, the client's address);
        // Hummingbird depends on both already.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // libcsv (Debian libcsv-dev): the only CSV parser the tool uses.
        .systemLibrary(
            name: "CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // libuchardet (Debian libuchardet-dev): tells the Cyrillic code pages apart.
        .systemLibrary(
            name: "CUchardet",
            providers: [.apt(["libuchardet-dev"])]
        ),
        // cmark-gfm (Debian libcmark-gfm-dev, libcmark-gfm-extensions-dev): the one Markdown reader of
        // the notes; its tree is the document model the HTML page and the Word document are written from.
        .systemLibrary(
            name: "CMarkGFM",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // libxlsxwriter (Debian libxlsxwriter-dev): results.xlsx, each table of a note as a sheet.
        .systemLibrary(
            name: "CXLSXWriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // libxml2 (Debian libxml2-dev): the push parser that streams the XML of .xlsx sheets.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // FreeXL (Debian libfreexl-dev): legacy .xls workbooks (BIFF5/BIFF8).
        .systemLibrary(
            name: "CFreeXL",
            providers: [.apt(["libfreexl-dev"])]
        ),
        // A thin C shim for what Glibc's Swift overlay does not offer: renameat2 and directory fsync.
        .target(name: "CFileExchange"),
        // libcsv's field callback in C: each record's fields checked (cell limit, NUL, UTF-8) and
        // laid end to end, so that Swift is called once per record, not once per field.
        .target(name: "CFieldArena"),
        // Machinery under the domain code, unsafe inside and safe to call, each with invariant tests:
        // hash tables of byte-string and 64-bit keys, packed code words, byte comparisons.
        .target(name: "ByteTables"),
        // HMAC-SHA-256 with the key's states prepared once: the pseudonyms of millions of rows.
        .target(
            name: "KeyedHashing",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // Writing a large file past the page cache (O_DIRECT) on a thread of its own.
        .target(
            name: "UncachedIO",
            dependencies: ["CFileExchange", .product(name: "SystemPackage", package: "swift-system")]
        ),
        .target(
            name: "Ingest",
            dependencies: [
                "CLibCSV",
                "CFieldArena",
                "CUchardet",
                "CLibXML2",
                "CFreeXL",
                "CFileExchange",
                "UncachedIO",
                .product(name: "SystemPackage", package: "swift-system"),
                // .xlsx workbooks are ZIP archives, their parts inflated in pieces.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Applies instruments to rows: finds columns, normalises answers and schools, drops repeats.
        .target(name: "Clean", dependencies: ["Ingest", "ByteTables"]),
        // Pairs people across waves and to the roster: by identifier, by name, by initials.
        .target(name: "Link", dependencies: ["Clean", "ByteTables"]),
        // Pure arithmetic of DESIGN.md §5 and §6: shares, intervals, tests, disclosure control.
        .target(name: "Measures"),
        // Writes the analytical note: Russian number formats, templates, Markdown and HTML, charts.
        .target(
            name: "Notes",
            dependencies: [
                "Measures",
                .product(name: "Mustache", package: "swift-mustache"),
                "CMarkGFM",
                "CXLSXWriter",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Reads pipeline files and runs ingest → clean → link → measure → emit with the ledger.
        .target(
            name: "Pipeline",
            dependencies: [
                "Ingest", "Clean", "Link", "Measures", "Notes", "CFileExchange", "ByteTables", "KeyedHashing",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                // The history of every run's results (SQLite, Debian libsqlite3-dev).
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The analyst's workbench in a browser (`shnor serve`): pages over the same library calls the
        // commands make — inspect, draft, run, the ledger, the note.
        .target(
            name: "Workbench",
            dependencies: [
                "Pipeline", "Ingest", "Clean", "Notes",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Deterministic synthetic exports with planted dirt, and their random generator.
        .target(name: "SampleData", dependencies: ["Ingest", "Clean"]),
        // Thin: arguments → one library call per command; platform calls in Platform.swift.
        .executableTarget(
            name: "shnor",
            dependencies: [
                "Pipeline", "SampleData", "Workbench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What several test targets share: temporary folders removed when the test process ends.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ByteTablesTests",
            dependencies: ["ByteTables", "SampleData"]
        ),
        .testTarget(
            name: "UncachedIOTests",
            dependencies: ["UncachedIO"]
        ),
        .testTarget(
            name: "KeyedHashingTests",
            dependencies: ["KeyedHashing", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "SampleDataTests",
            dependencies: ["SampleData"]
        ),
        .testTarget(
            name: "CleanTests",
            dependencies: ["Clean", "Ingest"]
        ),
        .testTarget(
            name: "LinkTests",
            dependencies: ["Link"]
        ),
        .testTarget(
            name: "MeasuresTests",
            dependencies: ["Measures"]
        ),
        .testTarget(
            name: "NotesTests",
            dependencies: ["Notes", "Ingest", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline", "Ingest", "Measures", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "WorkbenchTests",
            dependencies: [
                "Workbench", "TestSupport", "Pipeline", "Ingest", "Clean",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "ShnorTests",
            dependencies: [
                "shnor", "SampleData", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Catalogue", "Workbooks"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
