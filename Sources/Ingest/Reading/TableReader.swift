/// Reads one export file into rows: detects its encoding and dialect, then streams it
/// through libcsv in fixed-size pieces.
///
/// Opening reads only the first ``EncodingDetector/sampleSize`` bytes. ``read(onRow:onReject:)``
/// streams the whole file; memory stays flat whatever its size. Rows whose cell count does
/// not match the header are handed to `onReject` (never padded or cut); blank lines are
/// counted. Faults that make the rest of the file unreadable throw ``IngestError``.
public final class TableReader {
    /// Overrides for what detection would otherwise decide.
    public struct Options: Sendable {
        public var encoding: TextEncoding?
        public var delimiter: UInt8?
        public var limits: IngestLimits
        /// What the instrument says about the header (`header_row:`, `header_rows:`, `header: none`).
        public var header: DeclaredHeader
        /// Refuse a quote inside a quoted value that does not end it, instead of keeping it as text.
        public var strictQuotes: Bool
        /// The escape character inside quoted values (`\"`); nil: none.
        public var escape: UInt8?
        /// The sheet of a workbook (.xlsx, .xls) to read: its name, else its number from 1; nil:
        /// the first. Ignored for text exports (callers refuse it there: ``workbookFormat(of:)``).
        public var sheet: String?

        public init(
            encoding: TextEncoding? = nil, delimiter: UInt8? = nil, limits: IngestLimits = .standard,
            header: DeclaredHeader = DeclaredHeader(), strictQuotes: Bool = false, escape: UInt8? = nil,
            sheet: String? = nil
        ) {
            self.sheet = sheet
            self.escape = escape
            self.encoding = encoding
            self.delimiter = delimiter
            self.limits = limits
            self.header = header
            self.strictQuotes = strictQuotes
        }
    }

    /// Bytes read from the file at a time.
    static let pieceSize = 256 * 1024

    public let path: String
    public let encoding: DetectedEncoding
    public private(set) var dialect: Dialect
    /// Where the table begins below any preamble, and how many header rows it has.
    public let layout: TableLayout
    public var fileSize: Int { file.size }
    /// The workbook's format, sheet names and chosen sheet; nil for a text export.
    public var workbook: WorkbookSummary? { sheet.map(WorkbookSummary.init) }

    private let file: InputFile
    private let limits: IngestLimits
    private let strictQuotes: Bool
    private let sheet: WorkbookSheet?

    public init(path: String, options: Options = Options()) throws {
        self.path = path
        file = try InputFile(path: path)
        limits = options.limits
        strictQuotes = options.strictQuotes
        guard file.size <= options.limits.maxFileBytes else {
            throw IngestError(
                .fileTooLarge, file: path,
                detail: "файл больше \(options.limits.maxFileBytes >> 30) ГиБ — это больше допустимого")
        }
        let sample = try file.sample(limit: EncodingDetector.sampleSize)
        let isWhole = sample.count == file.size
        if let format = WorkbookFormat.of(sample) {
            let opened = try WorkbookSheet.open(path: path, format: format, choice: options.sheet, limits: limits)
            sheet = opened.sheet
            encoding = DetectedEncoding(encoding: .utf8, confidence: 1, method: .workbook)
            dialect = Dialect(delimiter: UInt8(ascii: ";"), source: .workbook)
            layout = HeaderSniffer.layout(
                opened.sample, dialect: dialect, sampleIsWholeFile: opened.sampleIsWholeSheet, declared: options.header)
            return
        }
        sheet = nil
        if let format = FileSignature.binaryFormat(of: sample) {
            throw IngestError(.notCSV, file: path, detail: format)
        }
        var detected = EncodingDetector.detect(sample, sampleIsWholeFile: isWhole)
        if let declared = options.encoding {
            let markMatches = detected.method == .byteOrderMark && detected.encoding == declared
            detected = DetectedEncoding(
                encoding: declared, confidence: 1, method: .declared,
                byteOrderMarkLength: markMatches ? detected.byteOrderMarkLength : 0)
        }
        encoding = detected
        if detected.encoding != .utf16LE && detected.encoding != .utf16BE, FileSignature.isBinary(sample) {
            throw IngestError(.notCSV, file: path, detail: "это двоичный файл, а не текстовая выгрузка CSV")
        }
        let decoded = Transcoder.decodeSample(
            Array(sample.dropFirst(detected.byteOrderMarkLength)), from: detected.encoding
        ).utf8
        if let delimiter = options.delimiter {
            let sniffed = DialectSniffer.sniff(decoded, sampleIsWholeFile: isWhole)
            dialect = Dialect(
                delimiter: delimiter, source: .declared,
                hasSepLine: sniffed.hasSepLine && sniffed.delimiter == delimiter,
                quote: DialectSniffer.sniffQuote(decoded, delimiter: delimiter))
        } else {
            dialect = DialectSniffer.sniff(decoded, sampleIsWholeFile: isWhole)
        }
        if let escape = options.escape { dialect.escape = escape }
        layout = HeaderSniffer.layout(decoded, dialect: dialect, sampleIsWholeFile: isWhole, declared: options.header)
    }

    /// Streams the file. `onRow` gets every row that matches the header, `onReject` every
    /// row that does not; an error thrown by either stops reading and is rethrown. `progress`,
    /// when given, counts the bytes and rows read.
    @discardableResult
    public func read(
        progress: ReadProgress? = nil,
        onRow: (Row) throws -> Void,
        onReject: (Rejection) throws -> Void = { _ in }
    ) throws -> ReadSummary {
        try file.rewind()
        return try source.read(
            .whole, header: nil, file: file, progress: progress, onRow: onRow, onReject: onReject
        ).summary
    }

    /// The workbook format of the file at `path` (.xlsx, .xls, told by its first bytes); nil for
    /// anything else. A file that cannot be read throws what opening it for reading would.
    public static func workbookFormat(of path: String) throws -> WorkbookFormat? {
        WorkbookFormat.of(try InputFile(path: path).sample(limit: 4096))
    }

    /// What a part read on another thread needs: the file's name, encoding, dialect and limits.
    var source: TableSource {
        TableSource(
            path: path, size: file.size, encoding: encoding, dialect: dialect, layout: layout, limits: limits,
            strictQuotes: strictQuotes, workbook: sheet)
    }
    /// A rejection when the record's cells do not line up with the header's columns.
    static func check(_ record: RawRecord, against header: Header, file: String, sheet: String? = nil) -> Rejection? {
        let expected = header.count
        if record.count < expected {
            return Rejection(
                origin: Origin(file: file, line: record.line, sheet: sheet), reason: .tooFewCells,
                detail: "значений \(record.count), а столбцов в заголовке \(expected)", cells: record.strings())
        }
        if record.count > expected {
            for index in expected..<record.count where !record[index].isEmpty {
                return Rejection(
                    origin: Origin(file: file, line: record.line, sheet: sheet), reason: .tooManyCells,
                    detail:
                        "значений \(record.count), а столбцов в заголовке \(expected); лишнее непустое значение в столбце \(index + 1)",
                    cells: record.strings())
            }
        }
        return nil
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
}
