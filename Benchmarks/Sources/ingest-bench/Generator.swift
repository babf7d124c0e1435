import SampleData

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the generated file was made from; kept next to it so a later run can reuse it.
struct GeneratedFile: Equatable {
    static let generatorVersion = 1
    static let seed: UInt64 = 0x5348_4E4F_5242_454E  // "SHNORBEN"

    var megabytes: Int
    var bytes: Int
    var rows: Int

    var sidecarText: String {
        "generator=\(Self.generatorVersion) seed=\(Self.seed) megabytes=\(megabytes) bytes=\(bytes) rows=\(rows)\n"
    }

    static func sidecarPath(for path: String) -> String { path + ".params" }

    /// The sidecar's description of an existing file, when it matches the parameters and the file's size.
    static func reusable(at path: String, megabytes: Int) -> GeneratedFile? {
        guard let text = readTextFile(sidecarPath(for: path)), let size = fileSize(path) else { return nil }
        var fields: [Substring: Substring] = [:]
        for pair in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard fields["generator"] == "\(generatorVersion)", fields["seed"] == "\(seed)",
            fields["megabytes"] == "\(megabytes)",
            let bytes = fields["bytes"].flatMap({ Int($0) }), let rows = fields["rows"].flatMap({ Int($0) }),
            bytes == size
        else { return nil }
        return GeneratedFile(megabytes: megabytes, bytes: bytes, rows: rows)
    }
}

/// Writes a synthetic but realistic export of student results: UTF-8, `;` between cells, CRLF
/// line ends, Russian text, decimal commas, empty cells, and quoted cells holding `;` and `""`.
struct ResultsGenerator {
    static let header =
        "Код ученика;ФИО;Школа;Класс;Предмет;Балл (осень);Отметка (осень);Балл (март);Отметка (март);Комментарий"

    private var random = SplitMix64(seed: GeneratedFile.seed)
    private let schools: [[UInt8]]
    private let subjects: [(name: [UInt8], maxScore: Int)]
    private let comments: [[UInt8]]

    init() {
        var random = SplitMix64(seed: GeneratedFile.seed ^ 0xA5A5)
        var names: [String] = [
            "МАОУ СОШ № 1 п. Сосьва",
            "МАОУ СОШ № 2 п. Сосьва",
            "МКОУ ООШ с. Романово",
            "МБОУ СОШ с. Кошуки",
            "МАОУ Новолялинская СОШ № 2",
            "МАОУ СОШ № 14 им. В. Г. Короленко г. Ирбит",
            "МАОУ \"Гимназия № 9\" г. Екатеринбург",
            "МБОУ \"Лицей № 3\" г. Нижний Тагил",
            "ГБОУ СО \"Ирбитская школа-интернат\"",
            "МАОУ \"СОШ № 5; корпус 2\" г. Камышлов",
            "Филиал МАОУ СОШ № 1 п. Сосьва; Матвеевская НОШ",
            "МБОУ ЦО \"Школа № 1; дошкольное отделение\" г. Серов",
        ]
        let towns = [
            "г. Серов", "г. Краснотурьинск", "г. Ирбит", "г. Камышлов", "г. Верхотурье", "п. Гари",
            "г. Нижняя Салда", "р.п. Атиг", "с. Байкалово", "г. Алапаевск", "г. Тавда", "п. Пышма",
        ]
        let kinds = ["МАОУ СОШ", "МБОУ СОШ", "МКОУ СОШ", "МАОУ ООШ", "МБОУ \"СОШ", "МАОУ \"Лицей"]
        while names.count < 90 {
            let kind = random.pick(kinds)
            let number = 1 + random.below(40)
            let town = random.pick(towns)
            names.append(kind.contains("\"") ? "\(kind) № \(number)\" \(town)" : "\(kind) № \(number) \(town)")
        }
        schools = names.map(ResultsGenerator.cell)
        subjects = [
            ("Русский язык", 58), ("Математика", 31), ("Алгебра", 26), ("Геометрия", 20), ("Физика", 45),
            ("Химия", 40), ("Биология", 48), ("География", 37), ("История", 37), ("Обществознание", 37),
            ("Информатика", 19), ("Английский язык", 68), ("Литература", 40),
        ].map { (ResultsGenerator.cell($0.0), $0.1) }
        comments = [
            "пересдача",
            "болел; писал в резервный день",
            "работа \"на отлично\"",
            "перевёлся из другой школы",
            "вариант 2",
            "ОВЗ; адаптированная программа",
            "проверено экспертом \"Петрова Н. В.\"",
            "удалён с экзамена за списывание",
            "апелляция удовлетворена; балл изменён",
            "н/я по уважительной причине",
            "результат аннулирован",
            "вариант 1, \"ЕГЭ-подобный\" формат; 2 часа",
        ].map(ResultsGenerator.cell)
    }

