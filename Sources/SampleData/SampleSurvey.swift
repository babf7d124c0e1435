import Clean
import Foundation
import Ingest

/// Writes the synthetic sample of the November survey: a Google Forms export with planted
/// dirt, drawn from the staff that ``staff(seed:)`` gives the staff register, and a README that
/// counts every kind of dirt.
///
/// Deterministic for a seed: the same seed writes the same bytes. Every person is invented.
public struct SampleSurvey {
    public let seed: UInt64

    public init(seed: UInt64 = 2023_11) {
        self.seed = seed
    }

    /// Staff on the register and unique respondents, per school of `Surveys/schools.yaml`.
    static let schools: [(name: String, spellings: [String], staff: Int, respondents: Int)] = [
        ("МАОУ СОШ № 1 р.п. Сосьва", ["МАОУ СОШ № 1 р.п. Сосьва", "СОШ №1", "школа 1", "МАОУ СОШ №1"], 25, 9),
        (
            "МКОУ СОШ № 2 р.п. Сосьва", ["МКОУ СОШ № 2 р.п. Сосьва", "СОШ № 2", "школа №2", "мкоу сош №2 п. сосьва"],
            28, 26
        ),
        ("МКОУ СОШ п. Восточный", ["МКОУ СОШ п. Восточный", "Восточная СОШ", "МКОУ СОШ п.Восточный"], 24, 21),
        ("МКОУ СОШ с. Кошай", ["МКОУ СОШ с. Кошай", "Кошайская СОШ", "СОШ с.Кошай"], 18, 16),
        ("МКОУ СОШ с. Романово", ["МКОУ СОШ с. Романово", "Романовская школа", "СОШ с. Романово"], 15, 13),
        ("МКОУ ООШ п. Пасынок", ["МКОУ ООШ п. Пасынок", "ООШ Пасынок"], 9, 4),
    ]

    static let overall = [
        ["Совсем не удовлетворен(а)", "совсем не удовлетворена"],
        ["Скорее не удовлетворен(а)", "Скорее не удовлетворена", "скорее НЕ удовлетворён"],
        ["Скорее удовлетворен(а)", "Скорее удовлетворена", "СКОРЕЕ УДОВЛЕТВОРЁН", "скорее удовлетворен"],
        ["Полностью удовлетворен(а)", "Полностью удовлетворена", "полностью удовлетворён", "Полностью  удовлетворен"],
    ]
    static let usefulness = ["Бесполезно", "Скорее бесполезно", "Скорее полезно", "Очень полезно", "Не участвовал(а)"]
    static let forms = [
        "Семинары, вебинары", "Индивидуальные консультации", "Методический день в школе",
        "Наставничество, менторство", "Сетевые мероприятия с успешной школой",
    ]
    static let header = [
        "Отметка времени", "Фамилия, имя, отчество", "Образовательная организация", "Должность",
        "Насколько вы в целом удовлетворены методической помощью, которую получили в рамках программы?",
        "Оцените полезность мероприятий [Семинары]", "Оцените полезность мероприятий [Консультации]",
        "Оцените полезность мероприятий [Методические дни]", "Оцените полезность мероприятий [Наставничество]",
        "Какие формы помощи оказались для вас полезными?", "Ваши предложения по организации методической помощи",
    ]

    /// What was planted, counted as it was written; the README states these numbers.
    public struct Dirt: Sendable, Equatable {
        public var rows = 0
        public var uniqueRespondents = 0
        public var programmeRespondents = 0
        public var duplicateRows = 0
        public var respondentsWhoResubmitted = 0
        public var testRows = 0
        public var unknownSchoolRows = 0
        public var unknownAnswerRows = 0
        public var unsureAnswers = 0
        public var blankAnswers = 0
        public var notOnRoster = 0
        public var schoolVariantRows = 0
        public var labelVariantRows = 0
        public var namesInSuggestions = 0
    }

    struct Person {
        let name: String
        let school: Int
        let position: String
    }

