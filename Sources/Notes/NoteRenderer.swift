import Foundation

/// Renders a note from its template into Markdown and a self-contained, printable HTML page.
///
/// The same template drives all three formats. Every inserted text is escaped for Markdown first,
/// so an answer that contains markup shows as text, and loses the invisible characters that would
/// reorder or hide it (``MarkupText/withoutInvisibleControls(_:)``); the Markdown is then read once
/// into ``NoteBlock``s, from which the HTML page (``NoteHTML``, charts as inline SVG) and the Word
/// document (``DocxWriter``) are written. The page forbids every remote load and script (``contentSecurityPolicy``).
public struct NoteRenderer: Sendable {
    public struct Document: Sendable {
        public var markdown: String
        public var html: String
        /// The Word document (a ZIP of WordprocessingML).
        public var docx: Data
        /// Each table of the note as a sheet of an Excel workbook (``NoteWorkbook``).
        public var xlsx: Data
    }

    public let template: NoteTemplate
    /// The note's period (`2023-11`): the workbook's creation date, so a rerun writes the same bytes.
    public var period: String?

    public init(template: NoteTemplate, period: String? = nil) {
        self.template = template
        self.period = period
    }

    /// `context` is a typed template context (see ``TemplateValues``); `charts` maps chart ids to charts.
    public func render(title: String, context: some Encodable, charts: [String: Chart]) throws -> Document {
        try render(title: title, context: TemplateValues.of(context), charts: charts)
    }

    /// `context` holds the values the template names, as ``TemplateValues`` lays them out;
    /// `charts` maps chart ids to charts.
    func render(title rawTitle: String, context rawContext: [String: Any], charts: [String: Chart]) throws -> Document {
        let title = MarkupText.withoutInvisibleControls(rawTitle)
        let typeset = Typography.applied(rawContext) as? [String: Any] ?? rawContext
        let context = Self.mapTexts(typeset, MarkupText.withoutInvisibleControls) as? [String: Any] ?? typeset
        var markdownContext =
            Self.mapTexts(context) { MarkupText.markdownEscapedValue($0) } as? [String: Any] ?? context
        markdownContext["charts"] = Dictionary(uniqueKeysWithValues: charts.keys.map { ($0, "") })
        let markdown = Self.tidy(template.render(markdownContext))

        // One document model: the same Markdown, charts marked by placeholders (plain letters and
        // digits, which Markdown leaves alone), read once into blocks that both the HTML page and the
        // Word document are written from; escapes read back as text, each writer escapes for itself.
        let ordered = charts.sorted { $0.key < $1.key }
        var modelContext = markdownContext
        modelContext["charts"] = Dictionary(
            uniqueKeysWithValues: ordered.enumerated().map { ($1.key, "\n\n\(NoteBlock.chartPrefix)\($0)X\n\n") })
        let blocks = NoteBlock.parse(Self.tidy(template.render(modelContext)))
        let body = NoteHTML.body(blocks, charts: ordered.map(\.value))
        let docx = try DocxWriter(title: title, blocks: blocks, charts: ordered.map(\.value)).data()
        var workbook = NoteWorkbook(blocks: blocks)
        if let created = NoteWorkbook.created(period: period) { workbook.created = created }
        let xlsx = try workbook.data()
        return Document(markdown: markdown, html: Self.page(title: title, body: body), docx: docx, xlsx: xlsx)
    }

    /// Collapses the runs of blank lines that sections leave behind.
    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let isBlank = line.allSatisfy { $0 == " " }
            blank = isBlank ? blank + 1 : 0
            if blank <= 1 { lines.append(isBlank ? "" : line) }
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `value` with `transform` applied to every text in it, through dictionaries and arrays.
    static func mapTexts(_ value: Any, _ transform: (String) -> String) -> Any {
        switch value {
        case let text as String: return transform(text)
        case let dictionary as [String: Any]: return dictionary.mapValues { mapTexts($0, transform) }
        case let array as [Any]: return array.map { mapTexts($0, transform) }
        default: return value
        }
    }

    /// The page's Content-Security-Policy: nothing is fetched and no script runs — only the inline
    /// styles and SVG charts the page carries, and images written into it as `data:` addresses.
    static let contentSecurityPolicy =
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="ru">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(MarkupText.escaped(title))</title>
        <style>
        @page { size: A4 portrait; margin: 20mm 15mm 20mm 25mm; }
        body { font-family: "Times New Roman", Times, serif; font-size: 14pt; line-height: 1.4; color: #000; background: #fff; margin: 0; }
        main { max-width: 180mm; margin: 0 auto; padding: 12mm 0; }
        h1 { font-size: 16pt; text-align: center; margin: 0 0 12pt; }
        h2 { font-size: 14pt; margin: 16pt 0 6pt; }
        h3 { font-size: 14pt; font-style: italic; margin: 12pt 0 6pt; }
        p { text-align: justify; margin: 0 0 8pt; text-indent: 1.25cm; }
        li p, td p { text-indent: 0; }
        table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; font-size: 11pt; page-break-inside: avoid; }
        th, td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top; }
        th { background: #eee; font-weight: bold; font-size: 9.5pt; hyphens: manual; overflow-wrap: break-word; }
        td[align="right"] { text-align: right; }
        th[align="right"] { text-align: right; }
        figure.chart { margin: 8pt 0 12pt; page-break-inside: avoid; }
        figure.chart svg { max-width: 100%; height: auto; }
        @media print { main { padding: 0; max-width: none; } }
        </style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }
}
