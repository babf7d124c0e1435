/// Writes rows as CSV that Excel and other tools open correctly, with cells safe from formula injection.
///
/// Defaults follow DESIGN.md §4: UTF-8 with a byte order mark, `;`, CRLF. A text cell
/// beginning with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe so a spreadsheet
/// does not run it; numbers (`-5`, `+3,5`) stay numbers. Cells are quoted only when needed.
public struct CSVTableWriter {
    public struct Format: Sendable {
        public var delimiter: UInt8
        public var byteOrderMark: Bool
        public var lineEnding: [UInt8]

        public init(delimiter: UInt8 = UInt8(ascii: ";"), byteOrderMark: Bool = true, lineEnding: [UInt8] = [0x0D, 0x0A]) {
            self.delimiter = delimiter
            self.byteOrderMark = byteOrderMark
            self.lineEnding = lineEnding
        }
    }

    private let output: OutputFile
    private let format: Format

    public init(output: OutputFile, format: Format = Format()) throws {
        self.output = output
        self.format = format
        if format.byteOrderMark { try output.write([0xEF, 0xBB, 0xBF]) }
    }

    public func writeRow(_ cells: [String]) throws {
        for (index, cell) in cells.enumerated() {
            if index > 0 { try output.write(format.delimiter) }
            var cell = cell
            try cell.withUTF8 { try writeCell(UnsafeRawBufferPointer($0)) }
        }
        try output.write(format.lineEnding)
    }

    /// Writes one row from a parsed record without copying it into Strings.
    public func writeRow(_ row: Row) throws {
        for index in 0..<row.count {
            if index > 0 { try output.write(format.delimiter) }
            try writeCell(row[index])
        }
        try output.write(format.lineEnding)
    }

    private func writeCell(_ cell: UnsafeRawBufferPointer) throws {
        let neutralise = Self.needsNeutralising(cell)
        var needsQuotes = neutralise && cell.first == 0x0D
        if !needsQuotes {
            for byte in cell where byte == format.delimiter || byte == 0x22 || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
        }
        if let first = cell.first, let last = cell.last, first == 0x20 || last == 0x20 { needsQuotes = true }
        if needsQuotes { try output.write(0x22) }
        if neutralise { try output.write(UInt8(ascii: "'")) }
        if needsQuotes {
            // Copy runs between quotes whole; each quote is written twice.
            var runStart = 0
            for index in 0..<cell.count where cell[index] == 0x22 {
                try output.write(UnsafeRawBufferPointer(rebasing: cell[runStart...index]))
                try output.write(0x22)
                runStart = index + 1
            }
            try output.write(UnsafeRawBufferPointer(rebasing: cell[runStart...]))
            try output.write(0x22)
        } else {
            try output.write(cell)
        }
    }

    /// True for a text cell a spreadsheet would read as a formula.
    static func needsNeutralising(_ cell: UnsafeRawBufferPointer) -> Bool {
        guard let first = cell.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let kind = ValueKind.of(cell)
            return !(kind == .integer || kind == .decimalComma || kind == .decimalPoint)
        default:
            return false
        }
    }
}
