import Foundation

/// Writes the synthetic lesson observation protocols of the May monitoring (road-map item 7):
/// the first wave at the start of support (October 2023) and the second in May 2024, one row per
/// observed lesson of a programme school's teacher on the staff register, with a score off the
/// scale, teachers observed twice, a protocol by an observer not on the list and teachers
/// observed in one wave only.
///
/// Deterministic for a seed. Every person is invented.
public struct SampleObservation {
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    public static let files = (first: "lesson-observation-2023-10.csv", second: "lesson-observation-2024-05.csv")

    /// Blocks of the protocol and their criteria (0–2 points each), as Surveys/lesson-observation.yaml declares them.
    static let blocks: [(block: String, criteria: [String])] = [
        (
            "Целеполагание",
            [
                "1.1 Цель урока сформулирована совместно с обучающимися",
                "1.2 Планируемые результаты доведены до обучающихся",
            ]
        ),
        (
            "Организация деятельности",
            [
                "2.1 Преобладает самостоятельная и групповая работа обучающихся",
                "2.2 Время урока используется рационально",
                "2.3 Используются активные методы обучения",
            ]
        ),
        (
            "Формирующее оценивание",
            [
                "3.1 Критерии оценивания известны обучающимся", "3.2 Обратная связь в ходе урока",
                "3.3 Самооценка и взаимооценка обучающихся",
            ]
        ),
        (
            "Функциональная грамотность",
            ["4.1 Задания на применение знаний в жизненных ситуациях", "4.2 Работа с информацией в разных формах"]
        ),
        (
            "Дифференциация",
            ["5.1 Задания разного уровня сложности", "5.2 Поддержка обучающихся с трудностями в обучении"]
        ),
    ]
    /// How much each block gains between the waves on top of the teacher's own change, in points.
    static let blockGain = [0.15, 0.05, 0.35, 0.2, 0.0]
    /// The observers of the instrument's list; the third scores more generously than the others.
    public static let observers = [
        "Белова Ирина Сергеевна", "Гусева Татьяна Олеговна", "Лебедев Андрей Петрович", "Макарова Елена Николаевна",
    ]
    static let lenientObserver = 2
    static let unknownObserver = "Орлова Нина Павловна"
    static let subjects = ["Русский язык", "Математика", "История", "Биология", "Английский язык", "Физика"]
    static let header =
        ["Дата посещения", "ФИО педагога", "Образовательная организация", "Предмет", "Класс", "Наблюдатель"]
        + blocks.flatMap(\.criteria)

    /// What was planted; the README states these numbers.
    public struct Plan: Sendable, Equatable {
        public var firstRows = 0
        public var secondRows = 0
        public var firstTeachers = 0
        public var secondTeachers = 0
        public var observedTwice = 0
        public var offScale = 0
        public var unknownObserver = 0
        public var onlyInFirst = 0
        public var onlyInSecond = 0
        public var blankCriteria = 0
    }

