import Testing

@testable import Ingest

/// libcsv's field callback in C (Sources/CFieldArena) lays each record's fields end to end and
/// checks them; Swift sees whole records. These tests catch a lost or cut field, a wrong line
/// number or a fault named at the wrong place.
@Suite("Field arena")
struct FieldArenaTests {
    /// Records of four fields, some longer than the arena's first 64 KiB and than libcsv's
    /// 64 KiB steps, some with quoted line breaks of every kind, Cyrillic throughout.
    static func records(count: Int) -> [[String]] {
        (0..<count).map { index in
            var fields = ["\(index)", "Школа № \(index % 17)", "ответ \(index)", "\(index * 7 % 5)"]
            switch index % 23 {
            case 3: fields[1] = String(repeating: "я", count: 70_000 + index)  // 140 KB: past 64 KiB
            case 5: fields[2] = "первая строка\nвторая\r\nтретья\rчетвёртая"
            case 8: fields[3] = "\r"  // a lone CR in the last field
            case 11: fields[0] = "\n"  // a break opening a record
            case 13: fields[2] = String(repeating: "ab\n", count: 30_000)  // 90 KB with 30 000 breaks
            case 17: fields[1] = "кавычки \"внутри\" поля"
            default: break
            }
            return fields
        }
    }

    static func text(_ records: [[String]]) -> String {
        records.map { fields in
            fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ";")
        }.joined(separator: "\n") + "\n"
    }

    /// Line breaks (LF, CRLF, lone CR each once) in `text`.
    static func breaks(_ text: String) -> Int {
        text.unicodeScalars.reduce(into: (count: 0, afterCR: false)) { state, scalar in
            if scalar == "\r" {
                state = (state.count + 1, true)
            } else {
                state = (state.count + (scalar == "\n" && !state.afterCR ? 1 : 0), false)
            }
        }.count
    }

    /// The line each record begins on.
    static func lines(_ records: [[String]], firstLine: Int = 1) -> [Int] {
        var line = firstLine
        return records.map { fields in
            defer { line += 1 + fields.map(breaks).reduce(0, +) }
            return line
        }
    }

    static func parse(_ bytes: [UInt8], pieces: Int, limits: CSVParser.Limits? = nil) throws -> (
        records: [[String]], lines: [Int]
    ) {
        let parser = try CSVParser(
            file: "text.csv", delimiter: UInt8(ascii: ";"), quote: 0x22,
            limits: limits ?? .init(maxFieldBytes: 1 << 20, maxFieldsPerRecord: 100), validateUTF8: true)
        var records: [[String]] = []
        var lines: [Int] = []
        parser.onRecord = { record in
            records.append(record.strings())
            lines.append(record.line)
        }
        try bytes.withUnsafeBytes { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(buffer.count, start + pieces)
                try parser.parse(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                start = end
            }
        }
        try parser.finish()
        return (records, lines)
    }

    @Test(
        "every field and line survives pieces cut anywhere",
        arguments: [1, 7, 4093, 64 * 1024 - 1, 64 * 1024 + 3, 256 * 1024, Int.max])
    func piecesCutAnywhere(pieces: Int) throws {
        let expected = Self.records(count: pieces < 100 ? 60 : 300)
        let parsed = try Self.parse(Array(Self.text(expected).utf8), pieces: pieces)
        #expect(parsed.records == expected)
        #expect(parsed.lines == Self.lines(expected))
    }

    @Test func aFileReadInPiecesKeepsEveryRowAndItsLine() throws {
        let records = [["код", "школа", "ответ", "балл"]] + Self.records(count: 300)
        let path = try temporaryFile(Array(Self.text(records).utf8))
        let result = try readTable(path)
        #expect(result.header == records[0])
        #expect(result.rows == Array(records.dropFirst()))
        #expect(result.lines == Array(Self.lines(records).dropFirst()))
        #expect(result.summary.lineEndings == LineEndingCounts(lf: records.count))
    }

    /// A CR ending one quoted field and an LF opening the next are two line breaks, not a CRLF.
    @Test func aCRAndAnLFInTwoFieldsAreTwoBreaks() throws {
        let parsed = try Self.parse(Array("\"a\r\";\"\nb\"\nc;d\n".utf8), pieces: .max)
        #expect(parsed.records == [["a\r", "\nb"], ["c", "d"]])
        #expect(parsed.lines == [1, 4])
    }

    @Test func invalidUTF8InTheLastFieldIsNamedWhereItStands() throws {
        var bytes = Array("a;b;c\n1;\"две\nстроки\";ok\n2;x;хорошо".utf8)
        bytes += [0xD0]  // a cut sequence closing the last field of the last record
        bytes += Array("\n".utf8)
        let error = ingestError { _ = try Self.parse(bytes, pieces: 5) }
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.line == 4)
        #expect(error?.column == 3)
        #expect(error?.detail.contains("0xD0") == true)
    }

    @Test func aNULAfterALineBreakInItsFieldIsNamedOnItsOwnLine() throws {
        let bytes = Array("a;b;c\n1;\"две\r\nстроки\";\"ещё\nи ".utf8) + [0] + Array("\"\n".utf8)
        let error = ingestError { _ = try Self.parse(bytes, pieces: 3) }
        #expect(error?.kind == .nulByte)
        #expect(error?.line == 4)
        #expect(error?.column == 3)
    }

    @Test func aByteOrderMarkOpeningALaterRecordIsAnError() throws {
        let bytes = Array("a;b\n1;2\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("a;b\n".utf8)
        let error = ingestError { _ = try Self.parse(bytes, pieces: .max) }
        #expect(error?.kind == .byteOrderMarkInside)
        #expect(error?.line == 3)
        #expect(error?.column == 1)
    }

    @Test func theCellLimitNamesTheRecordAndTheFirstCellPastIt() throws {
        let bytes = Array("a;b;c\n\"1\n\";2;3\n1;2;3;4\n".utf8)
        let limits = CSVParser.Limits(maxFieldBytes: 1 << 20, maxFieldsPerRecord: 3)
        let error = ingestError { _ = try Self.parse(bytes, pieces: 2, limits: limits) }
        #expect(error?.kind == .tooManyCells)
        #expect(error?.line == 4)
        #expect(error?.column == 4)
    }

    /// An error thrown for a record stops the parse; no later record is handed over.
    @Test func anErrorOfTheRecordCallbackStopsTheParse() throws {
        struct Stop: Error {}
        let parser = try CSVParser(
            file: "text.csv", delimiter: UInt8(ascii: ";"), quote: 0x22,
            limits: .init(maxFieldBytes: 1 << 20, maxFieldsPerRecord: 100), validateUTF8: true)
        var seen: [Int] = []
        parser.onRecord = { record in
            seen.append(record.line)
            if record.line == 2 { throw Stop() }
        }
        #expect(throws: Stop.self) {
            try Array("a;b\n1;2\n3;4\n5;6\n".utf8).withUnsafeBytes { try parser.parse($0) }
        }
        #expect(seen == [1, 2])
    }
}
