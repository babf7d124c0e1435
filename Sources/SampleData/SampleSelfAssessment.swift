import Clean
import Foundation
import Ingest

/// Writes the synthetic sample of the self-assessment: the start-of-course and end-of-course
/// exports of the programme schools' teachers (the people of the staff register), with people missing from one wave, names
/// written differently in the second wave, and a repeated submission.
///
/// Deterministic for a seed. Every person is invented.
public struct SampleSelfAssessment {
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    static let areas = [
        "Требования ФГОС к предметному содержанию", "Целеполагание и планирование урока",
        "Выбор форм, методов и технологий обучения", "Формирование функциональной грамотности",
        "Контрольно-оценочная деятельность", "Работа с обучающимися с трудностями в обучении и с ОВЗ",
        "Мотивация обучающихся", "Цифровые образовательные ресурсы", "Работа с родителями",
    ]
    /// How likely a teacher reports a difficulty in each area at the start, per cent.
    static let difficulty = [62, 35, 48, 66, 41, 58, 52, 30, 22]
    static let levels = [
        "Не испытываю затруднений", "Испытываю затруднения частично", "Испытываю значительные затруднения",
    ]
    /// Other spellings of the levels that the instrument's synonyms read.
    static let levelVariants = ["Нет затруднений", "Испытываю частично", "Значительные затруднения"]
    static let header =
        ["Отметка времени", "ФИО (полностью)", "Образовательная организация", "Должность", "Преподаваемый предмет"]
        + areas.map { "Оцените, испытываете ли вы затруднения в следующих областях [\($0)]" }
    static let subjects = ["русский язык", "математика", "история", "биология", "начальные классы", "английский язык"]

    /// What was planted; the README states these numbers.
    public struct Plan: Sendable, Equatable {
        public var startRows = 0
        public var endRows = 0
        public var startTeachers = 0
        public var endTeachers = 0
        public var repeatedSubmissions = 0
        public var onlyInStart = 0
        public var onlyInEnd = 0
        public var respelledInEnd = 0
        public var initialsInEnd = 0
        public var levelVariantCells = 0
    }