    public func write(to folder: String) throws -> (files: [String], plan: Plan, readme: String) {
        var random = SplitMix64(seed: seed &+ 77)
        func uniform() -> Double { Double(random.next() % 10_000) / 10_000 }
        // The teachers of the programme schools on the staff register (Surveys/schools.yaml
        // positions 1…5).
        let teachers = SampleSurvey.staff(seed: seed).filter { $0.school > 0 && $0.position == "учитель" }
        var order = Array(teachers.indices)
        for index in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
        let onlyInSecond = Set(order.prefix(2))
        let onlyInFirst = Set(order.dropFirst(2).prefix(4))
        let twiceInFirst = order.dropFirst(6).first ?? 0
        let twiceInSecond = order.dropFirst(7).first ?? 0
        let offScale = order.dropFirst(8).first ?? 0
        let guestObserved = order.dropFirst(9).first ?? 0
        var plan = Plan()
        let quality = teachers.map { _ in 0.3 + 0.4 * uniform() }
        let growth = teachers.map { _ in -0.2 + 0.4 * uniform() }
        let subject = teachers.map { _ in Self.subjects[Int(random.next() % UInt64(Self.subjects.count))] }
        let grade = teachers.map { _ in 5 + Int(random.next() % 5) }

        func scores(_ teacher: Int, wave: Int, observer: Int) -> [String] {
            Self.blocks.enumerated().flatMap { block, entry in
                entry.criteria.map { _ -> String in
                    if random.next() % 100 < 2 {
                        plan.blankCriteria += 1
                        return ""
                    }
                    var level = quality[teacher] * 2 + (uniform() - 0.5) * 1.4
                    if wave == 1 { level += growth[teacher] * 2 + Self.blockGain[block] }
                    if observer == Self.lenientObserver { level += 0.45 }
                    return String(min(2, max(0, Int(level.rounded()))))
                }
            }
        }
        var rows: [[[String]]] = [[], []]
        for wave in 0..<2 {
            let (month, year) = wave == 0 ? ("10", 2023) : ("05", 2024)
            for teacher in teachers.indices.sorted(by: { teachers[$0].school < teachers[$1].school }) {
                if wave == 0 && onlyInSecond.contains(teacher) { continue }
                if wave == 1 && onlyInFirst.contains(teacher) { continue }
                let person = teachers[teacher]
                var visits = 1
                if (wave == 0 && teacher == twiceInFirst) || (wave == 1 && teacher == twiceInSecond) {
                    visits = 2
                    plan.observedTwice += 1
                }
                for visit in 0..<visits {
                    let observer = (person.school + wave + visit + Int(random.next() % 2)) % Self.observers.count
                    let day = (wave == 0 ? 16 : 13) + Int(random.next() % 10) + visit
                    var row = [
                        "\(day).\(month).\(year)", person.name, SampleSurvey.schools[person.school].name,
                        subject[teacher], "\(grade[teacher])\(["А", "Б"][Int(random.next() % 2)])",
                        Self.observers[observer],
                    ]
                    row += scores(teacher, wave: wave, observer: observer)
                    if wave == 1 && teacher == offScale {
                        // «3» typed into a 0–2 criterion: the protocol is rejected, and the
                        // teacher, observed once in May, is left without a second wave.
                        row[6 + 3] = "3"
                        plan.offScale += 1
                    }
                    rows[wave].append(row)
                }
                if wave == 1 && teacher == guestObserved {
                    // A visit by a guest not on the list of observers: rejected; the teacher's
                    // protocol by a listed observer still counts.
                    var row = [
                        "\(20 + Int(random.next() % 3)).\(month).\(year)", person.name,
                        SampleSurvey.schools[person.school].name, subject[teacher], "\(grade[teacher])А",
                        Self.unknownObserver,
                    ]
                    row += scores(teacher, wave: wave, observer: -1)
                    rows[wave].append(row)
                    plan.unknownObserver += 1
                }
            }
        }
        plan.firstRows = rows[0].count
        plan.secondRows = rows[1].count
        plan.firstTeachers = teachers.count - onlyInSecond.count
        plan.secondTeachers = teachers.count - onlyInFirst.count
        plan.onlyInFirst = onlyInFirst.count
        plan.onlyInSecond = onlyInSecond.count

        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (wave, name) in [Self.files.first, Self.files.second].enumerated() {
            try Data(("\u{FEFF}" + SampleSurvey.csv([Self.header] + rows[wave], delimiter: ";", newline: "\r\n")).utf8)
                .write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        return ([Self.files.first, Self.files.second], plan, readme(plan))
    }

    private func readme(_ plan: Plan) -> String {
        """
        ## Lesson observation protocols (the May monitoring, road-map item 7)

        - `\(Self.files.first)` — the first wave, at the start of support (October 2023), and
          `\(Self.files.second)` — the second, in May 2024: one row per observed lesson, UTF-8 with
          BOM, `;`, CRLF; \(Self.blocks.flatMap(\.criteria).count) criteria in \(Self.blocks.count) blocks, 0–2 points each.
          The teachers are the programme schools' teachers of `staff-register-2024.csv`; the
          observers are the four of Surveys/lesson-observation.yaml, the third of them lenient
          (about half a point more per criterion).

        | kind | how many | expected handling |
        |---|---:|---|
        | protocols of the first wave | \(plan.firstRows) | |
        | protocols of the second wave | \(plan.secondRows) | |
        | teachers observed in the first wave | \(plan.firstTeachers) | |
        | teachers observed in the second wave | \(plan.secondTeachers) | |
        | teachers observed twice in a wave (one per wave) | \(plan.observedTwice) | averaged (`repeated: mean`); the ledger notes `repeated_observations_averaged` |
        | a criterion scored «3» on the 0–2 scale (second wave) | \(plan.offScale) | rejected: `score_off_scale`; that teacher is left with the first wave only |
        | a protocol by an observer not on the list (second wave) | \(plan.unknownObserver) | rejected: `unknown_observer`; the teacher's other protocol counts |
        | teachers observed in the first wave only | \(plan.onlyInFirst) | unmatched, listed in `private/linkage.csv`; the ledger notes `teachers_only_in_first_wave` |
        | teachers observed in the second wave only | \(plan.onlyInSecond) | unmatched, likewise (`teachers_only_in_second_wave`) |
        | criteria left blank (not scored) | \(plan.blankCriteria) | left out of both the points and the maximum |

        """
    }
}
