import Foundation
import Ingest
import Notes
import Yams

/// Reads a YAML configuration file into a Decodable type, turning every fault into a
/// ``ConfigurationError`` that names the file, the line and the key.
enum YAMLFile {
    /// Larger configuration files are refused: no real pipeline or instrument comes close.
    static let maxBytes = 1 << 20

    static func decode<T: Decodable>(_ type: T.Type, path: String) throws -> T {
        try decode(type, text: try readText(path), path: path)
    }

    /// Decodes `text` already read from `path` (with ``readText(_:)``). A key of the file that
    /// no type asked for (``AskedKeys``) is an error naming its line and the nearest valid key.
    static func decode<T: Decodable>(_ type: T.Type, text: String, path: String) throws -> T {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: path, "файл пуст")
            }
            node = composed
        } catch let error as YamlError {
            throw describe(error, file: path)
        }
        try checkSize(node, file: path)
        let asked = AskedKeys()
        let value: T
        do {
            var userInfo: [CodingUserInfoKey: Any] = [:]
            if let key = AskedKeys.userInfoKey { userInfo[key] = asked }
            value = try YAMLDecoder().decode(AskedKeys.Recorded<T>.self, from: node, userInfo: userInfo).value
        } catch let error as DecodingError {
            throw describe(error, file: path, root: node)
        } catch let fault as SpecFault {
            throw describe(fault, file: path, root: node)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(file: path, "\(error)")
        }
        if let unknown = UnknownKeys(root: node, asked: asked).first {
            throw ConfigurationError(file: path, line: unknown.line, column: unknown.column, unknown.message)
        }
        return value
    }

    /// Nodes a configuration file may expand to, aliases followed; real files have a few hundred.
    static let maxNodes = 100_000
    /// Nesting a configuration file may reach.
    static let maxDepth = 64

    /// Refuses a document that aliases blow up («billion laughs») or that nests absurdly deep,
    /// before decoding walks it.
    static func checkSize(_ root: Node, file: String) throws {
        var visited = 0
        func walk(_ node: Node, depth: Int) throws {
            visited += 1
            if visited > maxNodes {
                throw ConfigurationError(
                    file: file, line: node.mark?.line,
                    "документ разворачивается больше чем в \(maxNodes) узлов (псевдонимы *…?) — это больше допустимого")
            }
            if depth > maxDepth {
                throw ConfigurationError(
                    file: file, line: node.mark?.line, "вложенность больше \(maxDepth) уровней — это больше допустимого"
                )
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    try walk(key, depth: depth + 1)
                    try walk(value, depth: depth + 1)
                }
            case .sequence(let sequence):
                for item in sequence { try walk(item, depth: depth + 1) }
            default:
                break
            }
        }
        try walk(root, depth: 0)
    }

    /// The text of a configuration file; a file that is not a regular file (a named pipe, a
    /// device) is an ``IngestError`` (exit status 3), refused before anything waits on it.
    static func readText(_ path: String) throws -> String {
        let tooLarge = "файл больше \(maxBytes) байт — это не похоже на файл настроек"
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.contents(of: path, limit: maxBytes, tooLarge: tooLarge)
        } catch let error as IngestError where error.kind == .notRegularFile {
            throw error
        } catch let error as IngestError where error.kind == .fileTooLarge {
            throw ConfigurationError(file: path, tooLarge)
        } catch {
            throw ConfigurationError(file: path, "файл не найден или не читается")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError(file: path, "файл не в кодировке UTF-8")
        }
        return text
    }

    private static func describe(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ConfigurationError(
                file: file, line: mark.line, column: mark.column,
                "ошибка синтаксиса YAML: \(YAMLProblem.russian(problem))")
        case let .reader(problem, _, _, _):
            return ConfigurationError(file: file, "файл не читается как YAML: \(YAMLProblem.russian(problem))")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ConfigurationError(
                file: file, line: context.mark.line, "ключ повторяется: \(duplicates.joined(separator: ", "))")
        default:
            return ConfigurationError(file: file, "файл не читается как YAML (\(error))")
        }
    }

    private static func describe(_ error: DecodingError, file: String, root: Node) -> ConfigurationError {
        switch error {
        case let .keyNotFound(key, context):
            let place = Place(codingPath: context.codingPath)
            let mark = place.mark(in: root)
            let within = place.isEmpty ? "" : " в «\(place)»"
            // A misspelt required key is missing and unknown at once: name the spelling found.
            var written: [String] = []
            if case .mapping(let mapping)? = place.node(in: root) {
                written = pairs(of: mapping).compactMap { $0.key.string }
            }
            let misspelt =
                NearestName.nearest(to: key.stringValue, in: written).map {
                    " — может быть, это «\($0)» с опечаткой?"
                } ?? ""
            return ConfigurationError(
                file: file, line: mark?.line, "нет обязательного ключа «\(key.stringValue)»\(within)\(misspelt)")
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            let place = Place(codingPath: context.codingPath)
            let mark = place.mark(in: root)
            let found = place.node(in: root).map(Self.found) ?? "значения нет"
            return ConfigurationError(
                file: file, line: mark?.line, column: mark?.column,
                "ключ «\(place)»: нужно \(Self.expected(type)), а записано \(found)")
        case let .dataCorrupted(context):
            let place = Place(codingPath: context.codingPath)
            let mark = place.mark(in: root)
            // A type that explains itself in Russian is quoted; Swift's English accounts are not.
            if context.debugDescription.contains(where: { ("а"..."я").contains($0) || ("А"..."Я").contains($0) }) {
                return ConfigurationError(
                    file: file, line: mark?.line, column: mark?.column, context.debugDescription)
            }
            let value = place.node(in: root)?.scalar.map { " («\($0.string)»)" } ?? ""
            return ConfigurationError(
                file: file, line: mark?.line, column: mark?.column,
                "недопустимое значение «\(place)»\(value)")
        @unknown default:
            return ConfigurationError(file: file, "файл не читается (\(error))")
        }
    }

    private static func describe(_ fault: SpecFault, file: String, root: Node) -> ConfigurationError {
        let mark = fault.place.mark(in: root)
        return ConfigurationError(file: file, line: mark?.line, column: mark?.column, fault.message)
    }

    /// What a type wants, as the analyst would say it: Yams names a mapping, a list or a
    /// scalar by its node type, a value by the Swift type it was to become.
    static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: return "строка"
        case is Bool.Type: return "да или нет (true/false)"
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type, is UInt.Type, is UInt8.Type,
            is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return "целое число"
        case is Double.Type, is Float.Type, is Decimal.Type: return "число"
        case is Node.Mapping.Type: return "набор ключей (ключ: значение)"
        case is Node.Sequence.Type: return "список"
        case is Node.Scalar.Type: return "одно значение (строка или число)"
        default: break
        }
        let name = String(describing: type)
        if name.hasPrefix("Array<") || name.hasPrefix("Set<") { return "список" }
        if name.hasPrefix("Dictionary<") { return "набор ключей (ключ: значение)" }
        return "значение другого вида"
    }

    /// What the file holds at a place, for «а записано …».
    static func found(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if scalar.string.isEmpty || node.null != nil { return "пустое значение" }
            return "«\(scalar.string)»"
        case .mapping: return "набор ключей"
        case .sequence: return "список"
        case .alias: return "ссылка на якорь"
        }
    }

    /// The key and value pairs of a mapping with YAML merge keys (`<<: *defaults`) expanded,
    /// the merged ones first, as Yams' decoder sees them; a later pair overrides an earlier one.
    static func pairs(of mapping: Node.Mapping) -> [(key: Node, value: Node)] {
        var merged: [(key: Node, value: Node)] = []
        var own: [(key: Node, value: Node)] = []
        for pair in mapping {
            guard pair.key.tag.rawValue == Tag.Name.merge.rawValue else {
                own.append(pair)
                continue
            }
            switch pair.value {
            case .mapping(let inner): merged += pairs(of: inner)
            case .sequence(let sequence):
                for case .mapping(let inner) in sequence.reversed() { merged += pairs(of: inner) }
            default: break
            }
        }
        return merged + own
    }
}