    public func write(to folder: String) throws -> (files: [String], plan: Plan, readme: String) {
        var random = SplitMix64(seed: seed &+ 5)
        // The respondents are the staff of the programme schools (positions 1…5 of
        // Surveys/schools.yaml) on the staff register: the self-assessment's coverage is counted
        // against it. The stream still makes the draws that once invented a staff of its own (and
        // their subjects), so every answer, absence and repeat — and the figures the notes and
        // tests cite — stay as they were; only who gave them changed.
        let staff = SampleSurvey.staff(seed: seed).filter { $0.school > 0 }
        let drawn = SampleSurvey.inventStaff(&random, staff: [0, 28, 24, 18, 15, 9])
        var plan = Plan()
        let people = zip(staff, drawn).enumerated().map { index, pair in
            let subject =
                pair.1.position == "учитель" ? Self.subjects[Int(random.next() % UInt64(Self.subjects.count))] : nil
            return (
                person: pair.0,
                subject: pair.0.position == "учитель" ? subject ?? Self.subjects[index % Self.subjects.count] : ""
            )
        }
        var order = Array(people.indices)
        for index in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
        let absentAtStart = Set(order.prefix(4))
        let absentAtEnd = Set(order.dropFirst(4).prefix(14))
        var startLevels: [Int: [Int]] = [:]
        var minute = 0
        func stamp(_ month: String, _ year: Int) -> String {
            minute += 5 + Int(random.next() % 17)
            return
                "\(10 + minute / 540).\(month).\(year) \(9 + (minute % 540) / 60):\(two((minute % 540) % 60)):\(two(Int(random.next() % 60)))"
        }
        func cells(_ levels: [Int]) -> [String] {
            levels.map { level in
                if random.next() % 100 < 8 {
                    plan.levelVariantCells += 1
                    return Self.levelVariants[level]
                }
                return Self.levels[level]
            }
        }
        func startLevelsFor() -> [Int] {
            Self.difficulty.map { chance in
                guard Int(random.next() % 100) < chance else { return 0 }
                return random.next() % 100 < 30 ? 2 : 1
            }
        }

        var startRows: [[String]] = []
        let repeater = order.dropFirst(18).first ?? 0
        for index in order.dropFirst(4).sorted() {
            let (person, subject) = people[index]
            let school = SampleSurvey.schools[person.school].name
            if index == repeater {
                // Sent once too early, then again: only the later one counts.
                startRows.append(
                    [stamp("10", 2023), person.name, school, person.position, subject] + cells(startLevelsFor()))
                plan.repeatedSubmissions += 1
            }
            let levels = startLevelsFor()
            startLevels[index] = levels
            startRows.append([stamp("10", 2023), person.name, school, person.position, subject] + cells(levels))
        }
        plan.startRows = startRows.count
        plan.startTeachers = startLevels.count

        // Who may be written with initials: no one else in the school shares surname and initials.
        func initials(_ name: String) -> String {
            let parts = name.split(separator: " ")
            return "\(parts[0]) \(parts[1].prefix(1)).\(parts.count > 2 ? String(parts[2].prefix(1)) + "." : "")"
        }
        func signature(_ name: String) -> String { MatchKey.of(initials(name)) }
        var sharing: [String: Int] = [:]
        for (person, _) in people { sharing["\(person.school)|\(signature(person.name))", default: 0] += 1 }

        var endRows: [[String]] = []
        var respelled = 0
        var withInitials = 0
        for index in order.sorted() where !absentAtEnd.contains(index) {
            let (person, subject) = people[index]
            var name = person.name
            if startLevels[index] != nil {
                if withInitials < 6 && sharing["\(person.school)|\(signature(name))"] == 1 && index % 5 == 1 {
                    name = initials(name)
                    withInitials += 1
                } else if respelled < 8 && index % 5 == 3 {
                    name =
                        respelled % 2 == 0
                        ? name.uppercased()
                        : name.replacingOccurrences(of: " ", with: "  ").replacingOccurrences(of: "ё", with: "е")
                    respelled += 1
                }
            }
            let before = startLevels[index] ?? startLevelsFor()
            let after = before.map { level -> Int in
                if level > 0 && random.next() % 100 < 14 { return level - 1 }
                if level < 2 && random.next() % 100 < 6 { return level + 1 }
                return level
            }
            endRows.append(
                [
                    stamp("04", 2024), name, SampleSurvey.schools[person.school].spellings[Int(random.next() % 2)],
                    person.position, subject,
                ] + cells(after))
        }
        plan.endRows = endRows.count
        plan.endTeachers = endRows.count
        plan.onlyInStart = absentAtEnd.count
        plan.onlyInEnd = absentAtStart.count
        plan.respelledInEnd = respelled
        plan.initialsInEnd = withInitials

        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(SampleSurvey.csv([Self.header] + startRows, delimiter: ",", newline: "\r\n").utf8)
            .write(to: URL(fileURLWithPath: folder + "/self-assessment-start-2023.csv"))
        try Data(SampleSurvey.csv([Self.header] + endRows, delimiter: ",", newline: "\r\n").utf8)
            .write(to: URL(fileURLWithPath: folder + "/self-assessment-end-2024.csv"))
        return (["self-assessment-start-2023.csv", "self-assessment-end-2024.csv"], plan, readme(plan))
    }

    private func readme(_ plan: Plan) -> String {
        """
        ## The self-assessment of professional difficulties

        - `self-assessment-start-2023.csv` — the start of the course (October 2023), and
          `self-assessment-end-2024.csv` — its end (April 2024): Google Forms exports, UTF-8,
          commas, CRLF; nine areas in a grid, each rated «\(Self.levels.joined(separator: "» / «"))».
          The teachers are the programme schools' staff of `staff-register-2024.csv`.

        | kind | how many | expected handling |
        |---|---:|---|
        | rows at the start | \(plan.startRows) | |
        | teachers at the start | \(plan.startTeachers) | |
        | a repeated submission at the start (the earlier one) | \(plan.repeatedSubmissions) | rejected: `duplicate_submission` |
        | rows (teachers) at the end | \(plan.endRows) | |
        | teachers only at the start | \(plan.onlyInStart) | unmatched, listed in `private/linkage.csv` |
        | teachers only at the end | \(plan.onlyInEnd) | unmatched, listed in `private/linkage.csv` |
        | names at the end in capitals, or with doubled spaces and ё written as е | \(plan.respelledInEnd) | linked by the name |
        | names at the end written as «Фамилия И. О.» | \(plan.initialsInEnd) | linked by the initials |
        | teachers in both waves | \(plan.startTeachers - plan.onlyInStart) | linked |
        | level cells in another spelling («\(Self.levelVariants.joined(separator: "», «"))») | \(plan.levelVariantCells) | read through the scale's synonyms |

        """
    }
}
