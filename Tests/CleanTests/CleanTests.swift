import Foundation
import Testing

@testable import Clean
@testable import Ingest

@Suite("Clean")
struct CleanTests {
    @Test(
        "match keys fold case, ё, spacing and punctuation",
        arguments: [
            ("СОШ №1", "сош 1"), ("сош № 1.", "сош 1"), ("МКОУ  СОШ\u{00A0}п.Восточный", "мкоу сош п восточный"),
            ("Полностью удовлетворён(а)", "полностью удовлетворена"), ("ЁЛКИНА", "елкина"), ("  ", ""),
        ])
    func matchKeys(text: String, key: String) {
        #expect(MatchKey.of(text) == key)
    }

    static let scale = Scale(
        categories: [
            Category(label: "Нет"), Category(label: "Скорее нет"), Category(label: "Скорее да", synonyms: ["3"]),
            Category(label: "Да"),
        ],
        nonSubstantive: [Category(label: "Затрудняюсь ответить")])

    @Test func scaleReadsSpellingsAndRefusesTheUnknown() throws {
        let lookup = try Self.scale.lookup()
        #expect(lookup.read("скорее  ДА") == .category(2))
        #expect(lookup.read("3") == .category(2))
        #expect(lookup.read("Затрудняюсь ответить") == .nonSubstantive)
        #expect(lookup.read(" ") == .blank)
        #expect(lookup.read("Частично") == .unknown)
    }

    @Test func aSpellingGivenToTwoAnswersIsAnError() {
        let scale = Scale(categories: [Category(label: "Да", synonyms: ["x"]), Category(label: "Нет", synonyms: ["X"])])
        #expect(throws: InstrumentError.self) { try scale.lookup() }
    }

    @Test func unorderedListsFallBack() throws {
        let positions = Scale(
            categories: [Category(label: "Учитель"), Category(label: "Другие")], ordered: false, fallback: "Другие")
        #expect(try positions.lookup().read("методист") == .category(1))
    }

    @Test func multipleChoiceSplitsOnTheOptionListNotOnCommas() {
        let options = ["Семинары, вебинары", "Индивидуальные консультации", "Наставничество, менторство"].map {
            MatchKey.of($0).split(separator: " ").map(String.init)
        }
        let (chosen, other) = ResponseCleaner.split("Семинары, вебинары, Наставничество, менторство", options: options)
        #expect(chosen == [0, 2])
        #expect(other == nil)
        let withOther = ResponseCleaner.split("Индивидуальные консультации; чат в мессенджере", options: options)
        #expect(withOther.chosen == [1])
        #expect(withOther.other == "чат в мессенджере")
    }

    @Test(
        "timestamps in the forms' locales",
        arguments: [
            ("25.11.2023 10:15:03", "2023-11-25T10:15:03"),
            ("2023/11/25 10:15:03 AM GMT+5", "2023-11-25T05:15:03"),
            ("2023/11/25 1:15:03 PM GMT+5", "2023-11-25T08:15:03"),
            ("2023-11-25 10:15:03", "2023-11-25T10:15:03"),
            ("2023-11-25T10:15:03+05:00", "2023-11-25T05:15:03"),
            ("25.11.2023", "2023-11-25T00:00:00"),
        ])
    func timestamps(text: String, iso: String) throws {
        let parsed = try #require(Timestamp(text))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        #expect(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(parsed.seconds))) == iso)
    }

    @Test(
        "impossible timestamps are refused",
        arguments: ["31.02.2023 10:00", "25.13.2023", "25.11.2023 25:00", "вчера", "2023/11/25 13:00 PM"])
    func badTimestamps(text: String) {
        #expect(Timestamp(text) == nil)
    }

    /// A survey reads its submission times from the cell's bytes (a fast path for the plain
    /// forms): the same reading as from the text, for every form read or refused.
    @Test(
        "timestamps read from bytes as from text",
        arguments: [
            "25.11.2023 10:15:03", "2023/11/25 10:15:03 AM GMT+5", "2023/11/25 1:15:03 PM GMT+5",
            "2023-11-25 10:15:03", "2023-11-25T10:15:03+05:00", "25.11.2023", "  25.11.2023  9:05  ", "1.2.2024 7:5",
            "29.02.2024 23:59:60", "29.02.2023 10:00", "31.02.2023 10:00", "25.13.2023", "25.11.2023 25:00",
            "25.11.2023 10:60", "вчера", "2023/11/25 13:00 PM", "25.11.2023 10:15:03 Z", "25.11.2023 10:15:03x",
            "25.11.2023 10", "25.11.2023T10:15", "25-11/2023", "12345.11.2023", "25.11.1899", "",
            "25.11.2023 10:15:03 GMT+3", "25.11.2023\u{00A0}10:15", "２５.11.2023",
        ])
    func timestampsFromBytes(text: String) {
        var text = text
        let fromBytes = text.withUTF8 { Timestamp(bytes: UnsafeRawBufferPointer($0)) }
        #expect(fromBytes == Timestamp(text), "\(text)")
    }

    @Test(
        "test markers: the whole key or one of its words",
        arguments: [
            ("тест", true), ("тест тестович", true), ("иванов тест", true), ("тестов иван", false),
            ("проверка связи", true), ("проверка", false), ("", false),
        ])
    func testMarkers(key: String, marked: Bool) {
        var key = key
        let markers = [Array("тест".utf8), Array("проверка связи".utf8)]
        #expect(key.withUTF8 { MatchKey.isTestMarked(UnsafeRawBufferPointer($0), markers: markers) } == marked)
    }

    @Test func gridHeadersSplitIntoQuestionAndRow() {
        #expect(InstrumentBinding.gridParts("Оцените полезность [Семинары]")! == ("Оцените полезность", "Семинары"))
        #expect(InstrumentBinding.gridParts("Без строки") == nil)
    }

    @Test func bindingFindsColumnsInAnyOrderAndNamesWhatIsMissing() throws {
        let instrument = Instrument(
            id: "t", title: "t", scales: ["s": Self.scale],
            columns: [
                Column(id: "school", role: .school, header: HeaderPattern(prefix: "Образовательная организация")),
                Column(id: "q", role: .item, header: HeaderPattern(text: "Вопрос"), scale: "s"),
                Column(id: "note", role: .text, header: HeaderPattern(text: "Комментарий"), required: false),
            ])
        let binding = try InstrumentBinding(
            instrument: instrument,
            header: Header(cells: ["ВОПРОС", "Лишний", "образовательная  организация (школа)"]), file: "f.csv")
        #expect(binding.positions == ["school": 2, "q": 0])
        #expect(binding.missingOptional == ["note"])
        #expect(binding.unused == ["Лишний"])
        #expect(throws: InstrumentError.self) {
            try InstrumentBinding(instrument: instrument, header: Header(cells: ["Вопрос"]), file: "f.csv")
        }
    }

    @Test func registerRefusesASpellingOfTwoSchools() {
        let register = SchoolRegister(schools: [
            .init(id: "a", name: "СОШ 1", aliases: ["школа"], programme: true),
            .init(id: "b", name: "СОШ 2", aliases: ["Школа"], programme: true),
        ])
        #expect(throws: InstrumentError.self) { try register.lookup() }
    }
}
