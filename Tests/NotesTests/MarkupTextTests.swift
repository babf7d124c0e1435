import Testing

@testable import Notes

@Suite("Markup text")
struct MarkupTextTests {
    @Test func markupCharactersBecomeEntities() {
        #expect(MarkupText.escaped(#"<b>«Школа» & "СОШ"</b>"#) == "&lt;b&gt;«Школа» &amp; &quot;СОШ&quot;&lt;/b&gt;")
    }

    @Test func controlCharactersXMLForbidsAreLeftOut() {
        #expect(MarkupText.escaped("a\u{0}b\u{1B}c\u{8}") == "abc")
        #expect(MarkupText.escaped("a\tb\nc\rd") == "a\tb\nc\rd")
        #expect(MarkupText.escaped("Школа \u{202E}1\u{2066}\u{200B}") == "Школа 1")  // SVG labels, Word parts
    }

    @Test func theHTMLNoteEscapesEveryTextOfItsBlocks() {
        let html = NoteHTML.body(
            [.heading(level: 2, text: [.init(text: "<script>\u{7}")]), .bullets([[.init(text: "a & b", bold: true)]])],
            charts: [])
        #expect(html == "<h2>&lt;script&gt;</h2><ul><li><strong>a &amp; b</strong></li></ul>")
    }
}

@Suite("Answers in the HTML note")
struct AnswersInHTMLTests {
    struct Context: Encodable {
        let answers: [String]
    }

    static func html(_ answers: [String]) throws -> String {
        let template = try NoteTemplate(path: "test.note.md", text: "# Ответы\n\n{{#answers}}\n- {{.}}\n{{/answers}}\n")
        return try NoteRenderer(template: template).render(
            title: "Ответы", context: Context(answers: answers), charts: [:]
        )
        .html
    }

    /// A link, an image from a remote address and a `javascript:` link written as an answer stay text.
    @Test func markdownInAnAnswerIsNotMarkup() throws {
        let html = try Self.html([
            "![пиксель](https://tracker.example/p.png)", "[нажмите](javascript:alert(1))", "<script>alert(1)</script>",
        ])
        #expect(!html.contains("<img"))
        #expect(!html.contains("href="))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&#91;нажмите&#93;(javascript:alert(1))"))
    }

    /// A run of brackets sent the Markdown parser into exponential time (a run of the November
    /// survey with one such answer did not end in a minute); now it is text like any other.
    @Test func aRunOfBracketsIsText() throws {
        let html = try Self.html([String(repeating: "[", count: 40) + " и " + String(repeating: "]", count: 40)])
        #expect(html.contains(String(repeating: "&#91;", count: 40)))
    }
}

/// Issue 18, class 6: free text is data, never markup, in every format of a note.
@Suite("Free text in the note's Markdown")
struct FreeTextInMarkdownTests {
    struct Context: Encodable {
        let answers: [String]
        let table: String
    }

    static let template = "# Ответы\n\n{{#answers}}\n- {{.}}\n{{/answers}}\n\n{{table}}\n"

    static func render(_ answers: [String], table: MarkdownTable = MarkdownTable(columns: ["Школа"])) throws
        -> NoteRenderer.Document
    {
        try NoteRenderer(template: NoteTemplate(path: "test.note.md", text: template)).render(
            title: "Ответы", context: Context(answers: answers, table: table.markdown), charts: [:])
    }

