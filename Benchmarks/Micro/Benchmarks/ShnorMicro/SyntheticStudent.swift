import SampleData

/// One invented student, the same for the same number on every run: a code, a ФИО, the school
/// as an export spells it, the class, and the autumn and March marks in two subjects.
///
/// Spellings vary as in real exports (school aliases, «5 а» for «5А», «матем.», «н/а», «Х»), and
/// every spelling is one the instrument and the school register in Surveys/ accept.
struct SyntheticStudent {
    /// Official names and aliases of the six schools of Surveys/schools.yaml.
    static let schools = [
        ["МАОУ СОШ № 1 р.п. Сосьва", "СОШ № 1", "школа № 1"],
        ["МКОУ СОШ № 2 р.п. Сосьва", "СОШ № 2", "МКОУ СОШ № 2 п. Сосьва"],
        ["МКОУ СОШ п. Восточный", "Восточная СОШ"],
        ["МКОУ СОШ с. Кошай", "Кошайская СОШ"],
        ["МКОУ СОШ с. Романово", "Романовская школа"],
        ["МКОУ ООШ п. Пасынок", "ООШ Пасынок"],
    ]
    static let subjects = [["Математика", "математика", "матем."], ["Русский язык", "Русский яз.", "русский"]]
    static let surnames = [
        "Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Ёлкин", "Зайцев", "Павлов",
        "Семёнов", "Голубев", "Киселёв", "Макаров", "Никитин", "Орлов", "Соколов", "Фёдоров", "Белов", "Тарасов",
    ]
    static let girls = [
        "Анна", "Мария", "Дарья", "Софья", "Алёна", "Полина", "Ксения", "Виктория", "Екатерина", "Арина",
    ]
    static let boys = ["Артём", "Максим", "Иван", "Михаил", "Даниил", "Егор", "Кирилл", "Никита", "Матвей", "Фёдор"]
    static let fathers = [
        ("Александров", "Александрович"), ("Сергеев", "Сергеевич"), ("Иванов", "Иванович"),
        ("Викторов", "Викторович"), ("Алексеев", "Алексеевич"), ("Николаев", "Николаевич"),
    ]

    /// Ten digits: 66, the school's number, the student's number (unique below ten million).
    let code: String
    let name: String
    let school: String
    let schoolClass: String
    /// Per subject: the subject as spelled, the autumn mark and the March mark as exported.
    let results: [(subject: String, before: String, after: String)]

    init(number: Int) {
        var random = SplitMix64(seed: 0x5EED_0000 &+ UInt64(number) &* 0xD1B5_4A32_D192_ED03)
        let schoolIndex = random.below(Self.schools.count)
        let spellings = Self.schools[schoolIndex]
        school = random.below(5) == 0 ? spellings[1 + random.below(spellings.count - 1)] : spellings[0]
        let digits = String(number)
        code = "66" + String(schoolIndex + 1) + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
        let surname = Self.surnames[random.below(Self.surnames.count)]
        let father = Self.fathers[random.below(Self.fathers.count)]
        name =
            random.below(2) == 0
            ? "\(surname)а \(Self.girls[random.below(Self.girls.count)]) \(father.0)на"
            : "\(surname) \(Self.boys[random.below(Self.boys.count)]) \(father.1)"
        let grade = 5 + random.below(5)
        let letter = ["А", "Б", "В"][random.below(3)]
        schoolClass = random.below(20) == 0 ? "\(grade) \(letter.lowercased())" : "\(grade)\(letter)"
        var results: [(subject: String, before: String, after: String)] = []
        for subject in Self.subjects {
            let spelling = random.below(25) == 0 ? subject[1 + random.below(subject.count - 1)] : subject[0]
            let before = 2 + random.below(4)
            let after = min(5, max(2, before + random.below(3) - 1))
            results.append(
                (spelling, random.below(100) == 0 ? "Х" : String(before), random.below(50) == 0 ? "н/а" : String(after))
            )
        }
        self.results = results
    }
}
