import Foundation

/// The block structure of a note's Markdown, for writing it as a Word document.
///
/// Reads the Markdown that note templates write: headings (`#`–`###`), paragraphs, bulleted
/// (`- `) and numbered (`1. `) lists, pipe tables with alignment rows, bold (`**`) and italic
/// (`*`, `_`) text, and chart placeholders; backslash escapes and `&lt;` (how a note's Markdown
/// writes free text, ``MarkupText/markdownEscaped(_:for:)``) are read as the characters they stand for.
/// Anything else is kept as plain text.
enum NoteBlock: Equatable {
    case heading(level: Int, text: [Inline])
    case paragraph([Inline])
    case bullets([[Inline]])
    case numbered([[Inline]])
    case table(header: [[Inline]], rightAligned: [Bool], rows: [[[Inline]]])
    case chart(index: Int)

    struct Inline: Equatable {
        var text: String
        var bold = false
        var italic = false
    }

    static let chartPrefix = "SHNORCHART"

    static func parse(_ markdown: String) -> [NoteBlock] {
        var blocks: [NoteBlock] = []
        var paragraph: [String] = []
        var bullets: [[Inline]] = []
        var numbered: [[Inline]] = []
        var tableLines: [String] = []

        func flush() {
            if !paragraph.isEmpty {
                let text = paragraph.joined(separator: " ")
                if text.hasPrefix(chartPrefix), text.hasSuffix("X"),
                    let index = Int(text.dropFirst(chartPrefix.count).dropLast())
                {
                    blocks.append(.chart(index: index))
                } else {
                    blocks.append(.paragraph(inlines(text)))
                }
                paragraph = []
            }
            if !bullets.isEmpty { blocks.append(.bullets(bullets)); bullets = [] }
            if !numbered.isEmpty { blocks.append(.numbered(numbered)); numbered = [] }
            if !tableLines.isEmpty { blocks.append(table(tableLines)); tableLines = [] }
        }

        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("|") {
                if tableLines.isEmpty { flush() }
                tableLines.append(line)
                continue
            } else if !tableLines.isEmpty {
                flush()
            }
            if let level = headingLevel(line) {
                flush()
                blocks.append(.heading(level: level, text: inlines(String(line.dropFirst(level + 1)))))
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                if !paragraph.isEmpty || !numbered.isEmpty { flush() }
                bullets.append(inlines(String(line.dropFirst(2))))
            } else if let item = numberedItem(line) {
                if !paragraph.isEmpty || !bullets.isEmpty { flush() }
                numbered.append(inlines(item))
            } else {
                if !bullets.isEmpty || !numbered.isEmpty { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return blocks
    }

    private static func headingLevel(_ line: String) -> Int? {
        for level in 1...3 where line.hasPrefix(String(repeating: "#", count: level) + " ") { return level }
        return nil
    }

    private static func numberedItem(_ line: String) -> String? {
        let digits = line.prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.hasPrefix(". ") else { return nil }
        return String(rest.dropFirst(2))
    }

    /// The cells of a table row `| a | b |`, trimmed, with `\|` a pipe inside a cell.
    static func cells(_ line: String) -> [String] {
        var cells = segments(line).map { $0.trimmingCharacters(in: .whitespaces) }
        // A line `| a | b |` splits into "", "a", "b", "".
        if cells.first == "" { cells.removeFirst() }
        if cells.last == "" { cells.removeLast() }
        return cells
    }

    /// A table row split at its pipes, untrimmed — `| a | b |` into "", " a ", " b ", "" — with
    /// `\|` read as a pipe inside a cell and other backslash escapes kept for the cell's text.
    static func segments(_ line: some StringProtocol) -> [String] {
        var segments: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                if character != "|" { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                segments.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        segments.append(current)
        return segments
    }

    private static func table(_ lines: [String]) -> NoteBlock {
        let header = cells(lines[0]).map(inlines)
        var alignment = [Bool](repeating: false, count: header.count)
        var bodyStart = 1
        if lines.count > 1, cells(lines[1]).allSatisfy({ $0.allSatisfy { "-:".contains($0) } && !$0.isEmpty }) {
            alignment = cells(lines[1]).map { $0.hasSuffix(":") && !$0.hasPrefix(":") }
            bodyStart = 2
        }
        let rows = lines.dropFirst(bodyStart).map { cells($0).map(inlines) }
        return .table(header: header, rightAligned: alignment, rows: rows)
    }

    /// Splits text into runs by `**bold**`, `*italic*` and `_italic_` (an underscore inside a word stays).
    static func inlines(_ text: String) -> [Inline] {
        var runs: [Inline] = []
        var current = ""
        var bold = false
        var italic = false
        let characters = Array(text)
        var index = 0
        func close() {
            if !current.isEmpty { runs.append(Inline(text: current, bold: bold, italic: italic)) }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            if character == "*" && index + 1 < characters.count && characters[index + 1] == "*" {
                close()
                bold.toggle()
                index += 2
                continue
            }
            let wordBefore = index > 0 && (characters[index - 1].isLetter || characters[index - 1].isNumber)
            let wordAfter =
                index + 1 < characters.count && (characters[index + 1].isLetter || characters[index + 1].isNumber)
            if character == "*" || (character == "_" && !(wordBefore && wordAfter)) {
                close()
                italic.toggle()
                index += 1
                continue
            }
            if character == "\\", index + 1 < characters.count {
                current.append(characters[index + 1])
                index += 2
                continue
            }
            if character == "&", characters[index...].starts(with: "&lt;") {
                current.append("<")
                index += 4
                continue
            }
            current.append(character)
            index += 1
        }
        close()
        return runs
    }
}