    /// Writes the export into `folder`; returns its name, the planted counts and the README section.
    @discardableResult
    public func write(to folder: String) throws -> (files: [String], dirt: Dirt, readme: String) {
        var random = SplitMix64(seed: seed)
        // The first draw of the stream: ``staff(seed:)`` repeats it for the other samples.
        let roster = Self.inventStaff(&random, staff: Self.schools.map(\.staff))
        var dirt = Dirt()
        var rows: [[String]] = []
        /// Parallel to `rows`: true for a kept answer from a programme school.
        var countsInProgramme: [Bool] = []
        var minute = 0
        func stamp() -> String {
            minute += 7 + Int(random.next() % 23)
            let day = 20 + minute / (60 * 9)
            let inDay = minute % (60 * 9)
            return "\(day).11.2023 \(9 + inDay / 60):\(two(inDay % 60)):\(two(Int(random.next() % 60)))"
        }
        func spelling(_ school: Int) -> String {
            let options = Self.schools[school].spellings
            let chosen = options[Int(random.next() % UInt64(options.count))]
            if chosen != Self.schools[school].name { dirt.schoolVariantRows += 1 }
            return chosen
        }
        func answerRow(_ person: Person, overall: String, name: String? = nil, school: String? = nil) -> [String] {
            let grid = (0..<4).map { _ in Self.usefulness[pick(&random, weights: [3, 7, 30, 42, 18])] }
            let chosen = Self.forms.indices.filter { _ in random.next() % 100 < 35 }.map { Self.forms[$0] }
            let suggestions = [
                "", "", "", "Больше практических занятий на базе школы-партнёра",
                "Проводить семинары в каникулы", "Нужны консультации по ФГОС и \"разбор\" уроков",
                "Спасибо!\nВсё понравилось",
            ]
            return [stamp(), name ?? person.name, school ?? spelling(person.school), person.position, overall]
                + grid + [chosen.joined(separator: ", "), suggestions[Int(random.next() % UInt64(suggestions.count))]]
        }
        func overallAnswer() -> String {
            let level = pick(&random, weights: [4, 10, 37, 49])
            let variants = Self.overall[level]
            let index = Int(random.next() % UInt64(variants.count))
            if index > 0 { dirt.labelVariantRows += 1 }
            return variants[index]
        }

        // Two people try the form out first.
        rows.append([
            stamp(), "Тест", "школа 1", "учитель", "Полностью удовлетворен(а)", "", "", "", "", "", "проверка формы",
        ])
        rows.append([stamp(), "Проверка формы", "СОШ № 2", "учитель", "", "", "", "", "", "", ""])
        countsInProgramme += [false, false]
        dirt.testRows = 2

        // Respondents, school by school in the order they answered.
        var respondents: [Person] = []
        for (school, plan) in Self.schools.enumerated() {
            respondents += roster.filter { $0.school == school }.prefix(plan.respondents)
        }
        respondents = shuffle(respondents, &random)
        let programme = respondents.indices.filter { respondents[$0].school != 0 }
        let unsure = Set(programme.prefix(5))
        let blank = Set(programme.dropFirst(5).prefix(3))
        let resubmitters = Array(programme.dropFirst(8).prefix(4))
        let notOnRoster = Array(programme.dropFirst(12).prefix(2))
        var pending: [(Person, String)] = []
        for (index, person) in respondents.enumerated() {
            var name = person.name
            if notOnRoster.contains(index) {
                // A typing slip in the surname: the answer counts, but it finds no roster entry.
                var letters = Array(name)
                letters.insert(letters[2], at: 2)
                name = String(letters)
                dirt.notOnRoster += 1
            }
            if resubmitters.contains(index) {
                // A first submission, changed later: only the latest counts.
                rows.append(answerRow(person, overall: Self.overall[1][0], name: name))
                countsInProgramme.append(false)
                dirt.duplicateRows += 1
                if index == resubmitters.first {
                    rows.append(answerRow(person, overall: Self.overall[0][0], name: name.uppercased()))
                    countsInProgramme.append(false)
                    dirt.duplicateRows += 1
                }
                pending.append((Person(name: name, school: person.school, position: person.position), overallAnswer()))
                continue
            }
            let answer: String
            if unsure.contains(index) {
                answer = "Затрудняюсь ответить"
                dirt.unsureAnswers += 1
            } else if blank.contains(index) {
                answer = ""
                dirt.blankAnswers += 1
            } else {
                answer = overallAnswer()
            }
            rows.append(answerRow(person, overall: answer, name: name))
            countsInProgramme.append(person.school != 0)
            if index % 9 == 4, let (later, laterAnswer) = pending.popLast() {
                rows.append(answerRow(later, overall: laterAnswer, name: later.name))
                countsInProgramme.append(true)
            }
        }
        for (later, laterAnswer) in pending {
            rows.append(answerRow(later, overall: laterAnswer, name: later.name))
            countsInProgramme.append(true)
        }
        dirt.respondentsWhoResubmitted = resubmitters.count
        dirt.uniqueRespondents = respondents.count
        dirt.programmeRespondents = programme.count

        // A teacher from a school outside the district, and an answer off the scale.
        let outsider = Person(name: "Кравцова Дарья Игоревна", school: 1, position: "учитель")
        rows.insert(
            answerRow(outsider, overall: "Скорее удовлетворен(а)", school: "МБОУ СОШ № 7 г. Серова"), at: rows.count / 2
        )
        countsInProgramme.insert(false, at: countsInProgramme.count / 2)
        dirt.unknownSchoolRows = 1
        let offScale = Person(name: "Миронова Вера Олеговна", school: 2, position: "учитель")
        rows.insert(answerRow(offScale, overall: "Удовлетворена частично"), at: rows.count / 3)
        countsInProgramme.insert(false, at: countsInProgramme.count / 3)
        dirt.unknownAnswerRows = 1

        // One suggestion names a colleague, which the note must not repeat.
        if let index = rows.indices.last(where: { countsInProgramme[$0] && !rows[$0][10].isEmpty }) {
            rows[index][10] = "Спасибо, \(respondents[0].name) очень помогла с разбором уроков"
            dirt.namesInSuggestions = 1
        }
        dirt.rows = rows.count

        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let survey = Self.csv([Self.header] + rows, delimiter: ",", newline: "\r\n")
        try Data(survey.utf8).write(to: URL(fileURLWithPath: folder + "/november-satisfaction-2023.csv"))
        return (["november-satisfaction-2023.csv"], dirt, readme(dirt))
    }

