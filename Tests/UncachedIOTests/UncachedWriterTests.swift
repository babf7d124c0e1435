import Foundation
import Testing
import UncachedIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private let block = UncachedWriter.alignment
private let buffer = UncachedWriter.capacity

/// The file an uncached writer leaves holds the bytes a plain write would: for a start, pieces
/// and an end on, just before and just after block and buffer boundaries, and after truncations.
@Suite("Uncached writer")
struct UncachedWriterTests {

    /// Bytes that differ from their neighbours, so a misplaced block shows; made once (a debug
    /// build lays out millions of bytes slowly), read in slices.
    static let pattern: [UInt8] = (0..<(2 * buffer + 8 * block)).map {
        UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13)
    }

    static func bytes(_ count: Int, from start: Int) -> [UInt8] {
        Array(pattern[start..<(start + count)])
    }

    /// A file in a temporary folder with `prefix` written the ordinary way, its descriptor open
    /// for reading and writing; removed after `body`.
    static func withFile(prefix: [UInt8], _ body: (String, Int32) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uncached-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("table.csv").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(prefix.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) } == prefix.count)
        try body(path, descriptor)
    }

    static func contents(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test(arguments: [0, 1, block - 1, block, block + 1, 3 * block + 17])
    func bytesEqualAPlainWriteAroundBoundaries(prefix: Int) throws {
        for total in [0, 1, block - 1, block, block + 1, buffer - 1, buffer, buffer + 1, 2 * buffer + block + 5] {
            let expected = Self.bytes(prefix + total, from: 0)
            try Self.withFile(prefix: Array(expected[0..<prefix])) { path, descriptor in
                guard let writer = UncachedWriter(path: path, cached: descriptor, length: prefix) else {
                    Issue.record("this file system takes no direct writes: nothing tested")
                    return
                }
                // Pieces of uneven sizes, some larger than the buffer.
                var written = prefix
                var piece = 1
                while written < expected.count {
                    let end = min(expected.count, written + piece)
                    try expected[written..<end].withUnsafeBytes { try writer.append($0) }
                    written = end
                    piece = piece * 7 + 3
                }
                #expect(writer.length == expected.count)
                try writer.finish()
                #expect(writer.length == expected.count)
                #expect(try Self.contents(path) == expected, "prefix \(prefix), \(total) bytes")
            }
        }
    }

    /// Rows dropped and written again: within the staged bytes, and behind them (a partial block
    /// read back from the file).
    @Test(arguments: [block / 2, block, buffer + block + 100, 2 * buffer - 1, 2 * buffer + 3])
    func truncationsKeepTheBytesBeforeThem(cut: Int) throws {
        let first = Self.bytes(2 * buffer + block + 321, from: 0)
        let second = Self.bytes(block + 9, from: 7)
        let expected = Array(first[0..<cut]) + second
        try Self.withFile(prefix: []) { path, descriptor in
            guard let writer = UncachedWriter(path: path, cached: descriptor, length: 0) else {
                Issue.record("this file system takes no direct writes: nothing tested")
                return
            }
            try first.withUnsafeBytes { try writer.append($0) }
            try writer.truncate(to: cut)
            #expect(writer.length == cut)
            try second.withUnsafeBytes { try writer.append($0) }
            try writer.finish()
            #expect(try Self.contents(path) == expected, "cut at \(cut)")
        }
    }

    @Test func aTruncationPastTheEndChangesNothing() throws {
        let bytes = Self.bytes(block + 5, from: 3)
        try Self.withFile(prefix: []) { path, descriptor in
            guard let writer = UncachedWriter(path: path, cached: descriptor, length: 0) else {
                Issue.record("this file system takes no direct writes: nothing tested")
                return
            }
            try bytes.withUnsafeBytes { try writer.append($0) }
            try writer.truncate(to: bytes.count + 10)
            try writer.finish()
            #expect(try Self.contents(path) == bytes)
        }
    }
}