    @Test func markdownSyntaxInTextIsEscaped() {
        #expect(MarkupText.markdownEscaped("<script>alert(1)</script>") == "&lt;script>alert(1)&lt;/script>")
        #expect(MarkupText.markdownEscaped("![п](https://t.example/p.png)") == "!\\[п\\](https://t.example/p.png)")
        #expect(MarkupText.markdownEscaped("# Заголовок") == "\\# Заголовок")
        #expect(
            MarkupText.markdownEscaped("- пункт\n+ пункт\n1. пункт\n> цитата")
                == "\\- пункт\n\\+ пункт\n1\\. пункт\n\\> цитата")
        #expect(MarkupText.markdownEscaped("*важно* и _так_, ~~нет~~") == "\\*важно\\* и \\_так\\_, \\~\\~нет\\~\\~")
        #expect(MarkupText.markdownEscaped("`код` a|b \\ &lt; &") == "\\`код\\` a\\|b \\\\ \\&lt; &")
        #expect(
            MarkupText.markdownEscaped("snake_case -5,3 2024 год, p < 0,001") == "snake_case -5,3 2024 год, p < 0,001")
    }

    @Test func aTableKeepsItsRowsWithEveryCellEscaped() {
        let table = MarkdownTable(
            columns: ["Школа", "N"], rightAligned: [1], rows: [["<b>*x*</b> | 1", "5"], ["**Всего**", "**7**"]])
        #expect(
            MarkupText.markdownEscapedValue(table.markdown)
                == "| Школа | N |\n|:---|---:|\n| &lt;b>\\*x\\*&lt;/b> \\| 1 | 5 |\n| **Всего** | **7** |")
    }

    @Test func answersReachNoteMarkdownAsText() throws {
        let document = try Self.render(
            ["<script>alert(1)</script>", "![пиксель](https://tracker.example/p.png)", "# не заголовок", "*курсив*"],
            table: MarkdownTable(columns: ["Школа"], rows: [["[ссылка](javascript:alert(1))"]]))
        #expect(
            document.markdown == """
                # Ответы

                - &lt;script>alert(1)&lt;/script>
                - !\\[пиксель\\](https://tracker.example/p.png)
                - \\# не заголовок
                - \\*курсив\\*

                | Школа |
                |:---|
                | \\[ссылка\\](javascript:alert(1)) |

                """)
        #expect(
            document.html.contains(
                "<ul><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>!&#91;пиксель&#93;(https://tracker.example/p.png)</li>"
                    + "<li>&#35; не заголовок</li><li>&#42;курсив&#42;</li></ul><table><thead><tr><th align=\"left\">Школа</th>"
                    + "</tr></thead><tbody><tr><td align=\"left\">&#91;ссылка&#93;(javascript:alert(1))</td></tr></tbody></table>"
            ))
        #expect(!document.html.contains("<script>") && !document.html.contains("<img"))
        // The Word document is made from the same Markdown: the escapes read back as the text.
        #expect(
            NoteBlock.parse(document.markdown).dropFirst() == [
                .bullets([
                    [.init(text: "<script>alert(1)</script>")],
                    [.init(text: "![пиксель](https://tracker.example/p.png)")],
                    [.init(text: "# не заголовок")], [.init(text: "*курсив*")],
                ]),
                .table(
                    header: [[.init(text: "Школа")]], rightAligned: [false],
                    rows: [[[.init(text: "[ссылка](javascript:alert(1))")]]]),
            ])
    }

    @Test func bidiOverridesAndZeroWidthCharactersAreRemoved() throws {
        let answer = "оценка \u{202E}5 из 2\u{202C} за\u{200B}да\u{2066}ние\u{2069}\u{FEFF}\u{2060}\u{200F}"
        let document = try NoteRenderer(template: NoteTemplate(path: "test.note.md", text: "# {{title}}\n\n{{text}}\n"))
            .render(
                title: "Т\u{202E}ема", context: ["title": "Т\u{202D}ема", "text": answer] as [String: Any], charts: [:])
        #expect(document.markdown == "# Тема\n\nоценка 5 из 2 задание\n")
        #expect(document.html.contains("<title>Тема</title>"))
        #expect(document.html.contains("<p>оценка 5 из 2 задание</p>"))
        #expect(!document.html.unicodeScalars.contains { (0x2000...0x206F).contains($0.value) && $0 != "\u{2014}" })
    }

    @Test func theHTMLPageForbidsRemoteLoadsAndScripts() throws {
        let html = try Self.render(["ответ"]).html
        #expect(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                    + "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">"))
    }
}
