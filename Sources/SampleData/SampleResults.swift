import Clean
import Foundation
import Ingest

/// Writes synthetic student results at two points — the autumn diagnostic and March 2024 —
/// with ВПР-style exports (task scores, primary score, mark, journal mark) and the teachers'
/// subject-competence diagnostic, at any size.
///
/// Each student is drawn from a generator seeded by the seed and the student's number, so
/// the follow-up can list students in another order (shuffled, as real exports are) without
/// keeping them in memory: two million rows are written in constant memory. Dirt is planted
/// at fixed rates and counted; the README states the counts. Every person is invented.
public struct SampleResults {
    public let seed: UInt64
    public let students: Int
    /// The small district sample: the baseline in windows-1251 with `;` and CRLF, as Excel saves it.
    /// At scale every file is UTF-8 with commas, so other tools can read the same bytes.
    public let excelBaseline: Bool

    public init(seed: UInt64, students: Int = 1_500, excelBaseline: Bool = true) {
        self.seed = seed
        self.students = students
        self.excelBaseline = excelBaseline
    }

    public static let files = (
        baseline: "results-autumn-2023.csv", followUp: "results-march-2024.csv",
        vprMathematics: "vpr-mathematics-2024.csv", vprRussian: "vpr-russian-2024.csv",
        competence: "competence-2023-2024.csv", vprReference: "vpr-reference-2024.csv"
    )

    /// Schools of Surveys/schools.yaml with their share of students, per mille.
    static let schools: [(spellings: [String], share: Int)] = [
        (["МАОУ СОШ № 1 р.п. Сосьва", "СОШ № 1"], 270),
        (["МКОУ СОШ № 2 р.п. Сосьва", "СОШ №2"], 230),
        (["МКОУ СОШ п. Восточный", "Восточная СОШ"], 170),
        (["МКОУ СОШ с. Кошай", "Кошайская СОШ"], 130),
        (["МКОУ СОШ с. Романово", "Романовская школа"], 120),
        (["МКОУ ООШ п. Пасынок", "ООШ Пасынок"], 80),
    ]
    static let subjects = [
        (label: "Математика", variants: ["математика", "МАТЕМАТИКА"]),
        (label: "Русский язык", variants: ["русский язык", "Русский яз."]),
    ]
    /// ВПР task maxima (the instrument need not know them: the highest score seen stands in).
    static let taskMaxima = [[1, 1, 1, 1, 2, 1, 2, 2, 2, 2], [2, 3, 1, 2, 2, 1, 2, 2, 1]]

    /// What was planted; the README states these numbers.
    public struct Plan: Sendable, Equatable {
        public var students = 0
        public var baselineRows = 0
        public var followUpRows = 0
        public var onlyAtBaseline = 0
        public var onlyAtFollowUp = 0
        public var followUpWithoutCode = 0
        public var followUpNameInCapitals = 0
        public var notAssessedAtFollowUp = 0
        public var blankAtBaseline = 0
        public var badMarks = 0
        public var unknownSchoolRows = 0
        public var duplicatedBaselineRows = 0
        public var classVariants = 0
        public var subjectVariants = 0
        public var vprRows = 0
        public var vprNotAssessed = 0
        public var vprWithoutJournal = 0
        public var vprCrossedTasks = 0
        public var teachers = 0
        public var teachersWithoutFinalScore = 0
    }

    /// One invented student, the same whichever file asks.
    struct Student {
        let number: Int
        let code: String
        let name: String
        let school: Int
        let grade: Int
        let letter: String
        /// Present at the baseline, at the follow-up.
        let atBaseline: Bool
        let atFollowUp: Bool
        /// Per subject: the mark at the baseline and at the follow-up (2…5), the ВПР task scores.
        let before: [Int]
        let after: [Int]
        let tasks: [[Int]]
        let journal: [Int]
        let random: SplitMix64
    }

