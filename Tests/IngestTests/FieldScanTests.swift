import Testing

@testable import Ingest

@Suite("Field scan")
struct FieldScanTests {
    func scan(_ bytes: [UInt8]) -> FieldScan {
        bytes.withUnsafeBytes { buffer in
            // Every case scans at least one byte, so the buffer has storage.
            guard let base = buffer.baseAddress else { preconditionFailure("no storage") }
            return scanField(base, count: buffer.count, validateUTF8: true)
        }
    }

    @Test func countsEveryKindOfLineBreakOnce() {
        #expect(scan(Array("a\nb\r\nc\rd".utf8)).lineBreaks == 3)
        #expect(scan(Array("длинный текст без переводов строки, длиннее восьми байт".utf8)).lineBreaks == 0)
        #expect(scan(Array("abcdefgh\nabcdefgh\n".utf8)).lineBreaks == 2)
    }

    @Test(
        "ill-formed UTF-8 is found at its first byte",
        arguments: [
            ([0x41, 0xFF], 1),
            ([0xC0, 0xAF], 0),  // overlong
            ([0xE0, 0x80, 0xAF], 0),  // overlong
            ([0xED, 0xA0, 0x80], 0),  // surrogate
            ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
            ([0x41, 0x42, 0xD0], 2),  // cut sequence
            ([0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x80], 8),  // lone continuation after a fast word
            // Two-byte text is checked eight bytes at a time: faults inside such a word, and a
            // lead in its last byte whose continuation is the next word's first byte.
            (Array("абв".utf8) + [0xD0, 0x41] + Array("abcdefgh".utf8), 6),
            (Array("aабв".utf8) + [0xD0, 0x41] + Array("abcdefgh".utf8), 7),
            (Array("abcdef".utf8) + [0xC1, 0x81] + Array("abcdefgh".utf8), 6),  // overlong two-byte
            (Array("абв".utf8) + [0x80, 0x80] + Array("abcdefgh".utf8), 6),
            (Array("ёлка «ель» ".utf8) + [0xE2, 0x80] + Array("abcdefgh".utf8), 20),  // a cut three-byte one
        ] as [([UInt8], Int)])
    func invalid(bytes: [UInt8], offset: Int) {
        #expect(scan(bytes).invalidOffset == offset)
    }

    @Test func wellFormedTextPasses() {
        #expect(scan(Array("Ёлка, 𝄞, €, №, «ёлочки»".utf8)).invalidOffset == nil)
        #expect(scan(Array("aабвгдежзийклмн опрстуфхцчшщъыьэюя\nЁЛКА\r\n".utf8)).invalidOffset == nil)
        #expect(scan(Array("aабвгдежзийклмн опрстуфхцчшщъыьэюя\nЁЛКА\r\n".utf8)).lineBreaks == 2)
    }
}
