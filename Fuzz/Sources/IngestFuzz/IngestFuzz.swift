import Foundation
import Ingest

/// libFuzzer's entry: one input is one export file, read the way `shnor inspect` reads it.
///
/// Any input must end in rows, rejections or an `IngestError` — never a crash, a hang or a
/// sanitizer report. The first byte also picks a declared encoding or delimiter now and then,
/// so those paths are fuzzed too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    let path = FuzzFile.path
    guard FileManager.default.createFile(atPath: path, contents: bytes) else { return 0 }
    var options = TableReader.Options(limits: IngestLimits(maxFieldBytes: 64 * 1024, maxCellsPerRow: 2_000))
    if let first = bytes.first {
        switch first % 16 {
        case 1: options.encoding = .windows1251
        case 2: options.encoding = .utf16LE
        case 3: options.encoding = .koi8R
        case 4: options.delimiter = UInt8(ascii: ";")
        case 5: options.delimiter = UInt8(ascii: "\t")
        default: break
        }
    }
    do {
        let reader = try TableReader(path: path, options: options)
        var profile: TableProfile?
        var rejected = 0
        let summary = try reader.read(
            onRow: { row in
                if profile == nil { profile = TableProfile(header: row.header) }
                profile?.add(row)
                _ = row.strings()
            },
            onReject: { _ in rejected += 1 })
        // The books must balance whatever the input.
        if !summary.balances || summary.rowsRejected != rejected { fatalError("ledger does not balance") }
        for column in profile?.columns ?? [] {
            _ = column.topValues(3)
            _ = column.inferredKind
            _ = column.distinct
        }
    } catch is IngestError {
        // A clear error is a correct answer to a bad file.
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}

enum FuzzFile {
    /// One scratch file per process, on tmpfs where there is one.
    static let path: String = {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(folder)/shnor-fuzz-\(getpid()).csv"
    }()
}

// SwiftPM links an executable's entry as `<Module>_main`; hand control to libFuzzer's driver there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

@_cdecl("IngestFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { start, size in fuzzOneInput(start, size) }
}
