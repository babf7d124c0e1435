import Foundation
import SampleData
import Testing
import ZIPFoundation

/// The catalogue's names: a person named in a free-text answer in any case form or disguise, an
/// e-mail address or a phone number never reaches a published file (issue 18, class 3), and one
/// teacher whose name is spelled with invisible or look-alike characters is one respondent
/// (class 7).
@Suite("Catalogue of bad input: names", .serialized)
struct CatalogueNamesTests {
    /// Every published text of a run: the notes (the docx's document text), results.json, clean/.
    static func published(_ out: URL) throws -> String {
        var texts = [
            try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8),
            try String(contentsOf: out.appendingPathComponent("note.html"), encoding: .utf8),
            try NoteFormatsTests.documentXML(out.appendingPathComponent("note.docx")),
            try String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8),
        ]
        let clean = out.appendingPathComponent("clean")
        for file in try FileManager.default.contentsOfDirectory(atPath: clean.path).sorted() {
            texts.append(try String(contentsOf: clean.appendingPathComponent(file), encoding: .utf8))
        }
        return texts.joined(separator: "\n")
    }

    /// Latin letters that pass for Cyrillic ones, as a hostile respondent types them.
    static let lookAlikes: [Character: Character] = [
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "к": "k", "м": "m", "т": "t",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
        "Х": "X", "У": "Y",
    ]

    /// `text` as a reader sees it: no invisible characters or accents, look-alike letters read as
    /// Cyrillic, lower case, ё as е.
    static func seen(_ text: String) -> String {
        let twins = Dictionary(uniqueKeysWithValues: lookAlikes.map { ($0.value, $0.key) })
        let visible = String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter {
                    $0.properties.generalCategory != .format && !(0x0300...0x036F).contains($0.value)
                }))
        return String(visible.map { twins[$0] ?? $0 }).lowercased().replacingOccurrences(of: "ё", with: "е")
    }

    /// The November pipeline with free-text answers from every kept respondent (population all),
    /// the export's free-text answers of rows `answers` replaced (row index → answer).
    func run(answers: [Int: String], names: [Int: String] = [:], in folder: URL) throws -> (
        result: ShnorProcess.Result, out: URL
    ) {
        let export = try CataloguePipelineTests.export(in: folder) { rows in
            var rows = rows
            for (row, answer) in answers { rows[row][10] = answer }
            for (row, name) in names { rows[row][1] = name }
            return rows
        }
        let pipeline = try CataloguePipelineTests.pipeline(in: folder, export: export) {
            $0.replacingOccurrences(
                of: "    column: suggestions\n", with: "    column: suggestions\n    population: all\n")
        }
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
        return (result, out)
    }

    /// Rows of the November sample that are kept (named, at a known school, not repeated): row 5
    /// is Новикова Анна Петровна, row 6 Козлова Наталья Сергеевна, both on the staff register.
    static let keptRows = [5, 6]

    @Test(
        "A name, an e-mail address or a phone number in a free-text answer is masked",
        arguments: [
            ("Спасибо Новиковой Анне Петровне за уроки", "новиков", FreeTextMask.name),
            ("Хочу к Новиковой А.П. на консультацию", "новиков", .name),
            ("Благодарю А.П. Новикову лично", "новиков", .name),
            ("Очень помогла Новиков\u{200B}а на семинаре", "новиков", .name),
            ("Очень помогла Нови\u{00AD}кова на семинаре", "новиков", .name),
            ("Очень помогла Новикoва на семинаре", "новиков", .name),
            ("Спасибо Козловой Наталье Сергеевне", "козлов", .name),
            ("Вопросы к Козловой Н. С. остались", "козлов", .name),
            ("Все вопросы к Наталье Сергеевне, она знает", "наталье сергеевне", .name),
            ("Пишите мне: novikova.anna@mail.ru", "novikova.anna", .email),
            ("Звоните +7 (912) 345-67-89 после уроков", "345-67-89", .phone),
            ("Мой номер 8 912 345 67 89", "345 67 89", .phone),
            ("Телефон 89123456789, звоните", "89123456789", .phone),
        ])
    func aPersonInFreeTextIsMasked(answer: String, hidden: String, mask: FreeTextMask) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let marker = "отзывмаркер"
        let (result, out) = try run(answers: [5: marker + " " + answer], in: folder)
        #expect(result.completed, "\(result.stderr)")
        let published = try Self.published(out)
        #expect(published.contains(marker), "the answer reaches the note")
        #expect(!Self.seen(published).contains(hidden), "«\(hidden)» of «\(answer)» reached a published file")
        // note.md escapes the mask's brackets, as every text of an answer.
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
            .replacingOccurrences(of: "\\", with: "")
        #expect(note.contains(mask.rawValue), "\(note)")
        #expect(result.text.contains("в свободных ответах скрыто: "), "\(result.text)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"\(mask.ledgerKey)\" : " + (mask == .name ? "" : "1")), "\(manifest)")
    }

    @Test func theMasksAreCountedInTheRunSummaryAndTheManifest() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let (result, out) = try run(
            answers: [5: "Спасибо Козловой Н.С. и её коллегам, почта kozlova@school.ru, тел. 8 (912) 345-67-89"],
            in: folder)
        #expect(result.completed, "\(result.stderr)")
        // The sample's own answers name one respondent already.
        #expect(result.text.contains("в свободных ответах скрыто: имён 2, e-mail 1, телефонов 1"), "\(result.text)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        for (key, count) in [("masked_names", 2), ("masked_emails", 1), ("masked_phones", 1)] {
            #expect(manifest.contains("\"\(key)\" : \(count)"), "\(key): \(manifest)")
        }
    }

    @Test(
        "One teacher spelled with an invisible or look-alike character is one respondent linked to the roster",
        arguments: [
            "Новико\u{200B}ва Анна Петровна", "Нови\u{00AD}кова Анна Петровна", "Новикова Аннa Петровна",
            "Новикова Анна Петро\u{0301}вна", "Новикова Анна\u{200D} Петровна", "Нови\u{200E}кова Анна Петровна",
        ])
    func aDisguisedNameIsOneRespondent(spelling: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let export = try CataloguePipelineTests.export(in: folder) { rows in
            var rows = rows
            var copy = rows[5]
            copy[0] = "28.11.2023 10:00:00"
            copy[1] = spelling
            rows.append(copy)
            return rows
        }
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(
            ["run", try CataloguePipelineTests.pipeline(in: folder, export: export).path, "--out", out.path])
        #expect(result.completed, "\(result.stderr)")
        let duplicates = try CataloguePipelineTests.rejects(out).filter { $0[4] == "duplicate_submission" }
        #expect(duplicates.count == 5 + 1, "the sample's 5 repeats and the disguised copy's first submission")
        let unmatched = try String(contentsOf: out.appendingPathComponent("private/unmatched.csv"), encoding: .utf8)
        #expect(!Self.seen(unmatched).contains("новикова"), "linked to the roster: \(unmatched)")
    }

    // MARK: - Property: random rosters

    /// A random Russian surname, masculine and feminine, with its case forms of either gender
    /// (the ways a sentence names the person).
    struct RandomSurname {
        let masculine: String
        let feminine: String
        let forms: [String]
        /// What may not be seen in a published text: the stem every form begins with.
        let stem: String

        init(_ random: inout SplitMix64) {
            let consonants = Array("бвгдзклмнпрстфхцчшщ")
            let vowels = Array("аеиоуы")
            var root = String(consonants[random.below(consonants.count)]).uppercased()
            for _ in 0..<(2 + random.below(2)) {
                root += String(vowels[random.below(vowels.count)]) + String(consonants[random.below(consonants.count)])
            }
            switch random.below(4) {
            case 0, 1:
                let suffix = ["ов", "ев", "ин", "ын"][random.below(4)]
                let base = root + suffix
                (masculine, feminine, stem) = (base, base + "а", base)
                forms = ["", "а", "у", "ым", "е", "ой", "ою", "ых", "ыми"].map { base + $0 }
            case 2:
                let base = root + ["ск", "цк"][random.below(2)]
                (masculine, feminine, stem) = (base + "ий", base + "ая", base)
                forms = ["ий", "ого", "ому", "им", "ом", "ая", "ой", "ую"].map { base + $0 }
            default:
                let base = root + ["ко", "ых", "аго"][random.below(3)]
                (masculine, feminine, stem) = (base, base, base)
                forms = [base]
            }
        }
    }

    /// First names and patronymics with their case forms (nominative first).
    static let givenNames: [(male: Bool, forms: [String])] = [
        (false, ["Наталья", "Натальи", "Наталье", "Наталью", "Натальей"]),
        (false, ["Ольга", "Ольги", "Ольге", "Ольгу", "Ольгой"]),
        (true, ["Андрей", "Андрея", "Андрею", "Андреем"]),
        (true, ["Иван", "Ивана", "Ивану", "Иваном"]),
    ]
    static let patronymics: [(male: Bool, forms: [String])] = [
        (false, ["Сергеевна", "Сергеевны", "Сергеевне", "Сергеевну", "Сергеевной"]),
        (true, ["Петрович", "Петровича", "Петровичу", "Петровичем"]),
    ]

    /// `word` disguised as a hostile respondent might: an invisible character, a soft hyphen,
    /// a look-alike Latin letter, an accent, capitals, or as it is.
    static func disguised(_ word: String, _ random: inout SplitMix64) -> String {
        var letters = Array(word)
        let at = 1 + random.below(max(1, letters.count - 1))
        switch random.below(7) {
        case 0: letters.insert("\u{200B}", at: at)
        case 1: letters.insert("\u{00AD}", at: at)
        case 2: letters.insert("\u{2060}", at: at)
        case 3:
            let start = random.below(letters.count)
            for offset in letters.indices {
                let index = (start + offset) % letters.count
                if let twin = lookAlikes[letters[index]] {
                    letters[index] = twin
                    break
                }
            }
        case 4:
            if let vowel = letters.firstIndex(where: { "аеиоуы".contains($0) }) {
                letters.insert("\u{0301}", at: vowel + 1)
            }
        case 5: return word.uppercased()
        default: break
        }
        return String(letters)
    }

    @Test(arguments: [UInt64(18), 1803, 20_261_129])
    func declinedAndDisguisedSurnamesOfRandomRostersNeverReachAPublishedFile(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let folder = try ShnorProcess.temporaryFolder()
        // Rows of the November sample kept whatever the name: a known school, a valid answer.
        let rows = [5, 6, 7, 8, 9, 10]
        var names: [Int: String] = [:]
        var surnames: [RandomSurname] = []
        var people: [(surname: RandomSurname, male: Bool, given: [String], patronymic: [String])] = []
        for row in rows {
            let surname = RandomSurname(&random)
            let male = random.percent(50)
            let given = Self.givenNames.filter { $0.male == male }.map(\.forms)
            let patronymic = Self.patronymics.filter { $0.male == male }.map(\.forms)
            let person = (
                surname, male, given[random.below(given.count)], patronymic[random.below(patronymic.count)]
            )
            people.append(person)
            surnames.append(surname)
            names[row] = [male ? surname.masculine : surname.feminine, person.2[0], person.3[0]].joined(separator: " ")
        }
        var answers: [Int: String] = [:]
        for (index, row) in rows.enumerated() {
            var sentences = ["отзывмаркер\(index)"]
            for _ in 0..<3 {
                let person = people[random.below(people.count)]
                let form = Self.disguised(person.surname.forms[random.below(person.surname.forms.count)], &random)
                let initials = "\(person.given[0].prefix(1)).\(person.patronymic[0].prefix(1))."
                switch random.below(5) {
                case 0: sentences.append("спасибо \(form) \(initials)")
                case 1: sentences.append("к \(initials) \(form) вопросов нет")
                case 2:
                    let grammaticalCase = random.below(person.given.count)
                    sentences.append(
                        "передайте \(form) \(person.given[grammaticalCase]) \(person.patronymic[min(grammaticalCase, person.patronymic.count - 1)])"
                    )
                case 3: sentences.append("\(form.capitalized) помогла")
                default: sentences.append("с \(form), \(form) и ещё раз \(form)")
                }
            }
            answers[row] = sentences.joined(separator: "; ")
        }
        let (result, out) = try run(answers: answers, names: names, in: folder)
        #expect(result.completed, "\(result.stderr)")
        let published = try Self.published(out)
        for index in rows.indices { #expect(published.contains("отзывмаркер\(index)"), "answer \(index) is published") }
        let seen = Self.seen(published)
        for surname in surnames {
            #expect(
                !seen.contains(surname.stem.lowercased()),
                "seed \(seed): «\(surname.masculine)» reached a published file; answers: \(answers)")
        }
    }
}

/// The masks a free-text answer can get, with the manifest's count of each.
enum FreeTextMask: String, Sendable, CustomTestStringConvertible {
    case name = "[имя скрыто]"
    case email = "[e-mail скрыт]"
    case phone = "[телефон скрыт]"

    var ledgerKey: String {
        switch self {
        case .name: "masked_names"
        case .email: "masked_emails"
        case .phone: "masked_phones"
        }
    }

    var testDescription: String { rawValue }
}
