import Foundation
import Testing
import ZIPFoundation

@testable import Notes

/// The Word document a note becomes, read back from its ZIP parts.
@Suite("Word document")
struct DocxWriterTests {
    static let markdown = """
        # Справка по школам

        ## 1. Итоги

        Доля «A & B» <выше> цели, см. "приложение".

        ### Школы

        | Школа | Доля |
        |---|---:|
        | № 1 | 75,0 % |
        | № 2 | 50,0 % |

        1. первый
        2. второй

        - пункт

        1. снова первый
        """

    /// The parts of the document `markdown` makes, by name.
    static func parts(of markdown: String, title: String = "Справка", charts: [Chart] = []) throws -> [String: String] {
        let bytes = try DocxWriter(title: title, blocks: NoteBlock.parse(markdown), charts: charts).data()
        let archive = try Archive(data: bytes, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return parts
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func headingsUseWordsTitleAndHeadingStyles() throws {
        let document = try #require(try Self.parts(of: Self.markdown)["word/document.xml"])
        #expect(
            document.contains(
                "<w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Справка по школам</w:t>"))
        #expect(
            document.contains("<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">1. Итоги</w:t>"))
        #expect(document.contains("<w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Школы</w:t>"))
    }

    @Test func textIsEscapedForXML() throws {
        let parts = try Self.parts(of: Self.markdown + "\n\nзвонок\u{07}", title: "Итоги <2024> & планы")
        let document = try #require(parts["word/document.xml"])
        #expect(document.contains("Доля «A &amp; B» &lt;выше&gt; цели, см. &quot;приложение&quot;."))
        #expect(!document.contains("<выше>"))
        // XML 1.0 allows no control characters but tab and line breaks: they are dropped.
        #expect(document.contains(">звонок</w:t>"))
        #expect(parts["docProps/core.xml"]?.contains("<dc:title>Итоги &lt;2024&gt; &amp; планы</dc:title>") == true)
    }

    @Test func aTableHasARepeatingHeaderRowAndRightAlignedNumbers() throws {
        let document = try #require(try Self.parts(of: Self.markdown)["word/document.xml"])
        #expect(Self.count("<w:tbl>", in: document) == 1)
        #expect(Self.count("<w:tr>", in: document) == 3)
        #expect(Self.count("<w:tblHeader/>", in: document) == 1)
        // The share column is right-aligned in the header and both rows; the school column is not.
        #expect(Self.count("<w:jc w:val=\"right\"/>", in: document) == 3)
        let row = try #require(document.range(of: "<w:tr><w:trPr><w:cantSplit/></w:trPr>"))
        let firstRow = String(document[row.lowerBound...].prefix(800))
        // A short table stays on one page: every row but the last is kept with the next.
        #expect(
            firstRow.contains(
                "<w:pStyle w:val=\"TableText\"/><w:keepNext/></w:pPr><w:r><w:t xml:space=\"preserve\">№ 1</w:t>"))
        #expect(
            firstRow.contains(
                "<w:pStyle w:val=\"TableText\"/><w:keepNext/><w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">75,0 %</w:t>"
            ))
        #expect(Self.count("<w:keepNext/>", in: document) == 4)
    }

