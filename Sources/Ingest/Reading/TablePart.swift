import Dispatch

/// What reads the rows of one part of a file split across threads.
///
/// Each part gets the rows of its stretch in order, on one thread; the caller merges the
/// parts in order afterwards, so what it reports is what one pass over the file reports.
public protocol TablePart: SendableMetatype {
    mutating func row(_ row: Row) throws
    mutating func reject(_ rejection: Rejection) throws
}

extension TableReader {
    /// Files smaller than this per part are read on one thread: splitting would cost more than it saves.
    public static let minimumPartBytes = 8 << 20

    /// Reads the file in up to `threads` parts at once, each into a part made by `make` (given
    /// the part's index and how many parts there are).
    ///
    /// Parts begin where records begin (found by a quote-aware scan, so never inside a quoted
    /// field) and their rows carry the file's own line numbers. A file in UTF-16, smaller than
    /// `minimumPartBytes` per part, or with a header longer than its first part is one part.
    /// An error is the one a single pass would meet first. Should a part not end between records
    /// (the scan and libcsv disagreeing), the parts are dropped and the file is read in one pass.
    ///
    /// - Parameter restart: undoes what the parts' makers set going (rows a part wrote to a
    ///   shared file) before the file is read again in one pass.
    public func read<Part: TablePart>(threads: Int, minimumPartBytes: Int = TableReader.minimumPartBytes,
                                      restart: () throws -> Void = {},
                                      make: (_ index: Int, _ count: Int) throws -> Part) throws -> (summary: ReadSummary, parts: [Part]) {
        let stretches = try split(into: threads, minimumPartBytes: minimumPartBytes)
        guard let header = stretches.header, stretches.list.count > 1 else { return try readWhole(make) }
        let list = stretches.list
        let parts = UnsafeMutableBufferPointer<Part>.allocate(capacity: list.count)
        var made = 0
        defer {
            UnsafeMutableBufferPointer(rebasing: parts[..<made]).deinitialize()
            parts.deallocate()
        }
        for index in list.indices {
            parts.initializeElement(at: index, to: try make(index, list.count))
            made += 1
        }
        let outcomes = UnsafeMutableBufferPointer<Result<(summary: ReadSummary, atRecordStart: Bool), any Error>?>.allocate(capacity: list.count)
        outcomes.initialize(repeating: nil)
        defer {
            outcomes.deinitialize()
            outcomes.deallocate()
        }
        let shared = Threads(parts: parts, outcomes: outcomes)
        let source = self.source
        DispatchQueue.concurrentPerform(iterations: list.count) { index in
            shared.outcomes[index] = Result {
                try source.read(list[index], header: index == 0 ? nil : header,
                                onRow: { try shared.parts[index].row($0) }, onReject: { try shared.parts[index].reject($0) })
            }
        }
        var joined: ReadSummary?
        var aligned = true
        for index in list.indices {
            guard let outcome = outcomes[index] else {
                aligned = false
                break
            }
            let read = try outcome.get()
            if index < list.count - 1 && !read.atRecordStart {
                aligned = false
                break
            }
            if joined == nil { joined = read.summary } else { joined?.append(read.summary) }
        }
        if aligned, let joined { return (joined, Array(parts)) }
        try restart()
        return try readWhole(make)
    }

    private func readWhole<Part: TablePart>(_ make: (Int, Int) throws -> Part) throws -> (summary: ReadSummary, parts: [Part]) {
        var part = try make(0, 1)
        let summary = try read(onRow: { try part.row($0) }, onReject: { try part.reject($0) })
        return (summary, [part])
    }

    /// The stretches a read in parts uses, and the header (nil when the file is read whole).
    func split(into count: Int, minimumPartBytes: Int) throws -> (header: Header?, list: [TableSource.Stretch]) {
        let size = fileSize
        let ascii = encoding.encoding != .utf16LE && encoding.encoding != .utf16BE
        guard count > 1, ascii, size >= minimumPartBytes * 2 else { return (nil, [.whole]) }
        let parts = min(count, size / minimumPartBytes)
        let opening = try source.read(.whole, header: nil, stopAfterHeader: true, onRow: { _ in }, onReject: { _ in })
        guard let header = opening.summary.header, let headerLine = opening.summary.headerLine else { return (nil, [.whole]) }
        var scan = RecordBoundaryScan(delimiter: dialect.delimiter, quote: dialect.quote, startingAt: encoding.byteOrderMarkLength)
        let reading = try InputFile(path: path)
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { piece.deallocate() }
        var boundaries: [RecordBoundaryScan.Boundary] = []
        targets: for part in 1..<parts {
            let target = size / parts * part
            try reading.seek(to: scan.offset)
            while true {
                let count = try reading.read(into: piece)
                if count == 0 { break targets }
                if let boundary = scan.boundary(atOrAfter: target, in: UnsafeRawBufferPointer(rebasing: piece[..<count])) {
                    if boundary.line > headerLine && boundary.offset < size { boundaries.append(boundary) }
                    continue targets
                }
            }
        }
        guard !boundaries.isEmpty else { return (nil, [.whole]) }
        var list: [TableSource.Stretch] = []
        var previous = TableSource.Stretch.whole
        for boundary in boundaries {
            previous.end = boundary.offset
            list.append(previous)
            previous = TableSource.Stretch(start: boundary.offset, end: nil, line: boundary.line)
        }
        list.append(previous)
        return (header, list)
    }
}

/// The parts and outcomes the threads of one read share: each thread touches only its own
/// index, and the caller reads them only after every thread has finished.
private struct Threads<Part>: @unchecked Sendable {
    let parts: UnsafeMutableBufferPointer<Part>
    let outcomes: UnsafeMutableBufferPointer<Result<(summary: ReadSummary, atRecordStart: Bool), any Error>?>
}

extension ReadSummary {
    /// Adds the books of the next part of the same file.
    mutating func append(_ later: ReadSummary) {
        rowsRead += later.rowsRead
        rowsPassed += later.rowsPassed
        rejectedByReason.merge(later.rejectedByReason, uniquingKeysWith: +)
        blankLines += later.blankLines
        blankLineNumbers = Array((blankLineNumbers + later.blankLineNumbers).prefix(Self.blankLinesListed))
        rowsWithTrailingEmptyCells += later.rowsWithTrailingEmptyCells
        lineEndings.lf += later.lineEndings.lf
        lineEndings.crlf += later.lineEndings.crlf
        lineEndings.cr += later.lineEndings.cr
        quotesInsideUnquotedFields += later.quotesInsideUnquotedFields
    }
}
