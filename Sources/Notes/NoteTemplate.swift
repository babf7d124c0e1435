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
    /// The template, parsed in pieces that render one after another (``TopLevelPieces``).
    private let pieces: [MustacheTemplate]

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
            pieces = parsed
            return
        }
        do {
            pieces = try Self.parse(text)
            Self.keep(pieces, for: text)
        } catch let error as MustacheTemplate.ParserError {
            throw NoteTemplateError(
                file: path, line: error.context.lineNumber,
                column: error.context.lineNumber == 1
                    ? max(1, error.context.columnNumber - 25) : error.context.columnNumber,
                message: Self.describe(error.error))
        }
    }

    /// Templates parsed in this process, by their text: a run checks its template when it loads
    /// the pipeline and renders it at the end, and the Mustache parser takes milliseconds over
    /// a note of Cyrillic text.
    private static let parsed = Mutex<[String: [MustacheTemplate]]>([:])

    /// Keeps a parsed template for its text; a handful at most, so a long test process holds
    /// no more than a run does.
    private static func keep(_ pieces: [MustacheTemplate], for text: String) {
        parsed.withLock { parsed in
            if parsed.count >= 8 { parsed.removeAll() }
            parsed[text] = pieces
        }
    }

    /// Parses `text` whole, or in its top-level pieces (``TopLevelPieces``) when it has several:
    /// the Mustache parser measures the rest of the text in characters at every tag, so its time
    /// grows with the square of a piece's length (tens of milliseconds over a note of Cyrillic
    /// text whole). A piece that does not parse sends the text to be parsed whole, so an error
    /// names the place a whole parse names.
    static func parse(_ text: String, inPieces: Bool = true) throws -> [MustacheTemplate] {
        // Values are escaped by the renderer for each output, so Mustache must not.
        let whole = { try [MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)] }
        guard inPieces, let starts = TopLevelPieces.starts(in: text), starts.count > 1 else { return try whole() }
        let utf8 = text.utf8
        var pieces: [MustacheTemplate] = []
        for (number, start) in starts.enumerated() {
            let end = number + 1 < starts.count ? starts[number + 1] : utf8.count
            let piece = String(decoding: utf8.dropFirst(start).prefix(end - start), as: UTF8.self)
            // The first piece as a whole parse reads it; each later one begins a line, as it
            // does in the whole text: the type on a line of its own, which leaves no trace.
            guard
                let parsed = try? MustacheTemplate(
                    string: (number == 0 ? "{{% CONTENT_TYPE: TEXT}}" : "{{% CONTENT_TYPE: TEXT}}\n") + piece)
            else { return try whole() }
            pieces.append(parsed)
        }
        return pieces
    }

    /// `text` (a label from a pipeline or instrument file) written into a template's own text so
    /// that it prints as it is: escaped for Markdown as values are, and no `{{` left to open a tag.
    public static func literal(_ text: String) -> String {
        MarkupText.markdownEscaped(text).replacingOccurrences(of: "{{", with: "{ {")
    }

    func render(_ context: [String: Any]) -> String {
        pieces.count == 1 ? pieces[0].render(context) : pieces.map { $0.render(context) }.joined()
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

/// Where a template can be cut into pieces that parse and render on their own: at the start
/// of a line outside every section and tag, every ``pieceBytes`` or so.
///
/// At such a place nothing of the parse carries over but the place at the start of a line,
/// which a later piece begins at too: the pieces rendered one after another give what the
/// whole renders. Follows the tag syntax of ``SectionNesting``; a template that changes its
/// delimiters (`{{=`…`=}}`), sets a pragma (`{{%`…`}}`), or whose sections do not close in
/// order, is not cut at all.
enum TopLevelPieces {
    /// About how long a piece is, in bytes.
    static let pieceBytes = 1_024

    /// The byte offsets at which the pieces start (the first at 0); nil when the text is not cut.
    static func starts(in text: String) -> [Int]? {
        guard text.utf8.count > pieceBytes else { return nil }
        let bytes = Array(text.utf8)
        let open: [UInt8] = Array("{{".utf8)
        let close: [UInt8] = Array("}}".utf8)
        func matches(_ delimiter: [UInt8], at position: Int) -> Bool {
            position + delimiter.count <= bytes.count
                && bytes[position..<(position + delimiter.count)].elementsEqual(delimiter)
        }
        var starts = [0]
        var depth = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                index += 1
                if depth == 0, index < bytes.count, index - (starts.last ?? 0) >= pieceBytes { starts.append(index) }
                continue
            }
            guard matches(open, at: index) else {
                index += 1
                continue
            }
            let kindIndex = index + open.count
            guard kindIndex < bytes.count else { return nil }
            var closing = kindIndex
            while closing < bytes.count && !matches(close, at: closing) { closing += 1 }
            guard closing < bytes.count else { return nil }
            switch bytes[kindIndex] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "<"): depth += 1
            case UInt8(ascii: "/"):
                depth -= 1
                if depth < 0 { return nil }
            // New delimiters, or a pragma, hold for the rest of the whole text but would hold
            // only for the rest of their piece.
            case UInt8(ascii: "="), UInt8(ascii: "%"): return nil
            default: break
            }
            index = closing + close.count
        }
        return depth == 0 ? starts : nil
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
