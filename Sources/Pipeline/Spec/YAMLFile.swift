import Foundation
import Ingest
import Yams

/// Reads a YAML configuration file into a Decodable type, turning every fault into a
/// ``ConfigurationError`` that names the file, the line and the key.
enum YAMLFile {
    /// Larger configuration files are refused: no real pipeline or instrument comes close.
    static let maxBytes = 1 << 20

    static func decode<T: Decodable>(_ type: T.Type, path: String) throws -> T {
        try decode(type, text: try readText(path), path: path)
    }

    /// Decodes `text` already read from `path` (with ``readText(_:)``).
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
        do {
            return try YAMLDecoder().decode(type, from: node)
        } catch let error as DecodingError {
            throw describe(error, file: path, root: node)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(file: path, "\(error)")
        }
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
                file: file, line: mark.line, column: mark.column, "ошибка синтаксиса YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ConfigurationError(
                file: file, line: context.mark.line, "ключ повторяется: \(duplicates.joined(separator: ", "))")
        default:
            return ConfigurationError(file: file, "ошибка YAML: \(error)")
        }
    }

    private static func describe(_ error: DecodingError, file: String, root: Node) -> ConfigurationError {
        func keyPath(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case let .keyNotFound(key, context):
            let mark = self.mark(of: context.codingPath, in: root)
            let place = context.codingPath.isEmpty ? "" : " в «\(keyPath(context.codingPath))»"
            return ConfigurationError(
                file: file, line: mark?.line, "нет обязательного ключа «\(key.stringValue)»\(place)")
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            let mark = self.mark(of: context.codingPath, in: root)
            return ConfigurationError(
                file: file, line: mark?.line, column: mark?.column,
                "значение «\(keyPath(context.codingPath))» не того вида: \(context.debugDescription)")
        case let .dataCorrupted(context):
            let mark = self.mark(of: context.codingPath, in: root)
            let value = mark.flatMap { _ in node(at: context.codingPath, in: root)?.string }.map { " («\($0)»)" } ?? ""
            return ConfigurationError(
                file: file, line: mark?.line, column: mark?.column,
                "недопустимое значение «\(keyPath(context.codingPath))»\(value)")
        @unknown default:
            return ConfigurationError(file: file, "\(error)")
        }
    }

    private static func node(at path: [any CodingKey], in root: Node) -> Node? {
        var current: Node? = root
        for key in path {
            if let index = key.intValue, let sequence = current?.sequence {
                current = index < sequence.count ? sequence[index] : nil
            } else {
                current = current?[key.stringValue]
            }
        }
        return current
    }

    private static func mark(of path: [any CodingKey], in root: Node) -> Mark? {
        var path = path
        while true {
            if let mark = node(at: path, in: root)?.mark { return mark }
            if path.isEmpty { return nil }
            path.removeLast()
        }
    }
}
