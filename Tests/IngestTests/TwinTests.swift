import Testing

@testable import Ingest

@Suite("Twins: one table, three exports")
struct TwinTests {
    static let header = ["ФИО", "Школа", "Должность", "Удовлетворённость", "Комментарий"]
    static let rows = [
        [
            "Иванова Анна Петровна", "МАОУ СОШ № 1", "учитель", "Полностью удовлетворена",
            "Семинар «Функциональная грамотность», консультации",
        ],
        [
            "Ёлкин Пётр", "СОШ №2 п. Сосьва", "заместитель директора", "Скорее удовлетворён",
            "Мало времени на «разбор» уроков; хотелось бы больше",
        ],
        ["Яковлева Юлия", "школа 3", "учитель", "Затрудняюсь ответить", "Первая строка\nвторая строка"],
    ]

    @Test(
        "each twin reads as the same rows",
        arguments: [
            ("twin-utf8.csv", TextEncoding.utf8, UInt8(ascii: ","), LineEndingCounts(lf: 4)),
            ("twin-windows-1251-crlf.csv", .windows1251, UInt8(ascii: ";"), LineEndingCounts(crlf: 4)),
            ("twin-x-mac-cyrillic-cr.csv", .macCyrillic, UInt8(ascii: ";"), LineEndingCounts(cr: 4)),
        ])
    func twins(file: String, encoding: TextEncoding, delimiter: UInt8, endings: LineEndingCounts) throws {
        let result = try readFixture(file)
        #expect(result.summary.encoding.encoding == encoding)
        #expect(result.summary.dialect.delimiter == delimiter)
        #expect(result.summary.lineEndings == endings)
        #expect(result.header == Self.header)
        #expect(result.rows == Self.rows)
        #expect(result.lines == [2, 3, 4])
    }
}
