import Testing

@testable import Ingest

@Suite("Quote errors")
struct QuoteErrorTests {
    @Test func unterminatedQuoteInTheMiddleNamesTheLineWhereItBegan() throws {
        // Line 3 opens a quote; the next quote (line 5) closes it and is followed by text.
        var rowsBeforeError: [Int] = []
        let error = ingestError {
            let reader = try TableReader(path: Fixture.path("unterminated-quote-middle.csv"))
            try reader.read(onRow: { rowsBeforeError.append($0.line) })
        }
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
        #expect(error?.detail.contains("строки 3–5") == true)
        #expect(rowsBeforeError == [2])
    }

    @Test func unterminatedQuoteAtTheEndNamesTheLineWhereItBegan() throws {
        let error = ingestError { _ = try readFixture("unterminated-quote-end.csv") }
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
        #expect(error?.detail.contains("до конца файла") == true)
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        let error = ingestError { _ = try readFixture("quote-then-text.csv") }
        #expect(error?.kind == .strayQuote)
        #expect(error?.line == 2)
        #expect(error?.column == 1)
    }

    @Test func runawayFieldStopsAtTheLimitNotAtTheEndOfTheFile() throws {
        var bytes = Array("a;b\n1;\"open\n".utf8)
        for index in 0..<20_000 { bytes += Array("строка \(index);без кавычек\n".utf8) }
        let path = try temporaryFile(bytes)
        let error = ingestError {
            _ = try readTable(path, options: .init(limits: IngestLimits(maxFieldBytes: 64 * 1024)))
        }
        #expect(error?.kind == .fieldTooLong)
        #expect(error?.line == 2)
        #expect(error?.column == 2)
    }

    @Test func tooManyCellsIsAnError() throws {
        let row = Array(repeating: "x", count: 50).joined(separator: ";")
        let error = ingestError {
            _ = try readTable(
                temporaryFile(Array("h\n\(row)\n".utf8)),
                options: .init(delimiter: UInt8(ascii: ";"), limits: IngestLimits(maxCellsPerRow: 10)))
        }
        #expect(error?.kind == .tooManyCells)
        #expect(error?.line == 2)
    }
}
