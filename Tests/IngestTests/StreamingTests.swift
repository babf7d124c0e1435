import Foundation
import Testing

@testable import Ingest

/// Files larger than one read piece (256 KiB), so records, quoted fields and multi-byte
/// characters fall across piece boundaries.
@Suite("Streaming across piece boundaries")
struct StreamingTests {
    static let rowCount = 12_000

    static func text(newline: String) -> String {
        var text = "Код;ФИО;Комментарий\(newline)"
        for index in 1...rowCount {
            let comment =
                index % 7 == 0
                ? "\"многострочный\nответ «\(index)» с \"\"кавычками\"\"\"" : "ответ номер \(index) — ёлка 🎄"
            text += "\(index);Ученик Ёжиков \(index);\(comment)\(newline)"
        }
        return text
    }

    /// Physical line of each row of `text(newline:)`: rows with a multi-line comment take two lines.
    static var expectedLines: [Int] {
        var lines: [Int] = []
        var line = 2
        for index in 1...rowCount {
            lines.append(line)
            line += index % 7 == 0 ? 2 : 1
        }
        return lines
    }

    static func check(_ result: ReadResult) {
        #expect(result.rows.count == rowCount)
        #expect(result.lines == expectedLines)
        #expect(result.rows[6] == ["7", "Ученик Ёжиков 7", "многострочный\nответ «7» с \"кавычками\""])
        #expect(result.rows[rowCount - 1][0] == String(rowCount))
        #expect(result.summary.rowsPassed == rowCount)
    }

    @Test func utf8() throws {
        let text = Self.text(newline: "\r\n")
        #expect(text.utf8.count > 3 * TableReader.pieceSize)
        let result = try readTable(temporaryFile(Array(text.utf8)))
        Self.check(result)
        #expect(result.summary.lineEndings == LineEndingCounts(crlf: Self.rowCount + 1))
    }

    @Test func utf16LittleEndian() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in Self.text(newline: "\n").utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = try readTable(temporaryFile(bytes))
        #expect(result.summary.encoding.encoding == .utf16LE)
        Self.check(result)
    }

    @Test func windows1251() throws {
        let text = Self.text(newline: "\r\n").replacingOccurrences(of: " 🎄", with: "")
        let bytes = try #require(Transcoder.encodeForTest(text, to: .windows1251))
        let result = try readTable(temporaryFile(bytes))
        #expect(result.summary.encoding.encoding == .windows1251)
        #expect(result.rows.count == Self.rowCount)
        #expect(result.lines == Self.expectedLines)
        #expect(result.rows[0] == ["1", "Ученик Ёжиков 1", "ответ номер 1 — ёлка"])
    }
}
