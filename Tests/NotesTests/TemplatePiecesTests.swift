import Testing

@testable import Notes

/// A long template is parsed in top-level pieces (``TopLevelPieces``): rendered one after
/// another they give what the whole template gives, and a broken one is reported where a
/// whole parse reports it.
@Suite("Templates parsed in pieces")
struct TemplatePiecesTests {
    /// Sections, inverted sections, comments, triple braces and standalone tags (indented too)
    /// at the start of lines, over more than a piece's length of Cyrillic text.
    static func longTemplate(sections: Int) -> String {
        var text = "{{#title}}# {{title}}{{/title}}\n\n"
        for index in 0..<sections {
            text += """
                ## Раздел \(index): удовлетворённость методической помощью
                {{! комментарий
                на двух строках }}
                {{#items}}
                  {{#shown}}
                - {{label}} — {{{table}}} ({{count}} из {{total}})
                  {{/shown}}
                  {{^shown}}
                - {{label}}: данные не приводятся
                  {{/shown}}
                {{/items}}
                {{^items}}
                Ответов нет.
                {{/items}}
                   {{! отступ перед комментарием }}
                Итого по разделу {{index}}: {{total}} ответов, «{{title}}».

                """
        }
        return text + "Конец справки {{title}}"
    }

    static var context: [String: Any] {
        [
            "title": "Ноябрь <2023>", "total": 42, "index": 7,
            "items": [
                ["label": "Школа № 1", "shown": true, "table": "| a | b |", "count": 30],
                ["label": "Школа № 2", "shown": false, "table": "", "count": 2],
            ],
        ]
    }

    @Test func piecesRenderAsTheWholeTemplate() throws {
        let text = Self.longTemplate(sections: 12)
        let starts = try #require(TopLevelPieces.starts(in: text))
        #expect(starts.count > 5)
        let template = try NoteTemplate(path: "длинный.note.md", text: text)
        let whole = try NoteTemplate.parse(text, inPieces: false)
        #expect(whole.count == 1)
        #expect(template.render(Self.context) == whole[0].render(Self.context))
        #expect(template.render([:]) == whole[0].render([:]))
    }

    @Test func aTemplateChangingItsDelimitersIsParsedWhole() {
        let text = Self.longTemplate(sections: 6) + "\n{{=<% %>=}}\n<% title %>\n"
        #expect(TopLevelPieces.starts(in: text) == nil)
    }

    @Test func aTemplateSettingAPragmaIsParsedWhole() {
        // A pragma holds for the rest of the whole text, not only for the rest of a piece.
        let text = Self.longTemplate(sections: 3) + "{{% CONTENT_TYPE: HTML}}\n" + Self.longTemplate(sections: 3)
        #expect(TopLevelPieces.starts(in: text) == nil)
    }

    @Test func aShortTemplateIsOnePiece() {
        #expect(TopLevelPieces.starts(in: "# {{title}}\n") == nil)
    }

    @Test func aBrokenLongTemplateIsReportedWhereTheWholeParseReportsIt() throws {
        // A section closed by another's name far down: the piece holding it fails, and the
        // whole text is parsed to name the place.
        let text = Self.longTemplate(sections: 8) + "{{#part}}\nтекст\n{{/other}}\n" + Self.longTemplate(sections: 2)
        let closing = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("{{/other}}") }
        #expect(throws: NoteTemplateError.self) { try NoteTemplate(path: "сломанный.note.md", text: text) }
        do {
            _ = try NoteTemplate(path: "сломанный.note.md", text: text)
        } catch let error as NoteTemplateError {
            #expect(error.file == "сломанный.note.md")
            #expect(error.line == (closing ?? -1) + 1)
            #expect(error.message.contains("не совпадает"))
        }
    }
}
