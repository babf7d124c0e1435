import Testing

@testable import Notes

/// The Markdown a note template writes, read back into the blocks the Word writer lays out.
@Suite("Note blocks")
struct NoteBlocksTests {
    typealias Inline = NoteBlock.Inline

    static func plain(_ text: String) -> [Inline] { [Inline(text: text)] }

    @Test func headingsOfThreeLevelsAndNoDeeper() {
        let blocks = NoteBlock.parse("# Справка\n## 1. Итоги\n### Школы\n#### Четвёртый\n#без пробела")
        #expect(
            blocks == [
                .heading(level: 1, text: Self.plain("Справка")),
                .heading(level: 2, text: Self.plain("1. Итоги")),
                .heading(level: 3, text: Self.plain("Школы")),
                .heading(level: 3, text: Self.plain("Четвёртый")),
                .paragraph(Self.plain("#без пробела")),
            ])
    }

    @Test func linesOfAParagraphJoinAndABlankLineEndsIt() {
        let blocks = NoteBlock.parse("Первая строка\n  вторая строка  \n\n\nНовый абзац")
        #expect(
            blocks == [.paragraph(Self.plain("Первая строка вторая строка")), .paragraph(Self.plain("Новый абзац"))])
    }

    /// CommonMark's lists: a new marker starts a new list, a line without one continues the item.
    @Test func bulletedAndNumberedListsEndWhereTheKindChanges() {
        let blocks = NoteBlock.parse("- один\n- два\n1. первый\n12. второй\nтекст\n\nабзац\n\n1234567890. не пункт")
        #expect(
            blocks == [
                .bullets([Self.plain("один"), Self.plain("два")]),
                .numbered([Self.plain("первый"), Self.plain("второй текст")]),
                .paragraph(Self.plain("абзац")),
                .paragraph(Self.plain("1234567890. не пункт")),
            ])
    }

    @Test func aNestedListFlattensIntoItsOuterList() {
        let blocks = NoteBlock.parse("- один\n  - вложенный\n- два")
        #expect(blocks == [.bullets([Self.plain("один"), Self.plain("вложенный"), Self.plain("два")])])
    }

    /// A template's «- 3. Доля…» is a bullet holding a numbered list from 3 in CommonMark: the
    /// numbers stay in the text, as the template wrote them.
    @Test func aNumberedListInsideABulletKeepsItsNumbers() {
        let blocks = NoteBlock.parse("- 3. Доля команд\n- 11. Доля педагогов")
        #expect(blocks == [.bullets([Self.plain("3. Доля команд"), Self.plain("11. Доля педагогов")])])
    }

    @Test func tableCellsLoseTheNonBreakingSpacesAtTheirEnds() {
        let blocks = NoteBlock.parse("| №\u{A0} | Доля |\n|---:|---:|\n| 1 | 50\u{A0}% |")
        #expect(
            blocks == [
                .table(
                    header: [Self.plain("№"), Self.plain("Доля")], rightAligned: [true, true],
                    rows: [[Self.plain("1"), Self.plain("50\u{A0}%")]])
            ])
    }

    /// Raw HTML, code and links in a template print as what they say; they never become markup.
    @Test func htmlCodeAndLinksAreText() {
        let blocks = NoteBlock.parse("<script>x</script>\n\nсм. [сайт](javascript:alert(1)) и `код` <b>ж</b>")
        #expect(
            blocks == [
                .paragraph(Self.plain("<script>x</script>")),
                .paragraph(Self.plain("см. сайт и код <b>ж</b>")),
            ])
    }

    /// Ink overflowed its stack on a template holding `*[` many times; cmark-gfm reads it in
    /// linear time, as emphasis where CommonMark says so, and every bracket stays in the text.
    @Test func aLongRunOfOpeningMarkupRendersWithoutCrashing() throws {
        let markdown = String(repeating: "*[", count: 5_000)
        let blocks = NoteBlock.parse(markdown)
        #expect(blocks.count == 1)
        if case let .paragraph(runs) = blocks.first {
            #expect(runs.map(\.text).joined().filter { $0 == "[" }.count == 5_000)
        }
        let template = try NoteTemplate(path: "test.note.md", text: "# Т\n\n" + markdown + "\n")
        let document = try NoteRenderer(template: template).render(
            title: "Т", context: [:] as [String: Any], charts: [:])
        #expect(document.html.components(separatedBy: "&#91;").count - 1 == 5_000)
        #expect(!document.docx.isEmpty)
    }

    @Test func aTableReadsItsHeaderAlignmentAndRows() {
        let markdown = """
            Перед таблицей

            | Школа | Доля | Итог |
            |:------|-----:|:----:|
            | № 1 \\| корпус 2 | 75,0 % | да |
            | № 2 | 50,0 % |

            После таблицы
            """
        let blocks = NoteBlock.parse(markdown)
        #expect(
            blocks == [
                .paragraph(Self.plain("Перед таблицей")),
                .table(
                    header: [Self.plain("Школа"), Self.plain("Доля"), Self.plain("Итог")],
                    rightAligned: [false, true, false],
                    rows: [
                        [Self.plain("№ 1 | корпус 2"), Self.plain("75,0 %"), Self.plain("да")],
                        [Self.plain("№ 2"), Self.plain("50,0 %"), []],
                    ]),
                .paragraph(Self.plain("После таблицы")),
            ])
    }

    /// GitHub's tables need the delimiter row; without it the lines are a paragraph.
    @Test func aTableWithoutAnAlignmentRowIsAParagraph() {
        let blocks = NoteBlock.parse("| a | b |\n| 1 | 2 |")
        #expect(blocks == [.paragraph(Self.plain("| a | b | | 1 | 2 |"))])
    }

    @Test func aChartPlaceholderOnItsOwnLineBecomesAChart() {
        let blocks = NoteBlock.parse(
            "\(NoteBlock.chartPrefix)3X\n\nтекст \(NoteBlock.chartPrefix)4X\n\n\(NoteBlock.chartPrefix)12")
        #expect(
            blocks == [
                .chart(index: 3),
                .paragraph(Self.plain("текст \(NoteBlock.chartPrefix)4X")),
                .paragraph(Self.plain("\(NoteBlock.chartPrefix)12")),
            ])
    }

    @Test func boldAndItalicRunsAndEscapes() {
        #expect(
            NoteBlock.inlines("до **жирный** и *курсив*, _тоже_") == [
                Inline(text: "до "), Inline(text: "жирный", bold: true), Inline(text: " и "),
                Inline(text: "курсив", italic: true), Inline(text: ", "), Inline(text: "тоже", italic: true),
            ])
        #expect(NoteBlock.inlines("**_оба_**") == [Inline(text: "оба", bold: true, italic: true)])
        // An underscore inside a word (a file name, an identifier) stays; a backslash escapes.
        #expect(NoteBlock.inlines("results_unsuppressed.json") == [Inline(text: "results_unsuppressed.json")])
        #expect(NoteBlock.inlines("5 \\* 3 \\_x\\_") == [Inline(text: "5 * 3 _x_")])
    }
}
