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

    @Test func textAfterAClosingQuoteIsAnErrorInStrictMode() throws {
        let error = ingestError {
            _ = try readTable(Fixture.path("quote-then-text.csv"), options: .init(strictQuotes: true))
        }
        #expect(error?.kind == .strayQuote)
        #expect(error?.line == 2)
        #expect(error?.column == 1)
    }

    @Test func textAfterAQuoteInsideAQuotedValueIsReadAsExcelReadsIt() throws {
        let read = try readFixture("quote-then-text.csv")
        #expect(read.rows == [["СОШ 1\"x", "4"]])
        #expect(read.summary.quoteRepairs == 1)
        #expect(read.summary.quoteRepairLines == [2])
    }

    @Test(arguments: [
        ("Школа;Число\n\"МБОУ \"СОШ №5\"\";12\n", ["МБОУ \"СОШ №5\"", "12"], [2]),
        ("Школа;Число\n\"a \"b\" c\";1\n", ["a \"b\" c", "1"], [2, 2]),
        ("Школа;Число\n\"СОШ 1\"x;4\n", ["СОШ 1\"x", "4"], [2]),
        ("Школа;Число\n\"He said \"\"hi\"\"\";1\n", ["He said \"hi\"", "1"], []),
        ("Школа;Число\n\"x\"\"\" y\";1\n", ["x\"\" y", "1"], [2]),
    ])
    func strayQuotesInsideQuotedValuesAreKeptAsText(text: String, row: [String], repairs: [Int]) throws {
        let path = try temporaryFile(Array(text.utf8))
        let read = try readTable(path)
        #expect(read.rows == [row])
        #expect(read.summary.quoteRepairLines == repairs)
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
