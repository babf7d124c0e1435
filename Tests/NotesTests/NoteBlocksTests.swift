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
                .paragraph(Self.plain("#### Четвёртый #без пробела")),
            ])
    }

    @Test func linesOfAParagraphJoinAndABlankLineEndsIt() {
        let blocks = NoteBlock.parse("Первая строка\n  вторая строка  \n\n\nНовый абзац")
        #expect(
            blocks == [.paragraph(Self.plain("Первая строка вторая строка")), .paragraph(Self.plain("Новый абзац"))])
    }

    @Test func bulletedAndNumberedListsEndWhereTheKindChanges() {
        let blocks = NoteBlock.parse("- один\n* два\n1. первый\n12. второй\nтекст\n1234. не пункт")
        #expect(
            blocks == [
                .bullets([Self.plain("один"), Self.plain("два")]),
                .numbered([Self.plain("первый"), Self.plain("второй")]),
                .paragraph(Self.plain("текст 1234. не пункт")),
            ])
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
                        [Self.plain("№ 2"), Self.plain("50,0 %")],
                    ]),
                .paragraph(Self.plain("После таблицы")),
            ])
    }

    @Test func aTableWithoutAnAlignmentRowKeepsEveryRowInItsBody() {
        let blocks = NoteBlock.parse("| a | b |\n| 1 | 2 |")
        #expect(
            blocks == [
                .table(
                    header: [Self.plain("a"), Self.plain("b")], rightAligned: [false, false],
                    rows: [[Self.plain("1"), Self.plain("2")]])
            ])
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
