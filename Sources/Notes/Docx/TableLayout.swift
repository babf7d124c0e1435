/// The font size and column widths of a Word table, chosen from its content so that no word
/// breaks inside itself when Word or LibreOffice prints it.
///
/// A column is never narrower than its longest unbreakable word (a non-breaking space joins
/// «79,2 %» into one) in the header or the body; when the columns' minimums do not fit the page
/// at 11 pt, the whole table steps down in size (to 7 pt at the least) until they do. The room
/// left over goes first to the columns that need the least to hold their longest cell on one line,
/// then to the rest in proportion to what each lacks (the column of names wraps between words).
struct TableLayout: Equatable {
    /// The table's font size in half-points (Word's `w:sz`).
    var halfPoints: Int
    /// Each column's width in twentieths of a point.
    var widths: [Int]

    /// Font sizes tried, largest first, in half-points.
    static let sizes = [22, 21, 20, 19, 18, 17, 16, 15, 14]
    /// A table cell's left and right margin in twips (1 mm).
    static let cellMargin = 57
    /// Both margins and a little air, so a word that fits by the font's metrics also fits after
    /// the renderer's rounding.
    static let cellPadding = Double(2 * cellMargin) + 40
    /// Estimates err by up to a few per cent (kerning, the renderer's hinting).
    static let safety = 1.06

    /// A cell's text as it prints: its runs' text and whether any run is bold.
    struct Cell {
        var text: String
        var bold: Bool
    }

    init(halfPoints: Int, widths: [Int]) {
        self.halfPoints = halfPoints
        self.widths = widths
    }

    /// `header` and `rows` hold each cell's text; `width` is the table's width in twips.
    init(header: [Cell], rows: [[Cell]], columns: Int, width: Int) {
        let all = [header] + rows
        func needed(_ text: some StringProtocol, points: Double, bold: Bool) -> Double {
            TextWidth.twips(text, points: points, bold: bold) * Self.safety + Self.cellPadding
        }
        func minimums(_ halfPoints: Int) -> [Double] {
            let points = Double(halfPoints) / 2
            return (0..<columns).map { column in
                all.map { row -> Double in
                    guard column < row.count else { return 0 }
                    let cell = row[column]
                    return Self.words(cell.text).map { needed($0, points: points, bold: cell.bold) }.max() ?? 0
                }.max() ?? 0
            }
        }
        let total = Double(width)
        var chosen = Self.sizes.last ?? 14
        var minimum = minimums(chosen)
        for size in Self.sizes {
            let candidate = minimums(size)
            if candidate.reduce(0, +) <= total {
                chosen = size
                minimum = candidate
                break
            }
        }
        let points = Double(chosen) / 2
        // What each column needs to hold its longest body cell on one line.
        let oneLine = (0..<columns).map { column in
            max(
                minimum[column],
                rows.map { row -> Double in
                    column < row.count ? needed(row[column].text, points: points, bold: row[column].bold) : 0
                }.max() ?? 0)
        }
        var widths = minimum
        let sum = minimum.reduce(0, +)
        if sum > total {
            // Even the smallest size does not fit: shrink in proportion (words will break).
            widths = minimum.map { $0 * total / sum }
        } else {
            var left = total - sum
            var open = Set((0..<columns).filter { oneLine[$0] > minimum[$0] })
            // Water-filling: the smallest wants are met in full, the rest share what is left.
            while !open.isEmpty, left > 0.5 {
                let share = left / Double(open.count)
                let met = open.filter { oneLine[$0] - widths[$0] <= share }
                if met.isEmpty {
                    // The long columns share the rest in proportion to what each still lacks, so
                    // the column of names (the longest texts) gets the most.
                    let lacking = open.map { oneLine[$0] - widths[$0] }.reduce(0, +)
                    for column in open { widths[column] += left * (oneLine[column] - widths[column]) / lacking }
                    left = 0
                } else {
                    for column in met {
                        left -= oneLine[column] - widths[column]
                        widths[column] = oneLine[column]
                    }
                    open.subtract(met)
                }
            }
            // Room still left (every cell fits on one line) widens all columns alike, for the headers.
            if left > 0.5, columns > 0 {
                for column in 0..<columns { widths[column] += left / Double(columns) }
            }
        }
        var rounded = widths.map { Int($0.rounded(.down)) }
        if let last = rounded.indices.last { rounded[last] += width - rounded.reduce(0, +) }
        self.init(halfPoints: chosen, widths: rounded)
    }

    /// How tall the table prints, in points: each row as many lines as its fullest cell wraps
    /// into (greedily, word by word, at this layout's size and widths), at single line spacing.
    func height(header: [Cell], rows: [[Cell]]) -> Double {
        let points = Double(halfPoints) / 2
        let lineHeight = points * 1.15
        func lines(_ cell: Cell, column: Int) -> Int {
            guard column < widths.count else { return 1 }
            let room = Double(widths[column] - 2 * Self.cellMargin)
            let space = TextWidth.twips(" ", points: points, bold: cell.bold)
            var count = 1
            var used = 0.0
            for word in Self.words(cell.text) {
                let width = TextWidth.twips(word, points: points, bold: cell.bold) * Self.safety
                if used > 0, used + space + width > room {
                    count += 1
                    used = width
                } else {
                    used += (used > 0 ? space : 0) + width
                }
            }
            return count
        }
        return ([header] + rows).map { row in
            Double(row.enumerated().map { lines($1, column: $0) }.max() ?? 1) * lineHeight + 1
        }.reduce(0, +)
    }

    /// The pieces a line may break between: split at ordinary spaces, line breaks, and before
    /// the bracket of a gendered ending («удовлетворён(а)» may wrap as «удовлетворён / (а)»,
    /// ``breakingBeforeEndings(_:)``).
    static func words(_ text: String) -> [Substring] {
        breakingBeforeEndings(text).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{200B}" })
    }

    /// `text` with a zero-width space before each `(` that follows a letter: the one place a
    /// table may wrap a word, between the word and its bracketed ending.
    static func breakingBeforeEndings(_ text: String) -> String {
        guard text.contains("(") else { return text }
        var result = ""
        var previous: Character = " "
        for character in text {
            if character == "(", previous.isLetter { result.append("\u{200B}") }
            result.append(character)
            previous = character
        }
        return result
    }
}
