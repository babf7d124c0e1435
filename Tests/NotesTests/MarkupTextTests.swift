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