    /// The staff of the six schools for `seed`, as the November survey draws its respondents from
    /// them: the people the staff register, the self-assessment and the course lists name too, so
    /// that every sample counts «педагоги ШНОР» against one register.
    static func staff(seed: UInt64) -> [Person] {
        var random = SplitMix64(seed: seed)
        return inventStaff(&random, staff: schools.map(\.staff))
    }

    /// Invented staff for the schools of the register (by position), with unique names as the tool compares them.
    static func inventStaff(_ random: inout SplitMix64, staff counts: [Int]) -> [Person] {
        let surnames = [
            "Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Ёлкин", "Зайцев", "Павлов",
            "Семёнов", "Голубев", "Киселёв", "Макаров", "Никитин", "Орлов", "Соколов", "Фёдоров", "Белов", "Тарасов",
            "Морозов", "Лебедев", "Козлов", "Новиков", "Медведев", "Андреев", "Гусев", "Комаров", "Жуков", "Ильин",
        ]
        let women = [
            "Анна", "Ольга", "Татьяна", "Елена", "Наталья", "Юлия", "Светлана", "Марина", "Алёна", "Ирина", "Людмила",
            "Галина",
        ]
        let men = ["Алексей", "Сергей", "Пётр", "Андрей", "Олег", "Игорь"]
        let fathers = [
            ("Петров", "Петрович"), ("Сергеев", "Сергеевич"), ("Иванов", "Иванович"), ("Викторов", "Викторович"),
            ("Алексеев", "Алексеевич"), ("Андреев", "Андреевич"), ("Олегов", "Олегович"), ("Николаев", "Николаевич"),
        ]
        var used = Set<String>()
        var people: [Person] = []
        for (school, count) in counts.enumerated() {
            for number in 0..<count {
                var name = ""
                repeat {
                    let surname = surnames[Int(random.next() % UInt64(surnames.count))]
                    let father = fathers[Int(random.next() % UInt64(fathers.count))]
                    if random.next() % 100 < 80 {
                        name = "\(surname)а \(women[Int(random.next() % UInt64(women.count))]) \(father.0)на"
                    } else {
                        name = "\(surname) \(men[Int(random.next() % UInt64(men.count))]) \(father.1)"
                    }
                } while !used.insert(MatchKey.of(name)).inserted
                let position =
                    number == 0
                    ? "директор"
                    : number == 1
                        ? "заместитель директора по УВР"
                        : [
                            "учитель", "учитель", "учитель", "учитель", "учитель", "учитель", "педагог-психолог",
                            "учитель-логопед",
                        ][Int(random.next() % 8)]
                people.append(Person(name: name, school: school, position: position))
            }
        }
        return people
    }

