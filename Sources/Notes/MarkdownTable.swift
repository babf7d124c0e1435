import Foundation

/// A table for the note, written as Markdown (which the HTML and Word outputs are made from).
///
/// Cells are escaped so a `|` in a school name cannot break the table; numeric columns are
/// right-aligned.
public struct MarkdownTable: Sendable {
    public var columns: [String]
    public var rightAligned: Set<Int>
    public var rows: [[String]]

    public init(columns: [String], rightAligned: Set<Int> = [], rows: [[String]] = []) {
        self.columns = columns
        self.rightAligned = rightAligned
        self.rows = rows
    }

    public var markdown: String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var lines = ["| " + columns.map(escape).joined(separator: " | ") + " |"]
        lines.append(
            "|" + columns.indices.map { rightAligned.contains($0) ? "---:" : ":---" }.joined(separator: "|") + "|")
        for row in rows { lines.append("| " + row.map(escape).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }
}
