import Notes
import Yams

/// The keys of a configuration document that no type asked for (``AskedKeys``): misspelt
/// (`targt:`), misplaced or not a setting at all. Any of them is a configuration error,
/// since a key nobody reads is a setting the analyst believes in and the run ignores.
struct UnknownKeys {
    struct Key {
        let name: String
        let place: Place
        let line: Int?
        let column: Int?
        /// The keys the types asked for at that place, in the order they asked.
        let valid: [String]
    }

    /// Every unknown key, in the document's order.
    let keys: [Key]

    init(root: Node, asked: AskedKeys) {
        var keys: [Key] = []
        func walk(_ node: Node, _ place: [AskedKeys.Step]) {
            switch node {
            case .mapping(let mapping):
                // A mapping no type opened (beneath a scalar-only key) has nothing asked of it.
                guard let valid = asked.keys[place] else { return }
                for (key, value) in YAMLFile.pairs(of: mapping) {
                    guard let name = key.string, valid.contains(name) else {
                        keys.append(
                            Key(
                                name: key.string ?? YAMLFile.found(key), place: Place(place), line: key.mark?.line,
                                column: key.mark?.column, valid: valid))
                        continue
                    }
                    walk(value, place + [.key(name)])
                }
            case .sequence(let sequence):
                for (index, item) in sequence.enumerated() { walk(item, place + [.index(index)]) }
            default:
                break
            }
        }
        walk(root, [])
        self.keys = keys.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
    }

    /// The first unknown key of the document, with how many more there are.
    var first: (line: Int?, column: Int?, message: String)? {
        guard let key = keys.first else { return nil }
        let more = keys.count > 1 ? " (всего неизвестных ключей в файле: \(keys.count))" : ""
        return (key.line, key.column, Self.message(for: key) + more)
    }

    /// `неизвестный ключ «targt» в «measures[0]» — может быть, «target»?`; with no close key,
    /// the keys valid at that place.
    static func message(for key: Key) -> String {
        let within = key.place.isEmpty ? " на верхнем уровне файла" : " в «\(key.place)»"
        let head = "неизвестный ключ «\(key.name)»\(within)"
        if let nearest = NearestName.nearest(to: key.name, in: key.valid) {
            return head + " — может быть, «\(nearest)»?"
        }
        if key.valid.isEmpty { return head + " — здесь не ожидается ни одного ключа" }
        return head + "; здесь допустимы: " + key.valid.joined(separator: ", ")
    }
}

/// libyaml's English account of a syntax error, in Russian: the common problems by their
/// text, any other kept in English in parentheses.
enum YAMLProblem {
    static let translations: [(english: String, russian: String)] = [
        ("mapping values are not allowed in this context", "здесь не может начинаться значение ключа (лишнее «:»?)"),
        ("did not find expected key", "не найден ожидаемый ключ (сдвиг отступа?)"),
        ("did not find expected '-' indicator", "не найден ожидаемый «-» элемента списка (сдвиг отступа?)"),
        ("could not find expected ':'", "не найдено ожидаемое «:» после ключа"),
        ("found character that cannot start any token", "символ, с которого ничего не может начинаться (табуляция?)"),
        ("found a tab character that violates indentation", "табуляция в отступе — отступы делают пробелами"),
        (
            "found a tab character where an indentation space is expected",
            "табуляция там, где нужен отступ пробелами"
        ),
        ("did not find expected node content", "не найдено ожидаемое значение"),
        ("block sequence entries are not allowed in this context", "здесь не может начинаться список («-»)"),
        ("found unexpected end of stream", "файл кончился раньше, чем закрылись кавычки или скобки"),
        ("found unknown escape character", "неизвестная escape-последовательность «\\…» в строке в двойных кавычках"),
        ("did not find expected ',' or ']'", "не найдено ожидаемое «,» или «]» в списке"),
        ("did not find expected ',' or '}'", "не найдено ожидаемое «,» или «}» в наборе ключей"),
        ("found unexpected ':'", "неожиданное «:»"),
        ("found undefined alias", "ссылка на якорь, который не определён"),
        ("found undefined tag handle", "неизвестный тег"),
        ("did not find expected <document start>", "не найдено начало документа"),
        ("but found another document", "в файле больше одного документа (лишний «---»?)"),
        ("found unexpected document indicator", "неожиданный разделитель документов «---» или «...»"),
        ("did not find expected alphabetic or numeric character", "после «&» или «*» нужно имя якоря"),
        ("control characters are not allowed", "в файле есть управляющие символы"),
        ("found incompatible YAML document", "версия YAML не поддерживается"),
        ("did not find expected comment or line break", "после значения ожидался конец строки или комментарий"),
        ("found unexpected non-alphabetical character", "неожиданный символ"),
    ]

    static func russian(_ problem: String) -> String {
        let lowered = problem.lowercased()
        if let known = translations.first(where: { lowered.hasPrefix($0.english) }) { return known.russian }
        return "ошибка разбора (\(problem))"
    }
}
