import Testing

@testable import Ingest

@Suite("Shapes of real exports")
struct ShapeTests {
    @Test func headerOnly() throws {
        let result = try readFixture("header-only.csv")
        #expect(result.header == ["ФИО", "Школа", "Должность"])
        #expect(result.rows.isEmpty)
        #expect(result.summary.rowsRead == 0)
        #expect(result.summary.headerLine == 1)
    }

    @Test func emptyFile() throws {
        let result = try readFixture("empty.csv")
        #expect(result.summary.header == nil)
        #expect(result.rows.isEmpty)
        #expect(result.summary.bytes == 0)
        #expect(result.summary.encoding.encoding == .utf8)
    }

    @Test func noFinalNewline() throws {
        let result = try readFixture("no-final-newline.csv")
        #expect(result.rows == [["СОШ 1", "4"], ["СОШ 2", "5"]])
        #expect(result.lines == [2, 3])
        #expect(result.summary.lineEndings == LineEndingCounts(lf: 2))
    }

    @Test func blankLinesAreCountedWithTheirNumbers() throws {
        // "Школа;Балл\n\nСОШ 1;4\n\r\n;\nСОШ 2;5\n\n": lines 2, 4, 5 (only «;»), 7 are blank.
        let result = try readFixture("blank-lines.csv")
        #expect(result.rows == [["СОШ 1", "4"], ["СОШ 2", "5"]])
        #expect(result.lines == [3, 6])
        #expect(result.summary.blankLines == 4)
        #expect(result.summary.blankLineNumbers == [2, 4, 5, 7])
        #expect(result.summary.rowsRead == 2)
    }

    @Test func trailingEmptyColumnsAreDroppedAndReported() throws {
        let result = try readFixture("trailing-empty-columns.csv")
        #expect(result.header == ["Школа", "Балл"])
        #expect(result.rows == [["СОШ 1", "4"], ["СОШ 2", "5"], ["СОШ 3", "3"]])
        #expect(result.summary.header?.notes == [.trailingBlankColumnsDropped(count: 3)])
        #expect(result.summary.rowsWithTrailingEmptyCells == 2)
        #expect(result.rejections.isEmpty)
    }

    @Test func raggedRowsAreRejectedWithTheirLinesNeverPaddedOrCut() throws {
        let result = try readFixture("ragged.csv")
        #expect(result.rows == [["СОШ 1", "5А", "4"], ["СОШ 4", "8Г", "3"]])
        #expect(result.lines == [2, 5])
        #expect(
            result.rejections == [
                Rejection(
                    origin: Origin(file: Fixture.path("ragged.csv"), line: 3), reason: .tooFewCells,
                    detail: "значений 2, а столбцов в заголовке 3", cells: ["СОШ 2", "6Б"]),
                Rejection(
                    origin: Origin(file: Fixture.path("ragged.csv"), line: 4), reason: .tooManyCells,
                    detail: "значений 4, а столбцов в заголовке 3; лишнее непустое значение в столбце 4",
                    cells: ["СОШ 3", "7В", "5", "лишнее"]),
            ])
        #expect(result.summary.rowsRead == 4)
        #expect(result.summary.rowsPassed == 2)
        #expect(result.summary.rejectedByReason == [.tooFewCells: 1, .tooManyCells: 1])
    }

    @Test func blankAndDuplicateHeaderNamesAreMadeUniqueAndReported() throws {
        let result = try readFixture("header-blank-duplicate.csv")
        #expect(result.header == ["ФИО", "Столбец 2", "Школа", "школа (2)", "ФИО (2)"])
        #expect(
            result.summary.header?.notes == [
                .blankNamed(column: 2, as: "Столбец 2"),
                .duplicateRenamed(column: 4, from: "школа", to: "школа (2)"),
                .duplicateRenamed(column: 5, from: "ФИО", to: "ФИО (2)"),
            ])
        #expect(result.rows == [["Иванова", "x", "СОШ 1", "СОШ 1", "Иванова А."]])
    }

    @Test func headerCellsWithNonBreakingSpacesAndLineBreaksAreNormalised() throws {
        let result = try readFixture("header-nbsp-linebreak.csv")
        #expect(result.header == ["Отметка времени", "Насколько вы удовлетворены помощью?", "Школа"])
        #expect(
            result.summary.header?.original == [
                "Отметка\u{00A0}времени", "Насколько вы\nудовлетворены  помощью?", " Школа\u{00A0}",
            ])
        #expect(result.summary.header?.notes.count == 3)
        #expect(result.rows == [["25.11.2023 10:15:03", "Полностью удовлетворён", "СОШ 1"]])
        #expect(result.lines == [3])
    }

    @Test func quoteInsideAnUnquotedValueIsKeptAsText() throws {
        let result = try readFixture("quote-inside-unquoted.csv")
        #expect(result.rows == [["МАОУ \"СОШ № 1\"", "4"], ["СОШ 2", "5"]])
        #expect(result.summary.quotesInsideUnquotedFields == 2)
    }

    @Test func spacesAroundUnquotedValuesAreDroppedButQuotedOnesKept() throws {
        let result = try readTable(temporaryFile(Array("a;b;c\n  x ; y\t;\" z \" \n".utf8)))
        #expect(result.rows == [["x", "y", " z "]])
    }

    /// A workbook is read whatever its name (issue 21); one cut short after its first entry's
    /// name is a damaged book, not a CSV.
    @Test func aWorkbookCutShortIsADamagedBook() throws {
        let error = ingestError { _ = try readFixture("book.xlsx.csv") }
        #expect(error?.kind == .badWorkbook)
        #expect(error?.description.contains("книга Excel повреждена") == true)
    }

    @Test func missingFileIsACleanError() throws {
        let error = ingestError { _ = try TableReader(path: Fixture.path("no-such-file.csv")) }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.description.hasSuffix("нет такого файла") == true)
    }

    @Test func folderIsNotAFile() throws {
        let error = ingestError { _ = try readTable(Fixture.folder.path) }
        #expect(error?.kind == .notRegularFile)
        #expect(error?.description.hasSuffix("это не обычный файл, а папка") == true)
    }
}
