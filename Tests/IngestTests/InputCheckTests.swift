import Testing

@testable import Ingest

/// Each piece fed to libcsv is checked in bulk (NUL, UTF-8, quotes) and, when it passes, its
/// fields are only copied. These tests catch a bulk check that lets a fault through, or a
/// fault named elsewhere than the per-field scan names it, wherever the pieces are cut.
@Suite("Bulk input check")
struct InputCheckTests {
    func plain(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { isPlainUTF8($0) } }

    /// The bulk validator agrees with the per-field scan on every fault of FieldScanTests, at
    /// every offset across its 32-byte blocks.
    @Test(
        "the bulk validator finds what the field scan finds, anywhere in a block",
        arguments: [
            [0xFF], [0xC0, 0xAF], [0xC1, 0x81], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xD0], [0xE2, 0x80], [0xF0, 0x9D, 0x84], [0x80], [0xD0, 0x41], [0x00],
            [0xD0, 0x80, 0x80], [0xE2, 0x82, 0xAC, 0xAC],
        ] as [[UInt8]])
    func faultsAnywhere(fault: [UInt8]) {
        for offset in 0..<70 {
            // `offset` bytes of whole characters before the fault.
            let before = String(repeating: "ж", count: offset / 2) + (offset % 2 == 1 ? "a" : "")
            let bytes = Array(before.utf8) + fault + Array("конец строки, ещё тридцать два байта".utf8)
            let scanned = bytes.withUnsafeBytes { scanField($0.baseAddress!, count: $0.count, validateUTF8: true) }
            #expect(scanned.invalidOffset != nil || scanned.nulOffset != nil, "offset \(offset)")
            #expect(!plain(bytes), "offset \(offset)")
        }
    }

    @Test func wellFormedTextOfEveryLengthPasses() {
        let characters = Array("aЁлка, 𝄞, €, №, «ёлочки» — ")
        for length in 0...120 {
            let text = String((0..<length).map { characters[$0 % characters.count] })
            #expect(plain(Array(text.utf8)), "length \(length)")
        }
    }

    static func parse(_ bytes: [UInt8], pieces: Int) throws -> (records: [[String]], lines: [Int]) {
        try FieldArenaTests.parse(bytes, pieces: pieces)
    }

    /// Unquoted text with a few quoted fields that span lines: pieces without a quote are only
    /// copied, yet a quoted field opened in an earlier piece still counts its line breaks.
    @Test(
        "line numbers survive plain and quoted pieces cut anywhere", arguments: [1, 2, 3, 5, 16, 31, 33, 64, 100, 4099])
    func linesAcrossPlainPieces(pieces: Int) throws {
        var text = ""
        var expected: [[String]] = []
        for index in 0..<120 {
            var fields = ["\(index)", "Школа № \(index % 7)", "ответ"]
            if index % 29 == 4 { fields[2] = "строка\nещё\r\nи ещё" + String(repeating: " длинно", count: 30) }
            expected.append(fields)
            text += fields.map { $0.contains("\n") ? "\"\($0)\"" : $0 }.joined(separator: ";") + "\n"
        }
        let parsed = try Self.parse(Array(text.utf8), pieces: pieces)
        #expect(parsed.records == expected)
        #expect(parsed.lines == FieldArenaTests.lines(expected))
    }

    /// A bad byte inside a field that began in a piece that passed, in a cut sequence across
    /// a piece's end, or at the file's end: the same error whatever the pieces.
    @Test(
        "a fault is named alike wherever the pieces are cut",
        arguments: [
            ([0xFF], IngestError.Kind.invalidUTF8, "0xFF"),
            ([0xD0, 0x41], .invalidUTF8, "0xD0"),
            ([0xE2, 0x82], .invalidUTF8, "0xE2"),
            ([0x80], .invalidUTF8, "0x80"),
            ([0x00], .nulByte, "нулевой байт"),
        ] as [([UInt8], IngestError.Kind, String)])
    func faultsAcrossPieces(fault: [UInt8], kind: IngestError.Kind, byte: String) throws {
        let before = Array("a;b;c\n1;длинное значение;x\n2;ещё одно длинное значение перед ошибкой ".utf8)
        for atEnd in [false, true] {
            let bytes = before + fault + Array((atEnd ? "" : " и после неё;y\n3;z;w\n").utf8)
            for pieces in [1, 2, 3, 7, 32, 40, 63, 64, 65, 70, 71, 72, 73, 74, 75, 76, 77, 78, 80, 100, .max] {
                let error = ingestError { _ = try Self.parse(bytes, pieces: pieces) }
                #expect(error?.kind == kind, "pieces \(pieces)")
                #expect(error?.line == 3, "pieces \(pieces)")
                #expect(error?.column == 2, "pieces \(pieces)")
                #expect(error?.detail.contains(byte) == true, "pieces \(pieces)")
            }
        }
    }

    /// A sequence cut by a piece's end, whole across the two pieces, is text like any other.
    @Test func aSequenceCutByEveryPieceSizeIsRead() throws {
        let expected = (0..<40).map { ["\($0)", "ёлка 𝄞 €", "Ж"] }
        let text = expected.map { $0.joined(separator: ";") }.joined(separator: "\n") + "\n"
        for pieces in 1...41 {
            let parsed = try Self.parse(Array(text.utf8), pieces: pieces)
            #expect(parsed.records == expected, "pieces \(pieces)")
        }
    }

    @Test func aByteOrderMarkInsideAPlainPieceIsAnError() throws {
        let bytes = Array("a;b\n1;2\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("a;b\n".utf8)
        for pieces in [1, 4, 9, .max] {
            let error = ingestError { _ = try Self.parse(bytes, pieces: pieces) }
            #expect(error?.kind == .byteOrderMarkInside)
            #expect(error?.line == 3)
        }
    }
}