    /// A cell as it appears in the file: quoted, with quotes doubled, when it holds `;` or `"`.
    static func cell(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == 0x3B || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return bytes }
        var quoted: [UInt8] = [0x22]
        for byte in bytes {
            quoted.append(byte)
            if byte == 0x22 { quoted.append(0x22) }
        }
        quoted.append(0x22)
        return quoted
    }

    private static let surnames = [
        "Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов",
        "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семёнов", "Голубев", "Виноградов", "Богданов",
        "Воробьёв", "Фёдоров", "Михайлов", "Беляев", "Тарасов", "Белов", "Комаров", "Орлов", "Киселёв", "Макаров",
        "Андреев", "Ковалёв", "Ильин", "Гусев", "Титов", "Кузьмин", "Кудрявцев", "Баранов", "Куликов", "Алексеев",
        "Степанов", "Яковлев", "Сорокин", "Сергеев", "Романов", "Захаров", "Борисов", "Королёв", "Герасимов",
    ]
    private static let invariableSurnames = ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Дюжих", "Черных"]
    private static let maleNames = [
        "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил",
        "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван", "Денис", "Евгений", "Даниил", "Тимофей",
    ]
    private static let femaleNames = [
        "Анастасия", "Мария", "Анна", "Виктория", "Екатерина", "Наталья", "Марина", "Полина", "Дарья", "Алиса",
        "Ксения", "Елизавета", "Софья", "Варвара", "Ульяна", "Алёна", "Вероника", "Арина", "Милана", "Яна",
    ]
    private static let fathers: [(male: String, female: String)] = [
        ("Александрович", "Александровна"), ("Дмитриевич", "Дмитриевна"), ("Сергеевич", "Сергеевна"),
        ("Андреевич", "Андреевна"), ("Алексеевич", "Алексеевна"), ("Михайлович", "Михайловна"),
        ("Иванович", "Ивановна"), ("Евгеньевич", "Евгеньевна"), ("Николаевич", "Николаевна"),
        ("Владимирович", "Владимировна"), ("Олегович", "Олеговна"), ("Викторович", "Викторовна"),
        ("Юрьевич", "Юрьевна"), ("Игоревич", "Игоревна"), ("Ильич", "Ильинична"),
    ]
    private static let classLetters = ["А", "Б", "В", "Г", "Д"]

    private mutating func fullName() -> [UInt8] {
        let female = random.percent(50)
        var surname: String
        if random.percent(4) {
            surname = random.pick(Self.invariableSurnames)
        } else {
            surname = random.pick(Self.surnames)
            if female { surname += "а" }
        }
        let given = female ? random.pick(Self.femaleNames) : random.pick(Self.maleNames)
        var name = surname + " " + given
        if !random.percent(3) {
            let father = random.pick(Self.fathers)
            name += " " + (female ? father.female : father.male)
        }
        return Array(name.utf8)
    }

    /// "15", "15,5" or "" for a score out of `maxScore`; the mark goes with it.
    private mutating func result(maxScore: Int, absentChance: Int, out: inout [UInt8]) {
        if random.percent(absentChance) {
            out.append(0x3B)  // no score
            if random.percent(50) { out.append(contentsOf: Array("н/я".utf8)) }
            out.append(0x3B)
            return
        }
        let halves = random.below(maxScore * 2 + 1)
        appendDecimal(halves / 2, to: &out)
        if halves % 2 == 1 { out.append(contentsOf: [0x2C, 0x35]) }  // ",5"
        out.append(0x3B)
        let share = Double(halves) / Double(maxScore * 2)
        let mark = share < 0.3 ? 2 : share < 0.55 ? 3 : share < 0.8 ? 4 : 5
        if !random.percent(2) { appendDecimal(mark, to: &out) }
        out.append(0x3B)
    }

    /// Writes the file and returns its description. Stops after the row that reaches `megabytes` × 10^6 bytes.
    mutating func write(to path: String, megabytes: Int) throws -> GeneratedFile {
        let target = megabytes * 1_000_000
        let partial = path + ".partial"
        let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(partial): \(errnoText())") }
        var closed = false
        defer { if !closed { close(fd) } }

        let flushAt = 1 << 20
        var out: [UInt8] = []
        out.reserveCapacity(flushAt + 4096)
        var written = 0
        var rows = 0
        func flush() throws {
            try out.withUnsafeBytes { try writeAll(fd, $0, path: partial) }
            written += out.count
            out.removeAll(keepingCapacity: true)
        }

        out.append(contentsOf: Array(Self.header.utf8))
        out.append(contentsOf: [0x0D, 0x0A])
        var studentCode = 6_600_000 + random.below(50_000)
        while written + out.count < target {
            studentCode += 1 + random.below(7)
            let name = fullName()
            let school = random.pick(schools)
            let grade = 4 + random.below(8)
            var schoolClass = Array(String(grade).utf8)
            schoolClass.append(contentsOf: Array(random.pick(Self.classLetters).utf8))
            var code = Array("66-".utf8)
            appendDecimal(studentCode, to: &code, width: 7)
            let subjectCount = 3 + random.below(6)
            let firstSubject = random.below(subjects.count)
            for index in 0..<subjectCount {
                let subject = subjects[(firstSubject + index * 5) % subjects.count]
                out.append(contentsOf: code); out.append(0x3B)
                out.append(contentsOf: name); out.append(0x3B)
                out.append(contentsOf: school); out.append(0x3B)
                out.append(contentsOf: schoolClass); out.append(0x3B)
                out.append(contentsOf: subject.name); out.append(0x3B)
                result(maxScore: subject.maxScore, absentChance: 3, out: &out)
                result(maxScore: subject.maxScore, absentChance: 8, out: &out)
                if random.percent(12) { out.append(contentsOf: random.pick(comments)) }
                out.append(contentsOf: [0x0D, 0x0A])
                rows += 1
            }
            if out.count >= flushAt { try flush() }
        }
        try flush()
        guard fsync(fd) == 0 || errno == EINVAL else { throw BenchError("cannot sync \(partial): \(errnoText())") }
        closed = true
        guard close(fd) == 0 else { throw BenchError("cannot close \(partial): \(errnoText())") }
        guard rename(partial, path) == 0 else {
            throw BenchError("cannot rename \(partial) to \(path): \(errnoText())")
        }
        let file = GeneratedFile(megabytes: megabytes, bytes: written, rows: rows)
        try writeTextFile(GeneratedFile.sidecarPath(for: path), file.sidecarText)
        return file
    }
}

/// Appends a non-negative integer in decimal, left-padded with zeros to `width`.
func appendDecimal(_ value: Int, to out: inout [UInt8], width: Int = 1) {
    var digits: [UInt8] = []
    var rest = value
    repeat {
        digits.append(UInt8(0x30 + rest % 10))
        rest /= 10
    } while rest > 0
    while digits.count < width { digits.append(0x30) }
    out.append(contentsOf: digits.reversed())
}
