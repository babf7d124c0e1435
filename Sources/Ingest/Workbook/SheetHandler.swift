/// The cells of one .xlsx sheet as they stream by, turned into records row by row.
///
/// A cell's text is what Excel shows (``CellFormat``): shared and inline strings as written,
/// numbers through the style's format, booleans as «ИСТИНА»/«ЛОЖЬ», errors as their code
/// (`#N/A`). Cells the sheet leaves out (`r="C7"` after `A7`) are empty; a row is padded with
/// empty cells to the sheet's width. Rows and cells must come in order, as every writer puts them.
final class SheetHandler: XMLHandler {
    private let book: XLSXBook
    private let sheet: String
    private let width: Int
    private let limits: IngestLimits
    private let onRecord: (RawRecord) throws -> Void
    private let onGap: (Range<Int>) -> Void

    private var inSheetData = false
    private var rowNumber = 0
    private var cellColumn = -1
    private var cellType = CellType.number
    private var cellStyle = 0
    private var collecting = false
    private var inInline = false
    private var inPhonetic = false
    private var cellText: [UInt8] = []
    private var rowBytes: [UInt8] = []
    private var rowEnds: [Int] = []

    private enum CellType { case number, shared, inline, formulaText, boolean, error, isoDate }

    init(
        book: XLSXBook, sheet: String, width: Int, limits: IngestLimits,
        onRecord: @escaping (RawRecord) throws -> Void, onGap: @escaping (Range<Int>) -> Void
    ) {
        self.book = book
        self.sheet = sheet
        self.width = width
        self.limits = limits
        self.onRecord = onRecord
        self.onGap = onGap
        rowBytes.reserveCapacity(4096)
    }

