/// Text put inside HTML, SVG or the XML parts of a Word document.
enum MarkupText {
    /// `text` with `& < > "` written as entities and the control characters XML 1.0 does not
    /// allow (all below U+0020 but tab, line feed and carriage return) and the invisible controls
    /// of ``withoutInvisibleControls(_:)`` left out: the one escaping
    /// of the HTML note, its SVG charts and the Word document's parts, so a value that is safe in
    /// one is safe in all three.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            case _ where isInvisibleControl(scalar): continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension MarkupText {
    /// `text` without the characters that change how text around them reads but show nothing:
    /// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width
    /// spaces and joiners and direction marks (U+200B–U+200F), the word joiner (U+2060) and the
    /// byte order mark (U+FEFF). Every text of a note passes through it, so an answer holding a
    /// right-to-left override cannot reorder the note's sentence around it.
    static func withoutInvisibleControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isInvisibleControl) else { return text }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: text.unicodeScalars.lazy.filter { !isInvisibleControl($0) })
        return String(result)
    }

    private static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// `text` written so that a Markdown renderer shows it as it is, never as markup: a `<` that
    /// could open a tag, a `&` that would begin an entity, backslashes, backticks, brackets,
    /// asterisks, tildes, pipes and the underscores not inside a word escaped, and at the start
    /// of a line the marker of a heading, quote, list or heading underline escaped too.
    static func markdownEscaped(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escapedLine($0) }.joined(separator: "\n")
    }

    /// A text value of a note's context escaped for Markdown: a table made by
    /// ``MarkdownTable`` — every line a row between pipes, the second its alignment — keeps its
    /// rows with every cell escaped (a cell wholly in `**` stays bold); any other text is escaped
    /// as a whole (``markdownEscaped(_:)``).
    static func markdownEscapedValue(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 2, lines.allSatisfy({ $0.hasPrefix("|") && $0.hasSuffix("|") }),
            lines[1].allSatisfy({ "|:-".contains($0) })
        else { return markdownEscaped(text) }
        return lines.enumerated().map { index, line in
            guard index != 1 else { return String(line) }
            // Each cell escaped where it stands, the row's pipes and spaces kept byte for byte.
            return segments(line).map { segment -> String in
                let leading = segment.prefix { $0 == " " }
                let trailing = segment.dropFirst(leading.count).reversed().prefix { $0 == " " }
                let cell = segment.dropFirst(leading.count).dropLast(trailing.count)
                var escaped = escapedLine(cell, startsLine: false)
                if cell.count > 4, cell.hasPrefix("**"), cell.hasSuffix("**") {
                    escaped =
                        "**" + escapedLine(cell.dropFirst(2).dropLast(2), startsLine: false) + "**"
                }
                return leading + escaped + String(trailing)
            }.joined(separator: "|")
        }.joined(separator: "\n")
    }

    /// One line (or table cell, `startsLine` false: no block marker to escape) of free text escaped.
    private static func escapedLine(_ line: Substring, startsLine: Bool = true) -> String {
        func literal(_ character: Character) -> String { "\\" + String(character) }
        let characters = Array(line)
        var result = ""
        result.reserveCapacity(line.utf8.count)
        let firstVisible = characters.firstIndex { $0 != " " } ?? characters.endIndex
        let blockMarker = startsLine ? opensBlock(characters[firstVisible...]).map { firstVisible + $0 } : nil
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            // `<` before a space or at the end opens no tag: «p < 0,001» stays as it is in Markdown.
            case "<" where next.map({ !$0.isWhitespace }) ?? false: result += "&lt;"
            case "\\", "`", "*", "[", "]", "~", "|": result += literal(character)
            case "&" where next == "#" || next?.isASCII == true && next?.isLetter == true: result += literal(character)
            case "_":
                let wordBefore = index > 0 && (characters[index - 1].isLetter || characters[index - 1].isNumber)
                let wordAfter = next.map { $0.isLetter || $0.isNumber } ?? false
                result += wordBefore && wordAfter ? "_" : literal(character)
            case _ where index == blockMarker: result += literal(character)
            default: result.append(character)
            }
        }
        return result
    }

    /// Where, counted from its start, a line beginning with `rest` has the marker that would open
    /// a heading, quote, list or heading underline (`1.` is escaped at its dot); nil when it opens
    /// none. (Markers `*`, `[`, `` ` `` are escaped wherever they are.)
    private static func opensBlock(_ rest: ArraySlice<Character>) -> Int? {
        guard let first = rest.first else { return nil }
        switch first {
        case "#", ">", "=": return 0
        case "-", "+":
            let second = rest.dropFirst().first
            let marker =
                second == nil || second == " " || second == "\t" || rest.allSatisfy { $0 == first || $0 == " " }
            return marker ? 0 : nil
        default:
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9 else { return nil }
            let after = rest.dropFirst(digits.count).first
            return after == "." || after == ")" ? digits.count : nil
        }
    }

    /// A table row split at its pipes, untrimmed — `| a | b |` into "", " a ", " b ", "" — with
    /// `\|` read as a pipe inside a cell and other backslash escapes kept for the cell's text.
    private static func segments(_ line: some StringProtocol) -> [String] {
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

    /// `text` for the HTML page: ``escaped(_:)`` (`& < > "` as entities, control and invisible
    /// characters left out), and the characters Markdown reads as markup — backslash, backtick,
    /// asterisk, brackets, tilde, pipe, `#` and an underscore not inside a word — as numeric
    /// references, so no text of the page is markup to a Markdown reader either.
    static func htmlText(_ text: String) -> String {
        let characters = Array(escaped(text))
        var result = ""
        result.reserveCapacity(characters.count)
        for (index, character) in characters.enumerated() {
            switch character {
            case "\\", "`", "*", "[", "]", "~", "|", "#":
                result += "&#\(character.unicodeScalars.first?.value ?? 0);"
            case "_":
                let wordBefore = index > 0 && (characters[index - 1].isLetter || characters[index - 1].isNumber)
                let wordAfter =
                    index + 1 < characters.count && (characters[index + 1].isLetter || characters[index + 1].isNumber)
                result += wordBefore && wordAfter ? "_" : "&#95;"
            default: result.append(character)
            }
        }
        return result
    }
}