    private func readme(_ dirt: Dirt) -> String {
        """
        ## The November satisfaction survey

        - `november-satisfaction-2023.csv` — a Google Forms export: UTF-8, commas, CRLF, the full
          questions as headers, a grid question (`Question [Row]`), multiple choice joined with `, `
          (while the options themselves contain commas), timestamps as `25.11.2023 10:15:03`.
          The respondents are staff of `staff-register-2024.csv`, the roster their coverage is counted against.

        ## Planted dirt

        | kind | how many | expected handling |
        |---|---:|---|
        | rows in the export | \(dirt.rows) | |
        | unique genuine respondents | \(dirt.uniqueRespondents) | counted (\(dirt.programmeRespondents) from programme schools) |
        | test submissions (names «Тест», «Проверка формы») | \(dirt.testRows) | rejected: `test_submission` |
        | repeated submissions (\(dirt.respondentsWhoResubmitted) respondents resubmitted; one of them twice, once in capitals) | \(dirt.duplicateRows) | rejected: `duplicate_submission`, the latest kept |
        | a school outside the register («МБОУ СОШ № 7 г. Серова») | \(dirt.unknownSchoolRows) | rejected: `unknown_school` |
        | an answer off the scale («Удовлетворена частично») | \(dirt.unknownAnswerRows) | rejected: `unknown_answer` |
        | «Затрудняюсь ответить» to the overall question (programme schools) | \(dirt.unsureAnswers) | kept, outside the denominator |
        | the overall question left blank (programme schools) | \(dirt.blankAnswers) | kept, outside the denominator |
        | surnames mistyped, so not on the roster | \(dirt.notOnRoster) | kept; listed in `private/unmatched.csv` |
        | rows with a school written other than its register name | \(dirt.schoolVariantRows) | read through the register's aliases |
        | rows with the overall answer in another spelling (case, ё/е, gender, spaces) | \(dirt.labelVariantRows) | read through the scale's synonyms |
        | suggestions naming a colleague | \(dirt.namesInSuggestions) | the name hidden in the note |

        """
    }

    /// Rows as an export of another system writes them: quoted only where a cell needs it.
    static func csv(_ rows: [[String]], delimiter: Character, newline: String) -> String {
        let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
        var bytes: [UInt8] = []
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index > 0 { bytes.append(separator) }
                bytes += CSVTableWriter.cell(cell, delimiter: separator, quoting: .export)
            }
            bytes += newline.utf8
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func pick(_ random: inout SplitMix64, weights: [Int]) -> Int {
    var roll = Int(random.next() % UInt64(weights.reduce(0, +)))
    for (index, weight) in weights.enumerated() {
        if roll < weight { return index }
        roll -= weight
    }
    return weights.count - 1
}

private func shuffle<T>(_ items: [T], _ random: inout SplitMix64) -> [T] {
    var items = items
    guard items.count > 1 else { return items }
    for index in stride(from: items.count - 1, to: 0, by: -1) {
        items.swapAt(index, Int(random.next() % UInt64(index + 1)))
    }
    return items
}

func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