    static let surnames = [
        "Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Ёлкин", "Зайцев", "Павлов",
        "Семёнов", "Голубев", "Киселёв", "Макаров", "Никитин", "Орлов", "Соколов", "Фёдоров", "Белов", "Тарасов",
        "Морозов", "Лебедев", "Козлов", "Новиков", "Медведев", "Андреев", "Гусев", "Комаров", "Жуков", "Ильин",
        "Быков", "Воронин", "Григорьев", "Данилов", "Ершов", "Захаров", "Калинин", "Лазарев", "Миронов", "Осипов",
    ]
    static let girls = [
        "Анна", "Мария", "Дарья", "Софья", "Алёна", "Полина", "Ксения", "Виктория", "Екатерина", "Арина", "Ульяна",
        "Варвара",
    ]
    static let boys = [
        "Артём", "Максим", "Иван", "Михаил", "Даниил", "Егор", "Кирилл", "Никита", "Матвей", "Фёдор", "Роман", "Семён",
    ]
    static let fathers = [
        ("Александров", "Александрович"), ("Сергеев", "Сергеевич"), ("Иванов", "Иванович"), ("Викторов", "Викторович"),
        ("Алексеев", "Алексеевич"), ("Андреев", "Андреевич"), ("Олегов", "Олегович"), ("Николаев", "Николаевич"),
        ("Дмитриев", "Дмитриевич"), ("Павлов", "Павлович"),
    ]

    func student(_ number: Int) -> Student {
        var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(number) &* 0xD1B5_4A32_D192_ED03)
        func draw(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        var roll = draw(1000)
        var school = 0
        for (index, entry) in Self.schools.enumerated() {
            if roll < entry.share { school = index; break }
            roll -= entry.share
        }
        let grade = 5 + draw(4)
        let letter = ["А", "Б", "В"][draw(school < 2 ? 3 : 2)]
        let surname = Self.surnames[draw(Self.surnames.count)]
        let father = Self.fathers[draw(Self.fathers.count)]
        let name =
            draw(2) == 0
            ? "\(surname)а \(Self.girls[draw(Self.girls.count)]) \(father.0)на"
            : "\(surname) \(Self.boys[draw(Self.boys.count)]) \(father.1)"
        let presence = draw(1000)
        let ability = draw(100)
        var before: [Int] = []
        var after: [Int] = []
        var tasks: [[Int]] = []
        var journal: [Int] = []
        for subject in 0..<2 {
            let level = min(99, max(0, ability + draw(31) - 15))
            let mark = level < 12 ? 2 : level < 55 ? 3 : level < 88 ? 4 : 5
            before.append(mark)
            // The programme's effect: a mark more often rises than falls.
            let step = draw(100)
            after.append(min(5, max(2, step < 38 ? mark + 1 : step < 50 ? mark - 1 : mark)))
            let maxima = Self.taskMaxima[subject]
            let chance = 25 + level * 7 / 10
            tasks.append(
                maxima.map { maximum in (0..<maximum).reduce(0) { sum, _ in sum + (draw(100) < chance ? 1 : 0) } })
            let journalStep = draw(100)
            journal.append(
                min(
                    5,
                    max(
                        2,
                        journalStep < 22 ? after[subject] + 1 : journalStep < 34 ? after[subject] - 1 : after[subject]))
            )
        }
        let code =
            "66" + String(school + 1) + String(repeating: "0", count: max(0, 7 - String(number).count)) + String(number)
        return Student(
            number: number, code: code, name: name, school: school, grade: grade, letter: letter,
            atBaseline: presence >= 15, atFollowUp: presence < 15 || presence >= 35, before: before, after: after,
            tasks: tasks, journal: journal, random: random)
    }

    /// ВПР mark from the primary score, by the share of the maximum.
    static func vprMark(_ score: Int, maximum: Int) -> Int {
        let share = Double(score) / Double(maximum)
        return share < 0.3 ? 2 : share < 0.55 ? 3 : share < 0.8 ? 4 : 5
    }

