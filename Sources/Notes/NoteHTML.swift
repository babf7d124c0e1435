/// The body of the HTML note, written from the note's blocks (the model the Word document is
/// written from too).
///
/// Every text is escaped by ``MarkupText/htmlText(_:)``: `& < > "` as entities and the characters
/// Markdown reads as markup (`[`, `*`, `#`…) as numeric references, so no text of the page is
/// markup in HTML or in Markdown. Charts go in as
/// their inline SVG.
enum NoteHTML {
    static func body(_ blocks: [NoteBlock], charts: [Chart]) -> String {
        var html = ""
        for block in blocks {
            switch block {
            case let .heading(level, text):
                html += "<h\(level)>\(inline(text))</h\(level)>"
            case let .paragraph(text):
                html += "<p>\(inline(text))</p>"
            case let .bullets(items):
                html += "<ul>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ul>"
            case let .numbered(items):
                html += "<ol>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ol>"
            case let .table(header, rightAligned, rows):
                func cells(_ row: [[NoteBlock.Inline]], tag: String) -> String {
                    row.enumerated().map { column, text in
                        let align = column < rightAligned.count && rightAligned[column] ? "right" : "left"
                        return "<\(tag) align=\"\(align)\">\(inline(text))</\(tag)>"
                    }.joined()
                }
                html += "<table><thead><tr>\(cells(header, tag: "th"))</tr></thead><tbody>"
                html += rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined() + "</tbody></table>"
            case let .chart(index):
                guard index < charts.count else { continue }
                html += "\n<figure class=\"chart\">\n\(charts[index].svg)</figure>\n"
            }
        }
        return html
    }

    private static func inline(_ runs: [NoteBlock.Inline]) -> String {
        runs.map { run in
            var text = MarkupText.htmlText(run.text).replacingOccurrences(of: "\n", with: "<br>")
            if run.italic { text = "<em>\(text)</em>" }
            if run.bold { text = "<strong>\(text)</strong>" }
            return text
        }.joined()
    }
}
