/// The two workbook formats read directly, told by the file's first bytes, never by its name.
public enum WorkbookFormat: String, Sendable, Equatable {
    case xlsx
    case xls

    /// The format `sample` (the file's start) is written in; nil for anything else.
    static func of(_ sample: [UInt8]) -> WorkbookFormat? {
        if sample.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let text = String(decoding: sample, as: UTF8.self)
            return text.contains("xl/") || text.contains("[Content_Types].xml") && !text.contains("word/") ? .xlsx : nil
        }
        return sample.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) ? .xls : nil
    }

    /// «книга Excel (XLSX)».
    public var title: String { self == .xlsx ? "книга Excel (XLSX)" : "книга Excel старого формата (XLS)" }
}

/// The sheet of a workbook an export is read from, with what its reading needs.
///
/// Rows are records whose line is the sheet's row number, so rejections, the ledger and every
/// message name the rows an analyst sees in Excel. The reading is one pass on one thread.
struct WorkbookSheet: Sendable {
    let path: String
    let format: WorkbookFormat
    /// Every sheet of the book, in order.
    let names: [String]
    /// The chosen sheet, 0-based.
    let index: Int
    /// Cells every row is padded to: the widest row of the sheet's start (as Excel's CSV export does).
    let width: Int
    let limits: IngestLimits
    private let xlsx: XLSXBook?

    var name: String { names[index] }

    /// Rows looked at to find the layout and the width; the header sniffer looks at 200 records.
    static let sampleRows = 200

    /// Opens the book and chooses the sheet: `choice` is a sheet's name, else its 1-based number;
    /// nil is the first sheet. Returns the sheet and the start of its rows as CSV text (`;`, one
    /// line per sheet row, line breaks inside cells as spaces) for the header sniffer.
    static func open(
        path: String, format: WorkbookFormat, choice: String?, limits: IngestLimits
    ) throws -> (sheet: WorkbookSheet, sample: [UInt8], sampleIsWholeSheet: Bool) {
        let xlsx = format == .xlsx ? try XLSXBook(path: path, limits: limits) : nil
        let names = try xlsx.map { $0.sheets.map(\.name) } ?? XLSBook(path: path).sheetNames
        let index = try choose(choice, among: names, path: path)
        var sheet = WorkbookSheet(
            path: path, format: format, names: names, index: index, width: 0, limits: limits, xlsx: xlsx)
        var sample: [UInt8] = []
        var line = 1
        var rows = 0
        var width = 0
        var whole = true
        do {
            try sheet.stream(
                onRecord: { record in
                    // A row far below the last one: the sample would be blank lines past its size.
                    if record.line - line > EncodingDetector.sampleSize {
                        whole = false
                        throw SampleFull()
                    }
                    while line < record.line {
                        sample.append(0x0A)
                        line += 1
                    }
                    for column in 0..<record.count {
                        if column > 0 { sample.append(UInt8(ascii: ";")) }
                        sample += CSVSampleCell.quoted(record[column])
                        if !record[column].isEmpty { width = max(width, column + 1) }
                    }
                    rows += 1
                    if rows >= sampleRows || sample.count > EncodingDetector.sampleSize {
                        whole = false
                        throw SampleFull()
                    }
                }, onGap: { _ in })
        } catch is SampleFull {}
        sheet = WorkbookSheet(
            path: path, format: format, names: names, index: index, width: width, limits: limits, xlsx: xlsx)
        return (sheet, sample, whole)
    }

    /// Streams the sheet's rows; `onGap` gets the rows the sheet leaves out or has no value in
    /// (a range: a sheet may jump from row 2 to row 1 000 000).
    func stream(onRecord: (RawRecord) throws -> Void, onGap: (Range<Int>) -> Void) throws {
        if let xlsx {
            try xlsx.streamSheet(xlsx.sheets[index], width: width, limits: limits, onRecord: onRecord, onGap: onGap)
        } else {
            try XLSBook(path: path).streamSheet(index, width: width, limits: limits, onRecord: onRecord, onGap: onGap)
        }
    }

    /// The 0-based index of the sheet `choice` names: a name (exactly, then ignoring case), else
    /// a number from 1. A sheet not in the book is an error listing the book's sheets.
    static func choose(_ choice: String?, among names: [String], path: String) throws -> Int {
        guard let choice else { return 0 }
        if let index = names.firstIndex(of: choice) { return index }
        if let index = names.firstIndex(where: { $0.lowercased() == choice.lowercased() }) { return index }
        if let number = Int(choice), (1...names.count).contains(number) { return number - 1 }
        let listed = names.enumerated().map { "\($0.offset + 1). «\($0.element)»" }.joined(separator: ", ")
        throw IngestError(
            .badWorkbook, file: path,
            detail: "в книге нет листа «\(choice)»; листы книги: \(listed) — укажите лист по имени или номеру")
    }

    private struct SampleFull: Error {}

    private init(
        path: String, format: WorkbookFormat, names: [String], index: Int, width: Int, limits: IngestLimits,
        xlsx: XLSXBook?
    ) {
        self.path = path
        self.format = format
        self.names = names
        self.index = index
        self.width = width
        self.limits = limits
        self.xlsx = xlsx
    }
}

/// A cell of the sniffer's sample as CSV: quoted when it holds `;` or a quote, line breaks as
/// spaces so that each line of the sample is one row of the sheet.
enum CSVSampleCell {
    static func quoted(_ cell: UnsafeRawBufferPointer) -> [UInt8] {
        var bytes = cell.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 }
        guard bytes.contains(UInt8(ascii: ";")) || bytes.contains(UInt8(ascii: "\"")) else { return bytes }
        bytes = bytes.flatMap { $0 == UInt8(ascii: "\"") ? [$0, $0] : [$0] }
        return [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]
    }
}