    /// The follow-up lists students in another order: a fixed permutation, i·a + b mod n.
    func followUpOrder(_ position: Int) -> Int {
        guard students > 1 else { return position }
        var multiplier = 7_919
        while gcd(multiplier, students) != 1 { multiplier += 2 }
        return (position * multiplier + 13) % students
    }

    private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    public func write(to folder: String) throws -> (files: [String], plan: Plan, readme: String) {
        var plan = Plan()
        plan.students = students
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files = Self.files

        // The autumn diagnostic.
        let baseline = try RowFile(path: folder + "/" + files.baseline, windows1251: excelBaseline)
        try baseline.write(["Код обучающегося", "ФИО обучающегося", "ОО", "Класс", "Предмет", "Отметка", "Балл"])
        for number in 0..<students {
            let student = student(number)
            guard student.atBaseline else { continue }
            if !student.atFollowUp { plan.onlyAtBaseline += 1 }
            var random = student.random
            for subject in 0..<2 {
                var mark = String(student.before[subject])
                if number % 211 == 17 && subject == 0 {
                    mark = "-"
                    plan.blankAtBaseline += 1
                }
                var classText = "\(student.grade)\(student.letter)"
                if random.next() % 20 == 0 {
                    classText =
                        random.next() % 2 == 0
                        ? "\(student.grade) \(student.letter.lowercased())" : "\(student.grade)-\(student.letter)"
                    plan.classVariants += 1
                }
                var subjectText = Self.subjects[subject].label
                if random.next() % 25 == 0 {
                    subjectText = Self.subjects[subject].variants[Int(random.next() % 2)]
                    plan.subjectVariants += 1
                }
                let row = [
                    student.code, student.name, Self.schools[student.school].spellings[0], classText, subjectText, mark,
                    String(student.before[subject] * 4 + Int(random.next() % 4)),
                ]
                try baseline.write(row)
                plan.baselineRows += 1
                if number % 487 == 5 && subject == 1 {
                    try baseline.write(row)
                    plan.baselineRows += 1
                    plan.duplicatedBaselineRows += 1
                }
            }
        }
        try baseline.close()

        // March 2024, in another order, and students who arrived since.
        let followUp = try RowFile(path: folder + "/" + files.followUp, windows1251: false)
        try followUp.write(["Код обучающегося", "ФИО обучающегося", "ОО", "Класс", "Предмет", "Отметка", "Балл"])
        for position in 0..<students {
            let number = followUpOrder(position)
            let student = student(number)
            guard student.atFollowUp else { continue }
            if !student.atBaseline { plan.onlyAtFollowUp += 1 }
            var random = SplitMix64(seed: student.random.peek &+ 1)
            for subject in 0..<2 {
                var code = student.code
                var name = student.name
                if number % 97 == 11 && student.atBaseline {
                    code = ""
                    plan.followUpWithoutCode += 1
                    if subject == 1 {
                        name = name.uppercased()
                        plan.followUpNameInCapitals += 1
                    }
                }
                var mark = String(student.after[subject])
                if number % 173 == 29 {
                    mark = "н/а"
                    plan.notAssessedAtFollowUp += 1
                } else if number % 1_009 == 500 && subject == 0 {
                    mark = String(student.after[subject]) + "0"
                    plan.badMarks += 1
                }
                var school = Self.schools[student.school].spellings[Int(random.next() % 2)]
                if number % 100_003 == 41 && subject == 0 {
                    school = "МБОУ СОШ № 7 г. Серова"
                    plan.unknownSchoolRows += 1
                }
                try followUp.write([
                    code, name, school, "\(student.grade)\(student.letter)", Self.subjects[subject].label, mark,
                    mark == "н/а" ? "" : String(student.after[subject] * 4 + Int(random.next() % 4)),
                ])
                plan.followUpRows += 1
            }
        }
        try followUp.close()

        // ВПР, one export per subject, students present in March.
        for subject in 0..<2 {
            let maxima = Self.taskMaxima[subject]
            let file = try RowFile(
                path: folder + "/" + (subject == 0 ? files.vprMathematics : files.vprRussian), windows1251: false)
            try file.write(
                ["Код участника", "ОО", "Класс", "Предмет"] + maxima.indices.map { String($0 + 1) }
                    + ["Первичный балл", "Отметка", "Отметка по журналу"])
            for number in 0..<students {
                let student = student(number)
                guard student.atFollowUp else { continue }
                var cells = student.tasks[subject].map(String.init)
                var primary = student.tasks[subject].reduce(0, +)
                if number % 59 == 3 {
                    cells[cells.count - 1] = "Х"
                    primary -= student.tasks[subject][cells.count - 1]
                    plan.vprCrossedTasks += 1
                }
                var mark = String(Self.vprMark(primary, maximum: maxima.reduce(0, +)))
                var journal = String(student.journal[subject])
                if number % 151 == 7 {
                    mark = "н/а"
                    cells = cells.map { _ in "Х" }
                    plan.vprNotAssessed += 1
                } else if number % 67 == 13 {
                    journal = number % 2 == 0 ? "нет отметки" : "-"
                    plan.vprWithoutJournal += 1
                }
                try file.write(
                    [
                        student.code, Self.schools[student.school].spellings[0], "\(student.grade)\(student.letter)",
                        Self.subjects[subject].label,
                    ] + cells + [mark == "н/а" ? "Х" : String(primary), mark, journal])
                plan.vprRows += 1
            }
            try file.close()
        }

        // The teachers' competence diagnostic: both scores in one row.
        let teachers = max(12, students / 50)
        let competence = try RowFile(path: folder + "/" + files.competence, windows1251: false)
        try competence.write([
            "ФИО педагога", "ОО", "Предмет", "Балл (входная диагностика)", "Балл (итоговая диагностика)",
        ])
        var random = SplitMix64(seed: seed &+ 77)
        for number in 0..<teachers {
            let surname = Self.surnames[number % Self.surnames.count]
            let name =
                "\(surname)а \(Self.girls[number % Self.girls.count]) \(Self.fathers[number % Self.fathers.count].0)на"
                + (number >= Self.surnames.count ? " (\(number / Self.surnames.count + 1))" : "")
            let school = 1 + number % 5
            let start = 12 + Int(random.next() % 20)
            let rise = Int(random.next() % 9) - 2
            var final = String(min(40, start + rise))
            if number % 17 == 4 {
                final = "-"
                plan.teachersWithoutFinalScore += 1
            }
            try competence.write([
                name, Self.schools[school].spellings[0], Self.subjects[number % 2].label, String(start), final,
            ])
            plan.teachers += 1
        }
        try competence.close()

        // Published ВПР figures to compare with, in the shape of ФИС ОКО's «Статистика по
        // отметкам»: invented around typical shares, as every figure of the samples is.
        let reference = try RowFile(path: folder + "/" + files.vprReference, windows1251: false)
        try reference.write(["Предмет", "Класс", "Уровень", "2", "3", "4", "5"])
        var shares = SplitMix64(seed: seed &+ 91)
        for subject in Self.subjects {
            for grade in 5...8 {
                for level in ["Россия", "Свердловская область"] {
                    let two = 80 + Int(shares.next() % 90)  // tenths of a per cent
                    let three = 360 + Int(shares.next() % 90)
                    let four = 300 + Int(shares.next() % 70)
                    let five = 1000 - two - three - four
                    try reference.write(
                        [subject.label, String(grade), level]
                            + [two, three, four, five].map { "\($0 / 10),\($0 % 10)" })
                }
            }
        }
        try reference.close()
        return (
            [
                files.baseline, files.followUp, files.vprMathematics, files.vprRussian, files.competence,
                files.vprReference,
            ], plan, readme(plan)
        )
    }