/// A fault found by a type's own `init(from:)` (a malformed `period`, a section no analysis
/// of the file reads), which ``YAMLFile`` reports at the line of the key it names.
struct SpecFault: Error {
    let place: Place
    let message: String

    init(codingPath: [any CodingKey], _ message: String) {
        place = Place(codingPath: codingPath)
        self.message = message
    }
}

/// A place in a configuration document: keys of mappings and positions in lists, from the root.
struct Place: Sendable, Equatable, CustomStringConvertible {
    let steps: [AskedKeys.Step]

    init(_ steps: [AskedKeys.Step]) { self.steps = steps }

    /// The place a decoder's coding path names; Yams names a list's position `Index N`.
    init(codingPath: [any CodingKey]) {
        steps = codingPath.map { key in
            if let index = key.intValue, key.stringValue == "Index \(index)" { return .index(index) }
            return .key(key.stringValue)
        }
    }

    var isEmpty: Bool { steps.isEmpty }

    /// `measures[0].target`, as messages name a key.
    var description: String {
        var text = ""
        for step in steps {
            switch step {
            case .index(let index): text += "[\(index)]"
            case .key(let key): text += (text.isEmpty ? "" : ".") + key
            }
        }
        return text
    }

    /// The node at this place, following keys through mappings and positions through lists.
    func node(in root: Node) -> Node? {
        var current: Node? = root
        for step in steps {
            switch (current, step) {
            case (.mapping(let mapping), .key(let key)):
                current = YAMLFile.pairs(of: mapping).last { $0.key.string == key }?.value
            case (.sequence(let sequence), .index(let index)):
                guard sequence.indices.contains(index) else { return nil }
                current = sequence[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Where the place is written: the line of its last key (a section's own line, not its
    /// first entry's), or of the nearest enclosing place the document has.
    func mark(in root: Node) -> Mark? {
        var steps = self.steps
        while let last = steps.last {
            switch (Place(Array(steps.dropLast())).node(in: root), last) {
            case (.mapping(let mapping), .key(let key)):
                if let mark = YAMLFile.pairs(of: mapping).last(where: { $0.key.string == key })?.key.mark {
                    return mark
                }
            case (.sequence(let sequence), .index(let index)):
                if sequence.indices.contains(index), let mark = sequence[index].mark { return mark }
            default: break
            }
            steps.removeLast()
        }
        return root.mark
    }
}
