import Testing

@testable import Ingest

/// How a workbook's number formats and serial dates become the text Excel shows (issue 21).
@Suite("Workbook cell formats")
struct CellFormatTests {
    @Test(
        "format codes",
        arguments: [
            ("General", CellFormat.general), ("@", .general), ("0", .decimals(0)), ("0.00", .decimals(2)),
            ("#,##0.0", .decimals(1)), ("#,##0.00 ₽", .decimals(2)), ("[Red]0.0;[Blue]-0.0", .decimals(1)),
            ("\"шт.\" 0", .decimals(0)), ("0%", .percent(0)), ("0.00%", .percent(2)), ("dd.mm.yyyy", .date),
            ("d mmm yy", .date), ("mmmm", .date), ("dd/mm/yyyy hh:mm", .dateTime), ("h:mm", .time),
            ("mm:ss", .time), ("[h]:mm:ss", .time), ("hh:mm AM/PM", .time), ("0.0#", .decimals(1)),
        ])
    func formatCode(_ code: String, _ expected: CellFormat) {
        #expect(CellFormat(code: code) == expected, "\(code)")
    }

    @Test func serialDatesOfBothSystems() {
        func text(_ serial: Double, _ format: CellFormat, date1904: Bool = false) -> String {
            format.text(serial, date1904: date1904)
        }
        #expect(text(1, .date) == "1900-01-01")
        // Lotus's 29 February 1900, which Excel keeps: serial 60; the next day is 61.
        #expect(text(60, .date) == "1900-02-29")
        #expect(text(61, .date) == "1900-03-01")
        #expect(text(45_250, .date) == "2023-11-20")
        #expect(text(43_788, .date, date1904: true) == "2023-11-20")
        #expect(text(0, .date, date1904: true) == "1904-01-01")
        #expect(text(0.5, .time) == "12:00:00")
        // A time a hair before midnight rounds to the next day, not to 24:00:00.
        #expect(text(45_250.999_999_9, .dateTime) == "2023-11-21 00:00:00")
        // Outside years 1–9999, or negative: the number as it is.
        #expect(text(-1, .date) == "-1")
        #expect(text(3e6, .date) == "3000000")
    }

    @Test func numbersAsARussianExcelShowsThem() {
        #expect(CellFormat.general.text(12, date1904: false) == "12")
        #expect(CellFormat.general.text(-0.25, date1904: false) == "-0,25")
        #expect(CellFormat.general.text(0.1 + 0.2, date1904: false) == "0,3")
        #expect(CellFormat.general.text(1e20, date1904: false) == "1e+20")
        #expect(CellFormat.decimals(2).text(2, date1904: false) == "2,00")
        #expect(CellFormat.decimals(0).text(-0.4, date1904: false) == "0")
        #expect(CellFormat.percent(1).text(0.456, date1904: false) == "45,6%")
        #expect(CellFormat.general.text(.nan, date1904: false) == "nan")
    }

    @Test func cellReferences() {
        #expect(CellReference.name(column: 0, row: 1) == "A1")
        #expect(CellReference.name(column: 25, row: 7) == "Z7")
        #expect(CellReference.name(column: 26, row: 7) == "AA7")
        #expect(CellReference.name(column: 16_383, row: 1_048_576) == "XFD1048576")
        for (reference, column) in [("C17", 2), ("AA1", 26), ("xfd9", 16_383), ("17", Int.max), ("ABCD1", Int.max)] {
            let found = Array(reference.utf8).withUnsafeBytes { CellReference.column(of: $0) }
            #expect(found == column, "\(reference)")
        }
    }
}
