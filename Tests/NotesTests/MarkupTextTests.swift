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
    }

    @Test func theHTMLNoteEscapesWhatTheTemplateIsGiven() {
        let escaped = NoteRenderer.escapedForHTML(["name": "<script>\u{7}", "rows": ["a & b"]] as [String: Any])
        let values = escaped as? [String: Any]
        #expect(values?["name"] as? String == "&lt;script&gt;")
        #expect((values?["rows"] as? [Any])?.first as? String == "a &amp; b")
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