    @Test func everyNumberedListStartsFromOne() throws {
        let parts = try Self.parts(of: Self.markdown)
        let document = try #require(parts["word/document.xml"])
        let numbering = try #require(parts["word/numbering.xml"])
        // Three lists: numbered (1), bulleted (2), numbered again (3), each its own instance.
        let restartedAtOne = "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride>"
        let instances = [(1, 2, "1\"/>" + restartedAtOne), (2, 1, "0\"/>"), (3, 1, "1\"/>" + restartedAtOne)]
        for (id, paragraphs, definition) in instances {
            #expect(Self.count("<w:numId w:val=\"\(id)\"/>", in: document) == paragraphs, "list \(id)")
            #expect(
                numbering.contains("<w:num w:numId=\"\(id)\"><w:abstractNumId w:val=\"\(definition)</w:num>"),
                "list \(id)")
        }
    }

    @Test func everyStyleTheDocumentUsesIsDefinedInTheStylesPart() throws {
        let parts = try Self.parts(of: Self.markdown)
        let document = try #require(parts["word/document.xml"])
        let styles = try #require(parts["word/styles.xml"])
        let used = Set(
            document.components(separatedBy: "<w:pStyle w:val=\"").dropFirst().compactMap {
                $0.split(separator: "\"").first.map(String.init)
            })
        #expect(used == ["Title", "Heading1", "Heading2", "TableText", "ListParagraph"])
        for style in used {
            #expect(styles.contains("w:styleId=\"\(style)\""), "\(style)")
        }
        #expect(styles.contains("<w:style w:type=\"table\" w:styleId=\"TableGrid\">"))
        #expect(
            styles.contains("w:ascii=\"Times New Roman\"") && styles.contains("<w:sz w:val=\"28\"/>"),
            "Times New Roman 14")
    }

    @Test func thePackageListsItsPartsAndChartsOnlyWhenPlaced() throws {
        let chart = Chart.bars(
            title: "Доля & цель", bars: [Charts.Bar(label: "№ 1", share: 0.5)], target: 0.75, targetName: "цель")
        let placed = try Self.parts(
            of: "# Т\n\n\(NoteBlock.chartPrefix)0X\n\n\(NoteBlock.chartPrefix)7X", charts: [chart])
        #expect(
            Set(placed.keys) == [
                "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml", "word/settings.xml",
                "word/footer1.xml", "word/charts/chart1.xml",
            ])
        let document = try #require(placed["word/document.xml"])
        // The placeholder of a chart the note does not have (7) is left out.
        #expect(Self.count("<c:chart ", in: document) == 1)
        #expect(document.contains("descr=\"Доля &amp; цель\""))
        #expect(placed["[Content_Types].xml"]?.contains("PartName=\"/word/charts/chart1.xml\"") == true)
        #expect(placed["word/_rels/document.xml.rels"]?.contains("Target=\"charts/chart1.xml\"") == true)
        let plain = try Self.parts(of: "# Т")
        #expect(!plain.keys.contains { $0.hasPrefix("word/charts/") })
    }

    @Test func theBytesDependOnlyOnTheNote() throws {
        let blocks = NoteBlock.parse(Self.markdown)
        let first = try DocxWriter(title: "Справка", blocks: blocks, charts: []).data()
        #expect(first == (try DocxWriter(title: "Справка", blocks: blocks, charts: []).data()))
        #expect(first != (try DocxWriter(title: "Справка 2", blocks: blocks, charts: []).data()))
        // Every entry carries the same fixed date, not the clock's.
        let years = try Archive(data: first, accessMode: .read).map { entry in
            (entry.fileAttributes[.modificationDate] as? Date).map {
                Calendar(identifier: .gregorian).component(.year, from: $0)
            }
        }
        #expect(!years.isEmpty && years.allSatisfy { $0 == 1980 })
    }

    /// The satisfaction note's Likert table: nine columns whose headers' longest words
    /// («удовлетворён», «Затрудняюсь») at 11 pt do not fit A4, so the table prints smaller and
    /// every word of a header or cell fits its column whole.
    @Test func columnsHoldTheirLongestWordsAndAWideTablePrintsSmaller() {
        let header = [
            "Вопрос", "Ответов", "Совсем не удовлетворён(а)", "Скорее не удовлетворён(а)", "Скорее удовлетворён(а)",
            "Полностью удовлетворён(а)", "Затрудняюсь ответить", "Доля двух высших", "Медиана",
        ]
        let row = [
            "Удовлетворённость методической помощью в целом", "72", "7 (10\u{A0}%)", "8 (11\u{A0}%)", "31 (43\u{A0}%)",
            "26 (36\u{A0}%)", "5", "79,2\u{A0}%", "Скорее удовлетворён(а)",
        ]
        let layout = TableLayout(
            header: header.map { TableLayout.Cell(text: $0, bold: true) },
            rows: [row.map { TableLayout.Cell(text: $0, bold: false) }], columns: 9, width: DocxWriter.contentWidth)
        #expect(layout.halfPoints < 22)
        #expect(layout.widths.reduce(0, +) == DocxWriter.contentWidth)
        let points = Double(layout.halfPoints) / 2
        for (column, width) in layout.widths.enumerated() {
            for (text, bold) in [(header[column], true), (row[column], false)] {
                for word in TableLayout.words(text) {
                    let needed = TextWidth.twips(word, points: points, bold: bold) + Double(2 * TableLayout.cellMargin)
                    #expect(needed <= Double(width), "«\(word)» in column \(column + 1)")
                }
            }
        }
        // «79,2 %» is one word (a non-breaking space); a gendered ending may wrap before its bracket.
        #expect(TableLayout.words("79,2\u{A0}%") == ["79,2\u{A0}%"])
        #expect(TableLayout.words("удовлетворён(а)") == ["удовлетворён", "(а)"])
    }

    @Test func aNarrowTableKeepsElevenPointsAndItsLongestCellOnOneLine() {
        let layout = TableLayout(
            header: [TableLayout.Cell(text: "Школа", bold: true), TableLayout.Cell(text: "Доля", bold: true)],
            rows: [
                [
                    TableLayout.Cell(text: "МКОУ СОШ № 2 р.п. Сосьва", bold: false),
                    TableLayout.Cell(text: "80,0 %", bold: false),
                ]
            ],
            columns: 2, width: DocxWriter.contentWidth)
        #expect(layout.halfPoints == 22)
        #expect(Double(layout.widths[0]) >= TextWidth.twips("МКОУ СОШ № 2 р.п. Сосьва", points: 11, bold: false))
    }

    /// A target drawn as a black mark on every row (suppressed rows too), and a suppressed
    /// group named «данные скрыты» rather than drawn as an empty bar that reads as 0 %.
    @Test func aBarChartCarriesItsTargetAndMarksHiddenGroups() throws {
        let chart = Chart.bars(
            title: "Доля", bars: [Charts.Bar(label: "№ 1", share: 0.8), Charts.Bar(label: "№ 2", share: nil)],
            target: 0.78, targetName: "цель")
        let xml = DocxChart.xml(chart)
        #expect(xml.contains("<c:grouping val=\"stacked\"/>"))
        #expect(xml.contains("<c:tx><c:v>цель — 78\u{A0}%</c:v></c:tx>"))
        #expect(xml.contains("<c:v>№ 1 — 80,0\u{A0}%</c:v>") && xml.contains("<c:v>№ 2 — данные скрыты</c:v>"))
        // The mark sits at the target on both rows: the part below it plus the gap make 0,78.
        let series = xml.components(separatedBy: "<c:ser>").dropFirst().map { part in
            part.components(separatedBy: "<c:numLit>")[1].components(separatedBy: "<c:v>").dropFirst().map {
                Double($0.prefix { $0 != "<" }) ?? -1
            }
        }
        #expect(series.count == 4)
        #expect(series[0] == [0.78] && series[1].map { ($0 * 100).rounded() } == [0, 78])
        #expect(series[2] == [DocxChart.targetMark, DocxChart.targetMark])
    }

    /// Black-and-white print: the lower half of a scale hatched on white, the upper half in two
    /// blues of clearly different lightness (no dark red against dark blue).
    @Test func likertFillsDifferWithoutColour() {
        #expect(DocxChart.likertFill(0, of: 4).contains("prst=\"dkUpDiag\""))
        #expect(DocxChart.likertFill(1, of: 4).contains("prst=\"ltUpDiag\""))
        #expect(DocxChart.likertFill(2, of: 5).contains("D9D9D9"))
        #expect(DocxChart.likertFill(2, of: 4) != DocxChart.likertFill(3, of: 4))
        #expect(!DocxChart.likertFill(0, of: 4).contains("<a:bgClr><a:srgbClr val=\"8E2B22\""))
    }

    /// A long label wraps instead of being cut: the drawing grows by its lines.
    @Test func aChartGrowsWithItsLabelsLines() {
        let long = String(repeating: "Доля педагогов ШНОР, получивших адресную методическую помощь ", count: 2)
        let short = Chart.bars(title: "Т", bars: [Charts.Bar(label: "№ 1", share: 0.5)], target: nil, targetName: "")
        let wrapped = Chart.bars(title: "Т", bars: [Charts.Bar(label: long, share: 0.5)], target: nil, targetName: "")
        #expect(DocxChart.height(wrapped) > DocxChart.height(short))
        #expect(DocxChart.xml(wrapped).contains(long.trimmingCharacters(in: .whitespaces)))
    }
}
