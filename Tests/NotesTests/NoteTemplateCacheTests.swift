import Testing

@testable import Notes

/// A template is parsed once per process and kept by its text: the kept one renders as a fresh
/// parse would, and a broken one is refused every time, naming the file it was read from.
@Suite("Parsed templates kept by text")
struct NoteTemplateCacheTests {
    @Test func aKeptTemplateRendersAsAFreshOne() throws {
        let text = "# Справка {{title}}\n\nОтветили {{count}} педагогов.\n"
        let first = try NoteTemplate(path: "первая.note.md", text: text)
        let second = try NoteTemplate(path: "вторая.note.md", text: text)
        #expect(second.path == "вторая.note.md")
        let context: [String: Any] = ["title": "ноябрь", "count": 12]
        #expect(first.render(context) == second.render(context))
        #expect(second.render(context).contains("Ответили 12 педагогов."))
    }

    @Test func aBrokenTemplateIsRefusedEachTimeWithItsOwnFile() {
        let text = "# Справка\n\n{{#раздел}}не закрыт\n"
        for path in ["a.note.md", "b.note.md"] {
            #expect {
                try NoteTemplate(path: path, text: text)
            } throws: { error in
                (error as? NoteTemplateError)?.file == path
            }
        }
    }

    @Test func manyTemplatesEachRenderTheirOwnText() throws {
        // More texts than are kept: each still renders its own.
        for index in 0..<20 {
            let template = try NoteTemplate(path: "t\(index).note.md", text: "шаблон \(index): {{value}}")
            #expect(template.render(["value": "x"]) == "шаблон \(index): x")
        }
    }
}
