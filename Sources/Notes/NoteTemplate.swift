import Foundation
import Mustache
import Synchronization

/// The wording and order of a note's sections: a Mustache template the analyst edits.
///
/// The template writes Markdown. Values are inserted with `{{name}}`, tables and other
/// prepared Markdown blocks with `{{{name}}}`, sections with `{{#name}}…{{/name}}`; a chart
/// stands where `{{{charts.ID}}}` is written. A template that does not parse, or whose sections
/// nest deeper than `maximumSectionDepth`, is an error naming the file, line and column.
public struct NoteTemplate: Sendable {
    public let path: String
    private let template: MustacheTemplate

    /// How deep sections may nest. The Mustache parser recurses once per level, so a template
    /// nested thousands deep would overflow the stack; notes need a handful of levels.
    public static let maximumSectionDepth = 32

    public init(path: String, text: String) throws {
        self.path = path
        if let tooDeep = SectionNesting.firstTooDeep(in: text, limit: Self.maximumSectionDepth) {
            throw NoteTemplateError(
                file: path, line: tooDeep.line, column: tooDeep.column,
                message: "разделы вложены глубже \(Self.maximumSectionDepth) уровней")
        }
        if let parsed = Self.parsed.withLock({ $0[text] }) {
            template = parsed
            return
        }
        do {
            // Values are escaped by the renderer for each output, so Mustache must not.
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
            Self.keep(template, for: text)
        } catch let error as MustacheTemplate.ParserError {
            throw NoteTemplateError(
                file: path, line: error.context.lineNumber,
                column: error.context.lineNumber == 1
                    ? max(1, error.context.columnNumber - 25) : error.context.columnNumber,
                message: Self.describe(error.error))
        }
    }

    /// Templates parsed in this process, by their text: a run checks its template when it loads
    /// the pipeline and renders it at the end, and the Mustache parser takes tens of
    /// milliseconds over a note of Cyrillic text (it measures its place in characters).
    private static let parsed = Mutex<[String: MustacheTemplate]>([:])

    /// Keeps a parsed template for its text; a handful at most, so a long test process holds
    /// no more than a run does.
    private static func keep(_ template: MustacheTemplate, for text: String) {
        parsed.withLock { parsed in
            if parsed.count >= 8 { parsed.removeAll() }
            parsed[text] = template
        }
    }

    /// `text` (a label from a pipeline or instrument file) written into a template's own text so
    /// that it prints as it is: escaped for Markdown as values are, and no `{{` left to open a tag.
    public static func literal(_ text: String) -> String {
        MarkupText.markdownEscaped(text).replacingOccurrences(of: "{{", with: "{ {")
    }

    func render(_ context: [String: Any]) -> String {
        template.render(context)
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "закрывающий тег раздела {{/…}} не совпадает с открывающим"
        case .unfinishedName?: return "тег не закрыт: не хватает }}"
        case .expectedSectionEnd?: return "раздел {{#…}} не закрыт тегом {{/…}}"
        case .invalidSetDelimiter?: return "неверная смена разделителей"
        default: return "ошибка шаблона: \(error)"
        }
    }
}

/// The nesting of a template's sections, measured with a scan of its tags (no recursion), so
/// that depth is checked before the recursive Mustache parser sees the text.
///
/// Follows the parser's tag syntax: a tag opens with the current start delimiter, its kind is
/// the character right after it; `#`, `^`, `$` and `<` open a section, `/` closes one, `=`
/// changes the delimiters. Unbalanced tags are left for the parser to report.
enum SectionNesting {
    /// The opening tag (line and column, from 1; columns count characters) at which the depth
    /// first exceeds `limit`, or nil.
    static func firstTooDeep(in text: String, limit: Int) -> (line: Int, column: Int)? {
        let bytes = Array(text.utf8)
        var start = Array("{{".utf8)
        var end = Array("}}".utf8)
        var depth = 0
        var line = 1
        var lineStart = 0
        var index = 0
        func matches(_ delimiter: [UInt8], at position: Int) -> Bool {
            position + delimiter.count <= bytes.count
                && bytes[position..<(position + delimiter.count)].elementsEqual(delimiter)
        }
        func find(_ delimiter: [UInt8], from position: Int) -> Int? {
            var position = position
            while position + delimiter.count <= bytes.count {
                if matches(delimiter, at: position) { return position }
                position += 1
            }
            return nil
        }
        while index < bytes.count {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard matches(start, at: index) else {
                index += 1
                continue
            }
            let kindIndex = index + start.count
            guard kindIndex < bytes.count, let close = find(end, from: kindIndex) else { return nil }
            let next = close + end.count
            switch bytes[kindIndex] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "<"):
                depth += 1
                if depth > limit {
                    let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
                    return (line, column)
                }
            case UInt8(ascii: "/"):
                depth = max(0, depth - 1)
            case UInt8(ascii: "="):
                // `{{=<% %>=}}`: two new delimiters between the equals signs.
                let inner = bytes[(kindIndex + 1)..<close]
                let words = inner.split { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
                if words.count == 2, words[1].last == UInt8(ascii: "="), words[1].count > 1 {
                    start = Array(words[0])
                    end = Array(words[1].dropLast())
                } else if words.count == 3, words[2].elementsEqual([UInt8(ascii: "=")]) {
                    start = Array(words[0])
                    end = Array(words[1])
                }
            default:
                break
            }
            // Line breaks inside the tag still count.
            for position in kindIndex..<close where bytes[position] == 0x0A {
                line += 1
                lineStart = position + 1
            }
            index = next
        }
        return nil
    }
}

/// A template that does not parse: a configuration error (exit status 2).
public struct NoteTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(file), строка \(line), столбец \(column): \(message)" }
}
