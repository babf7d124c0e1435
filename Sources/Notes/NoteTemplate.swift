import Foundation
import Mustache

/// The wording and order of a note's sections: a Mustache template the analyst edits.
///
/// The template writes Markdown. Values are inserted with `{{name}}`, tables and other
/// prepared Markdown blocks with `{{{name}}}`, sections with `{{#name}}…{{/name}}`; a chart
/// stands where `{{{charts.ID}}}` is written. A template that does not parse is an error
/// naming the file, line and column.
public struct NoteTemplate: Sendable {
    public let path: String
    private let template: MustacheTemplate

    public init(path: String, text: String) throws {
        self.path = path
        do {
            // Values are escaped by the renderer for each output, so Mustache must not.
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch let error as MustacheTemplate.ParserError {
            throw NoteTemplateError(
                file: path, line: error.context.lineNumber,
                column: error.context.lineNumber == 1
                    ? max(1, error.context.columnNumber - 25) : error.context.columnNumber,
                message: Self.describe(error.error))
        }
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

/// A template that does not parse: a configuration error (exit status 2).
public struct NoteTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(file), строка \(line), столбец \(column): \(message)" }
}
