import Foundation
import Testing

@testable import Ingest

@Suite("Writers")
struct WriterTests {
    func written(_ body: (OutputFile) throws -> Void) throws -> [UInt8] {
        let path = try temporaryFile([], name: "out.csv")
        let output = try OutputFile(path: path)
        try body(output)
        try output.commit()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func csvIsExcelFriendlyAndFormulaSafe() throws {
        let bytes = try written { output in
            let writer = try CSVTableWriter(output: output)
            try writer.writeRow(["ФИО", "Балл", "Комментарий"])
            try writer.writeRow(["=СУММ(A1:A9)", "-5", "+7 (912) 000"])
            try writer.writeRow(["@cmd", "4,5", "с ; точкой\nи \"кавычкой\""])
        }
        let expected =
            [0xEF, 0xBB, 0xBF]
            + Array(
                ("ФИО;Балл;Комментарий\r\n"
                    + "'=СУММ(A1:A9);-5;'+7 (912) 000\r\n"
                    + "'@cmd;4,5;\"с ; точкой\nи \"\"кавычкой\"\"\"\r\n").utf8)
        #expect(bytes == expected)
    }

    @Test func commitReplacesAndAbandonedOutputLeavesNoTrace() throws {
        let path = try temporaryFile(Array("старое".utf8), name: "out.csv")
        do {
            let output = try OutputFile(path: path)
            try output.write("новое, но не завершённое")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "старое")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.csv"])
        let output = try OutputFile(path: path)
        try output.write("новое")
        try output.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "новое")
    }

    /// Large blocks go past the page cache (UncachedWriter) from the first one on: small writes
    /// around them, buffers filled while one is in flight, truncations within the waiting bytes
    /// and far behind them all leave the file as an ordinary write would.
    @Test func largeBlocksGiveTheBytesAnOrdinaryWriteWould() throws {
        var expected: [UInt8] = []
        var blocks = 0
        // Each block repeats a pattern of its own, 257 bytes long: a block out of place or
        // shifted by any number of bytes short of 257 changes the file.
        func block(_ count: Int) -> [UInt8] {
            blocks += 1
            let seed = blocks
            return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<min(257, count) { buffer[index] = UInt8(truncatingIfNeeded: index &* 7 &+ seed &* 13) }
                var filled = min(257, count)
                while filled < count {
                    let piece = min(filled, count - filled)
                    UnsafeMutableRawPointer(buffer.baseAddress! + filled).copyMemory(
                        from: buffer.baseAddress!, byteCount: piece)
                    filled += piece
                }
                initialized = count
            }
        }
        let bytes = try written { output in
            func write(_ bytes: [UInt8]) throws {
                try output.write(bytes)
                expected += bytes
                #expect(output.length == expected.count)
            }
            func truncate(to length: Int) throws {
                try output.truncate(to: length)
                expected.removeSubrange(length...)
                #expect(output.length == expected.count)
            }
            try output.write("лицо;кто\r\n")
            expected += Array("лицо;кто\r\n".utf8)
            try write(block(300_000))
            try write(block(17))
            try write(block(5_000_001))  // fills a buffer and starts the next
            try write(block(9_437_185))  // two buffers: one waits for the other's write
            try truncate(to: expected.count - 1_000)  // within the bytes waiting
            try write(block(700_000))
            try truncate(to: 123_457)  // far behind: within a block written long ago
            try write(block(4_194_304 + 4_097))
            try write(block(3))
        }
        #expect(bytes.count == expected.count)
        // The first byte that differs, not two arrays of megabytes, if the file is wrong.
        let same =
            bytes.count == expected.count
            && bytes.withUnsafeBytes { file in
                expected.withUnsafeBytes { memcmp(file.baseAddress!, $0.baseAddress!, file.count) == 0 }
            }
        #expect(
            same,
            "first difference at byte \(bytes.indices.first { $0 >= expected.count || bytes[$0] != expected[$0] } ?? bytes.count)"
        )
    }

    @Test func anAbandonedLargeOutputLeavesNoTrace() throws {
        let path = try temporaryFile(Array("старое".utf8), name: "out.csv")
        do {
            let output = try OutputFile(path: path)
            try output.write([UInt8](repeating: 0x41, count: 9 << 20))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "старое")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.csv"])
    }

    @Test func jsonEscapesControlCharacters() {
        var out: [UInt8] = []
        let text = "a\"b\\c\nd\te\u{1}ё"
        Array(text.utf8).withUnsafeBytes { JSONRowsWriter.appendString($0, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\nd\te\u0001ё""#)
    }
}
