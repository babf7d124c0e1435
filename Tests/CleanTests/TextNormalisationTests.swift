import Testing

@testable import Clean

/// The one text normalisation of match and de-duplication keys, and the masking of free text
/// that relies on it (issue 18, classes 3 and 7).
@Suite("Text normalisation")
struct TextNormalisationTests {
    @Test(
        "invisible characters, accents, compatibility forms and Latin look-alikes do not change a key",
        arguments: [
            "Кузне\u{200B}цова Наталья", "Кузне\u{00AD}цова Наталья", "Кузнецова\u{200D} Наталья",
            "\u{202E}Кузнецова Наталья\u{202C}", "Кузнецо\u{0301}ва Наталья", "Kузнецова Нaталья",
            "КУЗНЕЦOВА НАТАЛЬЯ", "Кузнецова\u{3000}Наталья", "Кузнецова Наталbя",
        ])
    func disguisedSpellingsShareTheKey(spelling: String) {
        #expect(MatchKey.of(spelling) == "кузнецова наталья")
    }

    @Test func wordsInLatinAndTheNumberSignStayAsTheyWere() {
        #expect(MatchKey.of("Moodle и Zoom") == "moodle и zoom")
        #expect(MatchKey.of("СОШ\u{2116}1") == "сош 1")
        #expect(MatchKey.of("класс 5a") == "класс 5a")
        #expect(MatchKey.of("й и\u{0306}") == "й й")
    }

    @Test(
        "a surname is masked in every case form, with initials, however it is disguised",
        arguments: [
            ("у Макаровой С.А. на уроке", "у [имя скрыто] на уроке"),
            ("Н.А. Кузнецову благодарю", "[имя скрыто] благодарю"),
            ("Кузнецовой Наталье Андреевне спасибо", "[имя скрыто] спасибо"),
            ("с Кузнецовым и Кузнецовыми", "с [имя скрыто] и [имя скрыто]"),
            ("Достоевскому, Достоевской и Достоевскую", "[имя скрыто], [имя скрыто] и [имя скрыто]"),
            ("Кузне\u{200B}цовой помогли", "[имя скрыто] помогли"),
            ("Кузнецoвой помогли", "[имя скрыто] помогли"),
            ("Шевчук помог", "[имя скрыто] помог"),
            ("в школе Кузнеца нет", "в школе Кузнеца нет"),
            ("спасибо Павлу Игоревичу и Павла благодарим", "спасибо [имя скрыто] и [имя скрыто] благодарим"),
            ("ИНН школы", "ИНН школы"),
        ])
    func namesAreMasked(text: String, masked: String) {
        let scrubber = FreeTextScrubber(names: [
            "Макарова Светлана Алексеевна", "Кузнецова Наталья Андреевна", "Достоевский Фёдор", "Шевчук Инна",
            "Орлов Павел Игоревич",
        ])
        #expect(scrubber.scrub(text).text == masked)
    }

    @Test(
        "e-mail addresses and Russian phone numbers are masked",
        arguments: [
            ("пишите ivanova.s@school1.ru", "пишите [e-mail скрыт]"),
            ("почта учителя: учитель@школа.рф.", "почта учителя: [e-mail скрыт]."),
            ("тел. +7 (912) 345-67-89", "тел. [телефон скрыт]"),
            ("тел. 8 912 345 67 89.", "тел. [телефон скрыт]."),
            ("тел. 8(34385)2-12-34", "тел. [телефон скрыт]"),
            ("звоните 89123456789", "звоните [телефон скрыт]"),
            ("(912) 345-67-89", "[телефон скрыт]"),
            ("в 2023 году 15 семинаров по 8 часов", "в 2023 году 15 семинаров по 8 часов"),
            ("звоните в школу 2-15-47", "звоните в школу [телефон скрыт]"),
            ("тел. 21547, спросить завуча", "тел. [телефон скрыт], спросить завуча"),
            ("сот.: 912 345 67 89", "сот.: [телефон скрыт]"),
            ("занятия 12-15 и 3-5 декабря, кабинет 2-15", "занятия 12-15 и 3-5 декабря, кабинет 2-15"),
            ("урок 45 мин, 2023-11-15", "урок 45 мин, 2023-11-15"),
        ])
    func contactsAreMasked(text: String, masked: String) {
        #expect(FreeTextScrubber(names: []).scrub(text).text == masked)
    }
}
