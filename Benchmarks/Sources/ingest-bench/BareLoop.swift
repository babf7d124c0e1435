import CLibCSVBench

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the bare loop counted.
struct BareCounts {
    var fields = 0
    var records = 0
    var fieldsInRecord = 0
    var bytes = 0
}

/// The floor: the file read with read(2) in 256 KiB pieces and handed to libcsv, whose callbacks
/// only count. libcsv is set up as shnor sets it up (strict, every line break reported, `;` or the
/// given delimiter, `"`, libcsv's own trimming of spaces around unquoted values, 64 KiB buffer
/// steps), so the difference to shnor is everything shnor does on top of the parser.
///
/// Runs in a child process (`ingest-bench bare [--delimiter C] FILE`) so that its time and peak
/// memory are measured the same way as shnor's. Prints one line: `records=… fields=… bytes=… hwm_kib=…`.
func runBareLoop(path: String, delimiter: UInt8 = 0x3B) throws {
    let pieceSize = 256 * 1024
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw BenchError("cannot open \(path): \(errnoText())") }
    defer { close(fd) }

    let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)) == 0 else {
        throw BenchError("csv_init failed")
    }
    defer { csv_free(parser) }
    csv_set_delim(parser, delimiter)
    csv_set_quote(parser, 0x22)
    csv_set_blk_size(parser, 64 * 1024)

    let counts = UnsafeMutablePointer<BareCounts>.allocate(capacity: 1)
    counts.initialize(to: BareCounts())
    defer { counts.deallocate() }
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: pieceSize, alignment: 16)
    defer { buffer.deallocate() }

    let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { _, _, context in
        guard let counts = context?.assumingMemoryBound(to: BareCounts.self) else { return }
        counts.pointee.fields += 1
        counts.pointee.fieldsInRecord += 1
    }
    // With CSV_REPALL_NL the LF of a CRLF ends an empty record of its own: count only records with fields.
    let onRecordEnd: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
        guard let counts = context?.assumingMemoryBound(to: BareCounts.self) else { return }
        if counts.pointee.fieldsInRecord > 0 { counts.pointee.records += 1 }
        counts.pointee.fieldsInRecord = 0
    }

    while true {
        let count = read(fd, buffer, pieceSize)
        if count < 0 {
            if errno == EINTR { continue }
            throw BenchError("cannot read \(path): \(errnoText())")
        }
        if count == 0 { break }
        let consumed = csv_parse(parser, buffer, count, onField, onRecordEnd, counts)
        if consumed != count {
            let reason = csv_strerror(csv_error(parser)).map { String(cString: $0) } ?? "error"
            throw BenchError("libcsv stopped at byte \(counts.pointee.bytes + consumed) of \(path): \(reason)")
        }
        counts.pointee.bytes += count
    }
    guard csv_fini(parser, onField, onRecordEnd, counts) == 0 else {
        throw BenchError("libcsv: unterminated quoted field at the end of \(path)")
    }
    let hwm = ownPeakResidentKiB() ?? -1
    let result = counts.pointee
    print("records=\(result.records) fields=\(result.fields) bytes=\(result.bytes) hwm_kib=\(hwm)")
}
