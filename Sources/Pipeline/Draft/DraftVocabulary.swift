import Clean
import Foundation

/// What school exports hold beyond answer scales: the school subjects and staff positions as
/// the shipped instruments name them, and the shapes of names, classes and marks, so a draft
/// can tell a column's role from its values when its header says nothing.
enum DraftVocabulary {
    /// School subjects, canonical label first, then spellings seen in exports.
    static let subjects: [(label: String, synonyms: [String])] = [
        ("Русский язык", ["русский", "рус. яз.", "русский яз."]), ("Литература", []),
        ("Математика", ["матем.", "алгебра", "геометрия", "алгебра и геометрия", "математика (базовый уровень)"]),
        ("Информатика", []), ("История", ["история России", "всеобщая история"]), ("Обществознание", []),
        ("География", []), ("Биология", []), ("Физика", []), ("Химия", []),
        ("Английский язык", ["английский", "англ. яз."]), ("Немецкий язык", ["немецкий"]),
        ("Начальные классы", ["начальная школа", "учитель начальных классов"]),
        ("Физическая культура", ["физкультура"]), ("Технология", ["труд", "труд (технология)"]), ("Музыка", []),
        ("Изобразительное искусство", ["ИЗО"]),
        ("ОБЗР", ["ОБЖ", "основы безопасности и защиты Родины", "основы безопасности жизнедеятельности"]),
    ]

    /// The subject a spelling names, by match key; nil when it is no known subject.
    static func subject(_ spelling: String) -> String? {
        let key = MatchKey.of(spelling)
        return subjects.first { subject in ([subject.label] + subject.synonyms).contains { MatchKey.of($0) == key } }?
            .label
    }

    static let teacher = "Учитель"
    static let manager = "Руководитель"
    static let mentor = "Наставник-куратор"
    static let otherStaff = "Другие педагогические работники"

    /// The group of a staff position («заместитель директора по УВР» → Руководитель); nil when
    /// the spelling names no known position.
    static func position(_ spelling: String) -> String? {
        let words = MatchKey.of(spelling).split(separator: " ").map(String.init)
        let has = { (stem: String) in words.contains { $0.hasPrefix(stem) } }
        if has("директор") || has("завуч") || has("заместител") || has("руководител") { return manager }
        if has("наставник") || has("куратор") { return mentor }
        let others = [
            "логопед", "дефектолог", "психолог", "социальн", "организатор", "библиотекар", "воспитател", "тьютор",
        ]
        if others.contains(where: has) || words.first?.hasPrefix("педагог") == true { return otherStaff }
        if words.first?.hasPrefix("учител") == true { return teacher }
        return nil
    }

    /// «Иванова Анна Петровна», «Иванова А. П.»: two to four words, each capitalised, the
    /// later ones possibly initials.
    static func looksLikeName(_ value: String) -> Bool {
        let parts = value.split(whereSeparator: \.isWhitespace)
        guard (2...4).contains(parts.count), let first = parts.first, isWord(first) else { return false }
        return parts.dropFirst().allSatisfy { isWord($0) || isInitials($0) }
    }

    private static func isWord(_ part: Substring) -> Bool {
        guard let head = part.first, head.isUppercase, part.count > 1 else { return false }
        return part.dropFirst().allSatisfy { $0.isLowercase || $0 == "-" }
    }

    private static func isInitials(_ part: Substring) -> Bool {
        part.split(separator: ".").allSatisfy { $0.count == 1 && $0.first?.isUppercase == true } && part.hasSuffix(".")
    }

    /// «5А», «11 б», «7-В»: a grade and a letter.
    static func looksLikeClass(_ value: String) -> Bool {
        let digits = value.prefix { $0.isASCII && $0.isNumber }
        guard (1...2).contains(digits.count), let grade = Int(digits), (1...11).contains(grade) else { return false }
        let rest = value.dropFirst(digits.count).filter {
            $0 != " " && $0 != "-" && $0 != "\"" && $0 != "«" && $0 != "»"
        }
        return rest.count == 1 && rest.first?.isLetter == true
    }

    /// A school mark 2–5.
    static func isMark(_ value: String) -> Bool { ["2", "3", "4", "5"].contains(value) }

    /// A whole number written with digits only.
    static func isWholeNumber(_ value: String) -> Bool {
        !value.isEmpty && value.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// How exports write «no value» and «not assessed» for a mark (as the shipped results instruments).
    static let blankMarks = ["Х", "X", "-", "—", "нет отметки", "нет", "отсутствовал", "отс"]
    static let notAssessed = ["н/а", "на", "не аттестован", "неаттестован"]
}
