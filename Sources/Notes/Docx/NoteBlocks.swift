import CMarkGFM

/// A note's document model: the blocks of its Markdown, which the HTML page
/// (``NoteBlock/html(_:charts:)``) and the Word document (``DocxWriter``) are both written from,
/// so the note's three formats cannot disagree.
///
/// The Markdown is read once by cmark-gfm (CommonMark with GitHub's tables; Debian
/// `libcmark-gfm-dev`), which parses in linear time and without recursion, so no input can
/// exhaust the stack. Headings (`#`–`###`; deeper ones count as `###`), paragraphs, bulleted and
/// numbered lists, pipe tables, bold and italic text and chart placeholders become blocks;
/// backslash escapes and entities are read as the characters they stand for. Everything else is
/// kept as its text: raw HTML, code and links print as what they say and never become markup
/// (a note's free text is escaped before it reaches the Markdown, ``MarkupText/markdownEscaped(_:)``).
enum NoteBlock: Equatable {
    case heading(level: Int, text: [Inline])
    case paragraph([Inline])
    case bullets([[Inline]])
    case numbered([[Inline]])
    case table(header: [[Inline]], rightAligned: [Bool], rows: [[[Inline]]])
    case chart(index: Int)

    /// A run of text; `text` is plain (no markup), a line break is `"\n"`.
    struct Inline: Equatable {
        var text: String
        var bold = false
        var italic = false
    }

    static let chartPrefix = "SHNORCHART"

    static func parse(_ markdown: String) -> [NoteBlock] {
        var reader = BlockReader()
        CMark.walk(markdown) { reader.read($0, node: $1) }
        return reader.blocks
    }

    /// The runs of one line of inline Markdown (the first paragraph it makes).
    static func inlines(_ text: String) -> [Inline] {
        for block in parse(text) {
            if case let .paragraph(inlines) = block { return inlines }
        }
        return []
    }
}

/// Builds ``NoteBlock``s from cmark-gfm's enter and exit events, one node at a time.
private struct BlockReader {
    var blocks: [NoteBlock] = []
    /// Runs of the heading, paragraph, list item or table cell being read.
    private var runs: [NoteBlock.Inline] = []
    private var bold = 0
    private var italic = 0
    /// Open lists, outermost first: whether ordered, the number of the next item («3.») of an
    /// ordered one, and the items read so far (nested lists flatten into the outermost).
    private var lists: [(ordered: Bool, next: Int, delimiter: String, items: [[NoteBlock.Inline]])] = []
    private var itemDepth = 0
    private var table: (header: [[NoteBlock.Inline]], rightAligned: [Bool], rows: [[[NoteBlock.Inline]]])?
    private var row: [[NoteBlock.Inline]] = []

    mutating func read(_ event: CMark.Event, node: OpaquePointer) {
        let type = CMark.type(node)
        switch (event, type) {
        case (.enter, "heading"), (.enter, "table_cell"): runs = []
        case (.exit, "heading"):
            blocks.append(.heading(level: min(max(CMark.headingLevel(node), 1), 3), text: takeRuns()))
        case (.enter, "paragraph"):
            if itemDepth > 0, let last = runs.last?.text.last, last != " " { append(" ") }
        case (.exit, "paragraph"): closeParagraph()
        // Leaves: cmark-gfm reports them on entering only.
        case (.enter, "code_block"), (.enter, "html_block"):
            if itemDepth > 0, let last = runs.last?.text.last, last != " " { append(" ") }
            var literal = CMark.literal(node)
            while literal.last == "\n" { literal.removeLast() }
            append(literal)
            closeParagraph()
        case (.enter, "list"):
            if itemDepth > 0 { closeItem() }
            lists.append((CMark.isOrdered(node), CMark.listStart(node), CMark.listDelimiter(node), []))
        case (.exit, "list"):
            guard let list = lists.popLast() else { break }
            if lists.isEmpty {
                blocks.append(list.ordered ? .numbered(list.items) : .bullets(list.items))
            } else {
                lists[0].items += list.items
            }
        case (.enter, "item"):
            itemDepth += 1
            runs = []
            // A numbered list inside another list keeps its numbers as text: a template's
            // «- 3. Доля…» is a bullet whose text starts with «3.».
            if lists.count > 1, let list = lists.last, list.ordered {
                append("\(list.next)\(list.delimiter) ")
                lists[lists.count - 1].next += 1
            }
        case (.exit, "item"):
            closeItem()
            itemDepth -= 1
        case (.enter, "table"):
            table = ([], CMark.tableAlignments(node).map { $0 == "r" }, [])
        case (.exit, "table"):
            if let table {
                blocks.append(.table(header: table.header, rightAligned: table.rightAligned, rows: table.rows))
            }
            table = nil
        case (.enter, "table_header"), (.enter, "table_row"): row = []
        case (.exit, "table_header"): table?.header = row
        case (.exit, "table_row"): table?.rows.append(row)
        case (.exit, "table_cell"): row.append(Self.trimmed(takeRuns()))
        case (.enter, "strong"): bold += 1
        case (.exit, "strong"): bold -= 1
        case (.enter, "emph"): italic += 1
        case (.exit, "emph"): italic -= 1
        case (.enter, "text"), (.enter, "code"), (.enter, "html_inline"): append(CMark.literal(node))
        case (.enter, "softbreak"): append(" ")
        case (.enter, "linebreak"): append("\n")
        default: break
        }
    }