    /// The same students in one file with both points in a row (`Отметка (осень)`,
    /// `Отметка (март)`): a row per student and subject, a blank mark where the student was
    /// absent at that point, «н/а» and «-» as in the two-file shape. Returns the file and its rows.
    public func writeBothInRow(to folder: String) throws -> (file: String, rows: Int) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = "results-both-points-2024.csv"
        let output = try RowFile(path: folder + "/" + file, windows1251: false)
        try output.write([
            "Код обучающегося", "ФИО обучающегося", "ОО", "Класс", "Предмет", "Отметка (осень)", "Отметка (март)",
        ])
        var rows = 0
        for number in 0..<students {
            let student = student(number)
            for subject in 0..<2 {
                let before =
                    !student.atBaseline
                    ? "" : number % 211 == 17 && subject == 0 ? "-" : String(student.before[subject])
                let after = !student.atFollowUp ? "" : number % 173 == 29 ? "н/а" : String(student.after[subject])
                try output.write([
                    student.code, student.name, Self.schools[student.school].spellings[0],
                    "\(student.grade)\(student.letter)",
                    Self.subjects[subject].label, before, after,
                ])
                rows += 1
            }
        }
        try output.close()
        return (file, rows)
    }

    private func readme(_ plan: Plan) -> String {
        """
        ## Student results (March 2024 analysis)

        \(plan.students) students of grades 5–8 in the six schools, two subjects (Математика, Русский язык).

        - `\(Self.files.baseline)` — the autumn diagnostic, one row per student and subject: \(excelBaseline ? "windows-1251, `;`, CRLF (saved from Excel)" : "UTF-8, `,`, LF"); \(plan.baselineRows) rows.
        - `\(Self.files.followUp)` — March 2024, the same columns, students in another order: UTF-8, `,`, LF; \(plan.followUpRows) rows.
        - `\(Self.files.vprMathematics)`, `\(Self.files.vprRussian)` — ВПР-style results: task scores (columns `1`, `2`, …), primary score, mark and journal mark; \(plan.vprRows) rows in all.
        - `\(Self.files.competence)` — teachers' subject-competence diagnostic, both scores in one row; \(plan.teachers) teachers.
        - `\(Self.files.vprReference)` — ВПР figures to compare with (`results.vpr_reference`), in the shape of ФИС ОКО's «Статистика по отметкам»: the share of each mark «2»–«5» by subject, grade and level («Россия», «Свердловская область»). The figures are invented like everything here, not the published ones: replace them with those of ФИС ОКО.

        | kind | how many | expected handling |
        |---|---:|---|
        | students only at the baseline (left) | \(plan.onlyAtBaseline) | their rows unmatched, listed in `private/unmatched.csv` |
        | students only in March (arrived) | \(plan.onlyAtFollowUp) | their rows unmatched, listed in `private/unmatched.csv` |
        | March rows without a student code | \(plan.followUpWithoutCode) | linked by ФИО, school, class and subject |
        | … of them with the name in capitals | \(plan.followUpNameInCapitals) | linked by the name all the same |
        | March marks «н/а» | \(plan.notAssessedAtFollowUp) | in N of успеваемость, качество, СОУ; not compared |
        | baseline marks «-» | \(plan.blankAtBaseline) | no value: outside N, not compared |
        | March marks «30», «40»… (typed twice) | \(plan.badMarks) | rejected: `bad_mark` |
        | a March school outside the register | \(plan.unknownSchoolRows) | rejected: `unknown_school` |
        | baseline rows repeated | \(plan.duplicatedBaselineRows) | rejected: `duplicate_record` |
        | classes written «5 а», «5-А» | \(plan.classVariants) | read as «5А» |
        | subjects written «математика», «Русский яз.» | \(plan.subjectVariants) | read through the subject scale |
        | ВПР rows with the last task «Х» | \(plan.vprCrossedTasks) | the task not counted for them |
        | ВПР marks «н/а» (tasks «Х») | \(plan.vprNotAssessed) | in N, outside the journal comparison |
        | ВПР journal marks «нет отметки» or «-» | \(plan.vprWithoutJournal) | outside the journal comparison |
        | teachers without a final score («-») | \(plan.teachersWithoutFinalScore) | not compared |

        """
    }
}
