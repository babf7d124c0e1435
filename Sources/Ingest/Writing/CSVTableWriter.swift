/// Writes rows as CSV that Excel and other tools open correctly, with cells safe from formula injection.
///
/// Defaults follow DESIGN.md §4: UTF-8 with a byte order mark, `;`, CRLF. A text cell
/// beginning with `=`, `+`, `-`, `@` (full-width too, and after leading spaces of any kind), tab
/// or CR gets a leading apostrophe so a spreadsheet does not run it; numbers (`-5`, `+3,5`) stay numbers. Cells are quoted only when needed.
public struct CSVTableWriter {
    public struct Format: Sendable {
        public var delimiter: UInt8
        public var byteOrderMark: Bool
        public var lineEnding: [UInt8]

        public init(
            delimiter: UInt8 = UInt8(ascii: ";"), byteOrderMark: Bool = true, lineEnding: [UInt8] = [0x0D, 0x0A]
        ) {
            self.delimiter = delimiter
            self.byteOrderMark = byteOrderMark
            self.lineEnding = lineEnding
        }
    }

    private let output: OutputFile
    public let format: Format

    public init(output: OutputFile, format: Format = Format()) throws {
        self.output = output
        self.format = format
        if format.byteOrderMark { try output.write([0xEF, 0xBB, 0xBF]) }
    }

    public func writeRow(_ cells: [String]) throws {
        var row: [UInt8] = []
        // Room for the cells, their delimiters and a few quotes: laid out without growing.
        row.reserveCapacity(cells.reduce(16) { $0 + $1.utf8.count + 3 })
        for (index, cell) in cells.enumerated() {
            if index > 0 { row.append(format.delimiter) }
            var cell = cell
            cell.withUTF8 { _ = Self.append(UnsafeRawBufferPointer($0), delimiter: format.delimiter, to: &row) }
        }
        try writeRow(bytes: row)
    }

    /// Writes one row from a parsed record without copying it into Strings.
    public func writeRow(_ row: Row) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        for index in 0..<row.count {
            if index > 0 { bytes.append(format.delimiter) }
            Self.append(row[index], delimiter: format.delimiter, to: &bytes)
        }
        try writeRow(bytes: bytes)
    }

    /// Writes a row a caller has already laid out with ``append(_:delimiter:to:)`` (without its line ending).
    public func writeRow(bytes: [UInt8]) throws {
        try output.write(bytes)
        try output.write(format.lineEnding)
    }

    /// How a cell is quoted.
    public enum Quoting: Sendable {
        /// For the tool's own tables, opened in spreadsheets: a text cell that would run as a formula
        /// gets an apostrophe, and a cell with a space at either end is quoted (so it keeps it).
        case spreadsheet
        /// As other systems export (RFC 4180): quotes only around a delimiter, a quote or a line
        /// break, nothing neutralised — for the synthetic exports of SampleData.
        case export
    }

    /// Appends one cell, quoted and neutralised as it needs, to a row being laid out as bytes.
    ///
    /// The one escaping of CSV cells: every CSV the tool and its samples write goes through it.
    /// For writers of millions of rows: no String and no array per cell. Returns whether the
    /// cell needed quotes or an apostrophe.
    @discardableResult
    public static func append(
        _ cell: UnsafeRawBufferPointer, delimiter: UInt8, quoting: Quoting = .spreadsheet,
        to row: inout [UInt8]
    ) -> Bool {
        let neutralise = quoting == .spreadsheet && needsNeutralising(cell)
        var needsQuotes = neutralise && cell.first == 0x0D
        if !needsQuotes {
            for byte in cell where byte == delimiter || byte == 0x22 || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
        }
        if quoting == .spreadsheet, let first = cell.first, let last = cell.last, first == 0x20 || last == 0x20 {
            needsQuotes = true
        }
        guard needsQuotes || neutralise else {
            row.append(contentsOf: cell)
            return false
        }
        if needsQuotes { row.append(0x22) }
        if neutralise { row.append(UInt8(ascii: "'")) }
        if needsQuotes {
            for byte in cell {
                row.append(byte)
                if byte == 0x22 { row.append(0x22) }
            }
            row.append(0x22)
        } else {
            row.append(contentsOf: cell)
        }
        return true
    }

    /// A text as its cell is written (see ``append(_:delimiter:quoting:to:)``).
    public static func cell(_ text: String, delimiter: UInt8, quoting: Quoting = .spreadsheet) -> [UInt8] {
        var text = text
        var cell: [UInt8] = []
        _ = text.withUTF8 { append(UnsafeRawBufferPointer($0), delimiter: delimiter, quoting: quoting, to: &cell) }
        return cell
    }

    /// True for a text cell a spreadsheet would read as a formula: one beginning with `=`, `+`,
    /// `-`, `@` (or their full-width forms `＝ ＋ － ＠`), tab or CR, also after leading spaces of
    /// any kind (a no-break space, U+2000–U+200A, an ideographic space…), which spreadsheets skip.
    /// A number, signed or not, is not one.
    static func needsNeutralising(_ cell: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        while start < cell.count, let width = leadingSpaceWidth(cell, at: start) { start += width }
        guard start < cell.count else { return false }
        switch cell[start] {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let kind = ValueKind.of(UnsafeRawBufferPointer(rebasing: cell[start...]))
            return !(kind == .integer || kind == .decimalComma || kind == .decimalPoint)
        case 0xEF:
            // U+FF0B ＋, U+FF0D －, U+FF1D ＝, U+FF20 ＠ are EF BC 8B / 8D / 9D and EF BC A0.
            guard start + 2 < cell.count, cell[start + 1] == 0xBC else { return false }
            return [0x8B, 0x8D, 0x9D, 0xA0].contains(cell[start + 2])
        default:
            return false
        }
    }

    /// The length in bytes of the space (Unicode category Zs, or a byte order mark) beginning at
    /// `offset` of UTF-8 `bytes`, or nil when none begins there.
    ///
    /// Spelled out byte by byte: this runs on every cell of every clean table, and a Cyrillic
    /// cell must not cost a decoded scalar. Zs is U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F,
    /// U+205F and U+3000 (`leadingSpacesAreTheUnicodeSpaceSeparators` checks the list against
    /// the Unicode tables).
    static func leadingSpaceWidth(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        let first = bytes[offset]
        if first == 0x20 { return 1 }
        func byte(_ index: Int) -> UInt8? { offset + index < bytes.count ? bytes[offset + index] : nil }
        switch first {
        case 0xC2:
            return byte(1) == 0xA0 ? 2 : nil
        case 0xE1:
            return byte(1) == 0x9A && byte(2) == 0x80 ? 3 : nil
        case 0xE2:
            switch (byte(1), byte(2)) {
            case (0x80, let last?) where (0x80...0x8A).contains(last) || last == 0xAF: return 3
            case (0x81, 0x9F): return 3
            default: return nil
            }
        case 0xE3:
            return byte(1) == 0x80 && byte(2) == 0x80 ? 3 : nil
        case 0xEF:
            return byte(1) == 0xBB && byte(2) == 0xBF ? 3 : nil
        default:
            return nil
        }
    }
}