    private mutating func append(_ text: String) {
        guard !text.isEmpty else { return }
        if let last = runs.last, last.bold == (bold > 0), last.italic == (italic > 0) {
            runs[runs.count - 1].text += text
        } else {
            runs.append(NoteBlock.Inline(text: text, bold: bold > 0, italic: italic > 0))
        }
    }

    private mutating func takeRuns() -> [NoteBlock.Inline] {
        defer { runs = [] }
        return runs
    }

    /// Ends a paragraph outside a list item: a chart's placeholder alone becomes the chart.
    private mutating func closeParagraph() {
        guard itemDepth == 0 else { return }
        let text = takeRuns()
        if text.count == 1, let index = Self.chartIndex(text[0].text) {
            blocks.append(.chart(index: index))
        } else if !text.isEmpty {
            blocks.append(.paragraph(text))
        }
    }

    private mutating func closeItem() {
        let item = takeRuns()
        if !item.isEmpty, !lists.isEmpty { lists[0].items.append(item) }
    }

    /// A table cell's runs without the non-breaking spaces at its ends (GitHub's tables trim only
    /// ordinary ones; typography puts one after a lone «№»).
    private static func trimmed(_ runs: [NoteBlock.Inline]) -> [NoteBlock.Inline] {
        var runs = runs
        while let first = runs.first, first.text.first == "\u{A0}" {
            runs[0].text.removeFirst()
            if runs[0].text.isEmpty { runs.removeFirst() }
        }
        while let last = runs.last, last.text.last == "\u{A0}" {
            runs[runs.count - 1].text.removeLast()
            if runs[runs.count - 1].text.isEmpty { runs.removeLast() }
        }
        return runs
    }

    /// `SHNORCHART3X` → 3: a chart's placeholder, alone in its paragraph.
    private static func chartIndex(_ text: String) -> Int? {
        guard text.hasPrefix(NoteBlock.chartPrefix), text.hasSuffix("X") else { return nil }
        return Int(text.dropFirst(NoteBlock.chartPrefix.count).dropLast())
    }
}

/// A thin layer over cmark-gfm's C interface: parse with the table extension, walk the tree.
enum CMark {
    enum Event { case enter, exit }

    /// Calls `visit` for every node of `markdown`'s tree, in document order, on entering and
    /// on leaving it (leaf nodes only on entering). The tree lives only during the call.
    static func walk(_ markdown: String, _ visit: (Event, OpaquePointer) -> Void) {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return }
        defer { cmark_parser_free(parser) }
        if let tables = cmark_find_syntax_extension("table") {
            cmark_parser_attach_syntax_extension(parser, tables)
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            guard event != CMARK_EVENT_DONE, let node = cmark_iter_get_node(iterator) else { break }
            visit(event == CMARK_EVENT_EXIT ? .exit : .enter, node)
        }
    }

    /// The node's kind as cmark-gfm names it: "paragraph", "table_cell", "strong"…
    static func type(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    static func headingLevel(_ node: OpaquePointer) -> Int {
        Int(cmark_node_get_heading_level(node))
    }

    static func isOrdered(_ node: OpaquePointer) -> Bool {
        cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
    }

    static func listStart(_ node: OpaquePointer) -> Int {
        Int(cmark_node_get_list_start(node))
    }

    /// «.» or «)», as an ordered list's items are written.
    static func listDelimiter(_ node: OpaquePointer) -> String {
        cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM ? ")" : "."
    }

    /// Each column's alignment: "l", "c", "r", or "" for none.
    static func tableAlignments(_ node: OpaquePointer) -> [String] {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        guard let alignments = cmark_gfm_extensions_get_table_alignments(node) else {
            return Array(repeating: "", count: columns)
        }
        return (0..<columns).map { alignments[$0] == 0 ? "" : String(UnicodeScalar(alignments[$0])) }
    }
}
