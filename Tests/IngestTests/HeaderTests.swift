import Testing

@testable import Ingest

@Suite("Header and wording")
struct HeaderTests {
    @Test func normalisesWhiteSpace() {
        #expect(Header.normalise("  Отметка\u{00A0}\u{00A0}времени\r\n ") == "Отметка времени")
        #expect(Header.normalise("\u{FEFF}ФИО") == "ФИО")
        #expect(Header.normalise("   ") == "")
    }

    @Test func duplicatesAreFoundIgnoringCaseAndYo() {
        let header = Header(cells: ["Ёлка", "елка", "Елка (2)"])
        #expect(header.names == ["Ёлка", "елка (2)", "Елка (2) (2)"])
    }

    @Test func singleBlankHeaderCellIsKept() {
        #expect(Header(cells: [""]).names == ["Столбец 1"])
    }

    @Test(
        "plural forms",
        arguments: [
            (1, "1 столбец"), (2, "2 столбца"), (4, "4 столбца"), (5, "5 столбцов"), (11, "11 столбцов"),
            (12, "12 столбцов"), (21, "21 столбец"), (22, "22 столбца"), (111, "111 столбцов"), (0, "0 столбцов"),
        ])
    func plural(count: Int, text: String) {
        #expect(RussianPlural.column(count) == text)
    }
}
