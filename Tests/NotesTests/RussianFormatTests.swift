import Testing

@testable import Ingest
@testable import Notes

@Suite("Russian typography")
struct RussianFormatTests {
    @Test(
        "plural forms",
        arguments: [
            (0, "0 педагогов", "0 школ"), (1, "1 педагог", "1 школа"), (2, "2 педагога", "2 школы"),
            (5, "5 педагогов", "5 школ"),
            (11, "11 педагогов", "11 школ"), (21, "21 педагог", "21 школа"), (22, "22 педагога", "22 школы"),
            (25, "25 педагогов", "25 школ"), (111, "111 педагогов", "111 школ"),
        ])
    func plurals(count: Int, teachers: String, schools: String) {
        #expect(RussianPlural("педагог", "педагога", "педагогов")(count) == teachers)
        #expect(RussianPlural("школа", "школы", "школ")(count) == schools)
    }

    @Test(
        "shares as per cent with a decimal comma",
        arguments: [
            (0.7825, "78,3\u{00A0}%"), (0.78205, "78,2\u{00A0}%"), (0.0, "0,0\u{00A0}%"), (1.0, "100,0\u{00A0}%"),
            (0.125, "12,5\u{00A0}%"), (0.0005, "0,1\u{00A0}%"), (0.6666666, "66,7\u{00A0}%"),
        ])
    func percents(share: Double, text: String) {
        #expect(RussianFormat.percent(share) == text)
    }

    @Test(
        "whole numbers with thin spaces between thousands",
        arguments: [
            (0, "0"), (5, "5"), (1234, "1234"), (12345, "12\u{2009}345"), (1_234_567, "1\u{2009}234\u{2009}567"),
            (-98765, "−98\u{2009}765"),
        ])
    func integers(value: Int, text: String) {
        #expect(RussianFormat.integer(value) == text)
    }

    @Test func decimalsRangesDatesAndPeriods() {
        #expect(RussianFormat.decimal(4.5, decimals: 2) == "4,50")
        #expect(RussianFormat.decimal(-0.004, decimals: 2) == "0,00")
        #expect(RussianFormat.percentRange(0.39678, 0.89221) == "39,7–89,2\u{00A0}%")
        #expect(RussianFormat.percent(nil) == "—")
        #expect(RussianFormat.date(year: 2023, month: 11, day: 25) == "25\u{00A0}ноября 2023\u{00A0}г.")
        #expect(RussianFormat.period("2023-11") == "ноябрь 2023\u{00A0}г.")
        #expect(RussianFormat.period("2023/24 учебный год") == "2023/24 учебный год")
    }

    @Test func markdownTablesEscapeTheirCells() {
        let table = MarkdownTable(columns: ["Школа", "Доля"], rightAligned: [1], rows: [["СОШ | 1", "50 %"]])
        #expect(table.markdown == "| Школа | Доля |\n|:---|---:|\n| СОШ \\| 1 | 50 % |")
    }
}

@Suite("Typography")
struct TypographyTests {
    @Test(
        "quotes, numbers and per cent",
        arguments: [
            ("Нужны консультации по \"разбор\" уроков", "Нужны консультации по «разбор» уроков"),
            ("\"Кавычки\" в начале", "«Кавычки» в начале"),
            ("МАОУ СОШ № 1", "МАОУ СОШ №\u{00A0}1"),
            ("79,2 %", "79,2\u{00A0}%"),
            ("без изменений", "без изменений"),
        ])
    func rules(text: String, expected: String) {
        #expect(Typography.apply(text) == expected)
    }
}
