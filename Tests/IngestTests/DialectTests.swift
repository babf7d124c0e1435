import Testing

@testable import Ingest

let smallHeader = ["Школа", "Класс", "Балл"]
let smallRows = [["СОШ 1", "5А", "4,5"], ["СОШ 2", "6Б", "3"]]

@Suite("Dialects")
struct DialectTests {
    @Test(
        "each delimiter is found by sniffing",
        arguments: [
            ("delim-comma.csv", UInt8(ascii: ",")),
            ("delim-semicolon.csv", UInt8(ascii: ";")),
            ("delim-tab.tsv", UInt8(ascii: "\t")),
            ("delim-pipe.csv", UInt8(ascii: "|")),
        ])
    func delimiters(file: String, delimiter: UInt8) throws {
        let result = try readFixture(file)
        #expect(result.summary.dialect == Dialect(delimiter: delimiter, source: .sniffed))
        #expect(result.header == smallHeader)
        #expect(result.rows == smallRows)
    }

    @Test func excelSepLineSetsTheDelimiterAndIsNotARow() throws {
        let result = try readFixture("sep-line.csv")
        #expect(result.summary.dialect == Dialect(delimiter: UInt8(ascii: ";"), source: .sepLine, hasSepLine: true))
        #expect(result.summary.headerLine == 2)
        #expect(result.header == smallHeader)
        #expect(result.rows == [["СОШ 1, п. Сосьва", "5А", "4,5"], ["СОШ 2", "6Б", "3,25"]])
        #expect(result.lines == [3, 4])
    }

    @Test func declaredDelimiterWins() throws {
        let result = try readFixture("delim-semicolon.csv", options: .init(delimiter: UInt8(ascii: ",")))
        #expect(result.summary.dialect.source == .declared)
        #expect(result.header == ["Школа;Класс;Балл"])
        #expect(result.rows == [["СОШ 2;6Б;3"]])
        #expect(result.rejections.map(\.origin.line) == [2])
        #expect(result.rejections.first?.reason == .tooManyCells)
    }

    @Test(
        "line endings are read and counted",
        arguments: [
            ("endings-crlf.csv", LineEndingCounts(crlf: 3)),
            ("endings-lf.csv", LineEndingCounts(lf: 3)),
            ("endings-cr.csv", LineEndingCounts(cr: 3)),
        ])
    func lineEndings(file: String, counts: LineEndingCounts) throws {
        let result = try readFixture(file)
        #expect(result.rows == smallRows)
        #expect(result.lines == [2, 3])
        #expect(result.summary.lineEndings == counts)
        #expect(result.summary.blankLines == 0)
    }

    @Test func mixedLineEndings() throws {
        let result = try readFixture("endings-mixed.csv")
        #expect(result.rows == smallRows + [["СОШ 3", "7В", "5"]])
        #expect(result.lines == [2, 3, 4])
        #expect(result.summary.lineEndings == LineEndingCounts(lf: 1, crlf: 2, cr: 1))
        #expect(result.summary.lineEndings.summary == "смешанные (CRLF: 2, LF: 1, CR: 1)")
    }

    @Test func quotedFieldsKeepNewlinesAndDoubledQuotesAndLineNumbersStayPhysical() throws {
        let result = try readFixture("quoted-newlines.csv")
        #expect(
            result.rows == [
                ["1", "Первая строка\nвторая \"важная\" строка", "5"],
                ["2", "С переводом\r\nстроки Windows", "4"],
                ["3", "Без кавычек", "3"],
            ])
        #expect(result.lines == [2, 4, 6])
    }

    @Test func sniffingIgnoresDelimitersInsideQuotesAndDecimalCommas() {
        let sample = Array("ФИО;Школа;Балл\n\"Иванова; Анна\";СОШ 1, п. Сосьва;4,5\nПетров;СОШ 2;3,75\n".utf8)
        #expect(DialectSniffer.sniff(sample, sampleIsWholeFile: true).delimiter == UInt8(ascii: ";"))
    }

    @Test func oneColumnFallsBackToComma() {
        let dialect = DialectSniffer.sniff(Array("ФИО\nИванова\n".utf8), sampleIsWholeFile: true)
        #expect(dialect == Dialect(delimiter: UInt8(ascii: ","), source: .fallback))
    }

    @Test func delimiterNames() {
        #expect(Dialect.delimiter(named: "tab") == 0x09)
        #expect(Dialect.delimiter(named: ";") == UInt8(ascii: ";"))
        #expect(Dialect.delimiter(named: "\"") == nil)
        #expect(Dialect.delimiter(named: ";;") == nil)
    }
}