    override func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
        if name.is("c") {
            guard inSheetData else { return }
            let column = attributes.value("r").map(CellReference.column(of:)) ?? (cellColumn + 1)
            guard column != Int.max else {
                let reference = attributes.string("r") ?? ""
                throw error(
                    "ссылка на ячейку «\(reference.prefix(20))» не читается — книга повреждена", column: cellColumn + 1)
            }
            guard column > cellColumn else {
                throw error("ячейки строки идут не по порядку — книга повреждена", column: max(column, 0))
            }
            guard column < limits.maxCellsPerRow else {
                throw error(
                    "в строке больше \(limits.maxCellsPerRow) ячеек — это больше допустимого", column: column)
            }
            cellColumn = column
            cellStyle = attributes.value("s").flatMap(Self.integer) ?? 0
            cellType = attributes.value("t").map(Self.type(of:)) ?? .number
            cellText.removeAll(keepingCapacity: true)
        } else if name.is("v") {
            collecting = cellColumn >= 0
        } else if name.is("t") {
            collecting = inInline && !inPhonetic
        } else if name.is("is") {
            inInline = true
        } else if name.is("rPh") {
            inPhonetic = true
        } else if name.is("row") {
            guard inSheetData else { return }
            let number = attributes.value("r").flatMap(Self.integer) ?? (rowNumber + 1)
            guard number > rowNumber else {
                throw IngestError(
                    .badWorkbook, file: book.path, line: number, sheet: sheet,
                    detail: "строки листа идут не по порядку — книга повреждена")
            }
            if number > rowNumber + 1 { onGap((rowNumber + 1)..<number) }
            rowNumber = number
            cellColumn = -1
            rowBytes.removeAll(keepingCapacity: true)
            rowEnds.removeAll(keepingCapacity: true)
        } else if name.is("sheetData") {
            inSheetData = true
        }
    }

    override func end(_ name: XMLName) throws {
        if name.is("c") {
            guard inSheetData, cellColumn >= 0 else { return }
            while rowEnds.count < cellColumn { rowEnds.append(rowBytes.count) }
            try appendCell()
            rowEnds.append(rowBytes.count)
            inInline = false
        } else if name.is("v") || name.is("t") {
            collecting = false
        } else if name.is("rPh") {
            inPhonetic = false
        } else if name.is("row") {
            guard inSheetData else { return }
            while rowEnds.count < width { rowEnds.append(rowBytes.count) }
            if rowBytes.isEmpty { rowBytes.append(0) }
            let line = rowNumber
            try rowBytes.withUnsafeBytes { bytes in
                try rowEnds.withUnsafeBufferPointer { ends in
                    guard let base = bytes.baseAddress else { return }
                    try onRecord(RawRecord(line: line, base: base, ends: ends))
                }
            }
        } else if name.is("sheetData") {
            inSheetData = false
        }
    }

    override func text(_ bytes: UnsafeRawBufferPointer) throws {
        guard collecting else { return }
        cellText.append(contentsOf: bytes)
        if cellText.count > limits.maxFieldBytes {
            throw error(
                "значение ячейки длиннее \(limits.maxFieldBytes) байт — это больше допустимого", column: cellColumn,
                kind: .fieldTooLong)
        }
    }

    /// Appends the current cell's text, as Excel shows it, to the row.
    private func appendCell() throws {
        switch cellType {
        case .inline, .formulaText, .error:
            rowBytes += OOXMLText.unescaped(cellText)
        case .shared:
            guard let index = Self.integer(cellText), index < book.strings.count else {
                throw error(
                    "ссылка на общую строку «\(String(decoding: cellText, as: UTF8.self))», которой в книге нет — книга повреждена",
                    column: cellColumn)
            }
            rowBytes += book.strings.bytes(at: index)
        case .boolean:
            rowBytes += Array((cellText == [UInt8(ascii: "1")] ? "ИСТИНА" : "ЛОЖЬ").utf8)
        case .isoDate:
            // `2023-11-20T09:27:20Z`, `2023-11-20T00:00:00`: the ISO cellText, the T a space.
            var value = String(decoding: cellText, as: UTF8.self)
            if value.hasSuffix("Z") { value.removeLast() }
            if value.hasSuffix("T00:00:00") { value.removeLast(9) }
            rowBytes += Array(value.replacingOccurrences(of: "T", with: " ").utf8)
        case .number:
            guard !cellText.isEmpty else { return }
            let format = cellStyle < book.formats.count ? book.formats[cellStyle] : .general
            if format == .general, Self.isPlainInteger(cellText) {
                rowBytes += cellText
                return
            }
            guard let value = Self.number(cellText) else {
                throw error(
                    "в числовой ячейке «\(String(decoding: cellText, as: UTF8.self))» — не число; книга повреждена",
                    column: cellColumn)
            }
            rowBytes += Array(format.text(value, date1904: book.date1904).utf8)
        }
    }

    private func error(_ detail: String, column: Int, kind: IngestError.Kind = .badWorkbook) -> IngestError {
        IngestError(
            kind, file: book.path, line: rowNumber, sheet: sheet,
            cell: CellReference.name(column: column, row: rowNumber), detail: detail)
    }

    private static func type(of bytes: UnsafeRawBufferPointer) -> CellType {
        switch String(decoding: bytes, as: UTF8.self) {
        case "s": .shared
        case "inlineStr": .inline
        case "str": .formulaText
        case "b": .boolean
        case "e": .error
        case "d": .isoDate
        default: .number
        }
    }

    /// Digits only, at most 15 of them, an optional minus: Excel's integers, copied as they are.
    private static func isPlainInteger(_ bytes: [UInt8]) -> Bool {
        let digits = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
        return !digits.isEmpty && digits.count <= 15 && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            && (digits.count == 1 || digits.first != 0x30)
    }

    private static func number(_ bytes: [UInt8]) -> Double? {
        guard bytes.count < 64 else { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    private static func integer<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}

/// Cell references of the A1 style: `C17` is column 3 (0-based 2) of row 17.
enum CellReference {
    /// The 0-based column of a reference's letters; `Int.max` for a reference without letters
    /// or with more than three (past XFD), which the caller refuses.
    static func column(of reference: UnsafeRawBufferPointer) -> Int {
        var column = 0
        var letters = 0
        for byte in reference {
            let upper = byte & 0xDF
            guard upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(upper - UInt8(ascii: "A")) + 1
            letters += 1
            if letters > 3 { return Int.max }
        }
        return letters == 0 ? Int.max : column - 1
    }

    /// «C17» for the 0-based column 2 of row 17.
    static func name(column: Int, row: Int) -> String {
        var letters: [Character] = []
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(digit))), at: 0)
            rest = (rest - 1) / 26
        }
        return String(letters) + String(row)
    }
}
