/// An opened export as a value threads can share: where it is and how it is written.
///
/// Each read opens its own descriptor and its own libcsv parser, so parts of one file can be
/// read at once on different threads.
struct TableSource: Sendable {
    /// A stretch of the file that begins where a record begins.
    struct Stretch: Sendable, Equatable {
        /// Byte offset of the first byte (past the byte order mark for the first stretch).
        var start: Int
        /// Byte offset past the last byte; nil: to the end of the file.
        var end: Int?
        /// Physical line of the first byte.
        var line: Int

        static let whole = Stretch(start: 0, end: nil, line: 1)
        var isFirst: Bool { start == 0 }
    }

    let path: String
    let size: Int
    let encoding: DetectedEncoding
    let dialect: Dialect
    let layout: TableLayout
    let limits: IngestLimits
    let strictQuotes: Bool
    /// The sheet, when the export is a workbook (.xlsx, .xls): its rows are the records.
    var workbook: WorkbookSheet? = nil

    /// Reads a stretch. Without `header` the stretch is the file's beginning and its first
    /// record is the header; with it, every record is a row. `atRecordStart` tells whether the
    /// stretch ended between records, as a split must.
    func read(
        _ stretch: Stretch, header known: Header?, file given: InputFile? = nil, stopAfterHeader: Bool = false,
        progress: ReadProgress? = nil, onRow: (Row) throws -> Void, onReject: (Rejection) throws -> Void
    ) throws -> (summary: ReadSummary, atRecordStart: Bool) {
        let file = try given ?? (workbook == nil ? InputFile(path: path) : nil)
        // A part gets its own copies of the header and the file name: every row refers to both,
        // and threads counting references to one shared object slow each other down.
        let path = known == nil ? self.path : Self.ownCopy(self.path)
        let sheet = workbook?.name
        // What the record callbacks share, in one object (see ``ReadState``).
        let state = ReadState(
            summary: ReadSummary(file: self.path, bytes: size, encoding: encoding, dialect: dialect, layout: layout),
            file: path, sheet: sheet)
        state.summary.workbook = workbook.map(WorkbookSummary.init)
        let parser = try CSVParser(
            file: path, delimiter: dialect.delimiter, quote: dialect.quote,
            limits: .init(maxFieldBytes: limits.maxFieldBytes, maxFieldsPerRecord: limits.maxCellsPerRow),
            validateUTF8: encoding.encoding == .utf8, strictQuotes: strictQuotes, escape: dialect.escape,
            firstLine: stretch.line)
        state.header = known.map { Header(cells: $0.original.map(Self.ownCopy), keepingColumns: $0.count) }
        state.sepLinePending = dialect.hasSepLine && stretch.isFirst

        func noteBlanks(_ lines: Range<Int>) {
            state.summary.blankLines += lines.count
            let listed = max(0, ReadSummary.blankLinesListed - state.summary.blankLineNumbers.count)
            state.summary.blankLineNumbers += lines.prefix(listed)
        }

        func noteBlank(_ line: Int) {
            state.summary.blankLines += 1
            if state.summary.blankLineNumbers.count < ReadSummary.blankLinesListed {
                state.summary.blankLineNumbers.append(line)
            }
        }

        func take(_ record: RawRecord) throws {
            if state.sepLinePending && record.line == 1 {
                state.sepLinePending = false
                return
            }
            if record.isBlank {
                noteBlank(record.line)
                return
            }
            if state.header == nil {
                if let headerLine = layout.headerLine, record.line < headerLine {
                    state.summary.preambleLines += 1
                    if state.summary.preambleLineNumbers.count < ReadSummary.blankLinesListed {
                        state.summary.preambleLineNumbers.append(record.line)
                    }
                    return
                }
                if layout.hasHeader && layout.headerRows == 2 && state.groupRow == nil {
                    state.groupRow = (record.line, record.strings())
                    return
                }
                if layout.hasHeader {
                    state.header =
                        state.groupRow.map {
                            Header.joined(
                                groups: $0.cells, names: record.strings(), keepingColumns: layout.dataWidth)
                        }
                        ?? Header(
                            cells: record.strings(), keepingColumns: layout.dataWidth,
                            droppingBlank: layout.unbackedBlankColumns)
                    state.summary.headerLine = state.groupRow?.line ?? record.line
                } else {
                    state.header = Header.generated(columns: max(layout.dataWidth, record.count))
                }
                state.summary.header = state.header
                if stopAfterHeader {
                    state.stopped = true
                    throw HeaderFound()
                }
                if layout.hasHeader { return }
            }
            guard let context = state.rowContext else { return }
            let columns = context.header
            state.summary.rowsRead += 1
            if record.count != columns.count,
                let rejection = TableReader.check(record, against: columns, file: path, sheet: sheet)
            {
                state.summary.rejectedByReason[rejection.reason, default: 0] += 1
                try onReject(rejection)
                return
            }
            if record.count > columns.count { state.summary.rowsWithTrailingEmptyCells += 1 }
            try onRow(Row(record: record, context: context))
            state.summary.rowsPassed += 1
        }
        try withoutActuallyEscaping(take) { take in
            try withoutActuallyEscaping(noteBlank) { noteBlank in
                parser.onBlankLine = noteBlank
                parser.onRecord = take
                defer {
                    parser.onRecord = { _ in }
                    parser.onBlankLine = { _ in }
                }
                // Rows are added to the progress once per piece, not per row.
                var rowsReported = 0
                do {
                    if let workbook {
                        try workbook.stream(onRecord: take, onGap: noteBlanks)
                        progress?.add(bytes: size, rows: state.summary.rowsRead)
                    } else {
                        try pump(stretch, from: file, into: parser) { bytes in
                            guard let progress else { return }
                            progress.add(bytes: bytes, rows: state.summary.rowsRead - rowsReported)
                            rowsReported = state.summary.rowsRead
                        }
                    }
                } catch is HeaderFound where state.stopped {
                    return
                }
            }
        }
        state.summary.lineEndings = parser.lineEndings
        state.summary.quotesInsideUnquotedFields = parser.quotesInsideUnquotedFields
        state.summary.quoteRepairs = parser.quoteRepairLines.count + parser.quoteRepairsUnlisted
        state.summary.quoteRepairLines = Array(parser.quoteRepairLines.prefix(ReadSummary.blankLinesListed))
        return (state.summary, state.stopped || parser.isAtRecordStart)
    }

