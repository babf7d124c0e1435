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

        public init(encoding: TextEncoding? = nil, delimiter: UInt8? = nil, limits: IngestLimits = .standard) {
            self.encoding = encoding
            self.delimiter = delimiter
            self.limits = limits
        }
    }

    /// Bytes read from the file at a time.
    static let pieceSize = 256 * 1024

    public let path: String
    public let encoding: DetectedEncoding
    public let dialect: Dialect
    public var fileSize: Int { file.size }

    private let file: InputFile
    private let limits: IngestLimits

    public init(path: String, options: Options = Options()) throws {
        self.path = path
        file = try InputFile(path: path)
        limits = options.limits
        guard file.size <= options.limits.maxFileBytes else {
            throw IngestError(.fileTooLarge, file: path, detail: "файл больше \(options.limits.maxFileBytes >> 30) ГиБ — это больше допустимого")
        }
        let sample = try file.sample(limit: EncodingDetector.sampleSize)
        let isWhole = sample.count == file.size
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
        let decoded = Transcoder.decodeSample(Array(sample.dropFirst(detected.byteOrderMarkLength)), from: detected.encoding).utf8
        if let delimiter = options.delimiter {
            let sniffed = DialectSniffer.sniff(decoded, sampleIsWholeFile: isWhole)
            dialect = Dialect(delimiter: delimiter, source: .declared,
                              hasSepLine: sniffed.hasSepLine && sniffed.delimiter == delimiter)
        } else {
            dialect = DialectSniffer.sniff(decoded, sampleIsWholeFile: isWhole)
        }
    }

    /// Streams the file. `onRow` gets every row that matches the header, `onReject` every
    /// row that does not; an error thrown by either stops reading and is rethrown.
    @discardableResult
    public func read(
        onRow: (Row) throws -> Void,
        onReject: (Rejection) throws -> Void = { _ in }
    ) throws -> ReadSummary {
        try file.rewind()
        var summary = ReadSummary(file: path, bytes: file.size, encoding: encoding, dialect: dialect)
        let parser = try CSVParser(
            file: path, delimiter: dialect.delimiter, quote: dialect.quote,
            limits: .init(maxFieldBytes: limits.maxFieldBytes, maxFieldsPerRecord: limits.maxCellsPerRow),
            validateUTF8: encoding.encoding == .utf8)
        var header: Header?
        var sepLinePending = dialect.hasSepLine
        let path = self.path

        func noteBlank(_ line: Int) {
            summary.blankLines += 1
            if summary.blankLineNumbers.count < ReadSummary.blankLinesListed { summary.blankLineNumbers.append(line) }
        }

        try withoutActuallyEscaping(onRow) { onRow in
            try withoutActuallyEscaping(onReject) { onReject in
                parser.onBlankLine = { noteBlank($0) }
                parser.onRecord = { record in
                    if sepLinePending && record.line == 1 {
                        sepLinePending = false
                        return
                    }
                    if record.isBlank {
                        noteBlank(record.line)
                        return
                    }
                    guard let columns = header else {
                        header = Header(cells: record.strings())
                        summary.header = header
                        summary.headerLine = record.line
                        return
                    }
                    summary.rowsRead += 1
                    if let rejection = Self.check(record, against: columns, file: path) {
                        summary.rejectedByReason[rejection.reason, default: 0] += 1
                        try onReject(rejection)
                        return
                    }
                    if record.count > columns.count { summary.rowsWithTrailingEmptyCells += 1 }
                    try onRow(Row(record: record, header: columns, file: path))
                    summary.rowsPassed += 1
                }
                defer {
                    parser.onRecord = { _ in }
                    parser.onBlankLine = { _ in }
                }
                try pump(into: parser)
            }
        }
        summary.lineEndings = parser.lineEndings
        summary.quotesInsideUnquotedFields = parser.quotesInsideUnquotedFields
        return summary
    }

    /// A rejection when the record's cells do not line up with the header's columns.
    static func check(_ record: RawRecord, against header: Header, file: String) -> Rejection? {
        let expected = header.count
        if record.count < expected {
            return Rejection(
                origin: Origin(file: file, line: record.line), reason: .tooFewCells,
                detail: "значений \(record.count), а столбцов в заголовке \(expected)", cells: record.strings())
        }
        if record.count > expected {
            for index in expected..<record.count where !record[index].isEmpty {
                return Rejection(
                    origin: Origin(file: file, line: record.line), reason: .tooManyCells,
                    detail: "значений \(record.count), а столбцов в заголовке \(expected); лишнее непустое значение в столбце \(index + 1)",
                    cells: record.strings())
            }
        }
        return nil
    }

    /// Moves the file's bytes, decoded to UTF-8, through the parser.
    private func pump(into parser: CSVParser) throws {
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.pieceSize + 16, alignment: 8)
        defer { raw.deallocate() }
        var skip = encoding.byteOrderMarkLength
        guard encoding.encoding != .utf8 else {
            while true {
                let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<Self.pieceSize]))
                if count == 0 { break }
                let start = min(skip, count)
                skip -= start
                try parser.parse(UnsafeRawBufferPointer(rebasing: raw[start..<count]))
            }
            try parser.finish()
            return
        }
        guard let transcoder = Transcoder(from: encoding.encoding) else {
            throw IngestError(.unknownEncoding, file: path, detail: "iconv не знает кодировку \(encoding.encoding.rawValue)")
        }
        let decoded = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.pieceSize * 4, alignment: 8)
        defer { decoded.deallocate() }
        var carried = 0
        while true {
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[carried..<(carried + Self.pieceSize)]))
            let available = carried + count
            if available == 0 { break }
            let start = min(skip, available)
            skip -= start
            var input = UnsafeRawBufferPointer(rebasing: raw[start..<available])
            carried = 0
            pieces: while true {
                let step = transcoder.convert(input, into: decoded)
                try parser.parse(UnsafeRawBufferPointer(rebasing: decoded[..<step.produced]))
                input = UnsafeRawBufferPointer(rebasing: input[step.consumed...])
                switch step.stop {
                case .finished:
                    break pieces
                case .outputFull:
                    continue pieces
                case .incompleteTail:
                    guard count > 0 else {
                        throw IngestError(.undecodableBytes, file: path, line: parser.currentLine, column: parser.currentColumn,
                                          detail: "файл обрывается посреди символа (\(encoding.encoding.rawValue))")
                    }
                    carried = input.count
                    UnsafeMutableRawBufferPointer(rebasing: raw[..<carried]).copyMemory(from: input)
                    break pieces
                case .invalidByte:
                    let byte = input.first ?? 0
                    throw IngestError(
                        .undecodableBytes, file: path, line: parser.currentLine, column: parser.currentColumn,
                        detail: "байт \(hex(byte)) не может встретиться в кодировке \(encoding.encoding.rawValue): файл в другой кодировке? Укажите её: --encoding")
                }
            }
            if count == 0 { break }
        }
        try parser.finish()
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
}
