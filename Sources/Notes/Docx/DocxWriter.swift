import Foundation
import ZIPFoundation

/// Writes a note as a Word document (WordprocessingML in a ZIP), made by the tool itself.
///
/// A4 portrait, Times New Roman 14, real Word styles (Word shows the built-in «heading 1» as
/// «Заголовок 1» in a Russian interface, so the analyst can restyle the document), numbered and
/// bulleted lists, tables with repeating header rows and right-aligned numbers, native Word
/// charts with labelled values, page numbers in the footer. The bytes depend only on the note:
/// every ZIP entry carries the same fixed date.
struct DocxWriter {
    let title: String
    let blocks: [NoteBlock]
    let charts: [Chart]

    /// A4 in twentieths of a point, and margins of 2 / 1,5 / 2 / 3 cm as Russian documents use.
    static let pageWidth = 11906, pageHeight = 16838
    static let contentWidth = 11906 - 1701 - 850

    func data() throws -> Data {
        var numbering = NumberingParts()
        var body = ""
        var chartIndex = 0
        var usedCharts: [(index: Int, chart: Chart)] = []
        for (position, block) in blocks.enumerated() {
            // A paragraph that introduces a table or chart («По школам:») stays on its page.
            let introduces: Bool = {
                guard position + 1 < blocks.count else { return false }
                switch blocks[position + 1] {
                case .table, .chart: return true
                default: return false
                }
            }()
            switch block {
            case let .heading(level, text):
                body += paragraph(text, style: level == 1 ? "Title" : "Heading\(level - 1)")
            case let .paragraph(text):
                body += paragraph(text, style: nil, keepWithNext: introduces)
            case let .bullets(items):
                let id = numbering.list(ordered: false)
                for item in items { body += paragraph(item, style: "ListParagraph", numberingId: id) }
            case let .numbered(items):
                let id = numbering.list(ordered: true)
                for item in items { body += paragraph(item, style: "ListParagraph", numberingId: id) }
            case let .table(header, rightAligned, rows):
                body += table(header: header, rightAligned: rightAligned, rows: rows)
            case let .chart(index):
                guard index < charts.count else { continue }
                chartIndex += 1
                usedCharts.append((chartIndex, charts[index]))
                body += chartParagraph(
                    number: chartIndex, title: charts[index].title, height: DocxChart.height(charts[index]))
            }
        }
        let document = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
            xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" \
            xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
            xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>\(body)\
            <w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>\
            <w:pgSz w:w="\(Self.pageWidth)" w:h="\(Self.pageHeight)"/>\
            <w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/>\
            </w:sectPr></w:body></w:document>
            """
        var relationships = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            <Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>\
            <Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
            <Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
            """
        var chartTypes = ""
        var parts: [(String, String)] = []
        for (number, chart) in usedCharts {
            relationships +=
                "<Relationship Id=\"rIdChart\(number)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart\(number).xml\"/>"
            chartTypes +=
                "<Override PartName=\"/word/charts/chart\(number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
            parts.append(("word/charts/chart\(number).xml", DocxChart.xml(chart)))
        }
        relationships += "</Relationships>"
        parts += [
            ("[Content_Types].xml", Self.contentTypes(chartTypes)),
            ("_rels/.rels", Self.packageRelationships),
            ("docProps/core.xml", Self.core(title: title)),
            ("docProps/app.xml", Self.app),
            ("word/document.xml", document),
            ("word/_rels/document.xml.rels", relationships),
            ("word/styles.xml", DocxStyles.xml),
            ("word/numbering.xml", numbering.xml),
            ("word/settings.xml", Self.settings),
            ("word/footer1.xml", Self.footer),
        ]
        return try Self.zip(parts.sorted { Self.order($0.0) < Self.order($1.0) })
    }

    // MARK: - Body