    /// A String with storage of its own, not shared with `text`.
    static func ownCopy(_ text: String) -> String {
        String(decoding: Array(text.utf8), as: UTF8.self)
    }

    /// What the record callbacks of one ``read(_:header:file:stopAfterHeader:progress:onRow:onReject:)``
    /// share: the books and the header found. Touched by that call alone, on its thread, and
    /// never while another access to the same property is open (every access below is a
    /// single read or update), so its accesses need no run-time exclusivity check — which
    /// would cost a look-up per access and several per row.
    private final class ReadState {
        @exclusivity(unchecked) var summary: ReadSummary
        @exclusivity(unchecked) var header: Header? {
            didSet { rowContext = header.map { RowContext(header: $0, file: file, sheet: sheet) } }
        }
        /// The header, file and sheet every row refers to, once the header is known.
        @exclusivity(unchecked) private(set) var rowContext: RowContext?
        let file: String
        let sheet: String?
        @exclusivity(unchecked) var groupRow: (line: Int, cells: [String])?
        @exclusivity(unchecked) var sepLinePending = false
        @exclusivity(unchecked) var stopped = false

        init(summary: ReadSummary, file: String, sheet: String?) {
            self.summary = summary
            self.file = file
            self.sheet = sheet
        }
    }

    /// Thrown through libcsv's callback to stop once the header is read.
    private struct HeaderFound: Error {}

    /// Moves the stretch's bytes, decoded to UTF-8, through the parser; the last stretch of the
    /// file is finished (a last record without a line break is handed over, an open quote fails).
    /// `onPiece` gets the count of the file's bytes of each piece once the parser has it.
    private func pump(
        _ stretch: Stretch, from file: InputFile?, into parser: CSVParser, onPiece: (Int) -> Void
    ) throws {
        guard let file else { return }
        try file.seek(to: stretch.start)
        var remaining = (stretch.end ?? Int.max) - stretch.start
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: TableReader.pieceSize + 16, alignment: 8)
        defer { raw.deallocate() }
        var skip = stretch.isFirst ? encoding.byteOrderMarkLength : 0
        func readPiece(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = try file.read(
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, remaining)]))
            remaining -= count
            return count
        }
        guard encoding.encoding != .utf8 else {
            while true {
                let count = try readPiece(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<TableReader.pieceSize]))
                if count == 0 { break }
                let start = min(skip, count)
                skip -= start
                try parser.parse(UnsafeRawBufferPointer(rebasing: raw[start..<count]))
                onPiece(count)
            }
            if stretch.end == nil || parser.isAtRecordStart { try parser.finish() }
            onPiece(0)
            return
        }
        guard let transcoder = Transcoder(from: encoding.encoding) else {
            throw IngestError(
                .unknownEncoding, file: path, detail: "iconv не знает кодировку \(encoding.encoding.rawValue)")
        }
        let decoded = UnsafeMutableRawBufferPointer.allocate(byteCount: TableReader.pieceSize * 4, alignment: 8)
        defer { decoded.deallocate() }
        var carried = 0
        while true {
            let count = try readPiece(
                into: UnsafeMutableRawBufferPointer(rebasing: raw[carried..<(carried + TableReader.pieceSize)]))
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
                        throw IngestError(
                            .undecodableBytes, file: path, line: parser.currentLine, column: parser.currentColumn,
                            detail: "файл обрывается посреди символа (\(encoding.encoding.rawValue))")
                    }
                    carried = input.count
                    UnsafeMutableRawBufferPointer(rebasing: raw[..<carried]).copyMemory(from: input)
                    break pieces
                case .invalidByte:
                    throw IngestError(
                        .undecodableBytes, file: path, line: parser.currentLine, column: parser.currentColumn,
                        detail: transcoder.invalidInputDetail(
                            input, before: stretch.start + (stretch.isFirst ? encoding.byteOrderMarkLength : 0)))
                }
            }
            onPiece(count)
            if count == 0 { break }
        }
        if stretch.end == nil || parser.isAtRecordStart { try parser.finish() }
        onPiece(0)
    }
}