    /// `halfPoints` sets the runs' size (a table's, ``TableLayout``); nil keeps the style's.
    /// `inTable`: text may wrap before a bracketed ending (``TableLayout/breakingBeforeEndings(_:)``).
    private func runs(_ inlines: [NoteBlock.Inline], bold: Bool = false, halfPoints: Int? = nil, inTable: Bool = false)
        -> String
    {
        inlines.map { inline in
            // Escaped first: escaping leaves out every zero-width space a text brings.
            let escaped = MarkupText.escaped(inline.text)
            let text = inTable ? TableLayout.breakingBeforeEndings(escaped) : escaped
            var properties = ""
            if inline.bold || bold { properties += "<w:b/>" }
            if inline.italic { properties += "<w:i/>" }
            if let halfPoints { properties += "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/>" }
            return
                "<w:r>\(properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>")<w:t xml:space=\"preserve\">\(text)</w:t></w:r>"
        }.joined()
    }

    private func paragraph(
        _ inlines: [NoteBlock.Inline], style: String?, numberingId: Int? = nil,
        alignment: String? = nil, keepWithNext: Bool = false
    ) -> String {
        var properties = ""
        if let style { properties += "<w:pStyle w:val=\"\(style)\"/>" }
        if keepWithNext { properties += "<w:keepNext/>" }
        if let numberingId {
            properties += "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\(numberingId)\"/></w:numPr>"
        }
        if let alignment { properties += "<w:jc w:val=\"\(alignment)\"/>" }
        return "<w:p>\(properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>")\(runs(inlines))</w:p>"
    }

    /// A table no taller than this (in points: a third of A4's printable height) is kept on one
    /// page; moving it whole to the next page then leaves at most a third of a page empty.
    static let heightKeptTogether = 240.0

    private func table(header: [[NoteBlock.Inline]], rightAligned: [Bool], rows: [[[NoteBlock.Inline]]]) -> String {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return "" }
        func printed(_ inlines: [NoteBlock.Inline], bold: Bool) -> TableLayout.Cell {
            TableLayout.Cell(text: inlines.map(\.text).joined(), bold: bold || inlines.contains { $0.bold })
        }
        let cells = (
            header: header.map { printed($0, bold: true) }, rows: rows.map { $0.map { printed($0, bold: false) } }
        )
        let layout = TableLayout(header: cells.header, rows: cells.rows, columns: columns, width: Self.contentWidth)
        let keepTogether = layout.height(header: cells.header, rows: cells.rows) <= Self.heightKeptTogether
        // The TableText style's 11 pt is written out only when the table prints smaller.
        let size = layout.halfPoints == TableLayout.sizes[0] ? nil : layout.halfPoints
        func cell(_ inlines: [NoteBlock.Inline], column: Int, header isHeader: Bool, keepWithNext: Bool) -> String {
            let right = column < rightAligned.count && rightAligned[column]
            let text = runs(inlines, bold: isHeader, halfPoints: size, inTable: true)
            return
                "<w:tc><w:tcPr><w:tcW w:w=\"\(layout.widths[column])\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>"
                + (keepWithNext ? "<w:keepNext/>" : "") + (right ? "<w:jc w:val=\"right\"/>" : "")
                + (size.map { "<w:rPr><w:sz w:val=\"\($0)\"/><w:szCs w:val=\"\($0)\"/></w:rPr>" } ?? "")
                + "</w:pPr>\(text)</w:p></w:tc>"
        }
        var xml =
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"\(Self.contentWidth)\" w:type=\"dxa\"/>"
            + "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"\(TableLayout.cellMargin)\" w:type=\"dxa\"/><w:right w:w=\"\(TableLayout.cellMargin)\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        xml += layout.widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        // The header row always stays with the first body row.
        xml +=
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            + (0..<columns).map {
                cell($0 < header.count ? header[$0] : [], column: $0, header: true, keepWithNext: !rows.isEmpty)
            }.joined()
            + "</w:tr>"
        for (index, row) in rows.enumerated() {
            let last = rows.count - 1
            let keep = index < last && (keepTogether || index < 2 || index >= last - 2)
            xml +=
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                + (0..<columns).map {
                    cell($0 < row.count ? row[$0] : [], column: $0, header: false, keepWithNext: keep)
                }.joined()
                + "</w:tr>"
        }
        // An empty paragraph after the table keeps Word from gluing the next one to it.
        return xml + "</w:tbl><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>"
    }

    private func chartParagraph(number: Int, title: String, height: Int) -> String {
        let width = 5_760_000  // 16 cm in EMU
        return """
            <w:p><w:pPr><w:jc w:val="center"/><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">\
            <wp:extent cx="\(width)" cy="\(height)"/><wp:docPr id="\(number)" name="Диаграмма \(number)" descr="\(MarkupText.escaped(title))"/>\
            <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">\
            <c:chart r:id="rIdChart\(number)"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>
            """
    }

    // MARK: - Package

    private static func order(_ name: String) -> Int {
        ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml"].firstIndex(
            of: name) ?? 10
    }

    private static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        // 1980-01-02: the ZIP epoch, so the document's bytes never depend on the clock.
        let fixed = Date(timeIntervalSince1970: 315_619_200)
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixed,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        guard let data = archive.data else { throw DocxError.cannotPackage }
        return data
    }

    enum DocxError: Error { case cannotPackage }

    private static func contentTypes(_ charts: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        \(charts)</Types>
        """
    }

    private static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    private static func core(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(MarkupText.escaped(title))</dc:title>\
        <dc:creator>shnor</dc:creator><dc:language>ru-RU</dc:language></cp:coreProperties>
        """
    }

    private static let app = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>shnor</Application></Properties>
        """

    private static let settings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:defaultTabStop w:val="709"/><w:characterSpacingControl w:val="doNotCompress"/>\
        <w:themeFontLang w:val="ru-RU"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>
        """

    private static let footer = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>\
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>
        """
}

/// numbering.xml: one bullet definition, one decimal definition, and a numbering instance per
/// list, so each numbered list starts from 1.
struct NumberingParts {
    private var instances: [(id: Int, ordered: Bool)] = []

    mutating func list(ordered: Bool) -> Int {
        let id = instances.count + 1
        instances.append((id, ordered))
        return id
    }

    var xml: String {
        func level(_ ordered: Bool) -> String {
            ordered
                ? "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"1069\" w:hanging=\"360\"/></w:pPr></w:lvl>"
                : "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"–\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"1069\" w:hanging=\"360\"/></w:pPr></w:lvl>"
        }
        var xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        xml +=
            "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>\(level(false))</w:abstractNum>"
        xml +=
            "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"singleLevel\"/>\(level(true))</w:abstractNum>"
        for instance in instances {
            xml +=
                "<w:num w:numId=\"\(instance.id)\"><w:abstractNumId w:val=\"\(instance.ordered ? 1 : 0)\"/>"
                + (instance.ordered ? "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride>" : "")
                + "</w:num>"
        }
        return xml + "</w:numbering>"
    }
}
